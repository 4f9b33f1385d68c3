using System.Text.Json;
using Microsoft.Playwright;

namespace PhotoGallery.Browser.Tests.Support;

/// <summary>
/// Camera-like JPEGs drawn by the browser itself (a canvas scene with film grain, saved at quality
/// 0.9), so a test has realistic originals of a few megabytes without shipping any files; and the
/// browser's decoder and canvas as a stand-in image maker (<see cref="VariantsAsync"/>).
/// </summary>
public static class CanvasPhotos
{
    private const string Draw = """
        async ([width, height, seed, quality]) => {
          let state = (seed * 2654435761) % 2147483647 || 1;
          const random = () => (state = (state * 48271) % 2147483647) / 2147483647;
          const canvas = document.createElement("canvas");
          canvas.width = width;
          canvas.height = height;
          const g = canvas.getContext("2d");
          const sky = g.createLinearGradient(0, 0, 0, height * 0.7);
          sky.addColorStop(0, `hsl(${200 + random() * 40} 55% ${22 + random() * 20}%)`);
          sky.addColorStop(1, `hsl(${15 + random() * 30} 80% ${62 + random() * 15}%)`);
          g.fillStyle = sky;
          g.fillRect(0, 0, width, height);
          const sun = { x: width * (0.15 + random() * 0.7), y: height * (0.15 + random() * 0.3), r: height * (0.04 + random() * 0.05) };
          const glow = g.createRadialGradient(sun.x, sun.y, sun.r * 0.8, sun.x, sun.y, sun.r * 5);
          glow.addColorStop(0, "rgba(255,240,190,0.95)");
          glow.addColorStop(1, "rgba(255,240,190,0)");
          g.fillStyle = glow;
          g.fillRect(0, 0, width, height);
          for (let layer = 0; layer < 4; layer++) {
            const base = height * (0.5 + layer * 0.12);
            const wave = 2 + random() * 4, phase = random() * 6.3;
            g.beginPath();
            g.moveTo(0, height);
            for (let x = 0; x <= width; x += 8) {
              g.lineTo(x, base + Math.sin(x / width * wave * 6.3 + phase) * height * 0.05 + (random() - 0.5) * height * 0.006);
            }
            g.lineTo(width, height);
            g.closePath();
            g.fillStyle = `hsl(${110 + random() * 60} ${25 + layer * 8}% ${32 - layer * 6}%)`;
            g.fill();
            for (let t = 0; t < 40; t++) {
              const x = random() * width, y = base + random() * height * 0.08, s = height * (0.01 + random() * 0.02) * (1 + layer);
              g.fillStyle = `hsl(${120 + random() * 40} 35% ${15 + random() * 12}%)`;
              g.beginPath(); g.moveTo(x, y - s * 2); g.lineTo(x - s * 0.7, y + s * 0.3); g.lineTo(x + s * 0.7, y + s * 0.3); g.fill();
            }
          }
          const image = g.getImageData(0, 0, width, height);
          const d = image.data;
          for (let i = 0; i < d.length; i += 4) {
            const n = (random() - 0.5) * 14;
            d[i] += n; d[i + 1] += n; d[i + 2] += n;
          }
          g.putImageData(image, 0, 0);
          const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", quality));
          const bytes = new Uint8Array(await blob.arrayBuffer());
          let binary = "";
          for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
          return btoa(binary);
        }
        """;

    /// <summary>A JPEG of <paramref name="width"/> × <paramref name="height"/>, different for every seed.</summary>
    public static async Task<byte[]> JpegAsync(IPage page, int width, int height, int seed, double quality = 0.9)
    {
        var base64 = await page.EvaluateAsync<string>(Draw, new object[] { width, height, seed, quality });
        return Convert.FromBase64String(base64);
    }

    private const string Resize = """
        async ([base64, sides, quality]) => {
          const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
          const bitmap = await createImageBitmap(new Blob([bytes]), { imageOrientation: "from-image" });
          const encode = async (side) => {
            const scale = Math.min(1, side / Math.max(bitmap.width, bitmap.height));
            const canvas = document.createElement("canvas");
            canvas.width = Math.max(1, Math.round(bitmap.width * scale));
            canvas.height = Math.max(1, Math.round(bitmap.height * scale));
            const g = canvas.getContext("2d");
            g.fillStyle = "#ffffff";
            g.fillRect(0, 0, canvas.width, canvas.height);
            g.imageSmoothingQuality = "high";
            g.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
            const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", quality));
            const out = new Uint8Array(await blob.arrayBuffer());
            let binary = "";
            for (let i = 0; i < out.length; i += 0x8000) binary += String.fromCharCode.apply(null, out.subarray(i, i + 0x8000));
            return btoa(binary);
          };
          const made = { width: bitmap.width, height: bitmap.height, images: [] };
          for (const side of sides) made.images.push(await encode(side));
          bitmap.close();
          return made;
        }
        """;

    /// <summary>
    /// A thumbnail and a display image of <paramref name="image"/> (upright, longest sides as given, JPEG
    /// quality 0.82, no metadata: a canvas keeps none), with the upright width and height.
    /// </summary>
    public static async Task<Variants> VariantsAsync(IPage page, byte[] image, int thumbnailSide, int displaySide)
    {
        var made = await page.EvaluateAsync<JsonElement>(Resize, new object[] { Convert.ToBase64String(image), new[] { thumbnailSide, displaySide }, 0.82 });
        var images = made.GetProperty("images");
        return new Variants(Convert.FromBase64String(images[0].GetString()!), Convert.FromBase64String(images[1].GetString()!),
            made.GetProperty("width").GetInt32(), made.GetProperty("height").GetInt32());
    }

    public sealed record Variants(byte[] Thumbnail, byte[] Display, int Width, int Height);
}
