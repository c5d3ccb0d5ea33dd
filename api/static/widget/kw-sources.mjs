/* Katalog-Assistent widget: the sources of an answer, as links to their pages. */

import { T, el } from "./kw-dom.mjs";

function pageUrl(url, endpoint) {
  return /^https?:/.test(url) ? url : endpoint + url;
}

export function addCitations(msg, citations, endpoint) {
  if (!citations || !citations.length) {
    return;
  }
  const box = el("div", { className: "kw-sources" });
  box.appendChild(el("p", { className: "kw-sources-title" }, T.sources));
  const list = el("ul", { className: "kw-chips" });
  for (const citation of citations) {
    const chip = el("a", {
      className: "kw-chip", href: pageUrl(citation.url, endpoint), "data-project": citation.id
    });
    chip.appendChild(el("span", { className: "kw-chip-label" }, citation.label));
    chip.appendChild(document.createTextNode(" "));
    chip.appendChild(el("span", { className: "kw-chip-title" }, citation.title));
    if (citation.quote) {
      chip.setAttribute("title", citation.quote);
    }
    const li = el("li");
    li.appendChild(chip);
    list.appendChild(li);
  }
  box.appendChild(list);
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
