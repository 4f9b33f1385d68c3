// Upload: pick or drop several photos, give each a title (and optionally a description and tags),
// then send them one after another with a progress bar each. Small photos travel inline in the JSON;
// larger ones go straight to storage through a presigned POST, then "complete". Each photo's preview is
// made here and stays here: the grid shows it until the server has made the real thumbnail.

import { ApiError } from "../api.js";
import { append, h, icon, setTitle, announce, formatBytes, notice } from "../dom.js";
import { rememberPreview } from "../images.js";
import { makePreview } from "../preview.js";
import { postPhoto, sendToStorage, toBase64 } from "../transfer.js";
import { field, flashNotice, messageArea } from "./forms.js";

const accepted = ["image/jpeg", "image/png", "image/gif", "image/webp"];

// Inline photos ride in the request as base64 (4/3 larger) and Lambda takes 6 MiB at most per event.
// The API's inline limit (4 MiB, PhotoLimits) leaves room for the rest of the event; anything bigger
// uses the presigned upload.
export const inlineLimitBytes = 4 * 1024 * 1024;

export function render({ main, flash, onLeave }) {
  setTitle("Upload photos");
  const items = [];
  const messages = messageArea();
  const input = h("input", { type: "file", id: "photo-files", multiple: true, accept: accepted.join(","), onChange: () => { addFiles(input.files); input.value = ""; } });
  const dropzone = h("label", { class: "dropzone", for: "photo-files" },
    icon('<path d="M12 16V4m0 0l-4.5 4.5M12 4l4.5 4.5"/><path d="M4 15v3a2 2 0 002 2h12a2 2 0 002-2v-3"/>'),
    h("strong", {}, "Choose photos"),
    h("span", {}, "or drag and drop them here · JPEG, PNG, GIF or WebP"),
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
  // Previews of uploaded photos now belong to the grid (rememberPreview); the others go with the view.
  let left = false;
  onLeave(() => {
    left = true;
    for (const item of items) if (!item.photo) revokePreview(item);
  });

  function addFiles(files) {
    messages.clear();
    const added = [...files].map(newItem);
    if (added.length === 0) return;
    items.push(...added);
    list.append(...added.map((item) => item.element));
    refresh();
    announce(`${added.length} ${added.length === 1 ? "photo" : "photos"} added. Give each a title, then upload.`);
    added[0].title.input.focus();
  }

  function newItem(file) {
    const item = { file, state: accepted.includes(file.type) ? "ready" : "refused", photo: null, previewUrl: null };
    item.title = field({ label: "Title", name: "title", value: titleFrom(file.name), maxlength: "200" });
    item.description = field({ label: "Description", name: "description", optional: true, multiline: true, maxlength: "2000", rows: "2" });
    item.tags = field({ label: "Tags", name: "tags", optional: true, hint: "Separate tags with commas, e.g. beach, sunset" });
    item.status = h("div", { class: "upload-item__status" });
    item.preview = h("img", { class: "upload-item__preview", alt: `Preview of ${file.name}`, width: "120", height: "120" });
    item.remove = h("button", { type: "button", class: "button button--quiet upload-item__remove", "aria-label": `Remove ${file.name}`,
      onClick: () => removeItem(item) }, "Remove");
    item.element = h("li", { class: "upload-item", dataset: { fileName: file.name } },
      item.preview,
      h("div", {},
        h("p", { class: "upload-item__name" }, file.name, " ", h("small", {}, `(${formatBytes(file.size)})`)),
        item.state === "refused"
          ? notice(`${file.name} is not a JPEG, PNG, GIF or WebP image, so it can't be added.`, "error")
          : [item.title.wrapper, item.description.wrapper, item.tags.wrapper],
        item.status,
        item.remove));
    if (item.state === "ready") {
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

  function refresh() {
    const waiting = items.filter((i) => i.state === "ready" || i.state === "failed").length;
    submit.hidden = waiting === 0;
    submit.textContent = waiting === 1 ? "Upload 1 photo" : `Upload ${waiting} photos`;
    clear.hidden = !items.some((i) => i.state === "done" || i.state === "refused");
  }

  async function onSubmit(event) {
    event.preventDefault();
    messages.clear();
    const waiting = items.filter((i) => i.state === "ready" || i.state === "failed");
    const untitled = waiting.filter((i) => !i.title.input.value.trim());
    for (const item of waiting) item.title.clearError();
    if (untitled.length > 0) {
      for (const item of untitled) item.title.showError("Give this photo a title.");
      untitled[0].title.input.focus();
      return;
    }

    submit.disabled = true;
    dropzone.setAttribute("aria-disabled", "true");
    let uploaded = 0;
    for (const item of waiting) {
      if (await uploadItem(item)) uploaded++;
      if (!document.body.contains(form)) return; // the session ended, or the user left
    }
    submit.disabled = false;
    dropzone.removeAttribute("aria-disabled");
    refresh();
    const failed = waiting.length - uploaded;
    const summary = failed === 0
      ? `${uploaded === 1 ? "Your photo is" : `All ${uploaded} photos are`} in the gallery.`
      : `${uploaded} uploaded, ${failed} failed. Check the messages above and try again.`;
    messages.show(summary, failed === 0 ? "success" : "error", h("p", {}, h("a", { href: "#/" }, "See the gallery"))).focus();
  }

  /** Uploads one photo, showing its progress; true when it is in the gallery. */
  async function uploadItem(item) {
    const progress = h("progress", { max: "100", value: "0", "aria-label": `Upload progress of ${item.file.name}` });
    const label = h("span", {}, "Preparing…");
    item.status.replaceChildren(progress, label);
    item.state = "uploading";
    setDisabled(item, true);
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
      if (error.code === "SessionExpired") return false;
      if (!(error instanceof ApiError)) throw error;
      item.state = "failed";
      setDisabled(item, false);
      item.status.replaceChildren(notice(`${item.file.name} was not uploaded. ${error.message}`, "error"));
      return false;
    }
  }
}

/** Sends one photo: inline when small enough, else through the presigned upload. The preview is not sent. */
async function send(item, show) {
  const { file } = item;
  const details = {
    title: item.title.input.value.trim(),
    description: item.description.input.value.trim(),
    tags: item.tags.input.value.split(",").map((t) => t.trim()).filter(Boolean),
    fileName: file.name,
    contentType: file.type,
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
