// Small DOM helpers: build elements without innerHTML (so user text is never parsed as HTML).

/**
 * h("a", { href: "#/", class: "back" }, "Back") → <a href="#/" class="back">Back</a>.
 * Props starting with "on" add listeners; true adds a bare attribute; false/null/undefined skip it.
 */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith("on") && typeof value === "function") element.addEventListener(name.slice(2).toLowerCase(), value);
    else if (name === "dataset") Object.assign(element.dataset, value);
    else if (name in element && typeof value !== "string") element[name] = value;
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  append(element, ...children);
  return element;
}

/** Appends children, skipping null, undefined and false (so optional parts can be written inline). */
export function append(parent, ...children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Says something to screen readers through the page's polite live region. */
export function announce(message) {
  const region = document.getElementById("announcer");
  if (!region) return;
  region.textContent = "";
  // A fresh text node after a tick makes repeated messages be read again.
  setTimeout(() => { region.textContent = message; }, 50);
}

/** A notice box; errors use role="alert" so they are read at once. */
export function notice(message, kind = "info") {
  const box = h("div", { class: `notice notice--${kind}`, tabindex: "-1" }, h("p", {}, message));
  box.setAttribute("role", kind === "error" ? "alert" : "status");
  return box;
}

/** A size in binary units, as the API states its limits: "512 bytes", "340 KiB", "4.2 MiB". */
export function formatBytes(bytes) {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ["KiB", "MiB", "GiB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit++; }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "long", timeStyle: "short" });
const shortDate = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

export function formatDate(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
}

export function formatShortDate(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : shortDate.format(date);
}

/** A page title for the tab, e.g. "Log in · PhotoGallery". */
export function setTitle(title) {
  document.title = title ? `${title} · PhotoGallery` : "PhotoGallery";
}

/** A decorative inline SVG icon from constant markup (never user text). */
export function icon(markup, className) {
  const source = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true" focusable="false">${markup}</svg>`;
  const svg = document.importNode(new DOMParser().parseFromString(source, "image/svg+xml").documentElement, true);
  if (className) svg.setAttribute("class", className);
  return svg;
}
