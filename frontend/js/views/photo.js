// One photo: the display image the server made, its title, description, tags (each a search), owner,
// date and size. While the server is still making the images a placeholder of the photo's shape stands
// in and the page picks the image up when it is ready. The owner may download the original.

import { api, ApiError } from "../api.js";
import { append, h, setTitle, announce, formatBytes, formatDate, notice } from "../dom.js";
import { failedMessage, placeholder, watchProcessing } from "../images.js";
import { flashNotice } from "./forms.js";

export function render({ main, match, flash, onLeave }) {
  const photoId = decodeURIComponent(match[1]);
  setTitle("Photo");
  const heading = h("h1", { id: "photo-heading" }, "Loading photo…");
  const body = h("div", { "aria-busy": "true" });
  append(main, flashNotice(flash), h("a", { class: "back", href: "#/" }, "← Back to the gallery"), heading, body);
  let watcher = null;
  onLeave(() => watcher?.stop());
  load();

  async function load() {
    try {
      const { photo } = await api.photo(photoId);
      show(photo);
    } catch (error) {
      if (error.code === "SessionExpired") return;
      if (!(error instanceof ApiError)) throw error;
      heading.textContent = error.code === "PhotoNotFound" ? "Photo not found" : "This photo could not be loaded";
      setTitle(heading.textContent);
      body.replaceChildren(notice(error.message, "error"));
    } finally {
      body.removeAttribute("aria-busy");
    }
  }

  function show(photo) {
    const title = photo.title || "Untitled";
    heading.textContent = title;
    setTitle(title);
    const figure = h("figure", { class: "detail__figure" }, picture(photo));
    const file = h("dd", {}, fileFacts(photo));
    const links = h("div", { class: "detail__links" }, imageLinks(photo));
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
      figure.replaceChildren(picture(settled));
      file.replaceChildren(fileFacts(settled));
      links.replaceChildren(imageLinks(settled));
      announce(settled.imageState === "ready" ? `The image of “${title}” is ready.` : `${failedMessage}.`);
    });
    watcher.resume();
  }
}

/** The display image over its thumbnail (already in the cache from the grid) while it loads; else a placeholder. */
function picture(photo) {
  const title = photo.title || "Untitled";
  const alt = photo.description ? `${title}: ${photo.description}` : title;
  if (photo.imageState !== "ready" || !photo.imageUrl) {
    const box = placeholder(photo, { className: "detail__placeholder", name: alt, noteId: "photo-image-note",
      waiting: "Preparing the image… It appears here by itself when it is ready." });
    // The photo's own shape when the upload told it, else the tiles' 4:3; never taller than the view.
    const [width, height] = photo.width && photo.height ? [photo.width, photo.height] : [4, 3];
    box.style.aspectRatio = `${width} / ${height}`;
    box.style.width = `min(100%, calc(78vh * ${width} / ${height}))`;
    return box;
  }
  const image = h("img", {
    src: photo.imageUrl,
    alt,
    width: photo.width ?? undefined,
    height: photo.height ?? undefined,
    decoding: "async",
  });
  if (photo.thumbnailUrl) {
    image.style.background = `#1f2628 url("${photo.thumbnailUrl}") center / contain no-repeat`;
    image.addEventListener("load", () => { image.style.background = ""; }, { once: true });
  }
  return image;
}

/** What the original file is: its pixels (upright, once known), bytes and type. */
function fileFacts(photo) {
  const dimensions = photo.width && photo.height ? `${photo.width} × ${photo.height} pixels, ` : "";
  return `${dimensions}${formatBytes(photo.size)}, ${photo.contentType.replace("image/", "").toUpperCase()}`;
}

function imageLinks(photo) {
  return photo.imageState === "ready" && photo.imageUrl
    ? h("a", { class: "button button--quiet", href: photo.imageUrl, target: "_blank", rel: "noopener" }, "Open the full-size image")
    : null;
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
