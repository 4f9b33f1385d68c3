// The single-page app: a hash router (static hosting needs no rewrite rules), the header, the session
// guard and the move of focus to each new view's heading.

import { setSessionExpiredHandler } from "./api.js";
import * as session from "./session.js";
import { localInfo } from "./localmode.js";
import { setTitle } from "./dom.js";
import * as signUp from "./views/signup.js";
import * as confirm from "./views/confirm.js";
import * as logIn from "./views/login.js";
import * as gallery from "./views/gallery.js";
import * as photo from "./views/photo.js";
import * as upload from "./views/upload.js";

const routes = [
  { path: /^\/signup$/, view: signUp, public: true, guestOnly: true },
  { path: /^\/confirm$/, view: confirm, public: true },
  { path: /^\/login$/, view: logIn, public: true, guestOnly: true },
  { path: /^\/$/, view: gallery, nav: "gallery" },
  { path: /^\/search$/, view: gallery, nav: "gallery" },
  { path: /^\/photo\/([^/]+)$/, view: photo, nav: "gallery" },
  { path: /^\/upload$/, view: upload, nav: "upload" },
];

const main = document.getElementById("main");
const nav = document.getElementById("site-nav");
const signedInAs = document.getElementById("signed-in-as");

let leaving = [];
let flash = null;
let expiryTimer = 0;
let firstRender = true;

/** Goes to a view; an optional message is shown at the top of it (e.g. "You have logged out."). */
export function navigate(hash, message = null) {
  flash = message;
  if (location.hash === hash) render();
  else location.hash = hash;
}

function parse(hash) {
  const raw = hash.replace(/^#/, "") || "/";
  const [path, search = ""] = raw.split("?");
  return { path: path || "/", params: new URLSearchParams(search) };
}

function render() {
  for (const leave of leaving) leave();
  leaving = [];
  clearTimeout(expiryTimer);

  const { path, params } = parse(location.hash);
  const match = routes.map((route) => ({ route, found: route.path.exec(path) })).find((m) => m.found);
  if (!match) return navigate("#/");
  const { route, found } = match;

  const current = session.current();
  const signedIn = !session.isExpired(current);
  if (!route.public && !signedIn) {
    session.clear();
    return navigate(logInAgain(current), current ? expiredMessage : flash);
  }
  if (route.guestOnly && signedIn) return navigate("#/");

  updateHeader(signedIn ? current : null, route.nav);
  if (signedIn) scheduleExpiry(current);

  const message = flash;
  flash = null;
  main.replaceChildren();
  setTitle("");
  const shown = route.view.render({
    main,
    params,
    match: found,
    flash: message,
    session: signedIn ? current : null,
    navigate,
    onLeave: (callback) => leaving.push(callback),
  });
  // A view that put the user back where they were (Back to a kept list) has placed the focus itself.
  if (!firstRender && !shown?.keepPlace) focusHeading();
  firstRender = false;
}

/** Screen readers hear the new view's heading; keyboard users continue from the top of it. */
function focusHeading() {
  const heading = main.querySelector("h1");
  if (!heading) return main.focus({ preventScroll: true });
  heading.setAttribute("tabindex", "-1");
  heading.focus({ preventScroll: true });
  window.scrollTo(0, 0);
}

function updateHeader(current, active) {
  nav.hidden = !current;
  signedInAs.textContent = current ? `Signed in as ${current.user?.name || current.user?.username}` : "";
  for (const link of nav.querySelectorAll("[data-nav]")) {
    if (link.dataset.nav === active) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

/** Sends the user to log in when the token runs out, even if they are only looking at the page. */
function scheduleExpiry(current) {
  const delay = Math.min(current.expiresAt - 30_000 - Date.now(), 2_147_483_647);
  expiryTimer = setTimeout(expire, Math.max(delay, 0));
}

const expiredMessage = { text: "Your session has expired. Please log in again.", kind: "info" };

function expire() {
  const ended = session.current();
  session.clear();
  if (parse(location.hash).path === "/login") return;
  navigate(logInAgain(ended), expiredMessage);
}

/** The log-in view, with the username filled in and a way back to where the user was. */
function logInAgain(ended) {
  const search = new URLSearchParams();
  if (ended?.user?.username) search.set("username", ended.user.username);
  search.set("next", location.hash || "#/");
  return `#/login?${search}`;
}

document.getElementById("log-out").addEventListener("click", () => {
  session.clear();
  navigate("#/login", { text: "You have logged out. See you soon.", kind: "success" });
});

// The skip link must not change the hash: here the hash is the route.
document.querySelector(".skip-link").addEventListener("click", (event) => {
  event.preventDefault();
  main.focus();
});

// The views put the scroll position back themselves (a kept list), or start at the top: the browser's
// own restoring would run before a view has drawn anything.
history.scrollRestoration = "manual";
setSessionExpiredHandler(expire);
window.addEventListener("hashchange", render);
render();

localInfo().then((local) => {
  document.getElementById("local-badge").hidden = !local;
});
