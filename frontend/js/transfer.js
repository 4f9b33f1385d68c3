// Uploads with progress. fetch() cannot report upload progress, XMLHttpRequest can: these two calls
// are the only places the app uses it.

import { apiUrl, authorization, errorFor, unreachable, ApiError } from "./api.js";

/** POST /photos with a JSON body, reporting how much of the body has been sent (0..1). */
export async function postPhoto(body, onProgress = () => {}) {
  const headers = { "Content-Type": "application/json", Accept: "application/json", ...authorization() };
  const { status, text } = await send("POST", apiUrl("/photos"), headers, JSON.stringify(body), onProgress);
  const payload = parseJson(text);
  if (status >= 200 && status < 300) return payload;
  throw errorFor(status, payload, true);
}

/**
 * Sends the bytes to storage as the presigned upload says: a POST form with every one of its fields, in
 * order, then the file last (S3 reads nothing after it). The form's signed policy binds the key, the type
 * and the size, so storage refuses a file that is not the one described.
 */
export async function sendToStorage(upload, file, onProgress = () => {}) {
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.fields ?? {})) form.append(name, value);
  form.append("file", file);
  const { status, text } = await send(upload.method ?? "POST", upload.url, {}, form, onProgress);
  if (status >= 200 && status < 300) return;
  const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? `Http${status}`;
  const message = code === "EntityTooLarge" || code === "EntityTooSmall"
    ? "Storage refused the upload: the file is not the size it had when it was chosen. Choose it again."
    : status === 403
      ? "Storage refused the upload: its link has expired or does not match the file. Try the upload again."
      : `Storage refused the upload (${code}). Try again.`;
  throw new ApiError(message, { status, code });
}

function send(method, url, headers, body, onProgress) {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open(method, url);
    for (const [name, value] of Object.entries(headers)) {
      // The browser sets these itself (a form's Content-Type with its boundary too) and refuses to be told.
      if (!/^(content-length|host|connection)$/i.test(name)) request.setRequestHeader(name, value);
    }
    request.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    });
    request.addEventListener("load", () => resolve({ status: request.status, text: request.responseText }));
    request.addEventListener("error", () => reject(unreachable()));
    request.addEventListener("abort", () => reject(unreachable()));
    request.send(body);
  });
}

/** The bytes of a Blob or File as base64 (what the API's inline `image` field holds). */
export function toBase64(blob) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).slice(String(reader.result).indexOf(",") + 1));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
