// Thumbnails are made in the browser: the photo is decoded once here, drawn small on a canvas and
// saved as JPEG, so the gallery grid downloads a few tens of kilobytes per photo, never the original.

export const thumbnailMaxSide = 400;
export const thumbnailQuality = 0.8;

// The API refuses thumbnails over 256 KiB (PhotoLimits: with a 4 MiB photo, that is what fits in one
// Lambda event); a 400-pixel JPEG is far below that, but noise-like images can surprise, so step the
// quality down if needed.
export const maxThumbnailBytes = 256 * 1024;

/** A JPEG thumbnail of an image file, {blob, width, height}, or null when the browser can't decode it. */
export async function makeThumbnail(file) {
  let bitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  } catch {
    return null;
  }
  try {
    const scale = Math.min(1, thumbnailMaxSide / Math.max(bitmap.width, bitmap.height));
    const width = Math.max(1, Math.round(bitmap.width * scale));
    const height = Math.max(1, Math.round(bitmap.height * scale));
    const canvas = document.createElement("canvas");
    canvas.width = width;
    canvas.height = height;
    const context = canvas.getContext("2d");
    // JPEG has no transparency: put see-through PNG and GIF pixels on white rather than black.
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, width, height);
    context.imageSmoothingEnabled = true;
    context.imageSmoothingQuality = "high";
    context.drawImage(bitmap, 0, 0, width, height);
    for (const quality of [thumbnailQuality, 0.6, 0.4]) {
      const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", quality));
      if (blob && blob.size <= maxThumbnailBytes) return { blob, width, height };
    }
    return null;
  } finally {
    bitmap.close();
  }
}

/** The bytes of a Blob or File as base64 (what the API's `image` and `thumbnail` fields hold). */
export function toBase64(blob) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).slice(String(reader.result).indexOf(",") + 1));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}
