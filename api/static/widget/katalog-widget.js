/*
 * Katalog-Assistent – Widget für Webseiten der Stadt Kleve.
 *
 * Einbinden mit einem einzigen Tag:
 *   <script src="https://assistent.example/widget/katalog-widget.js"
 *           data-endpoint="https://assistent.example" data-title="Fragen zum Maßnahmenkatalog"
 *           defer></script>
 * data-edition ("3. Fortschreibung") is optional: the service's own pages set it; without it
 * the widget asks the assistant (/api/editions) when the panel is first opened.
 *
 * This classic script only reads its tag's attributes (document.currentScript exists for
 * classic scripts alone) and imports the widget's ES modules from the same folder of the
 * assistant's origin: no build step, no CDN, no globals on the host page. The modules:
 *   kw-panel.mjs    shadow root, launcher, panel (modal on small screens), focus, Escape
 *   kw-chat.mjs     the conversation: sending, streaming, retry, live announcements
 *   kw-sources.mjs  citations and their preview, links to our own pages
 *   kw-net.mjs      requests, Server-Sent Events, the CORS check, sessionStorage
 *   kw-dom.mjs      German texts, element construction (textContent only)
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || !script.src || !Element.prototype.attachShadow) {
    return;
  }
  var base = new URL(script.src, window.location.href);
  // Served under a path prefix (/katalog/widget/…), the API lives under that prefix too.
  var endpoint = script.getAttribute("data-endpoint") || new URL("..", base).href;
  import(new URL("kw-panel.mjs", base).href).then(function (widget) {
    widget.start({
      endpoint: endpoint.replace(/\/+$/, ""),
      title: script.getAttribute("data-title") || "",
      edition: script.getAttribute("data-edition") || "",
      stylesheet: new URL("katalog-widget.css", base).href
    });
  }, function (error) {
    console.error("Katalog-Assistent: Das Widget konnte nicht geladen werden. Erlaubt die " +
      "Content-Security-Policy dieser Seite script-src für " + base.origin + "?", error);
  });
})();
