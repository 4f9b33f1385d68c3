// Log in: keeps the ID token for the photo routes and goes back to where the user was headed.

import { api, ApiError } from "../api.js";
import { h, setTitle } from "../dom.js";
import * as session from "../session.js";
import { authCard, field, messageArea, whileBusy } from "./forms.js";

export function render({ main, params, flash, navigate }) {
  setTitle("Log in");
  const messages = messageArea();
  const username = field({ label: "Username", name: "username", autocomplete: "username", autocapitalize: "none", spellcheck: "false",
    value: params.get("username") ?? "" });
  const password = field({ label: "Password", name: "password", type: "password", autocomplete: "current-password" });
  const submit = h("button", { type: "submit", class: "button button--block" }, "Log in");
  const form = h("form", { "aria-labelledby": "login-heading", onSubmit }, username.wrapper, password.wrapper, submit);

  main.append(authCard({
    headingId: "login-heading", heading: "Log in", lede: "Welcome back. Log in to see the shared gallery.",
    flash, messages, form, footer: ["New here?", "#/signup", "Create an account"],
  }));

  async function onSubmit(event) {
    event.preventDefault();
    messages.clear();
    username.clearError();
    password.clearError();
    const body = { username: username.input.value.trim(), password: password.input.value };
    try {
      const result = await whileBusy(submit, "Logging in…", () => api.logIn(body));
      session.save(result);
      navigate(safeNext(params.get("next")), { text: `Welcome, ${result.user?.name || result.user?.username}.`, kind: "success" });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.code === "UserNotConfirmed") {
        messages.show(error.message, "error",
          h("p", {}, h("a", { href: `#/confirm?username=${encodeURIComponent(body.username)}` }, "Enter your confirmation code"))).focus();
        return;
      }
      if (error.code === "NotAuthorized" && looksLikeEmail(body.username)) {
        // Usernames may hold an @, so only the refusal tells: this account is not known by that address.
        const text = "That is an email address. Log in with your username: the name you chose when you signed up.";
        username.showError(text, { fixed: () => messages.clear() });
        password.input.value = "";
        messages.show(text).focus();
        return;
      }
      if (error.code === "NotAuthorized") {
        password.showError("Check your username and password, then try again.", { fixed: () => messages.clear() });
        password.input.value = "";
      }
      messages.show(error.message).focus();
    }
  }
}

function looksLikeEmail(text) {
  return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(text);
}

/** Only a view of this app: never an address from elsewhere, never back to the log-in page. */
function safeNext(next) {
  return next && next.startsWith("#/") && !next.startsWith("#/login") ? next : "#/";
}
