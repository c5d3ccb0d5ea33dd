/* Katalog-Assistent widget: the conversation.

   A question stays in the input until its answer has arrived; when it could not be sent, a
   retry button appears beside the message. Focus stays in the input after sending. The
   conversation log is not a live region: each answer (or failure) is announced once, as a
   whole, by one polite status region, not piece by piece as it streams in. */

import { T, el, refusedLog, thumb } from "./kw-dom.mjs";
import { store } from "./kw-net.mjs";
import { addCitations, addLinks } from "./kw-sources.mjs";

/* `ui`: { panel, log, examples, input, sendBtn, formError, live, config }. */
export function createChat(ui, net, endpoint) {
  const state = { busy: false, sessionId: store.session(), warned: false };
  const ctx = { endpoint: endpoint, net: net };
  let groups = 0;

  function setSession(id) {
    state.sessionId = id;
    store.setSession(id);
  }

  function announce(text) {
    ui.live.replaceChildren(el("p", {}, text));
  }

  function showFormError(message) {
    ui.formError.textContent = message || "";
    ui.input.setAttribute("aria-invalid", message ? "true" : "false");
  }

  function scrollToEnd() {
    ui.panel.scrollTop = ui.panel.scrollHeight;
  }

  function addUserMessage(question) {
    const msg = el("div", { className: "kw-msg kw-msg-user" });
    msg.appendChild(el("p", { className: "kw-who" }, T.you));
    msg.appendChild(el("p", { className: "kw-text" }, question));
    ui.log.appendChild(msg);
    return msg;
  }

  function addBotMessage() {
    const msg = el("div", { className: "kw-msg kw-msg-bot", "aria-busy": "true" });
    msg.appendChild(el("p", { className: "kw-who" }, T.bot));
    const text = el("p", { className: "kw-text" });
    const status = el("span", { className: "kw-loading" }, T.loading);
    text.appendChild(status);
    msg.appendChild(text);
    ui.log.appendChild(msg);
    scrollToEnd();
    return { msg: msg, text: text, status: status, content: "" };
  }

  function appendText(bot, piece) {
    if (bot.status) {
      bot.text.textContent = "";
      bot.status = null;
    }
    bot.content += piece;
    bot.text.textContent = bot.content;
  }

  function showError(bot, message) {
    bot.msg.setAttribute("aria-busy", "false");
    bot.msg.classList.add("kw-msg-error");
    bot.text.textContent = message;
    bot.status = null;
  }

  function addFeedback(bot, question, answer) {
    const group = el("div", { className: "kw-feedback", role: "group" });
    const gid = "kw-fb-" + (++groups);
    group.setAttribute("aria-labelledby", gid);
    group.appendChild(el("span", { id: gid, className: "kw-feedback-q" }, T.helpful));
    const thanks = el("span", { className: "kw-thanks", role: "status" });
    [[true, "kw-thumb", T.yes], [false, "kw-thumb kw-thumb-down", T.no]].forEach((item) => {
      const b = el("button", { type: "button", className: "kw-fb", "aria-pressed": "false" });
      b.appendChild(thumb(item[1]));
      b.appendChild(el("span", {}, item[2]));
      b.addEventListener("click", () => {
        group.querySelectorAll("button").forEach((other) => {
          other.setAttribute("aria-pressed", other === b ? "true" : "false");
        });
        net.feedback({
          session_id: state.sessionId || "ohne-sitzung",
          question: question,
          answer: answer,
          helpful: item[0]
        }).then((ok) => {
          thanks.textContent = ok ? T.thanks : T.offline;
        });
      });
      group.appendChild(b);
    });
    group.appendChild(thanks);
    bot.msg.appendChild(group);
  }

  function addRetry(bot, question, userMsg) {
    const button = el("button", { type: "button", className: "kw-retry" }, T.retry);
    button.addEventListener("click", () => {
      if (!ui.input.value.trim()) {
        ui.input.value = question;
      }
      userMsg.remove();
      bot.msg.remove();
      submit();
    });
    bot.msg.appendChild(button);
  }

  /* The complete answer with its sources; `item` is a `done` event or a remembered one. */
  function finish(bot, question, item) {
    bot.content = "";
    appendText(bot, item.answer);
    if (item.abstained) {
      bot.msg.classList.add("kw-msg-abstained");
    }
    addCitations(bot.msg, item.citations, ctx);
    addLinks(bot.msg, item.links, endpoint);
    addFeedback(bot, question, item.answer);
    bot.msg.setAttribute("aria-busy", "false");
  }

  function showRefused(origin) {
    ui.config.textContent = T.refused;
    ui.config.hidden = false;
    if (!state.warned) {
      state.warned = true;
      console.error(refusedLog(origin, endpoint));
    }
  }

  /* No response at all: the server is down, or CORS refused this page's origin. */
  async function whyUnsent() {
    const check = await net.checkOrigin();
    if (check.state === "refused") {
      showRefused(check.origin);
      return { message: T.refused, retry: false };
    }
    return { message: T.unsent, retry: true };
  }

  async function submit() {
    if (state.busy) {
      return;
    }
    const question = ui.input.value.trim();
    ui.input.focus(); // an example button is about to be hidden: focus must not fall to <body>
    if (!question || question.length > 500) {
      showFormError(question ? T.tooLong : T.empty);
      return;
    }
    showFormError("");
    state.busy = true;
    ui.sendBtn.disabled = true;
    ui.examples.hidden = true;
    const userMsg = addUserMessage(question);
    const bot = addBotMessage();
    const payload = { question: question, audience: "citizen" };
    if (state.sessionId) {
      payload.session_id = state.sessionId;
    }
    let done = null;
    let failure = null;
    try {
      const httpError = await net.ask(payload, (name, data) => {
        if (name === "meta" && data.session_id) {
          setSession(data.session_id);
        } else if (name === "delta") {
          appendText(bot, data.text || "");
          scrollToEnd();
        } else if (name === "done") {
          done = data;
        } else if (name === "error") {
          failure = { message: (data.error && data.error.message) || T.offline, retry: true };
        }
      });
      if (httpError) {
        failure = { message: httpError, retry: true };
      }
    } catch (e) {
      failure = await whyUnsent();
    }
    if (done && !failure) {
      setSession(done.session_id);
      finish(bot, question, done);
      remember(question, done);
      if (ui.input.value.trim() === question) {
        ui.input.value = "";
      }
      announce(done.answer);
    } else {
      failure = failure || { message: T.offline, retry: true };
      showError(bot, failure.message);
      if (failure.retry) {
        addRetry(bot, question, userMsg);
      }
      announce(failure.message);
    }
    state.busy = false;
    ui.sendBtn.disabled = false;
    scrollToEnd();
  }

  function remember(question, done) {
    store.remember({
      question: question,
      answer: done.answer,
      abstained: !!done.abstained,
      links: done.links || [],
      citations: (done.citations || []).map((c) => ({
        id: c.id, label: c.label, title: c.title, url: c.url, quote: c.quote,
        kind: c.kind, date: c.date
      }))
    });
  }

  return {
    submit: submit,

    restore() {
      for (const item of store.history()) {
        if (typeof item.question === "string" && typeof item.answer === "string") {
          addUserMessage(item.question);
          finish(addBotMessage(), item.question, item);
        }
      }
      ui.examples.hidden = ui.log.children.length > 0;
    },

    reset() {
      setSession(null);
      store.forget();
      ui.log.textContent = "";
      ui.live.textContent = "";
      ui.examples.hidden = false;
      ui.input.value = "";
      showFormError("");
      ui.input.focus();
    },

    /* On the first opening: tell this page's web team at once when CORS refuses it. */
    async checkOrigin() {
      const check = await net.checkOrigin();
      if (check.state === "refused") {
        showRefused(check.origin);
      }
    }
  };
}
