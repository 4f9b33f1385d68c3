// Upload: pick or drop several photos, give each a title (and optionally a description and tags),
// then send them one after another with a progress bar each. Small photos travel inline in the JSON;
// larger ones go straight to storage through a presigned POST, then "complete". Each photo's preview is
// made here and stays here: the grid shows it until the server has made the real thumbnail.
// What a file is comes from its first bytes (imagetype.js, the server's own rules), never from its name:
// a photo named .jpg that is really a PNG just works, and a file that is no photo is refused at once.

import { ApiError } from "../api.js";
import { append, h, icon, setTitle, announce, formatBytes, notice } from "../dom.js";
import { rememberPreview } from "../images.js";
import { acceptedTypes, sniffFile } from "../imagetype.js";
import { makePreview } from "../preview.js";
import { postPhoto, sendToStorage, toBase64 } from "../transfer.js";
import { field, flashNotice, messageArea } from "./forms.js";

// Inline photos ride in the request as base64 (4/3 larger) and Lambda takes 6 MiB at most per event.
// The API's inline limit (4 MiB, PhotoLimits) leaves room for the rest of the event; anything bigger
// uses the presigned upload.
export const inlineLimitBytes = 4 * 1024 * 1024;

// The largest photo the API accepts by default (PhotoLimits.MaxPhotoBytes, 50 MiB), stated before anyone
// picks a file. The page refuses anything larger itself, so a deployment that raises the limit
// (MAX_PHOTO_MB) still cannot take photos over 50 MiB from here; one that lowers it refuses the photos
// in between in the API's own words, as a failed upload.
export const maxPhotoBytes = 50 * 1024 * 1024;

export function render({ main, flash, onLeave }) {
  setTitle("Upload photos");
  const items = [];
  const messages = messageArea();
  const input = h("input", { type: "file", id: "photo-files", multiple: true, accept: acceptedTypes.join(","), "aria-describedby": "upload-limits",
    onChange: () => { addFiles(input.files); input.value = ""; } });
  const dropzone = h("label", { class: "dropzone", for: "photo-files" },
    icon('<path d="M12 16V4m0 0l-4.5 4.5M12 4l4.5 4.5"/><path d="M4 15v3a2 2 0 002 2h12a2 2 0 002-2v-3"/>'),
    h("strong", {}, "Choose photos"),
    h("span", { id: "upload-limits" }, `or drag and drop them here · JPEG, PNG, GIF or WebP, up to ${formatBytes(maxPhotoBytes)} each`),
    input);
  const list = h("ul", { class: "uploads", "aria-label": "Photos to upload" });
  const submit = h("button", { type: "submit", class: "button", hidden: true }, "Upload");
  const clear = h("button", { type: "button", class: "button button--quiet", hidden: true, onClick: clearDone }, "Clear the list");
  const form = h("form", { "aria-labelledby": "upload-heading", onSubmit, novalidate: true }, list, h("div", { class: "upload-actions" }, submit, clear));

  append(main,
    h("h1", { id: "upload-heading" }, "Upload photos"),
    h("p", { class: "lede" }, "Add one photo or several. Everyone who signs in can see them, with your name."),
    flashNotice(flash),
    messages.element,
    dropzone,
    form);

  for (const type of ["dragenter", "dragover"]) {
    dropzone.addEventListener(type, (event) => { event.preventDefault(); dropzone.classList.add("is-dragging"); });
  }
  for (const type of ["dragleave", "drop"]) dropzone.addEventListener(type, () => dropzone.classList.remove("is-dragging"));
  dropzone.addEventListener("drop", (event) => {
    event.preventDefault();
    addFiles(event.dataTransfer.files);
  });

  // Uploads started here go on when the user moves to another view (and the page asks before it is
  // closed or reloaded, see guardUnload). Previews of uploaded photos now belong to the grid
  // (rememberPreview); those of photos that will not be sent go with the view.
  let left = false;
  onLeave(() => {
    left = true;
    for (const item of items) if (!item.photo && item.state !== "uploading" && !queue.includes(item)) revokePreview(item);
  });

  let adding = Promise.resolve();
  function addFiles(files) {
    const picked = [...files];
    messages.clear();
    // Files are looked at in the order they come, even when a second pick arrives while the first is read.
    adding = adding.then(async () => {
      const added = await Promise.all(picked.map(async (file) => newItem(file, await sniffFile(file).catch(() => null))));
      if (added.length === 0 || left) return;
      items.push(...added);
      list.append(...added.map((item) => item.element));
      refresh();
      const usable = added.filter((item) => item.state === "ready");
      const refused = added.length - usable.length;
      announce([
        usable.length ? `${usable.length} ${usable.length === 1 ? "photo" : "photos"} added. Give each a title, then upload.` : "",
        refused ? `${refused} ${refused === 1 ? "file" : "files"} can't be uploaded: see the list.` : "",
      ].filter(Boolean).join(" "));
      (usable[0]?.title.input ?? added[0].remove).focus();
    });
  }

  /** A row of the list: a photo to describe and send, or a file refused at once, in one plain sentence. */
  function newItem(file, contentType) {
    const refusal = refusalOf(file, contentType);
    const item = { file, contentType, state: refusal ? "refused" : "ready", photo: null, previewUrl: null };
    item.title = field({ label: "Title", name: "title", value: titleFrom(file.name), maxlength: "200" });
    item.description = field({ label: "Description", name: "description", optional: true, multiline: true, maxlength: "2000", rows: "2" });
    item.tags = field({ label: "Tags", name: "tags", optional: true, hint: "Separate tags with commas, e.g. beach, sunset" });
    item.status = h("div", { class: "upload-item__status" });
    item.preview = h("img", { class: "upload-item__preview", alt: `Preview of ${file.name}`, width: "120", height: "120" });
    item.retry = h("button", { type: "button", class: "button button--quiet", hidden: true, "aria-label": `Try ${file.name} again`,
      onClick: () => retry(item) }, "Try again");
    item.remove = h("button", { type: "button", class: "button button--quiet upload-item__remove", "aria-label": `Remove ${file.name}`,
      onClick: () => removeItem(item) }, "Remove");
    item.element = h("li", { class: "upload-item", dataset: { fileName: file.name } },
      refusal ? h("span", { class: "upload-item__preview upload-item__preview--none", "aria-hidden": "true" }) : item.preview,
      h("div", {},
        h("p", { class: "upload-item__name" }, file.name, " ", h("small", {}, `(${formatBytes(file.size)})`)),
        refusal ? notice(refusal, "error") : [item.title.wrapper, item.description.wrapper, item.tags.wrapper],
        item.status,
        h("div", { class: "upload-item__actions" }, item.retry, item.remove)));
    if (!refusal) {
      makePreview(file).then((preview) => {
        if (!preview || item.removed || (left && !item.photo)) return;
        item.previewUrl = URL.createObjectURL(preview.blob);
        item.preview.src = item.previewUrl;
        if (item.photo) rememberPreview(item.photo.photoId, item.previewUrl);
      });
    }
    return item;
  }

  function removeItem(item) {
    items.splice(items.indexOf(item), 1);
    item.element.remove();
    item.removed = true;
    if (!item.photo) revokePreview(item);
    refresh();
    (submit.hidden ? input : submit).focus();
  }

  function clearDone() {
    for (const item of [...items]) if (item.state === "done" || item.state === "refused") removeItem(item);
    messages.clear();
  }

  /** The main button sends the photos not tried yet; a failed photo has its own "Try again". */
  function refresh() {
    const waiting = items.filter((i) => i.state === "ready").length;
    submit.hidden = waiting === 0;
    submit.textContent = waiting === 1 ? "Upload 1 photo" : `Upload ${waiting} photos`;
    clear.hidden = !items.some((i) => i.state === "done" || i.state === "refused");
  }

  function untitled(candidates) {
    const missing = candidates.filter((i) => !i.title.input.value.trim());
    for (const item of missing) item.title.showError("Give this photo a title.", { holds: (value) => !value.trim() });
    missing[0]?.title.input.focus();
    return missing.length > 0;
  }

  async function onSubmit(event) {
    event.preventDefault();
    messages.clear();
    const waiting = items.filter((i) => i.state === "ready");
    if (untitled(waiting)) return;
    await sendAll(waiting);
  }

  async function retry(item) {
    messages.clear();
    if (untitled([item])) return;
    await sendAll([item]);
  }

  // Photos wait their turn here: one upload at a time, whichever button queued them.
  const queue = [];
  let running = false;

  async function sendAll(batch) {
    for (const item of batch) {
      item.state = "queued";
      setDisabled(item, true);
      item.retry.hidden = true;
      item.status.replaceChildren(h("span", {}, "Waiting to upload…"));
    }
    queue.push(...batch);
    refresh();
    if (running) return;
    running = true;
    const releaseGuard = guardUnload();
    submit.disabled = true;
    dropzone.setAttribute("aria-disabled", "true");
    const outcome = { uploaded: 0, failed: 0 };
    try {
      while (queue.length > 0) {
        const item = queue.shift();
        if (item.removed) continue;
        if (await uploadItem(item)) outcome.uploaded++;
        else outcome.failed++;
        if (item.state === "expired") break; // the session ended: the log-in view has taken over
      }
    } finally {
      running = false;
      releaseGuard();
      submit.disabled = false;
      dropzone.removeAttribute("aria-disabled");
    }
    if (left || !document.body.contains(form)) return;
    refresh();
    summarise(outcome);
  }

  function summarise({ uploaded, failed }) {
    if (uploaded + failed === 0) return;
    const summary = failed === 0
      ? `${uploaded === 1 ? "Your photo is" : `All ${uploaded} photos are`} in the gallery.`
      : `${uploaded} uploaded, ${failed} not. Each photo that was not uploaded says why below; try it again or remove it.`;
    messages.show(summary, failed === 0 ? "success" : "error", h("p", {}, h("a", { href: "#/" }, "See the gallery"))).focus();
  }

  /** Uploads one photo, showing its progress; true when it is in the gallery. */
  async function uploadItem(item) {
    const progress = h("progress", { max: "100", value: "0", "aria-label": `Upload progress of ${item.file.name}` });
    const label = h("span", {}, "Preparing…");
    item.status.replaceChildren(progress, label);
    item.state = "uploading";
    const show = (fraction, text) => {
      progress.value = Math.round(fraction * 100);
      label.textContent = text ?? `Uploading… ${progress.value}%`;
    };
    try {
      const photo = await send(item, show);
      item.state = "done";
      item.photo = photo;
      if (item.previewUrl) rememberPreview(photo.photoId, item.previewUrl);
      show(1, "Uploaded.");
      label.append(" ", h("a", { href: `#/photo/${encodeURIComponent(photo.photoId)}` }, `View “${photo.title}”`));
      item.remove.hidden = true;
      announce(`${item.file.name} uploaded.`);
      return true;
    } catch (error) {
      if (error.code === "SessionExpired") {
        item.state = "expired";
        return false;
      }
      // Anything else the API did not say is the browser failing to read the file (e.g. it was moved or
      // deleted after it was picked): this photo fails in plain words and the others still go.
      const reason = error instanceof ApiError ? error.message : "This file could not be read; pick it again.";
      item.state = "failed";
      setDisabled(item, false);
      item.retry.hidden = false;
      item.status.replaceChildren(notice(`${item.file.name} was not uploaded. ${reason}`, "error"));
      return false;
    }
  }
}

/**
 * Why a file cannot be uploaded, in one sentence, or null when it can: the type comes from its bytes
 * (the API checks them the same way), the size from the API's default limit, fixed here (maxPhotoBytes):
 * a larger file is refused even where MAX_PHOTO_MB raises the API's limit.
 */
function refusalOf(file, contentType) {
  if (file.size === 0) return `${file.name} is empty, so it can't be added.`;
  if (!contentType) return `${file.name} is not a JPEG, PNG, GIF or WebP image, so it can't be added.`;
  if (file.size > maxPhotoBytes) return `${file.name} is ${formatBytes(file.size)}; photos can be at most ${formatBytes(maxPhotoBytes)}, so it can't be added.`;
  return null;
}

/**
 * While photos are being sent, closing or reloading the tab asks first (the browser shows its own
 * question; it does not show ours). Returns the function that stops asking.
 */
function guardUnload() {
  const ask = (event) => {
    event.preventDefault();
    event.returnValue = "";
  };
  window.addEventListener("beforeunload", ask);
  return () => window.removeEventListener("beforeunload", ask);
}

/** Sends one photo: inline when small enough, else through the presigned upload. The preview is not sent. */
async function send(item, show) {
  const { file } = item;
  const details = {
    title: item.title.input.value.trim(),
    description: item.description.input.value.trim(),
    tags: item.tags.input.value.split(",").map((t) => t.trim()).filter(Boolean),
    fileName: file.name,
    // What the bytes are, whatever the name says: the API checks the bytes against this.
    contentType: item.contentType,
    size: file.size,
  };

  if (file.size <= inlineLimitBytes) {
    const { photo } = await postPhoto({ ...details, image: await toBase64(file) }, (f) => show(f * 0.97));
    return photo;
  }

  // Large: ask for a presigned upload, send the bytes straight to storage, then say it is complete.
  show(0, "Preparing the upload…");
  const started = await postPhoto(details);
  await sendToStorage(started.upload, file, (f) => show(f * 0.97));
  show(0.98, "Finishing…");
  const { photo } = await postPhoto({ photoId: started.photo.photoId, complete: true });
  return photo;
}

function revokePreview(item) {
  if (item.previewUrl) URL.revokeObjectURL(item.previewUrl);
  item.previewUrl = null;
}

function setDisabled(item, disabled) {
  for (const f of [item.title, item.description, item.tags]) f.input.disabled = disabled;
  item.remove.disabled = disabled;
}

/** "IMG_2041_sunset-at-the-lake.jpg" → "IMG 2041 sunset at the lake". */
function titleFrom(fileName) {
  const base = fileName.replace(/\.[^.]+$/, "").replace(/[_-]+/g, " ").replace(/\s+/g, " ").trim();
  return base ? base.charAt(0).toUpperCase() + base.slice(1) : "";
}
