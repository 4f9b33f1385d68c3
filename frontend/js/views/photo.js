// One photo: the display image the server made, its title, description, tags (each a search), owner,
// date and size. While the server is still making the images a placeholder of the photo's shape stands
// in and the page picks the image up when it is ready. The owner may download the original.

import { api, ApiError } from "../api.js";
import { append, h, setTitle, announce, formatBytes, formatDate, notice } from "../dom.js";
import { failedMessage, placeholder, watchProcessing } from "../images.js";
import { listHolding, loadMore, neighbours, updatePhoto } from "../place.js";
import { flashNotice } from "./forms.js";

export function render({ main, match, flash, onLeave, navigate }) {
  const photoId = decodeURIComponent(match[1]);
  setTitle("Photo");
  // Opened from a list (the gallery or search results): its neighbours, and Back returns to it as it was.
  const list = listHolding(photoId);
  if (list) {
    list.openedPhotoId = photoId;
    history.replaceState({ ...history.state, from: list.key }, "");
  }
  const back = h("a", { class: "back", href: backHref(list), onClick: goBack }, list?.query ? "← Back to the search results" : "← Back to the gallery");
  const heading = h("h1", { id: "photo-heading" }, "Loading photo…");
  const walk = h("nav", { class: "walk", "aria-label": "Photos", hidden: !list });
  const body = h("div", { "aria-busy": "true" });
  append(main, flashNotice(flash), h("div", { class: "photo-bar" }, back, walk), heading, body);
  let watcher = null;
  let loading = null;
  const controller = new AbortController();
  document.addEventListener("keydown", onKey);
  onLeave(() => {
    watcher?.stop();
    controller.abort();
    document.removeEventListener("keydown", onKey);
  });
  if (list) drawWalk();
  load();

  async function load() {
    // A photo from the list is shown at once; the API's answer replaces it only if something changed.
    const known = list?.photos.find((p) => p.photoId === photoId);
    if (known) show(known);
    try {
      const { photo } = await api.photo(photoId, controller.signal);
      if (!known || JSON.stringify(known) !== JSON.stringify(photo)) {
        updatePhoto(photo);
        show(photo);
      }
    } catch (error) {
      if (error.name === "AbortError" || error.code === "SessionExpired") return;
      if (!(error instanceof ApiError)) throw error;
      heading.textContent = error.code === "PhotoNotFound" ? "Photo not found" : "This photo could not be loaded";
      setTitle(heading.textContent);
      body.replaceChildren(notice(error.message, "error"));
    } finally {
      body.removeAttribute("aria-busy");
    }
  }

  /** Back: to the list entry this photo was opened from when it is the one before (its place kept), else to the gallery. */
  function goBack(event) {
    if (!list || history.state?.from !== list.key || !cameFromList) return;
    event.preventDefault();
    history.back();
  }

  /** Previous and next in the list, as links (so they can be opened elsewhere too) that replace this entry. */
  function drawWalk() {
    const { index, previous, next } = neighbours(list, photoId);
    const more = !next && !list.done;
    walk.replaceChildren(
      walkLink(previous, "previous", "← Previous"),
      h("span", { class: "walk__position" }, `${index + 1} of ${list.done ? list.photos.length : `${list.photos.length}+`}`),
      more ? h("button", { type: "button", class: "button button--quiet", dataset: { walk: "next" }, onClick: () => step(1) }, "Next →") : walkLink(next, "next", "Next →"));
  }

  function walkLink(photo, direction, label) {
    if (!photo) return h("span", { class: "button button--quiet walk__end", "aria-disabled": "true", dataset: { walk: direction } }, label);
    return h("a", {
      class: "button button--quiet", href: `#/photo/${encodeURIComponent(photo.photoId)}`, rel: direction === "next" ? "next" : "prev",
      dataset: { walk: direction }, "aria-label": `${label.replace(/[←→]/g, "").trim()}: ${photo.title || "Untitled"}`,
      onClick: (event) => { event.preventDefault(); step(direction === "next" ? 1 : -1); },
    }, label);
  }

  /** Goes one photo on or back, loading the list's next pages first when the next photo is not in it yet. */
  async function step(delta) {
    if (!list) return;
    let { previous, next } = neighbours(list, photoId);
    if (delta > 0 && !next && !list.done) {
      loading ??= loadUntilNext().catch((error) => {
        if (error.name !== "AbortError" && error.code !== "SessionExpired" && !(error instanceof ApiError)) throw error;
      }).finally(() => { loading = null; });
      await loading;
      if (controller.signal.aborted) return;
      ({ next } = neighbours(list, photoId));
      drawWalk();
    }
    const target = delta > 0 ? next : previous;
    if (!target) return;
    // Replace, not push: Back from any photo of the walk goes straight back to the list.
    location.replace(`#/photo/${encodeURIComponent(target.photoId)}`);
  }

  /**
   * A page can come back empty and still say there is more (on DynamoDB a search reads a bounded amount
   * per page), so pages are loaded until the next photo arrives or the list ends, at most maxPagesPerStep
   * at a time; past that Next stays and loads on when pressed again.
   */
  async function loadUntilNext() {
    for (let pages = 0; pages < maxPagesPerStep && !list.done && !neighbours(list, photoId).next; pages++) {
      await loadMore(list, controller.signal);
    }
  }

  function onKey(event) {
    if (!list || event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    // Typing, and moving around a zoomed photo, keep their arrow keys.
    if (event.target.closest?.("input, textarea, select, [contenteditable], .is-zoomed")) return;
    if (event.key === "ArrowRight") { event.preventDefault(); step(1); }
    if (event.key === "ArrowLeft") { event.preventDefault(); step(-1); }
  }

  function show(photo) {
    const title = photo.title || "Untitled";
    heading.textContent = title;
    setTitle(title);
    watcher?.stop();
    const figure = h("figure", { class: "detail__figure", id: "photo-figure" }, picture(photo));
    const file = h("dd", {}, fileFacts(photo));
    const links = h("div", { class: "detail__links" }, imageLinks(photo, figure));
    body.replaceChildren(h("article", { class: "detail", "aria-labelledby": "photo-heading" },
      figure,
      h("div", { class: "detail__info" },
        photo.description ? h("p", { class: "detail__description" }, photo.description) : h("p", { class: "hint" }, "No description."),
        photo.tags.length
          ? h("div", {}, h("h2", { id: "tags-heading" }, "Tags"),
            h("ul", { class: "tags", "aria-labelledby": "tags-heading" },
              ...photo.tags.map((tag) => h("li", {}, h("a", { href: `#/search?q=${encodeURIComponent(tag)}` }, tag)))))
          : null,
        h("dl", { class: "facts" },
          h("dt", {}, "Owner"), h("dd", { class: "detail__owner" }, photo.owner),
          h("dt", {}, "Added"), h("dd", {}, h("time", { datetime: photo.createdAt }, formatDate(photo.createdAt))),
          h("dt", {}, "File"), file),
        links,
        originalLink(photo))));

    if (photo.imageState !== "processing") return;
    // Only what changes when the images are ready is redrawn, so the focus stays where the reader left it.
    watcher = watchProcessing(photo.photoId, (settled) => {
      updatePhoto(settled);
      figure.replaceChildren(picture(settled));
      file.replaceChildren(fileFacts(settled));
      links.replaceChildren(...(imageLinks(settled, figure) ?? []));
      announce(settled.imageState === "ready" ? `The image of “${title}” is ready.` : `${failedMessage}.`);
    });
    watcher.resume();
  }
}

// How many pages one Next may load while they keep coming back empty.
const maxPagesPerStep = 10;

// Whether this page's history entry was reached from the list's entry (set when the list opens a photo):
// only then is the entry before this one the list, and Back can simply go back to it.
let cameFromList = false;
window.addEventListener("hashchange", (event) => {
  const from = new URL(event.oldURL).hash;
  const to = new URL(event.newURL).hash;
  if (/^#\/photo\//.test(to)) cameFromList = /^#\/photo\//.test(from) ? cameFromList : /^#\/(search)?(\?|$)/.test(from);
});

function backHref(list) {
  if (!list?.query) return "#/";
  return `#/search?q=${encodeURIComponent(list.query)}`;
}

/** The display image over its thumbnail (already in the cache from the grid) while it loads; else a placeholder. */
function picture(photo) {
  const title = photo.title || "Untitled";
  const alt = photo.description ? `${title}: ${photo.description}` : title;
  if (photo.imageState !== "ready" || !photo.imageUrl) {
    const box = placeholder(photo, { className: "detail__placeholder", name: alt, noteId: "photo-image-note",
      waiting: "Preparing the image… It appears here by itself when it is ready." });
    box.style.setProperty("--ratio", ratioOf(photo));
    return box;
  }
  const image = h("img", {
    src: photo.imageUrl,
    alt,
    width: photo.width ?? undefined,
    height: photo.height ?? undefined,
    decoding: "async",
  });
  // Its box is reserved from the known shape before a byte arrives, so nothing below it moves.
  image.style.setProperty("--ratio", ratioOf(photo));
  if (photo.thumbnailUrl) {
    image.style.background = `#1f2628 url("${photo.thumbnailUrl}") center / contain no-repeat`;
    image.addEventListener("load", () => { image.style.background = ""; }, { once: true });
  }
  return image;
}

/** The photo's shape when the API knows it, else the tiles' 4:3. */
function ratioOf(photo) {
  return photo.width > 0 && photo.height > 0 ? String(photo.width / photo.height) : String(4 / 3);
}

/** What the original file is: its pixels (upright, once known), bytes and type. */
function fileFacts(photo) {
  const dimensions = photo.width && photo.height ? `${photo.width} × ${photo.height} pixels, ` : "";
  return `${dimensions}${formatBytes(photo.size)}, ${photo.contentType.replace("image/", "").toUpperCase()}`;
}

/** Zoom (the display image at its own pixels, scrollable) and a link to open it alone. */
function imageLinks(photo, figure) {
  if (photo.imageState !== "ready" || !photo.imageUrl) return null;
  const image = figure.querySelector("img");
  const zoom = h("button", { type: "button", class: "button button--quiet", "aria-pressed": "false", "aria-controls": "photo-figure",
    onClick: () => setZoom(figure, zoom, !figure.classList.contains("is-zoomed")) }, "Zoom to full size");
  image?.addEventListener("click", (event) => setZoom(figure, zoom, !figure.classList.contains("is-zoomed"), event));
  figure.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && figure.classList.contains("is-zoomed")) setZoom(figure, zoom, false);
  });
  return [zoom, h("a", { class: "button button--quiet", href: photo.imageUrl, target: "_blank", rel: "noopener" }, "Open the full-size image")];
}

/**
 * Zoomed, the figure shows the display image at its own size and scrolls (by mouse, touch or, as it takes
 * the focus, the arrow keys), centred on the point clicked; Escape or the button fits it to the screen again.
 */
function setZoom(figure, button, zoomed, click = null) {
  const image = figure.querySelector("img");
  if (!image) return;
  const before = image.getBoundingClientRect();
  const at = click ? { x: (click.clientX - before.left) / before.width, y: (click.clientY - before.top) / before.height } : { x: 0.5, y: 0.5 };
  figure.classList.toggle("is-zoomed", zoomed);
  button.setAttribute("aria-pressed", String(zoomed));
  if (zoomed) {
    figure.setAttribute("tabindex", "0");
    figure.setAttribute("aria-label", "Zoomed photo: scroll to move around, Escape to fit it to the screen");
    figure.scrollLeft = at.x * figure.scrollWidth - figure.clientWidth / 2;
    figure.scrollTop = at.y * figure.scrollHeight - figure.clientHeight / 2;
    if (click) figure.focus({ preventScroll: true });
  } else {
    const hadFocus = figure.contains(document.activeElement);
    figure.removeAttribute("tabindex");
    figure.removeAttribute("aria-label");
    if (hadFocus) button.focus({ preventScroll: true });
  }
}

/**
 * Only the owner's answer carries originalUrl. The original is the file as uploaded, with the camera's
 * metadata: say so before anyone shares it.
 */
function originalLink(photo) {
  if (!photo.originalUrl) return null;
  const extension = photo.contentType.replace("image/", "").replace("jpeg", "jpg");
  const fileName = `${(photo.title || "photo").replace(/[\\/:*?"<>|\u0000-\u001f]+/g, "_").slice(0, 120)}.${extension}`;
  return h("div", { class: "detail__original" },
    h("a", { class: "button button--quiet", href: photo.originalUrl, download: fileName, "aria-describedby": "original-note" }, "Download original"),
    h("p", { class: "hint", id: "original-note" },
      "Only you see this link. The original is the file as you uploaded it: it includes the camera's location data (GPS), if the camera recorded it."));
}
