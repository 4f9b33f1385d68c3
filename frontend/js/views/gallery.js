// The gallery: everyone's photos in justified rows that keep each photo's shape, newest first, loading
// the next page as the end of the grid scrolls into view. Typing in the search box turns it into search
// results (debounced), with the matching word prefixes marked. A photo whose images the server is still
// making shows a placeholder (or, just after this tab uploaded it, its local preview) until it is ready.
// The list and the scroll position are kept for the history entry (place.js): Back comes back to them.

import { ApiError } from "../api.js";
import { append, h, setTitle, announce, formatShortDate, notice } from "../dom.js";
import { highlight, matches, queryWords } from "../highlight.js";
import { forgetPreview, placeholder, previewOf, watchProcessing } from "../images.js";
import { loadMore as loadMorePhotos, pageSize, placeForEntry, restart, updatePhoto } from "../place.js";
import { flashNotice } from "./forms.js";

const debounceMs = 250;

export function render({ main, params, flash, onLeave }) {
  const opened = placeForEntry((params.get("q") ?? "").trim());
  let place = opened.place;
  const state = { loading: false, generation: 0, controller: null };

  const searchInput = h("input", {
    type: "search", id: "search", name: "q", value: place.query, autocomplete: "off", spellcheck: "false",
    placeholder: "Search titles, tags, people…", "aria-describedby": "search-hint", "aria-controls": "photo-grid",
  });
  const heading = h("h1", { id: "gallery-heading" }, "Gallery");
  const subtitle = h("p", {});
  // Not a live region itself: search outcomes are announced once, through the page's announcer.
  const status = h("p", { class: "result-status", id: "result-status" });
  const problems = h("div");
  const grid = h("ul", { class: "grid", id: "photo-grid", "aria-labelledby": "gallery-heading" });
  const loadMore = h("button", { type: "button", class: "button button--quiet", hidden: true, onClick: () => loadPage() }, "Load more photos");
  const spinner = h("div", { class: "spinner", role: "img", "aria-label": "Loading photos", hidden: true });
  const sentinel = h("div", { class: "more" }, spinner, loadMore);

  append(main,
    flashNotice(flash),
    h("div", { class: "page-head" },
      h("div", {}, heading, subtitle),
      h("form", { class: "search", role: "search", onSubmit: (e) => { e.preventDefault(); startSearch(); } },
        h("label", { for: "search", class: "visually-hidden" }, "Search photos"),
        searchInput,
        h("p", { id: "search-hint", class: "visually-hidden" }, "Results update as you type. Every word must start a word of the title, description, tags or owner."))),
    status,
    problems,
    grid,
    sentinel);
  // Scrolling near the end of the grid loads the next page; the button does the same for keyboards.
  const observer = new IntersectionObserver((entries) => {
    if (entries.some((e) => e.isIntersecting)) loadPage();
  }, { rootMargin: "600px 0px" });

  // Processing tiles ask the API again only while they are in view (see watchProcessing).
  const watchers = new Map();
  const inView = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      const watcher = watchers.get(entry.target);
      if (entry.isIntersecting) watcher?.resume();
      else watcher?.pause();
    }
  });

  // The photo a tile opens is where Back returns the focus (and, if the user walked on, the view).
  grid.addEventListener("click", (event) => {
    const tileElement = event.target.closest?.("li.tile");
    if (tileElement) place.openedPhotoId = tileElement.dataset.photoId;
  });

  let debounce = 0;
  searchInput.addEventListener("input", () => {
    clearTimeout(debounce);
    debounce = setTimeout(startSearch, debounceMs);
  });

  onLeave(() => {
    rememberAnchor();
    observer.disconnect();
    stopWatching();
    clearTimeout(debounce);
    state.controller?.abort();
    // A page that was still loading when the user left is loaded again on return.
    if (state.loading) state.loading = false;
  });

  describeView();
  if (opened.restored) {
    restore();
    observer.observe(sentinel);
    return { keepPlace: true };
  }
  observer.observe(sentinel);
  loadPage();
  return undefined;

  /**
   * Where the list is on the screen, by a tile rather than by pixels: the tile opened (else the first one in
   * view) and how far from the top of the view it was. A notice above the grid that is gone on return, or
   * a screen turned sideways, then does not move the user's place.
   */
  function rememberAnchor() {
    const tiles = [...grid.children];
    const opened = tiles.find((t) => t.dataset.photoId === place.openedPhotoId);
    const anchor = opened && isVisible(opened) ? opened : tiles.find((t) => t.getBoundingClientRect().bottom > 0);
    place.anchor = anchor ? { photoId: anchor.dataset.photoId, top: anchor.getBoundingClientRect().top } : null;
    place.scrollY = window.scrollY;
  }

  /**
   * Back to a kept list: the same tiles, at the same place on the screen, the focus on the tile last opened.
   * Done once, before the first paint: the layout is already final here (every tile's box comes from its
   * photo's ratio, not from its image; nothing above the grid appears or goes later), so there is nothing
   * to correct afterwards.
   */
  function restore() {
    grid.append(...place.photos.map(tileFor));
    loadMore.hidden = place.done;
    describe(0, { quietly: true });
    const anchor = place.anchor ? tileOf(place.anchor.photoId) : null;
    if (anchor) window.scrollTo(0, window.scrollY + anchor.getBoundingClientRect().top - place.anchor.top);
    else window.scrollTo(0, place.scrollY);
    const opened = place.openedPhotoId ? tileOf(place.openedPhotoId) : null;
    if (!opened) return;
    // After previous/next on the photo page the photo last seen may lie elsewhere in the list: show it whole.
    if (place.anchor?.photoId !== place.openedPhotoId && !isInView(opened)) opened.scrollIntoView({ block: "center" });
    opened.querySelector("a").focus({ preventScroll: true });
  }

  function tileOf(photoId) {
    return grid.querySelector(`li.tile[data-photo-id="${CSS.escape(photoId)}"]`);
  }

  function startSearch() {
    clearTimeout(debounce);
    const query = searchInput.value.trim();
    if (query === place.query) return;
    place = restart(place, query);
    // Keep the address shareable without re-rendering the view (replaceState fires no hashchange), and
    // keep this entry's place in its state.
    history.replaceState(history.state, "", query ? `#/search?q=${encodeURIComponent(query)}` : "#/");
    reset();
  }

  function reset() {
    state.controller?.abort();
    state.generation++;
    state.loading = false;
    stopWatching();
    grid.replaceChildren();
    problems.replaceChildren();
    status.textContent = "";
    describeView();
    loadPage();
  }

  function describeView() {
    setTitle(place.query ? `Search: ${place.query}` : "Gallery");
    heading.textContent = place.query ? "Search results" : "Gallery";
    subtitle.textContent = place.query
      ? "Photos whose title, description, tags or owner have words starting with yours."
      : "Everyone's photos, newest first.";
  }

  async function loadPage() {
    if (state.loading || place.done) return;
    if (place.query && queryWords(place.query).length === 0) {
      place.done = true;
      status.textContent = "Type a letter or a number to search.";
      return;
    }
    const generation = state.generation;
    const controller = new AbortController();
    state.controller = controller;
    state.loading = true;
    spinner.hidden = false;
    loadMore.hidden = true;
    grid.setAttribute("aria-busy", "true");
    try {
      const photos = await loadMorePhotos(place, controller.signal);
      if (generation !== state.generation || controller.signal.aborted) return;
      grid.append(...photos.map(tileFor));
      describe(photos.length);
    } catch (error) {
      if (generation !== state.generation || error.name === "AbortError" || error.code === "SessionExpired") return;
      if (!(error instanceof ApiError)) throw error;
      place.done = true;
      problems.replaceChildren(notice(`The photos could not be loaded. ${error.message}`, "error"));
    } finally {
      if (generation === state.generation && !controller.signal.aborted) {
        state.loading = false;
        spinner.hidden = true;
        loadMore.hidden = place.done;
        grid.removeAttribute("aria-busy");
        // If the end of the grid is still in view, ask the observer again: it only reports changes.
        if (!place.done) {
          observer.unobserve(sentinel);
          observer.observe(sentinel);
        }
      }
    }
  }

  function tileFor(photo) {
    const item = tile(photo, place.query);
    if (photo.imageState === "processing") watch(item, photo);
    return item;
  }

  /** Swaps the tile's placeholder for its thumbnail (or the failure) once the server has settled it. */
  function watch(item, photo) {
    const watcher = watchProcessing(photo.photoId, (settled) => {
      watchers.delete(item);
      inView.unobserve(item);
      updatePhoto(settled);
      item.dataset.imageState = settled.imageState;
      const current = item.querySelector(".tile__image");
      const next = tileImage(settled, { lazy: false });
      // A local preview stays until the thumbnail can take its place without a blank moment.
      if (current instanceof HTMLImageElement && next instanceof HTMLImageElement) next.decode().catch(() => {}).then(() => current.replaceWith(next));
      else current.replaceWith(next);
    });
    watchers.set(item, watcher);
    inView.observe(item);
  }

  function stopWatching() {
    for (const watcher of watchers.values()) watcher.stop();
    watchers.clear();
    inView.disconnect();
  }

  function describe(added, { quietly = false } = {}) {
    const shown = place.photos.length;
    if (place.query) {
      // A large gallery can answer a search page with no photos yet but more to come: keep looking.
      if (shown === 0 && !place.done) {
        status.textContent = `Searching for “${place.query}”…`;
        return;
      }
      const text = shown === 0
        ? `No photos match “${place.query}”.`
        : `${shown} ${shown === 1 ? "photo matches" : "photos match"} “${place.query}”${place.done ? "." : ", scroll for more."}`;
      status.textContent = text;
      if (!quietly) announce(text);
      return;
    }
    if (shown === 0) {
      status.textContent = "";
      problems.replaceChildren(h("div", { class: "empty" },
        h("h2", {}, "No photos yet"),
        h("p", {}, "The gallery is empty. Be the first to share something."),
        h("a", { class: "button", href: "#/upload" }, "Upload photos")));
      return;
    }
    status.textContent = `Showing ${shown} ${shown === 1 ? "photo" : "photos"}${place.done ? "." : "; scroll for more."}`;
    if (!quietly && added > 0 && shown > pageSize) announce(`${added} more photos loaded.`);
  }
}

/** Whether all of the element is on the screen. */
function isInView(element) {
  const box = element.getBoundingClientRect();
  return box.top >= 0 && box.bottom <= window.innerHeight;
}

/** Whether any of the element is on the screen. */
function isVisible(element) {
  const box = element.getBoundingClientRect();
  return box.bottom > 0 && box.top < window.innerHeight;
}

// Tiles wider or taller than this share of their row would be slivers or walls: beyond it they are
// cropped (a panorama of 3:1 and a portrait of 2:3 keep their shape).
const minRatio = 0.4;
const maxRatio = 4;

/**
 * One tile: a link to the photo, named by its title, owner and date. Its width in the row follows the
 * photo's aspect ratio (width and height from the API; 4:3 until known), and its image box is reserved
 * from the same numbers, so nothing moves when the thumbnail arrives.
 */
function tile(photo, query) {
  const words = query ? queryWords(query) : [];
  const title = photo.title || "Untitled";
  const meta = [`by `, words.length ? highlight(photo.owner, words) : photo.owner, ` · ${formatShortDate(photo.createdAt)}`];
  const matchedTags = words.length ? photo.tags.filter((tag) => matches(tag, words)) : [];
  for (const tag of matchedTags) meta.push(" · #", highlight(tag, words));
  const [width, height] = photo.width > 0 && photo.height > 0 ? [photo.width, photo.height] : [4, 3];
  const ratio = Math.min(maxRatio, Math.max(minRatio, width / height));
  const frame = h("span", { class: "tile__frame" }, tileImage(photo));
  frame.style.aspectRatio = String(ratio);
  const item = h("li", { class: "tile", dataset: { photoId: photo.photoId, imageState: photo.imageState } },
    h("a", { href: `#/photo/${encodeURIComponent(photo.photoId)}` },
      frame,
      h("span", { class: "tile__caption" },
        h("span", { class: "tile__title", "aria-hidden": "true" }, words.length ? highlight(title, words) : title),
        h("span", { class: "tile__meta" }, ...meta))));
  item.style.setProperty("--ratio", String(ratio));
  return item;
}

/**
 * The tile's image: the server's thumbnail when ready; while processing, the local preview of a photo
 * this tab just uploaded, else a placeholder of the same box; after a failure, a placeholder saying so.
 * Never the original.
 */
function tileImage(photo, { lazy = true } = {}) {
  const title = photo.title || "Untitled";
  const { photoId } = photo;
  const size = photo.width > 0 && photo.height > 0 ? { width: String(photo.width), height: String(photo.height) } : {};
  if (photo.imageState === "ready" && photo.thumbnailUrl) {
    const image = h("img", { class: "tile__image", src: photo.thumbnailUrl, alt: title, ...size, loading: lazy ? "lazy" : undefined, decoding: "async" });
    if (previewOf(photoId)) image.addEventListener("load", () => forgetPreview(photoId), { once: true });
    return image;
  }
  const preview = photo.imageState === "processing" ? previewOf(photoId) : null;
  if (preview) return h("img", { class: "tile__image", src: preview, alt: title, ...size, decoding: "async", dataset: { preview: "local" } });
  if (photo.imageState === "failed") forgetPreview(photoId);
  return placeholder(photo, { className: "tile__image", name: title, noteId: `tile-note-${photoId}` });
}
