// Sign up: username, name, email and a password checked against the pool's rules as you type. The
// API has the last word: when it refuses, its problem detail says which rule failed.

import { api, ApiError } from "../api.js";
import { h, setTitle } from "../dom.js";
import { localInfo } from "../localmode.js";
import { authCard, field, fieldFor, messageArea, whileBusy } from "./forms.js";

// Cognito's default policy in the same words the API uses; the local host sends its own list.
const defaultRules = ["at least 8 characters", "a lowercase letter", "an uppercase letter", "a number", "a symbol such as ! @ # $ %"];

export function render({ main, flash, navigate }) {
  setTitle("Sign up");
  const messages = messageArea();
  const username = field({ label: "Username", name: "username", autocomplete: "username", autocapitalize: "none", spellcheck: "false",
    hint: "Letters, digits and . _ - + @ — no spaces. Others see it next to your photos." });
  const name = field({ label: "Your name", name: "name", autocomplete: "name" });
  const email = field({ label: "Email", name: "email", type: "email", autocomplete: "email", hint: "We send a confirmation code here." });
  const password = field({ label: "Password", name: "password", type: "password", autocomplete: "new-password" });
  const fields = [username, name, email, password];

  const rulesList = h("ul", { class: "rules", id: "password-rules", "aria-label": "Password rules" });
  const rulesIntro = h("p", { class: "hint", id: "password-rules-intro" }, "Your password needs:");
  password.wrapper.insertBefore(rulesIntro, password.input);
  password.input.after(rulesList);
  password.input.setAttribute("aria-describedby", "password-rules-intro password-rules");
  const showPassword = h("label", { class: "hint" },
    h("input", { type: "checkbox", onChange: (e) => { password.input.type = e.target.checked ? "text" : "password"; } }),
    " Show password");
  rulesList.after(showPassword);

  const submit = h("button", { type: "submit", class: "button button--block" }, "Create account");
  const form = h("form", { "aria-labelledby": "signup-heading", onSubmit }, ...fields.map((f) => f.wrapper), submit);

  main.append(authCard({
    headingId: "signup-heading", heading: "Create your account", lede: "Sign up to share photos and browse everyone's gallery.",
    flash, messages, form, footer: ["Already have an account?", "#/login", "Log in"],
  }));

  showRules(defaultRules);
  localInfo().then((local) => { if (local?.passwordRules?.length) showRules(local.passwordRules); });
  password.input.addEventListener("input", checkRules);

  function showRules(rules) {
    rulesList.replaceChildren(...rules.map((rule) => h("li", { dataset: { rule } }, rule)));
    checkRules();
  }

  function checkRules() {
    for (const item of rulesList.children) {
      const met = ruleMet(item.dataset.rule, password.input.value);
      item.classList.toggle("is-met", met === true);
      // The tick is decoration; say it in words too.
      item.setAttribute("aria-label", `${item.dataset.rule}${met === true ? ": done" : ""}`);
    }
  }

  async function onSubmit(event) {
    event.preventDefault();
    messages.clear();
    for (const f of fields) f.clearError();
    const body = { username: username.input.value.trim(), name: name.input.value.trim(), email: email.input.value.trim(), password: password.input.value };
    try {
      const result = await whileBusy(submit, "Creating account…", () => api.signUp(body));
      const where = result.codeDelivery?.destination ? ` to ${result.codeDelivery.destination}` : "";
      navigate(`#/confirm?username=${encodeURIComponent(result.username)}`,
        { text: `Account created. We sent a 6-digit code${where}.`, kind: "success" });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const culprit = fieldFor(error, fields);
      // The summary above the form goes with the field's error, as soon as the rule it names is met.
      culprit?.showError(error.message, { holds: stillBroken(culprit, error), fixed: () => messages.clear() });
      const box = messages.show(error.code === "InvalidPassword" ? `That password isn't accepted. ${error.message}` : error.message);
      (culprit?.input ?? box).focus();
    }
  }
}

const usernamePattern = /^[\p{L}\p{N}._+@-]+$/u;
const emailPattern = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/**
 * For an error the page can check itself (the API's UserRules and PasswordPolicy, in the same words),
 * whether a value still breaks its rule; null for the others, which hold until the value changes.
 */
function stillBroken(culprit, error) {
  const rule = /^Password must contain (.+)\.$/.exec(error.message)?.[1];
  if (culprit.name === "password" && rule && ruleMet(rule, "") !== null) return (value) => ruleMet(rule, value) !== true;
  if (culprit.name === "username" && /may contain letters, digits/.test(error.message)) return (value) => !usernamePattern.test(value.trim());
  if (culprit.name === "email" && /must be an email address/.test(error.message)) return (value) => !emailPattern.test(value.trim());
  return null;
}

/** Whether a rule, given in words, is met; null for a rule we can't check here (the API still will). */
function ruleMet(rule, password) {
  const length = /at least (\d+) characters/.exec(rule);
  if (length) return [...password].length >= Number(length[1]);
  if (/lowercase/.test(rule)) return /\p{Ll}/u.test(password);
  if (/uppercase/.test(rule)) return /\p{Lu}/u.test(password);
  if (/number|digit/.test(rule)) return /[0-9]/.test(password);
  if (/symbol/.test(rule)) return /[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+\- ]/.test(password);
  return null;
}
