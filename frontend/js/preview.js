// The instant preview of a photo being uploaded: decoded once in the browser, drawn small on a canvas
// (upright, as the camera held it) and kept as a local object URL. It is shown in the upload list and,
// right after the upload, in the photo's grid tile until the server's own thumbnail is ready. It never
// leaves the browser: the server makes the images the gallery serves (processphoto).

export const previewMaxSide = 400;
export const previewQuality = 0.8;

/** A JPEG preview of an image file, {blob, width, height}, or null when the browser can't decode it. */
export async function makePreview(file) {
  let bitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  } catch {
    return null;
  }
  try {
    const scale = Math.min(1, previewMaxSide / Math.max(bitmap.width, bitmap.height));
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
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", previewQuality));
    return blob ? { blob, width, height } : null;
  } finally {
    bitmap.close();
  }
}
