// What a file is, from its first bytes: the same signatures the API checks (ImageTypes.Inspect in
// functions/PhotoGallery.Core/Photos/ImageTypes.cs), so the page declares the type the server will find
// and a photo named .jpg that is really a PNG just works. The name and the browser's guess are not asked.

/** The accepted types, in the API's words. */
export const acceptedTypes = ["image/jpeg", "image/png", "image/gif", "image/webp"];

/** How many leading bytes sniffing needs: the longest signature (RIFF….WEBP) is 12. */
export const sniffLength = 12;

const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const ascii = (text) => [...text].map((c) => c.charCodeAt(0));

function startsWith(bytes, signature, at = 0) {
  return bytes.length >= at + signature.length && signature.every((byte, i) => bytes[at + i] === byte);
}

/** The image type of these bytes (a Uint8Array of at least the first sniffLength), or null when none matches. */
export function sniffImageType(bytes) {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(bytes, png)) return "image/png";
  if (startsWith(bytes, ascii("GIF87a")) || startsWith(bytes, ascii("GIF89a"))) return "image/gif";
  if (startsWith(bytes, ascii("RIFF")) && startsWith(bytes, ascii("WEBP"), 8)) return "image/webp";
  return null;
}

/** The image type of a File or Blob, read from its first bytes; null for anything else. */
export async function sniffFile(file) {
  const head = new Uint8Array(await file.slice(0, sniffLength).arrayBuffer());
  return sniffImageType(head);
}
