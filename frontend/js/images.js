// A photo's images are made by the server after the upload (processphoto): until then the API answers
// imageState "processing" with thumbnailUrl and imageUrl null. This module holds what the views share
// about that wait: the placeholder, the photos this tab has just uploaded (their local previews), and
// a watcher that asks the API again, less and less often, until the images are ready or have failed.
// The original (originalUrl, its owner only) is never shown: it keeps the camera's EXIF, GPS included.

import { api, ApiError } from "./api.js";
import { h, icon } from "./dom.js";

/** Waits between two asks while a photo is processing: 1, 2, 4 … then every 30 seconds. */
export const pollDelaysMs = [1_000, 2_000, 4_000, 8_000, 16_000, 30_000];

export const failedMessage = "We could not make this photo's images";

const photoGlyph = '<rect x="3" y="5" width="18" height="14" rx="2"/><circle cx="9" cy="10" r="1.6"/><path d="M21 16l-5-5-7 8"/>';

/**
 * The box shown instead of a photo's image while it is processing or after it failed: a neutral panel,
 * named like the image it stands for, that says what is going on (and, to the owner, why it failed).
 */
export function placeholder(photo, { className, name, noteId, waiting = "Preparing the image…" }) {
  const failed = photo.imageState === "failed";
  const note = h("span", { class: "placeholder__note", id: noteId },
    failed ? `${failedMessage}.` : waiting,
    failed && photo.imageProblem ? h("span", { class: "placeholder__reason" }, photo.imageProblem) : null);
  return h("span", {
    class: `${className} placeholder placeholder--${failed ? "failed" : "processing"}`,
    role: "img", "aria-label": name, "aria-describedby": noteId,
  }, icon(photoGlyph, "placeholder__icon"), note);
}

// Object URLs of the local previews of photos uploaded from this tab, by photo id. The upload view hands
// them over; the grid shows them until the server's thumbnail has loaded, then lets them go.
const previews = new Map();

export function rememberPreview(photoId, url) {
  const old = previews.get(photoId);
  if (old && old !== url) URL.revokeObjectURL(old);
  previews.set(photoId, url);
}

export function previewOf(photoId) {
  return previews.get(photoId) ?? null;
}

export function forgetPreview(photoId) {
  const url = previews.get(photoId);
  if (!url) return;
  previews.delete(photoId);
  URL.revokeObjectURL(url);
}

/**
 * Asks GET /photos/{id} while the photo is processing, waiting pollDelaysMs between asks, and calls
 * onSettled(photo) once with the answer that is ready or failed. It only asks while it is resumed (the
 * grid resumes a tile's watcher while the tile is in view) and the tab is visible; stop() ends it and
 * cancels a request in flight. A photo that is gone (deleted, or the session ended) ends it quietly.
 */
export function watchProcessing(photoId, onSettled) {
  let step = 0;
  let lastAsk = performance.now();
  let timer = 0;
  let wanted = false;
  let stopped = false;
  let controller = null;

  const onVisibility = () => (document.hidden ? clearTimeout(timer) : schedule());
  document.addEventListener("visibilitychange", onVisibility);

  function schedule() {
    clearTimeout(timer);
    if (stopped || !wanted || document.hidden || controller) return;
    // Keep the backoff's rhythm across pauses; an ask that fell due while paused goes out at once.
    const due = lastAsk + pollDelaysMs[step] - performance.now();
    timer = setTimeout(ask, Math.max(due, 0));
  }

  async function ask() {
    controller = new AbortController();
    lastAsk = performance.now();
    try {
      const { photo } = await api.photo(photoId, controller.signal);
      if (stopped) return;
      if (photo.imageState !== "processing") {
        stop();
        onSettled(photo);
        return;
      }
    } catch (error) {
      if (stopped || error.name === "AbortError") return;
      if (error.code === "PhotoNotFound" || error.code === "SessionExpired") return stop();
      if (!(error instanceof ApiError)) throw error;
      // The server or the network failed this once: the next ask, later, may do better.
    } finally {
      controller = null;
    }
    step = Math.min(step + 1, pollDelaysMs.length - 1);
    schedule();
  }

  function stop() {
    stopped = true;
    clearTimeout(timer);
    controller?.abort();
    document.removeEventListener("visibilitychange", onVisibility);
  }

  return {
    resume() {
      wanted = true;
      schedule();
    },
    pause() {
      wanted = false;
      clearTimeout(timer);
    },
    stop,
  };
}
