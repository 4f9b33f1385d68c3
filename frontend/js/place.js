// Where the user was in a list of photos (the gallery, or search results): the photos loaded, the
// cursor for more, and the scroll position. Each list lives in one history entry, named in its
// history.state, so Back (the browser's, or the photo page's link) finds the list as it was left
// instead of loading the first page at the top. The photo page walks the same list for previous/next.
// Kept in memory only: a reload starts afresh, and a place older than maxAgeMs is not reused, because
// image URLs are signed for a window (an hour, PhotoLimits.ViewWindow) and must still work when shown.

import { api } from "./api.js";

export const pageSize = 24;
const maxAgeMs = 30 * 60 * 1000;

const places = new Map();
let counter = 0;
let last = null;

/**
 * The list for the current history entry and query: the one kept for it when it is fresh and still
 * for the same query (then restored is true), else a new, empty one tied to this entry.
 */
export function placeForEntry(query) {
  const key = history.state?.place;
  const kept = key ? places.get(key) : null;
  if (kept && kept.query === query && Date.now() - kept.createdAt < maxAgeMs) {
    last = kept;
    return { place: kept, restored: kept.photos.length > 0 };
  }
  const place = newPlace(query);
  history.replaceState({ ...history.state, place: place.key }, "");
  return { place, restored: false };
}

/** Starts the entry's list over for another query (search as you type keeps the same history entry). */
export function restart(place, query) {
  places.delete(place.key);
  const fresh = newPlace(query, place.key);
  return fresh;
}

function newPlace(query, key = `place-${Date.now().toString(36)}-${++counter}`) {
  const place = { key, query, photos: [], cursor: null, done: false, scrollY: 0, anchor: null, openedPhotoId: null, createdAt: Date.now() };
  places.set(key, place);
  last = place;
  return place;
}

/** The next page of a list, added to it: the gallery's next page, or the search's. */
export async function loadMore(place, signal) {
  const page = place.query
    ? await api.search({ q: place.query, limit: pageSize, cursor: place.cursor ?? undefined }, signal)
    : await api.photos({ limit: pageSize, cursor: place.cursor ?? undefined }, signal);
  place.photos.push(...page.photos);
  place.cursor = page.nextCursor ?? null;
  place.done = !place.cursor;
  return page.photos;
}

/** The list the user last looked at, when it holds this photo: the photo page's previous and next. */
export function listHolding(photoId) {
  return last && last.photos.some((p) => p.photoId === photoId) ? last : null;
}

/** The photo's place in its list: the photos either side (null at an end, or when more must be loaded first). */
export function neighbours(place, photoId) {
  const index = place.photos.findIndex((p) => p.photoId === photoId);
  return {
    index,
    previous: index > 0 ? place.photos[index - 1] : null,
    next: index >= 0 && index < place.photos.length - 1 ? place.photos[index + 1] : null,
  };
}

/** Puts a newer answer for one photo into every list that shows it (e.g. its images became ready). */
export function updatePhoto(photo) {
  for (const place of places.values()) {
    const index = place.photos.findIndex((p) => p.photoId === photo.photoId);
    if (index >= 0) place.photos[index] = photo;
  }
}
