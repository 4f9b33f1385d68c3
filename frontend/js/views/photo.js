// One photo: the full image, its title, description, tags (each a search), owner, date and size.

import { api, ApiError } from "../api.js";
import { append, h, setTitle, formatBytes, formatDate, notice } from "../dom.js";
import { flashNotice } from "./forms.js";

export function render({ main, match, flash }) {
  const photoId = decodeURIComponent(match[1]);
  setTitle("Photo");
  const heading = h("h1", { id: "photo-heading" }, "Loading photo…");
  const body = h("div", { "aria-busy": "true" });
  append(main, flashNotice(flash), h("a", { class: "back", href: "#/" }, "← Back to the gallery"), heading, body);
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
    const image = h("img", {
      src: photo.imageUrl,
      alt: photo.description ? `${title}: ${photo.description}` : title,
      width: photo.width ?? undefined,
      height: photo.height ?? undefined,
      decoding: "async",
    });
    // Show the thumbnail, already in the cache, while the full image arrives.
    if (photo.thumbnailUrl !== photo.imageUrl) {
      image.style.background = `#1f2628 url("${photo.thumbnailUrl}") center / contain no-repeat`;
      image.addEventListener("load", () => { image.style.background = ""; }, { once: true });
    }
    const dimensions = photo.width && photo.height ? `${photo.width} × ${photo.height} pixels, ` : "";
    body.replaceChildren(h("article", { class: "detail", "aria-labelledby": "photo-heading" },
      h("figure", { class: "detail__figure" }, image),
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
          h("dt", {}, "File"), h("dd", {}, `${dimensions}${formatBytes(photo.size)}, ${photo.contentType.replace("image/", "").toUpperCase()}`)),
        h("a", { class: "button button--quiet", href: photo.imageUrl, target: "_blank", rel: "noopener" }, "Open the original"))));
  }
}
