// The gallery API (DESIGN §5): JSON in and out, RFC 9457 problems for errors, the ID token in the
// Authorization header on photo routes. Every failure becomes an ApiError whose message is plain words.

import config from "../config.js";
import * as session from "./session.js";

const base = String(config.apiBaseUrl ?? "").replace(/\/+$/, "");

/** The absolute or same-origin URL of an API path such as "/photos". */
export function apiUrl(path) {
  return base + path;
}

export class ApiError extends Error {
  constructor(message, { status = 0, code = "Error", requestId = null } = {}) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.requestId = requestId;
  }
}

/** The ID token is missing, expired, or refused by the gateway: the user must log in again. */
export class SessionExpired extends ApiError {
  constructor() {
    super("Your session has expired. Please log in again.", { status: 401, code: "SessionExpired" });
    this.name = "SessionExpired";
  }
}

let onExpired = () => session.clear();

/**
 * The app decides what an expired session means (clear it, back to log in); the API module only
 * reports it, before anything is cleared, so the handler can still read who was signed in.
 */
export function setSessionExpiredHandler(handler) {
  onExpired = handler;
}

function expired() {
  const error = new SessionExpired();
  onExpired(error);
  return error;
}

/** The Authorization header for a photo route, or throws SessionExpired when there is no valid token. */
export function authorization() {
  const current = session.current();
  if (session.isExpired(current)) throw expired();
  return { Authorization: current.idToken };
}

export const api = {
  signUp: (body) => request("POST", "/signup", { body }),
  confirmEmail: (body) => request("POST", "/confirmemail", { body }),
  logIn: (body) => request("POST", "/login", { body }),
  photos: ({ limit = 24, cursor } = {}, signal) => request("GET", `/photos?${query({ limit, cursor })}`, { auth: true, signal }),
  photo: (photoId, signal) => request("GET", `/photos/${encodeURIComponent(photoId)}`, { auth: true, signal }),
  search: ({ q, limit = 24, cursor }, signal) => request("GET", `/search?${query({ q, limit, cursor })}`, { auth: true, signal }),
  addPhoto: (body) => request("POST", "/photos", { body, auth: true }),
};

function query(parameters) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) if (value !== undefined && value !== null) search.set(name, value);
  return search.toString();
}

async function request(method, path, { body, auth = false, signal } = {}) {
  const headers = { Accept: "application/json", ...(auth ? authorization() : {}) };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(apiUrl(path), { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw unreachable();
  }
  // A request cancelled while its body arrives must stay cancelled, not turn into an empty answer.
  const payload = await response.json().catch((error) => {
    if (error.name === "AbortError") throw error;
    return null;
  });
  if (response.ok && payload !== null) return payload;
  if (response.ok) throw new ApiError("The gallery server sent an answer that could not be read. Please try again.", { status: response.status, code: "BadResponse" });
  throw errorFor(response.status, payload, auth);
}

export function unreachable() {
  return new ApiError("Can't reach the gallery server. Check your connection (or that the local host is still running) and try again.",
    { code: "NetworkError" });
}

/**
 * Turns an error answer into words. Functions answer problems {code, detail}, whose detail is already
 * written for people; API Gateway itself answers {"message": ...}, which we translate.
 */
export function errorFor(status, payload, auth) {
  if (auth && status === 401) return expired();
  const requestId = payload?.requestId ?? null;
  if (payload && typeof payload.detail === "string" && payload.detail) {
    return new ApiError(payload.detail, { status, code: payload.code ?? "Error", requestId });
  }
  return new ApiError(gatewayMessage(status, payload?.message), { status, code: payload?.message ?? `Http${status}`, requestId });
}

function gatewayMessage(status, message) {
  if (status === 413) return "That is too much to send in one request. Large photos should go through the direct upload; please try again.";
  if (status === 429) return "The gallery is busy right now. Wait a few seconds and try again.";
  if (status === 403 && message === "Missing Authentication Token")
    return "The gallery API has no such route. Check that config.js points at the right API address.";
  if (status >= 500) return "The gallery server ran into a problem. Please try again in a moment.";
  return message ? `The gallery API said: ${message}.` : `The gallery API answered with an error (HTTP ${status}).`;
}
