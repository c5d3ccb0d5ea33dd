/* Katalog-Assistent widget: its box on the host page.

   Everything lives in the open shadow root of one <katalog-assistent> element at the end of
   <body>: the host page's selectors cannot reach in and ours cannot reach out. Open, not
   closed: a closed root protects nothing from scripts of the same page (they could wrap
   attachShadow), but it would hide the widget from axe-core, test tools and browser
   extensions that assistive technology users rely on.

   The panel is a <dialog>. Beside the page (desktop) it is opened with show(): the page stays
   usable. Where it fills the screen (phones, high zoom) it is opened with showModal(): the
   page behind is inert and focus stays inside. Escape closes it from anywhere in the panel
   and returns focus to the launcher. */

import { createChat } from "./kw-chat.mjs";
import { EXAMPLES, T, el, notice } from "./kw-dom.mjs";
import { createNet } from "./kw-net.mjs";

/* Where the panel fills the screen; the same query is in katalog-widget.css. */
const MODAL_QUERY = "(max-width: 32rem), (max-height: 32rem)";
const FOCUSABLE = "a[href], button, input, [tabindex]:not([tabindex='-1'])";
let started = false;

/* `config`: { endpoint, title, edition, stylesheet } from the loader (katalog-widget.js). */
export function start(config) {
  if (started || document.querySelector("katalog-assistent")) {
    return;
  }
  started = true;
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => build(config), { once: true });
  } else {
    build(config);
  }
}

function buildForm() {
  const form = el("form", { className: "kw-form", novalidate: "" });
  form.appendChild(el("label", { "for": "kw-input", className: "kw-label" }, T.label));
  const row = el("div", { className: "kw-row" });
  const input = el("input", {
    id: "kw-input", className: "kw-input", type: "text", maxlength: "500",
    autocomplete: "off", "aria-describedby": "kw-hint kw-error"
  });
  const sendBtn = el("button", { type: "submit", className: "kw-send" }, T.send);
  row.append(input, sendBtn);
  const formError = el("p", { id: "kw-error", className: "kw-error", role: "alert" });
  form.append(row, el("p", { id: "kw-hint", className: "kw-hint" }, T.hint), formError);
  return { form: form, input: input, sendBtn: sendBtn, formError: formError };
}

function build(config) {
  const host = document.createElement("katalog-assistent");
  const shadow = host.attachShadow({ mode: "open" });
  // The stylesheet comes from the assistant's origin, like the script (CSP style-src).
  const sheet = el("link", { rel: "stylesheet", href: config.stylesheet });
  const root = el("aside", { className: "kw-root", "aria-label": T.region });
  root.hidden = true; // until the stylesheet is there: no flash of an unstyled widget
  sheet.addEventListener("load", () => { root.hidden = false; });
  sheet.addEventListener("error", () => {
    console.error("Katalog-Assistent: " + config.stylesheet + " konnte nicht geladen werden. " +
      "Erlaubt die Content-Security-Policy dieser Seite style-src für den Assistenten?");
    root.hidden = false;
  });

  const title = config.title || T.open;
  const launcher = el("button", {
    type: "button", className: "kw-launcher", "aria-expanded": "false",
    "aria-controls": "kw-panel"
  });
  launcher.append(el("span", { className: "kw-launcher-icon", "aria-hidden": "true" }, "?"),
    el("span", {}, title));

  const panel = el("dialog", {
    className: "kw-panel", id: "kw-panel", tabindex: "-1",
    "aria-labelledby": "kw-title", "aria-describedby": "kw-notice"
  });
  const head = el("div", { className: "kw-head" });
  const closeBtn = el("button", { type: "button", className: "kw-close", "aria-label": T.close });
  closeBtn.appendChild(el("span", { "aria-hidden": "true" }, "×"));
  head.append(el("h2", { id: "kw-title", className: "kw-title" }, title), closeBtn);
  const configNote = el("p", { className: "kw-config", role: "alert" });
  configNote.hidden = true;
  const log = el("section", { className: "kw-log", "aria-label": T.log });

  const examples = el("div", { className: "kw-examples" });
  const exList = el("ul", { "aria-labelledby": "kw-ex" });
  examples.append(el("h3", { className: "kw-examples-title", id: "kw-ex" }, T.examples), exList);
  const { form, input, sendBtn, formError } = buildForm();
  const resetBtn = el("button", { type: "button", className: "kw-reset" }, T.reset);
  const live = el("div", { className: "kw-sr", role: "status" });
  const noticeText = el("p", { id: "kw-notice", className: "kw-notice" }, notice(config.edition));
  panel.append(head, noticeText, configNote, log, examples, form, resetBtn, live);
  root.append(launcher, panel);
  shadow.append(sheet, root);

  const ui = {
    panel: panel, log: log, examples: examples, input: input, sendBtn: sendBtn,
    formError: formError, live: live, config: configNote
  };
  const net = createNet(config.endpoint, T.offline);
  const chat = createChat(ui, net, config.endpoint);
  for (const question of EXAMPLES) {
    const button = el("button", { type: "button", className: "kw-example" }, question);
    button.addEventListener("click", () => {
      input.value = question;
      chat.submit();
    });
    const li = el("li");
    li.appendChild(button);
    exList.appendChild(li);
  }

  const modal = window.matchMedia(MODAL_QUERY);
  let checked = false;

  function show() {
    if (modal.matches) {
      panel.showModal();
    } else {
      panel.show();
    }
  }

  function openPanel() {
    show();
    root.classList.add("kw-open");
    launcher.setAttribute("aria-expanded", "true");
    input.focus();
    if (!checked) {
      checked = true;
      chat.checkOrigin();
      if (!config.edition) {
        // A page that does not name the edition (data-edition) learns it from the assistant,
        // once its origin may ask.
        net.checkOrigin()
          .then((check) => (check.state === "allowed" ? net.edition() : null))
          .then((name) => {
            if (name) {
              noticeText.textContent = notice(name);
            }
          });
      }
    }
  }

  function closePanel() {
    panel.close();
    root.classList.remove("kw-open");
    launcher.setAttribute("aria-expanded", "false");
    launcher.focus();
  }

  // Turning a phone or zooming in while the panel is open: reopen it in the other mode.
  modal.addEventListener("change", () => {
    if (panel.open) {
      const active = shadow.activeElement;
      panel.close();
      show();
      (active || input).focus();
    }
  });

  /* Modal: Tab and Shift+Tab wrap around inside the panel instead of leaving the page. */
  function trapFocus(event) {
    const items = Array.from(panel.querySelectorAll(FOCUSABLE))
      .filter((node) => !node.disabled && node.getClientRects().length > 0);
    if (!items.length) {
      return;
    }
    const first = items[0];
    const last = items[items.length - 1];
    const active = shadow.activeElement;
    if (event.shiftKey && (active === first || active === panel)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first.focus();
    }
  }

  launcher.addEventListener("click", () => (panel.open ? closePanel() : openPanel()));
  closeBtn.addEventListener("click", closePanel);
  panel.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      closePanel();
    } else if (event.key === "Tab" && modal.matches) {
      trapFocus(event);
    }
  });
  // The browser's own close request (Escape on a modal dialog) takes the same way out.
  panel.addEventListener("cancel", (event) => {
    event.preventDefault();
    closePanel();
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    chat.submit();
  });
  resetBtn.addEventListener("click", chat.reset);

  chat.restore();
  document.body.appendChild(host);
}
