// Running against the local host? It answers GET /_local/info with {mode: "local", passwordRules, ...};
// a deployed API has no such route. Asked once per page load.

import { apiUrl } from "./api.js";

let info;

/** The local host's info, or null when the API is a real deployment (or unreachable). */
export function localInfo() {
  info ??= fetch(apiUrl("/_local/info"), { headers: { Accept: "application/json" } })
    .then((response) => (response.ok ? response.json() : null))
    .then((json) => (json && json.mode === "local" ? json : null))
    .catch(() => null);
  return info;
}

/** The newest confirmation code the local pool "emailed" to this user, or null. */
export async function outboxCode(username) {
  const local = await localInfo();
  if (!local) return null;
  const response = await fetch(apiUrl(local.outbox ?? "/_local/outbox"), { headers: { Accept: "application/json" } });
  if (!response.ok) return null;
  const messages = await response.json();
  // Newest first; usernames are matched as the pool stores them.
  const message = messages.find((m) => m.username === username) ?? messages.find((m) => m.username.toLowerCase() === username.toLowerCase());
  return message?.code ?? null;
}
