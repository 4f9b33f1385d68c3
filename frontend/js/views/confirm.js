// Confirm email: the 6-digit code from the email. Running locally no email leaves the machine, so the
// view says where the code is instead (the host's console and its outbox) and can fetch it.

import { api, ApiError } from "../api.js";
import { h, setTitle, announce } from "../dom.js";
import { localInfo, outboxCode } from "../localmode.js";
import { authCard, field, fieldFor, messageArea, whileBusy } from "./forms.js";

export function render({ main, params, flash, navigate }) {
  setTitle("Confirm your email");
  const messages = messageArea();
  const username = field({ label: "Username", name: "username", autocomplete: "username", autocapitalize: "none", spellcheck: "false",
    value: params.get("username") ?? "" });
  const code = field({ label: "Confirmation code", name: "code", inputmode: "numeric", autocomplete: "one-time-code",
    pattern: "[0-9]{6}", maxlength: "6", class: "code-input", hint: "The 6 digits from the email we sent you." });
  const fields = [username, code];
  const localHelp = h("div", { class: "local-help", hidden: true });
  const submit = h("button", { type: "submit", class: "button button--block" }, "Confirm email");
  const form = h("form", { "aria-labelledby": "confirm-heading", onSubmit }, localHelp, username.wrapper, code.wrapper, submit);

  main.append(authCard({
    headingId: "confirm-heading", heading: "Confirm your email", lede: "One last step: enter the code we emailed you.",
    flash, messages, form, footer: ["Already confirmed?", "#/login", "Log in"],
  }));

  localInfo().then((local) => {
    if (!local) return;
    const fill = h("button", { type: "button", class: "button button--quiet", onClick: fillFromOutbox }, "Fill in the code from the outbox");
    localHelp.replaceChildren(
      h("p", {}, h("strong", {}, "Running locally: "), "no email is sent. Your code is printed in the terminal where the local host runs, and kept in the outbox at ",
        h("a", { href: local.outbox ?? "/_local/outbox", target: "_blank", rel: "noopener" }, h("code", {}, local.outbox ?? "/_local/outbox")), "."),
      fill);
    localHelp.hidden = false;
  });

  async function fillFromOutbox() {
    messages.clear();
    const name = username.input.value.trim();
    if (!name) {
      username.showError("Enter your username first, so we know whose code to look for.");
      username.input.focus();
      return;
    }
    const found = await outboxCode(name);
    if (!found) {
      messages.show(`The outbox has no code for '${name}'. Check the username, or sign up again.`);
      return;
    }
    code.input.value = found;
    code.clearError();
    announce("Code filled in from the outbox.");
    code.input.focus();
  }

  async function onSubmit(event) {
    event.preventDefault();
    messages.clear();
    for (const f of fields) f.clearError();
    const body = { username: username.input.value.trim(), code: code.input.value.trim() };
    try {
      await whileBusy(submit, "Confirming…", () => api.confirmEmail(body));
      navigate(`#/login?username=${encodeURIComponent(body.username)}`, { text: "Email confirmed. You can log in now.", kind: "success" });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.code === "AlreadyConfirmed") {
        navigate(`#/login?username=${encodeURIComponent(body.username)}`, { text: error.message, kind: "info" });
        return;
      }
      const culprit = fieldFor(error, fields);
      culprit?.showError(error.message);
      const box = messages.show(error.message);
      (culprit?.input ?? box).focus();
    }
  }
}
