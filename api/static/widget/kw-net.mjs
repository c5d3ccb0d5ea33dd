/* Katalog-Assistent widget: talking to the assistant, and remembering the conversation.

   Answers stream from POST /api/ask/stream as Server-Sent Events, read with fetch and a
   ReadableStream (EventSource cannot POST). */

const SESSION_KEY = "katalogWidget.session";
const HISTORY_KEY = "katalogWidget.history";
const MAX_HISTORY = 20;

/* The session and the conversation survive a click to another page of the same site: plain
   data in sessionStorage, rendered again with textContent. Storage may be blocked; the
   conversation then lasts as long as the page. */
export const store = {
  session() {
    try {
      return window.sessionStorage.getItem(SESSION_KEY);
    } catch (e) {
      return null;
    }
  },
  setSession(id) {
    try {
      if (id) {
        window.sessionStorage.setItem(SESSION_KEY, id);
      } else {
        window.sessionStorage.removeItem(SESSION_KEY);
      }
    } catch (e) { /* blocked */ }
  },
  history() {
    try {
      const items = JSON.parse(window.sessionStorage.getItem(HISTORY_KEY) || "[]");
      return Array.isArray(items) ? items : [];
    } catch (e) {
      return [];
    }
  },
  remember(item) {
    const items = store.history();
    items.push(item);
    try {
      window.sessionStorage.setItem(HISTORY_KEY, JSON.stringify(items.slice(-MAX_HISTORY)));
    } catch (e) { /* full or blocked */ }
  },
  forget() {
    try {
      window.sessionStorage.removeItem(HISTORY_KEY);
    } catch (e) { /* nothing stored */ }
  }
};

/* Parse Server-Sent Events from a fetch body; calls onEvent(name, data). */
async function readEvents(response, onEvent) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder("utf-8");
  let buffer = "";
  for (;;) {
    const chunk = await reader.read();
    if (chunk.done) {
      return;
    }
    buffer += decoder.decode(chunk.value, { stream: true }).replace(/\r\n/g, "\n");
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      let name = "message";
      const data = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) {
          name = line.slice(6).trim();
        } else if (line.startsWith("data:")) {
          data.push(line.slice(5).replace(/^ /, ""));
        }
      }
      if (data.length) {
        onEvent(name, JSON.parse(data.join("\n")));
      }
    }
  }
}

async function errorMessage(response, fallback) {
  try {
    const body = await response.json();
    return (body && body.error && body.error.message) || fallback;
  } catch (e) {
    return fallback;
  }
}

export function createNet(endpoint, offlineText) {
  const crossOrigin = new URL(endpoint, window.location.href).origin !== window.location.origin;
  const projects = new Map();
  let originCheck = null;
  let editionName = null;

  return {
    /* Resolves to null when the answer streamed, or to the server's German error message;
       rejects (TypeError) when no response came at all: network down or CORS refused. */
    async ask(payload, onEvent) {
      const response = await fetch(endpoint + "/api/ask/stream", {
        method: "POST",
        headers: { "Content-Type": "application/json", "Accept": "text/event-stream" },
        body: JSON.stringify(payload)
      });
      if (!response.ok || !response.body) {
        return errorMessage(response, offlineText);
      }
      await readEvents(response, onEvent);
      return null;
    },

    feedback(record) {
      return fetch(endpoint + "/api/feedback", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(record)
      }).then((r) => r.ok, () => false);
    },

    /* A project record (for its responsible units), asked once per page. */
    project(id) {
      if (!projects.has(id)) {
        const request = fetch(endpoint + "/api/projects/" + encodeURIComponent(id))
          .then((r) => (r.ok ? r.json() : Promise.reject(new Error(String(r.status)))));
        request.catch(() => projects.delete(id));
        projects.set(id, request);
      }
      return projects.get(id);
    },

    /* The name of the edition the assistant answers from (the newest of /api/editions,
       "3. Fortschreibung"), asked once; null when it cannot be had. */
    edition() {
      if (!editionName) {
        editionName = fetch(endpoint + "/api/editions", { credentials: "omit" })
          .then((r) => (r.ok ? r.json() : []))
          .then((list) => {
            const newest = Array.isArray(list) ? list[list.length - 1] : null;
            return newest && newest.number ? newest.name : null;
          }, () => null);
      }
      return editionName;
    },

    /* Whether this page's origin may call the assistant: "allowed", "refused" or
       "unreachable", with the origin the server saw. A failed fetch cannot tell a server
       that is down from a CORS refusal; /api/widget-config answers every origin (it sends
       Access-Control-Allow-Origin: *), so when it answers, the server is up and says which. */
    checkOrigin() {
      if (!crossOrigin) {
        return Promise.resolve({ state: "allowed", origin: window.location.origin });
      }
      if (!originCheck) {
        originCheck = fetch(endpoint + "/api/widget-config", { credentials: "omit" })
          .then((r) => (r.ok ? r.json() : null))
          .then((body) => {
            if (!body) {
              return { state: "unreachable" };
            }
            return {
              state: body.allowed ? "allowed" : "refused",
              origin: body.origin || window.location.origin
            };
          }, () => ({ state: "unreachable" }));
        originCheck.then((result) => {
          if (result.state === "unreachable") {
            originCheck = null; // ask again next time
          }
        });
      }
      return originCheck;
    }
  };
}
