// The signed-in user's tokens. Kept in sessionStorage: they survive a reload but not closing the tab,
// which suits shared lab computers. Never in cookies, so the API needs no CSRF protection.

const key = "photogallery.session";

// Treat a token as expired a little early, so a request never leaves with seconds to live.
const marginMs = 30_000;

/** Saves what POST /login returned. */
export function save(login) {
  const expiresAt = expiryOf(login.idToken) ?? Date.now() + (login.expiresIn ?? 3600) * 1000;
  const session = { idToken: login.idToken, user: login.user, expiresAt };
  sessionStorage.setItem(key, JSON.stringify(session));
  return session;
}

/** The session, or null when there is none. An expired one is still returned: see isExpired. */
export function current() {
  try {
    const session = JSON.parse(sessionStorage.getItem(key) ?? "null");
    return session && typeof session.idToken === "string" ? session : null;
  } catch {
    return null;
  }
}

export function isExpired(session) {
  return !session || Date.now() >= session.expiresAt - marginMs;
}

export function clear() {
  sessionStorage.removeItem(key);
}

/** The exp claim of a JWT in milliseconds, or null. The signature is the API's business, not ours. */
function expiryOf(token) {
  try {
    const payload = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    const claims = JSON.parse(atob(payload.padEnd(payload.length + ((4 - (payload.length % 4)) % 4), "=")));
    return typeof claims.exp === "number" ? claims.exp * 1000 : null;
  } catch {
    return null;
  }
}
