/* Katalog-Assistent widget: the German texts and the one way elements are made.
   Every text is set through textContent, never as HTML. */

export const EXAMPLES = [
  "Wer ist für E-Payment zuständig?",
  "Wann wird das Handyparken umgesetzt?",
  "Welche Maßnahmen gehören zu Open Data?"
];

export const T = {
  region: "Katalog-Assistent",
  open: "Fragen zum Maßnahmenkatalog",
  close: "Assistent schließen",
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
  unsent: "Die Frage konnte nicht gesendet werden, weil der Assistent gerade nicht " +
    "erreichbar ist. Sie steht noch im Eingabefeld.",
  retry: "Erneut senden",
  refused: "Der Assistent ist für diese Seite noch nicht freigeschaltet: Die Adresse " +
    "dieser Seite fehlt in seiner Konfiguration. Bitte informieren Sie die Redaktion " +
    "der Seite.",
  reset: "Neues Gespräch",
  log: "Gesprächsverlauf",
  quote: "Zitiert aus dem Maßnahmenkatalog:",
  quoteDocument: "Zitiert aus dem Dokument:",
  responsible: "Zuständig:",
  unitsLoading: "Zuständigkeit wird geladen …",
  unitsFailed: "Die Zuständigkeit konnte gerade nicht geladen werden.",
  openProject: "Ganze Projektseite öffnen",
  openDocument: "Ganzes Dokument öffnen",
  newTab: " (neuer Tab)"
};

/* The notice under the panel's title names the edition the assistant answers from
   ("3. Fortschreibung"), once it is known. */
export function notice(edition) {
  return "Die Antworten stammen aus dem Maßnahmenkatalog Digitalisierung " +
    (edition ? "(" + edition + ") " : "") + "der Stadt Kleve. Sie können unvollständig " +
    "sein und ersetzen keine verbindliche Auskunft der Verwaltung.";
}

/* The message for the host page's web team when its origin is not allowed by CORS. */
export function refusedLog(origin, endpoint) {
  return "Katalog-Assistent: Diese Seite (Origin " + origin + ") darf den Assistenten unter " +
    endpoint + " nicht abfragen. Tragen Sie " + origin + " in KATALOG_CORS_ORIGINS des " +
    "Assistenten ein (mehrere Origins durch Komma getrennt), z. B. KATALOG_CORS_ORIGINS=" +
    origin + ", und starten Sie den Dienst neu.";
}

/* Build an element; `text` is always set through textContent. */
export function el(tag, attrs, text) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key === "className") {
      node.className = value;
    } else {
      node.setAttribute(key, value);
    }
  }
  if (text !== undefined && text !== null) {
    node.textContent = text;
  }
  return node;
}

/* A thumbs-up icon (Material Icons, Apache 2.0); CSS turns it over for "no". */
export function thumb(className) {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  svg.setAttribute("class", className);
  const path = document.createElementNS(ns, "path");
  path.setAttribute("d", "M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-" +
    ".17-.79-.44-1.06L14.17 1 7.59 7.59C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-" +
    ".5 1.84-1.22l3.02-7.05c.09-.23.14-.47.14-.73v-2z");
  path.setAttribute("fill", "currentColor");
  svg.appendChild(path);
  return svg;
}
