// Form pieces shared by the sign-up, confirm, log-in and upload views: labelled fields, inline errors
// tied to their input with aria-describedby, and one error summary that is read out at once.

import { h, notice } from "../dom.js";

let counter = 0;

/** A labelled input. Returns the wrapper (to place), the input (to read) and a way to show an error. */
export function field({ label, name, type = "text", hint, optional = false, multiline = false, ...attributes }) {
  const id = `${name}-${++counter}`;
  const hintId = hint ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  const input = h(multiline ? "textarea" : "input", {
    id, name, type: multiline ? undefined : type, required: !optional, "aria-describedby": hintId ?? undefined, ...attributes,
  });
  const error = h("p", { class: "field-error", id: errorId, hidden: true });
  // Until when the error shown holds: checked as the user types, so it goes as soon as it is fixed.
  let holds = null;
  let onFixed = null;
  // What describes the input without the error (a view may have added its own, e.g. the password rules).
  let describedBy = null;
  const wrapper = h("div", { class: "field" },
    h("label", { for: id }, label, optional ? h("span", { class: "optional" }, " (optional)") : null),
    hint ? h("p", { class: "hint", id: hintId }, hint) : null,
    input,
    error);
  const field = {
    wrapper,
    input,
    name,
    /**
     * Shows an error under the field. `holds(value)` says whether it still applies; it is asked on every
     * change and the error goes once it says no. Without it, the error goes when the value changes (a
     * refusal the page cannot check itself, e.g. "That username is taken", no longer speaks of the new
     * value). `fixed` is called when it goes that way.
     */
    showError(message, { holds: rule = null, fixed = null } = {}) {
      const shownFor = input.value;
      holds = rule ?? ((value) => value === shownFor);
      onFixed = fixed;
      if (error.hidden) describedBy = input.getAttribute("aria-describedby");
      error.textContent = message;
      error.hidden = false;
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", [describedBy, errorId].filter(Boolean).join(" "));
    },
    get hasError() {
      return !error.hidden;
    },
    clearError() {
      holds = null;
      onFixed = null;
      if (error.hidden) return;
      error.hidden = true;
      error.textContent = "";
      input.removeAttribute("aria-invalid");
      if (describedBy) input.setAttribute("aria-describedby", describedBy);
      else input.removeAttribute("aria-describedby");
    },
  };
  input.addEventListener("input", () => {
    if (!holds || holds(input.value)) return;
    const fixed = onFixed;
    field.clearError();
    fixed?.();
  });
  return field;
}

/** The place above a form where its outcome is said; show() replaces what was there. */
export function messageArea() {
  const area = h("div", { class: "form-messages" });
  return {
    element: area,
    show(text, kind = "error", ...extra) {
      const box = notice(text, kind);
      for (const node of extra) box.append(node);
      area.replaceChildren(box);
      return box;
    },
    clear() {
      area.replaceChildren();
    },
  };
}

/**
 * The card the sign-up, confirm and log-in views share: heading, one line of lede, the flash message,
 * the form's messages, the form, and a footer line with a link to the sibling view.
 */
export function authCard({ headingId, heading, lede, flash, messages, form, footer: [text, href, label] }) {
  return h("section", { class: "auth" }, h("div", { class: "card" },
    h("h1", { id: headingId }, heading),
    h("p", { class: "lede" }, lede),
    flashNotice(flash),
    messages.element,
    form,
    h("p", { class: "card__footer" }, text, " ", h("a", { href }, label))));
}

/** A flash message handed over by the previous view (e.g. "You have logged out."). */
export function flashNotice(flash) {
  return flash ? notice(flash.text, flash.kind ?? "info") : null;
}

/**
 * Which field an API error is about. Problem details name the field in quotes ('email') or, for the
 * password rules, start with "Password".
 */
export function fieldFor(error, fields) {
  if (error.code === "InvalidPassword") return fields.find((f) => f.name === "password");
  if (error.code === "UsernameExists") return fields.find((f) => f.name === "username");
  if (error.code === "CodeMismatch" || error.code === "ExpiredCode") return fields.find((f) => f.name === "code");
  return fields.find((f) => error.message.includes(`'${f.name}'`)) ?? null;
}

/** Runs a form's submit: disables the button, shows a busy label, restores both afterwards. */
export async function whileBusy(button, busyLabel, action) {
  const label = button.textContent;
  button.disabled = true;
  button.textContent = busyLabel;
  try {
    return await action();
  } finally {
    button.disabled = false;
    button.textContent = label;
  }
}
