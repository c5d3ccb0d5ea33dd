/*
 * Katalog-Assistent – Widget für Webseiten der Stadt Kleve.
 *
 * Einbinden mit einem einzigen Tag:
 *   <script src="https://assistent.example/widget/katalog-widget.js"
 *           data-endpoint="https://assistent.example" data-title="Fragen zum Maßnahmenkatalog"
 *           defer></script>
 *
 * Self-contained: no build step, no CDN. Streams answers from POST /api/ask/stream
 * (Server-Sent Events read with fetch + ReadableStream, since EventSource cannot POST).
 * Every answer and document text is inserted with textContent, never as HTML.
 *
 * One file on purpose, though longer than our usual module: a city page embeds it with a
 * single tag and there is no build step to join parts. Sections: texts, storage, DOM,
 * behaviour, streaming.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || window.__katalogWidgetLoaded) {
    return;
  }
  window.__katalogWidgetLoaded = true;

  var scriptUrl = new URL(script.src, window.location.href);
  var endpoint = (script.getAttribute("data-endpoint") || scriptUrl.origin).replace(/\/+$/, "");
  var title = script.getAttribute("data-title") || "Fragen zum Maßnahmenkatalog";
  var SESSION_KEY = "katalogWidget.session";
  var EXAMPLES = [
    "Wer ist für E-Payment zuständig?",
    "Wann wird das Handyparken umgesetzt?",
    "Welche Maßnahmen gehören zu Open Data?"
  ];
  var T = {
    open: "Fragen zum Maßnahmenkatalog",
    close: "Assistent schließen",
    notice: "Die Antworten stammen aus dem Maßnahmenkatalog Digitalisierung " +
      "(2. Fortschreibung) der Stadt Kleve. Sie können unvollständig sein und ersetzen " +
      "keine verbindliche Auskunft der Verwaltung.",
    label: "Ihre Frage",
    hint: "Höchstens 500 Zeichen. Bitte keine persönlichen Daten eingeben.",
    send: "Fragen",
    examples: "Beispielfragen",
    you: "Ihre Frage",
    bot: "Antwort",
    sources: "Quellen im Maßnahmenkatalog:",
    helpful: "War diese Antwort hilfreich?",
    yes: "Ja",
    no: "Nein",
    thanks: "Danke für Ihre Rückmeldung.",
    loading: "Antwort wird erstellt …",
    empty: "Bitte geben Sie eine Frage ein.",
    tooLong: "Die Frage darf höchstens 500 Zeichen lang sein.",
    offline: "Der Assistent ist gerade nicht erreichbar. Bitte versuchen Sie es später erneut.",
    reset: "Neues Gespräch",
    log: "Gesprächsverlauf"
  };

  var uid = "kw-" + Math.random().toString(36).slice(2, 8);
  var state = { busy: false, sessionId: loadSession() };

  function loadSession() {
    try {
      return window.sessionStorage.getItem(SESSION_KEY);
    } catch (e) {
      return null;
    }
  }

  function saveSession(id) {
    state.sessionId = id;
    try {
      if (id) {
        window.sessionStorage.setItem(SESSION_KEY, id);
      } else {
        window.sessionStorage.removeItem(SESSION_KEY);
      }
    } catch (e) {
      /* storage may be blocked; the session then lasts as long as the page */
    }
  }

  /* The conversation survives a click on a citation (same tab, same site): plain data in
     sessionStorage, rendered again with textContent. */
  var HISTORY_KEY = "katalogWidget.history";
  var MAX_HISTORY = 20;

  function loadHistory() {
    try {
      var items = JSON.parse(window.sessionStorage.getItem(HISTORY_KEY) || "[]");
      return Array.isArray(items) ? items : [];
    } catch (e) {
      return [];
    }
  }

  function remember(item) {
    var items = loadHistory();
    items.push(item);
    try {
      window.sessionStorage.setItem(HISTORY_KEY, JSON.stringify(items.slice(-MAX_HISTORY)));
    } catch (e) {
      /* storage full or blocked: the conversation then lives only on this page */
    }
  }

  function forgetHistory() {
    try {
      window.sessionStorage.removeItem(HISTORY_KEY);
    } catch (e) {
      /* nothing stored */
    }
  }

  /* Build an element; `text` is always set through textContent. */
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "className") {
        node.className = attrs[key];
      } else {
        node.setAttribute(key, attrs[key]);
      }
    });
    if (text !== undefined && text !== null) {
      node.textContent = text;
    }
    return node;
  }

  function addStylesheet() {
    var href = scriptUrl.href.replace(/\.js(\?.*)?$/, ".css");
    if (document.querySelector('link[data-katalog-widget]')) {
      return;
    }
    var link = el("link", { rel: "stylesheet", href: href, "data-katalog-widget": "" });
    document.head.appendChild(link);
  }

  /* ---- DOM ------------------------------------------------------------ */

  var root = el("aside", { className: "kw-root", "aria-label": "Katalog-Assistent" });
  var launcher = el("button", {
    type: "button", className: "kw-launcher", "aria-expanded": "false",
    "aria-controls": uid + "-panel"
  });
  launcher.appendChild(el("span", { className: "kw-launcher-icon", "aria-hidden": "true" }, "?"));
  launcher.appendChild(el("span", {}, title || T.open));

  var panel = el("div", {
    className: "kw-panel", id: uid + "-panel", role: "dialog",
    "aria-labelledby": uid + "-title", "aria-describedby": uid + "-notice"
  });
  panel.hidden = true;

  var head = el("div", { className: "kw-head" });
  head.appendChild(el("h2", { id: uid + "-title", className: "kw-title" }, title));
  var closeBtn = el("button", { type: "button", className: "kw-close", "aria-label": T.close });
  closeBtn.appendChild(el("span", { "aria-hidden": "true" }, "×"));
  head.appendChild(closeBtn);

  var notice = el("p", { id: uid + "-notice", className: "kw-notice" }, T.notice);

  var log = el("div", {
    className: "kw-log", role: "log", "aria-live": "polite", "aria-label": T.log
  });

  var examples = el("div", { className: "kw-examples" });
  examples.appendChild(el("h3", { className: "kw-examples-title", id: uid + "-ex" }, T.examples));
  var exList = el("ul", { "aria-labelledby": uid + "-ex" });
  EXAMPLES.forEach(function (q) {
    var li = el("li");
    var b = el("button", { type: "button", className: "kw-example" }, q);
    b.addEventListener("click", function () {
      input.value = q;
      submit();
    });
    li.appendChild(b);
    exList.appendChild(li);
  });
  examples.appendChild(exList);

  var form = el("form", { className: "kw-form", novalidate: "" });
  form.appendChild(el("label", { "for": uid + "-input", className: "kw-label" }, T.label));
  var row = el("div", { className: "kw-row" });
  var input = el("input", {
    id: uid + "-input", className: "kw-input", type: "text", maxlength: "500",
    autocomplete: "off", "aria-describedby": uid + "-hint " + uid + "-error"
  });
  var sendBtn = el("button", { type: "submit", className: "kw-send" }, T.send);
  row.appendChild(input);
  row.appendChild(sendBtn);
  form.appendChild(row);
  form.appendChild(el("p", { id: uid + "-hint", className: "kw-hint" }, T.hint));
  var formError = el("p", { id: uid + "-error", className: "kw-error", role: "alert" });
  form.appendChild(formError);

  var resetBtn = el("button", { type: "button", className: "kw-reset" }, T.reset);

  panel.appendChild(head);
  panel.appendChild(notice);
  panel.appendChild(log);
  panel.appendChild(examples);
  panel.appendChild(form);
  panel.appendChild(resetBtn);
  root.appendChild(panel);
  root.appendChild(launcher);

  /* ---- behaviour ------------------------------------------------------ */

  function openPanel() {
    panel.hidden = false;
    root.classList.add("kw-open");
    launcher.setAttribute("aria-expanded", "true");
    input.focus();
  }

  function closePanel() {
    panel.hidden = true;
    root.classList.remove("kw-open");
    launcher.setAttribute("aria-expanded", "false");
    launcher.focus();
  }

  launcher.addEventListener("click", function () {
    if (panel.hidden) {
      openPanel();
    } else {
      closePanel();
    }
  });
  closeBtn.addEventListener("click", closePanel);
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      event.preventDefault();
      closePanel();
    }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    submit();
  });
  resetBtn.addEventListener("click", function () {
    saveSession(null);
    forgetHistory();
    log.textContent = "";
    examples.hidden = false;
    input.value = "";
    input.focus();
  });

  function showFormError(message) {
    formError.textContent = message || "";
    input.setAttribute("aria-invalid", message ? "true" : "false");
  }

  function scrollToEnd() {
    panel.scrollTop = panel.scrollHeight;
  }

  function addUserMessage(question) {
    var msg = el("div", { className: "kw-msg kw-msg-user" });
    msg.appendChild(el("p", { className: "kw-who" }, T.you));
    msg.appendChild(el("p", { className: "kw-text" }, question));
    log.appendChild(msg);
  }

  function addBotMessage() {
    var msg = el("div", { className: "kw-msg kw-msg-bot", "aria-busy": "true" });
    msg.appendChild(el("p", { className: "kw-who" }, T.bot));
    var text = el("p", { className: "kw-text" });
    var status = el("span", { className: "kw-loading" }, T.loading);
    text.appendChild(status);
    msg.appendChild(text);
    log.appendChild(msg);
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

  function addCitations(bot, citations) {
    if (!citations || !citations.length) {
      return;
    }
    var box = el("div", { className: "kw-sources" });
    box.appendChild(el("p", { className: "kw-sources-title" }, T.sources));
    var list = el("ul", { className: "kw-chips" });
    citations.forEach(function (c) {
      var li = el("li");
      var href = /^https?:/.test(c.url) ? c.url : endpoint + c.url;
      var a = el("a", { className: "kw-chip", href: href, "data-project": c.id });
      a.appendChild(el("span", { className: "kw-chip-label" }, c.label));
      a.appendChild(document.createTextNode(" "));
      a.appendChild(el("span", { className: "kw-chip-title" }, c.title));
      if (c.quote) {
        a.setAttribute("title", c.quote);
      }
      li.appendChild(a);
      list.appendChild(li);
    });
    box.appendChild(list);
    bot.msg.appendChild(box);
  }

  // Pages that show more than the answer (the Zeitstrahl for a question about time): plain
  // links, opened in a new tab so the conversation stays.
  function addLinks(bot, links) {
    if (!links || !links.length) {
      return;
    }
    var p = el("p", { className: "kw-links" });
    links.forEach(function (link, i) {
      if (!/^\//.test(link.url)) {
        return; // only our own pages
      }
      if (i) {
        p.appendChild(document.createTextNode(" · "));
      }
      p.appendChild(el("a", { href: endpoint + link.url, target: "_blank", rel: "noopener" }, link.label));
    });
    bot.msg.appendChild(p);
  }

  function addFeedback(bot, question, answer) {
    var group = el("div", { className: "kw-feedback", role: "group" });
    var gid = uid + "-fb-" + log.children.length;
    group.setAttribute("aria-labelledby", gid);
    group.appendChild(el("span", { id: gid, className: "kw-feedback-q" }, T.helpful));
    var thanks = el("span", { className: "kw-thanks", role: "status" });
    [[true, "kw-thumb", T.yes], [false, "kw-thumb kw-thumb-down", T.no]].forEach(function (item) {
      var b = el("button", { type: "button", className: "kw-fb", "aria-pressed": "false" });
      b.appendChild(thumb(item[1]));
      b.appendChild(el("span", {}, item[2]));
      b.addEventListener("click", function () {
        group.querySelectorAll("button").forEach(function (other) {
          other.setAttribute("aria-pressed", other === b ? "true" : "false");
        });
        sendFeedback(question, answer, item[0]).then(function (ok) {
          thanks.textContent = ok ? T.thanks : T.offline;
        });
      });
      group.appendChild(b);
    });
    group.appendChild(thanks);
    bot.msg.appendChild(group);
  }

  /* A thumbs-up icon (Material Icons, Apache 2.0); CSS turns it over for "no". */
  function thumb(className) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", className);
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", "M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-" +
      ".17-.79-.44-1.06L14.17 1 7.59 7.59C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-" +
      ".5 1.84-1.22l3.02-7.05c.09-.23.14-.47.14-.73v-2z");
    path.setAttribute("fill", "currentColor");
    svg.appendChild(path);
    return svg;
  }

  function sendFeedback(question, answer, helpful) {
    return fetch(endpoint + "/api/feedback", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        session_id: state.sessionId || "ohne-sitzung",
        question: question,
        answer: answer,
        helpful: helpful
      })
    }).then(function (r) { return r.ok; }, function () { return false; });
  }

  function errorMessage(response) {
    return response.json().then(function (body) {
      return (body && body.error && body.error.message) || T.offline;
    }, function () {
      return T.offline;
    });
  }

  /* Parse Server-Sent Events from a fetch body; calls onEvent(name, data). */
  async function readEvents(response, onEvent) {
    var reader = response.body.getReader();
    var decoder = new TextDecoder("utf-8");
    var buffer = "";
    for (;;) {
      var chunk = await reader.read();
      if (chunk.done) {
        break;
      }
      buffer += decoder.decode(chunk.value, { stream: true }).replace(/\r\n/g, "\n");
      var cut;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        var block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        var name = "message";
        var data = [];
        block.split("\n").forEach(function (line) {
          if (line.indexOf("event:") === 0) {
            name = line.slice(6).trim();
          } else if (line.indexOf("data:") === 0) {
            data.push(line.slice(5).replace(/^ /, ""));
          }
        });
        if (data.length) {
          onEvent(name, JSON.parse(data.join("\n")));
        }
      }
    }
  }

  async function submit() {
    var question = input.value.trim();
    if (state.busy) {
      return;
    }
    if (!question) {
      showFormError(T.empty);
      input.focus();
      return;
    }
    if (question.length > 500) {
      showFormError(T.tooLong);
      input.focus();
      return;
    }
    showFormError("");
    state.busy = true;
    sendBtn.disabled = true;
    examples.hidden = true;
    input.value = "";
    addUserMessage(question);
    var bot = addBotMessage();
    var payload = { question: question, audience: "citizen" };
    if (state.sessionId) {
      payload.session_id = state.sessionId;
    }
    try {
      var response = await fetch(endpoint + "/api/ask/stream", {
        method: "POST",
        headers: { "Content-Type": "application/json", "Accept": "text/event-stream" },
        body: JSON.stringify(payload)
      });
      if (!response.ok || !response.body) {
        showError(bot, await errorMessage(response));
      } else {
        var done = null;
        await readEvents(response, function (name, data) {
          if (name === "meta" && data.session_id) {
            saveSession(data.session_id);
          } else if (name === "delta") {
            appendText(bot, data.text || "");
            scrollToEnd();
          } else if (name === "done") {
            done = data;
          } else if (name === "error") {
            showError(bot, (data.error && data.error.message) || T.offline);
          }
        });
        if (done) {
          bot.content = "";
          appendText(bot, done.answer);
          if (done.abstained) {
            bot.msg.classList.add("kw-msg-abstained");
          }
          saveSession(done.session_id);
          addCitations(bot, done.citations);
          addLinks(bot, done.links);
          addFeedback(bot, question, done.answer);
          remember({
            question: question,
            answer: done.answer,
            abstained: !!done.abstained,
            links: done.links || [],
            citations: (done.citations || []).map(function (c) {
              return { id: c.id, label: c.label, title: c.title, url: c.url };
            })
          });
          bot.msg.setAttribute("aria-busy", "false");
        } else if (bot.msg.getAttribute("aria-busy") === "true") {
          showError(bot, T.offline);
        }
      }
    } catch (e) {
      showError(bot, T.offline);
    } finally {
      state.busy = false;
      sendBtn.disabled = false;
      scrollToEnd();
    }
  }

  function restoreHistory() {
    loadHistory().forEach(function (item) {
      if (typeof item.question !== "string" || typeof item.answer !== "string") {
        return;
      }
      addUserMessage(item.question);
      var bot = addBotMessage();
      appendText(bot, item.answer);
      if (item.abstained) {
        bot.msg.classList.add("kw-msg-abstained");
      }
      addCitations(bot, item.citations);
      addLinks(bot, item.links);
      addFeedback(bot, item.question, item.answer);
      bot.msg.setAttribute("aria-busy", "false");
    });
    if (log.children.length) {
      examples.hidden = true;
    }
  }

  function mount() {
    restoreHistory();
    addStylesheet();
    document.body.appendChild(root);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mount);
  } else {
    mount();
  }
})();
