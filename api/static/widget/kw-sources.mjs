/* Katalog-Assistent widget: the sources of an answer.

   A citation is a button that opens a small preview inside the widget (number, title, the
   sentences the answer quoted from it, the responsible units) with a link to the full page in
   a new tab: people read the source and stay on the city's page. */

import { T, el } from "./kw-dom.mjs";

let previews = 0;

function pageUrl(url, endpoint) {
  return /^https?:/.test(url) ? url : endpoint + url;
}

function germanDate(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
  return m ? Number(m[3]) + "." + Number(m[2]) + "." + m[1] : iso;
}

function showUnits(slot, project) {
  const names = (project.responsible && project.responsible.length)
    ? project.responsible
    : [project.responsible_text].filter(Boolean);
  if (!names.length) {
    slot.textContent = T.unitsFailed;
    return;
  }
  const list = el("ul", { className: "kw-units" });
  for (const name of names) {
    list.appendChild(el("li", {}, name));
  }
  slot.replaceWith(list);
}

function fillPreview(preview, citation, ctx) {
  const isDocument = citation.kind === "dokument";
  const title = el("h3", { className: "kw-preview-title" });
  title.appendChild(el("span", { className: "kw-chip-label" }, citation.label));
  title.appendChild(document.createTextNode(" " + citation.title));
  preview.replaceChildren(title);
  if (isDocument && citation.date) {
    preview.appendChild(el("p", { className: "kw-preview-meta" }, "Stand: " +
      germanDate(citation.date)));
  }
  if (citation.quote) {
    preview.appendChild(el("p", { className: "kw-units-title" },
      isDocument ? T.quoteDocument : T.quote));
    preview.appendChild(el("blockquote", { className: "kw-quote" }, citation.quote));
  }
  // The project whose page the citation links to: an answer from an earlier edition cites
  // its old number, and that number may belong to another project now (the server links the
  // same project's current page, or /aenderungen for one removed since).
  const page = /^\/projekte\/([^/?#]+)$/.exec(citation.url || "");
  if (!isDocument && page) {
    preview.appendChild(el("p", { className: "kw-units-title" }, T.responsible));
    const slot = el("p", { className: "kw-preview-meta" }, T.unitsLoading);
    preview.appendChild(slot);
    ctx.net.project(decodeURIComponent(page[1])).then(
      (project) => showUnits(slot, project),
      () => { slot.textContent = T.unitsFailed; }
    );
  }
  const link = el("a", {
    className: "kw-open-page", href: pageUrl(citation.url, ctx.endpoint),
    target: "_blank", rel: "noopener"
  }, (isDocument ? T.openDocument : T.openProject) + T.newTab);
  const p = el("p");
  p.appendChild(link);
  preview.appendChild(p);
}

/* `ctx`: { endpoint, net }. */
export function addCitations(msg, citations, ctx) {
  if (!citations || !citations.length) {
    return;
  }
  const box = el("div", { className: "kw-sources" });
  box.appendChild(el("p", { className: "kw-sources-title" }, T.sources));
  const list = el("ul", { className: "kw-chips" });
  const id = "kw-preview-" + (++previews);
  const preview = el("div", { className: "kw-preview", id: id });
  preview.hidden = true;
  const chips = [];
  for (const citation of citations) {
    const chip = el("button", {
      type: "button", className: "kw-chip", "aria-expanded": "false",
      "aria-controls": id, "data-project": citation.id
    });
    chip.appendChild(el("span", { className: "kw-chip-label" }, citation.label));
    chip.appendChild(document.createTextNode(" "));
    chip.appendChild(el("span", { className: "kw-chip-title" }, citation.title));
    chip.addEventListener("click", () => {
      const wasOpen = chip.getAttribute("aria-expanded") === "true";
      chips.forEach((other) => other.setAttribute("aria-expanded", "false"));
      preview.hidden = wasOpen;
      if (!wasOpen) {
        chip.setAttribute("aria-expanded", "true");
        fillPreview(preview, citation, ctx);
      }
    });
    chips.push(chip);
    const li = el("li");
    li.appendChild(chip);
    list.appendChild(li);
  }
  box.appendChild(list);
  box.appendChild(preview);
  msg.appendChild(box);
}

/* Pages that show more than the answer (the Zeitstrahl for a question about time): plain
   links to our own pages, opened in a new tab so the conversation stays. */
export function addLinks(msg, links, endpoint) {
  const own = (links || []).filter((link) => /^\//.test(link.url));
  if (!own.length) {
    return;
  }
  const p = el("p", { className: "kw-links" });
  own.forEach((link, i) => {
    if (i) {
      p.appendChild(document.createTextNode(" · "));
    }
    p.appendChild(el("a", { href: endpoint + link.url, target: "_blank", rel: "noopener" },
      link.label));
  });
  msg.appendChild(p);
}
