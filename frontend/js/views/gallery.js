// The gallery: everyone's photos as a grid of thumbnails, newest first, loading the next page as the
// end of the grid scrolls into view. Typing in the search box turns it into search results (debounced),
// with the matching word prefixes marked. A photo whose images the server is still making shows a
// placeholder (or, just after this tab uploaded it, its local preview) until it is ready.

import { api, ApiError } from "../api.js";
import { append, h, setTitle, announce, formatShortDate, notice } from "../dom.js";
import { highlight, matches, queryWords } from "../highlight.js";
import { forgetPreview, placeholder, previewOf, watchProcessing } from "../images.js";
import { flashNotice } from "./forms.js";

const pageSize = 24;
const debounceMs = 250;

export function render({ main, params, flash, onLeave }) {
  const state = { query: (params.get("q") ?? "").trim(), cursor: null, loading: false, done: false, shown: 0, generation: 0, controller: null };

  const searchInput = h("input", {
    type: "search", id: "search", name: "q", value: state.query, autocomplete: "off", spellcheck: "false",
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
  observer.observe(sentinel);

  // Processing tiles ask the API again only while they are in view (see watchProcessing).
  const watchers = new Map();
  const inView = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      const watcher = watchers.get(entry.target);
      if (entry.isIntersecting) watcher?.resume();
      else watcher?.pause();
    }
  });

  let debounce = 0;
  searchInput.addEventListener("input", () => {
    clearTimeout(debounce);
    debounce = setTimeout(startSearch, debounceMs);
  });

  onLeave(() => {
    observer.disconnect();
    stopWatching();
    clearTimeout(debounce);
    state.controller?.abort();
  });

  reset();

  function startSearch() {
    clearTimeout(debounce);
    const query = searchInput.value.trim();
    if (query === state.query) return;
    state.query = query;
    // Keep the address shareable without re-rendering the view (replaceState fires no hashchange).
    history.replaceState(null, "", query ? `#/search?q=${encodeURIComponent(query)}` : "#/");
    reset();
  }

  function reset() {
    state.controller?.abort();
    state.generation++;
    state.cursor = null;
    state.done = false;
    state.loading = false;
    state.shown = 0;
    stopWatching();
    grid.replaceChildren();
    problems.replaceChildren();
    status.textContent = "";
    setTitle(state.query ? `Search: ${state.query}` : "Gallery");
    heading.textContent = state.query ? "Search results" : "Gallery";
    subtitle.textContent = state.query
      ? "Photos whose title, description, tags or owner have words starting with yours."
      : "Everyone's photos, newest first.";
    if (state.query && queryWords(state.query).length === 0) {
      state.done = true;
      status.textContent = "Type a letter or a number to search.";
      return;
    }
    loadPage();
  }

  async function loadPage() {
    if (state.loading || state.done) return;
    const generation = state.generation;
    const controller = new AbortController();
    state.controller = controller;
    state.loading = true;
    spinner.hidden = false;
    loadMore.hidden = true;
    grid.setAttribute("aria-busy", "true");
    try {
      const page = state.query
        ? await api.search({ q: state.query, limit: pageSize, cursor: state.cursor ?? undefined }, controller.signal)
        : await api.photos({ limit: pageSize, cursor: state.cursor ?? undefined }, controller.signal);
      if (generation !== state.generation || controller.signal.aborted) return;
      grid.append(...page.photos.map((photo) => {
        const item = tile(photo, state.query);
        if (photo.imageState === "processing") watch(item, photo);
        return item;
      }));
      state.shown += page.photos.length;
      state.cursor = page.nextCursor ?? null;
      state.done = !state.cursor;
      describe(page.photos.length);
    } catch (error) {
      if (generation !== state.generation || error.name === "AbortError" || error.code === "SessionExpired") return;
      if (!(error instanceof ApiError)) throw error;
      state.done = true;
      problems.replaceChildren(notice(`The photos could not be loaded. ${error.message}`, "error"));
    } finally {
      if (generation === state.generation) {
        state.loading = false;
        spinner.hidden = true;
        loadMore.hidden = state.done;
        grid.removeAttribute("aria-busy");
        // If the end of the grid is still in view, ask the observer again: it only reports changes.
        if (!state.done) {
          observer.unobserve(sentinel);
          observer.observe(sentinel);
        }
      }
    }
  }

  /** Swaps the tile's placeholder for its thumbnail (or the failure) once the server has settled it. */
  function watch(item, photo) {
    const watcher = watchProcessing(photo.photoId, (settled) => {
      watchers.delete(item);
      inView.unobserve(item);
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

  function describe(added) {
    if (state.query) {
      // A large gallery can answer a search page with no photos yet but more to come: keep looking.
      if (state.shown === 0 && !state.done) {
        status.textContent = `Searching for “${state.query}”…`;
        return;
      }
      const text = state.shown === 0
        ? `No photos match “${state.query}”.`
        : `${state.shown} ${state.shown === 1 ? "photo matches" : "photos match"} “${state.query}”${state.done ? "." : ", scroll for more."}`;
      status.textContent = text;
      announce(text);
      return;
    }
    if (state.shown === 0) {
      status.textContent = "";
      problems.replaceChildren(h("div", { class: "empty" },
        h("h2", {}, "No photos yet"),
        h("p", {}, "The gallery is empty. Be the first to share something."),
        h("a", { class: "button", href: "#/upload" }, "Upload photos")));
      return;
    }
    status.textContent = `Showing ${state.shown} ${state.shown === 1 ? "photo" : "photos"}${state.done ? "." : "; scroll for more."}`;
    if (added > 0 && state.shown > pageSize) announce(`${added} more photos loaded.`);
  }
}

/** One thumbnail: a link to the photo, named by its title, owner and date. */
function tile(photo, query) {
  const words = query ? queryWords(query) : [];
  const title = photo.title || "Untitled";
  const meta = [`by `, words.length ? highlight(photo.owner, words) : photo.owner, ` · ${formatShortDate(photo.createdAt)}`];
  const matchedTags = words.length ? photo.tags.filter((tag) => matches(tag, words)) : [];
  for (const tag of matchedTags) meta.push(" · #", highlight(tag, words));
  return h("li", { class: "tile", dataset: { photoId: photo.photoId, imageState: photo.imageState } },
    h("a", { href: `#/photo/${encodeURIComponent(photo.photoId)}` },
      tileImage(photo),
      h("span", { class: "tile__caption" },
        h("span", { class: "tile__title", "aria-hidden": "true" }, words.length ? highlight(title, words) : title),
        h("span", { class: "tile__meta" }, ...meta))));
}

/**
 * The tile's image: the server's thumbnail when ready; while processing, the local preview of a photo
 * this tab just uploaded, else a placeholder of the same box; after a failure, a placeholder saying so.
 * Never the original.
 */
function tileImage(photo, { lazy = true } = {}) {
  const title = photo.title || "Untitled";
  const { photoId } = photo;
  if (photo.imageState === "ready" && photo.thumbnailUrl) {
    const image = h("img", { class: "tile__image", src: photo.thumbnailUrl, alt: title, width: "400", height: "300", loading: lazy ? "lazy" : undefined, decoding: "async" });
    if (previewOf(photoId)) image.addEventListener("load", () => forgetPreview(photoId), { once: true });
    return image;
  }
  const preview = photo.imageState === "processing" ? previewOf(photoId) : null;
  if (preview) return h("img", { class: "tile__image", src: preview, alt: title, width: "400", height: "300", decoding: "async", dataset: { preview: "local" } });
  if (photo.imageState === "failed") forgetPreview(photoId);
  return placeholder(photo, { className: "tile__image", name: title, noteId: `tile-note-${photoId}` });
}
