"""The words for facts the catalogue does not hold, and for kinds of things it names.

All patterns apply to folded text (see ``assistant.text.fold``): lower case, no umlauts,
"ae"/"oe"/"ue" read as "a"/"o"/"u". What belongs to this city and edition (the words people use
for its projects, the projects two Wirkungsbereiche share, its bodies and abbreviations) is in
the edition's data file beside the catalogue (``corpus.knowledge``, ``Catalogue.knowledge``).
"""

from __future__ import annotations

import re

from assistant.text import content_stems, fre

# Facts the catalogue does not hold; a question asking for one is answered by abstaining.
UNANSWERABLE: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (reason, fre(p))
    for reason, p in (
        (
            "kosten",
            r"\b(ge)?kost(e|et|en|eten)\b|\w+kosten\b|\bteuer\w*|\w*budget\w*|\w*preis(e|en)?\b"
            # "Wie bezahle ich Gebühren online?" is about paying, "Welche Gebühr …?" is not.
            r"|\bwelche\w* \w*gebuhr\w*|^(?!.*\b(bezahl|zahl|begleich|entricht)\w*).*gebuhr"
            r"|\beuro\b|\bfinanzier\w*|\b(?!kleingeld|bargeld)\w*geld(er|ern)?\b|\bausgaben\b"
            r"|\w*betrag\b|\binvestition\w*|\bhaushaltsmittel\b|\bwas zahle\b|\bzahlen muss\b"
            # "Was muss ich zahlen, wenn …?", "Muss man dafür was zahlen?"
            r"|\b(muss|mussen|soll) (ich|man|wir)\b(\s+\w+){0,3}\s+zahlen\b",
        ),
        (
            "person",
            r"\bleiter(in|innen)?\b|\bchef(in)?\b|\bburgermeister\w*|\bvorname\b"
            r"|\bnachname\b"
            r"|\bwie hei(ss|s)t (die|der) (leiter|leitung|chef|person|mitarbeiter|ansprech)"
            # "Wie heißt der Klimaschutzmanager …?": a role noun asks for a person's name.
            r"|\bwie hei(ss|s)(t|en) (die|der|unser\w*)( \w+)? \w*(manager|beauftragt|leiter"
            r"|koordinator|referent|sprecher|berater|dezernent|ansprechpart|leitung)\w*"
            # "Wer ist der Digitalisierungsbeauftragte?" asks for a person, not a unit.
            r"|\bwer ist (die|der|unser\w*)( \w+)? \w*(manager|beauftragt|leiter|koordinator"
            r"|referent|sprecher|dezernent)\w*"
            r"|\bwelche person\b|\bname (der|des|von)\b|\bnamen (der|des|von)\b"
            r"|\bmit namen?\b|\bnamentlich\w*",
        ),
        (
            "kontakt",
            r"\btelefon\w*|\bdurchwahl\b|\bmail-?adresse\b|\be-?mail-?adresse\b"
            r"|\bfaxnummer\b|\banschrift\b|\b\w*adresse\b|\bhotline\w*|\brufnummer\w*"
            r"|\b(wie lautet|welche)\b.*\be-?mail\b|\bpostfach\w*|\bwohin (schick|wend|meld)\w*"
            # "Wo finde ich das Bürgerbüro?": where an office is, its address.
            r"|\bwo (ist|sind|befindet sich|befinden sich|liegt|finde ich) (das|der|die|den)"
            r" (\w+ )?(\w*buro|\w*amt|rathaus|stadthaus|\w*verwaltung|\w*stelle|\w*zentrum)\b"
            # "Wie erreiche ich die 10.1 am schnellsten?": a channel, not a unit.
            r"|\bwie erreich\w* (ich|man)\b|\bwie (kann|konnen) (ich|man|wir) \S+ erreichen\b",
        ),
        (
            "oeffnungszeiten",
            r"\boffnungszeit\w*|\bgeoffnet\b|\bsprechzeit\w*|\bsprechstunde\w*"
            # "Wann hat das Bürgerbüro offen?"
            r"|\boffen hat\b|\bwann\b.*\berreichbar\b|\bwann (hat|haben)\b.*\boffen\b"
            r"|\b(samstag|sonntag|feiertag|wochenend)\w*"
            r"|\boffnet\b|\bmorgens\b|\babends\b|\buhrzeit\w*|\bum wie ?viel uhr\b",
        ),
        (
            "anbieter",
            r"\banbieter\w*|\bfirma\b|\bfirmen\b|\bdienstleister\w*|\bhersteller\w*"
            r"|\bwelches unternehmen\b|\bwelche unternehmen\b"
            r"|\bwer hat\b.*\b(erfunden|entwickelt|programmiert|geliefert|installiert)\b",
        ),
        ("zugang", r"\bpasswort\w*|\bkennwort\w*|\bzugangsdaten\b|\bpin\b"),
        (
            # How personal data is handled: the catalogue names the Datenschutzbeauftragte
            # as a party of the DMS rollout, nothing more.
            "datenschutz",
            # "gesichert" only for data: "Wie soll das Wissen gesichert werden?" is DV 2.7.
            r"\bdatenschutz(?!beauftragt)\w*|\bdsgvo\b|\b(gespeichert|geloscht)\b"
            r"|\bdaten\b.*\bgesichert\b|\bgesichert\b.*\bdaten\b"
            r"|\bspeicher(t|n)\b|\bloschfrist\w*"
            # "meine Zahlungsdaten", not "meine Daten" (Open Data says which data it excludes)
            r"|\bmeine[nrms]? \w+daten\b"
            r"|\bkreditkart\w*|\b(bank|konto)daten\b",
        ),
        (
            # Speeds, and faults ("Warum ist das WLAN so langsam?", "… funktioniert nicht").
            "technik",
            r"\bwie schnell\b|\bmbit\w*|\bgbit\w*|\bdownloadrate\b|\blangsam\w*|\bstorung\w*"
            r"|\bausgefallen\b|\bfunktioniert nicht\b|\bgeht nicht\b|\bkaputt\b"
            r"|\b(warum|wieso|weshalb) dauert\b.*\b(so|zu) lange?\b",
        ),
        (
            "praemisse",
            r"\b(abgeschafft|eingestellt|gestoppt|gestrichen|abgebrochen|aufgegeben"
            r"|gescheitert|abgesagt|verworfen|eingestampft|abgeschaltet)\b"
            # "Warum hat Kleve kein Handyparken?": the catalogue plans what is denied.
            r"|\b(warum|wieso|weshalb) (hat|haben|gibt es|gibts|bietet) (\w+ ){0,3}kein\w*\b",
        ),
        (
            # How well a project works or worked out: the catalogue plans, it does not judge.
            "bewertung",
            # "bewährt" folds to "bewahrt": only "hat sich … bewährt", not "Wissen bewahrt".
            r"\bsich\b.*\bbewahrt\b|\bgelohnt\b|\bzufrieden\w*|\berfolgreich\b|\bbilanz\w*"
            r"|\berhofft\w*|\bwie (kommen|kommt)\b.*\bklar\b|\bwie gut\b"
            r"|\bkritik\w*|\bbeschwerden?\b|\bbewertet\b|\bnicht (geklappt|funktioniert)\b"
            r"|\bniemand\b",
        ),
        (
            # What later editions will hold. An edition after the loaded one ("die dritte
            # Fortschreibung" of the second) and a year after the plan are told by
            # ``UnknownDetails``, from the records.
            "zukunft",
            r"\b(welche|was)\b.*\b(nachste[nmrs]?|kommende[nmrs]?) fortschreibung\b",
        ),
        (
            "stand",
            r"\bsachstand (bei|beim|von|vom|zu|zum|zur|der|des)\b"
            r"|\bwie weit ist\b|\bstand der umsetzung\b|\bwie ist der stand\b"
            r"|\b(schon|bereits|aktuell|derzeit|jetzt|noch)\b.*\bin betrieb\b"
            r"|\b(schon|bereits|inzwischen|mittlerweile|jetzt)\b.*\b(fertig|umgesetzt|eingefuhrt"
            r"|abgeschlossen|uberall|flachendeckend|erledigt|im einsatz)\b",
        ),
        (
            "termin",
            r"\bnachste[nrs]? (\w+ )?\w*(sitzung|termin|veranstaltung|ausschuss|treffen|schulung"
            r"|kurs|workshop)\w*|\bwann tagt\b"
            r"|\bsitzungstermin\w*",
        ),
        (
            # Other towns by name are the edition's data (``other_places``, ``UnknownDetails``).
            "ort",
            r"\bandere(n)? (stadte|kommunen|gemeinden)\b|\bnachbarstadt\w*",
        ),
    )
)
# "wie viele ..." is answerable only where the catalogue prints a number for that noun.
# "wieviele" is written as one word as often as not.
QUANTITY = fre(r"\bwie ?viele?\b|\banzahl\b|\bwie hoch\b")
QUANTITY_ANSWERABLE = fre(
    r"\bwie ?viele? (projekte|digitalisierungsprojekte|vorhaben|massnahmen|einzelmassnahmen"
    r"|aktionsfelder|themenfelder|handlungsfelder|wirkungsbereiche|smart-city-aktionsfelder)\b"
)

# "Welche Software / Mit welcher App …?" asks for a product by name. The catalogue names one
# where it has one ("Software (PICTURE)", "Anwendung SD.NET", "XSuite Invoice"); a record
# without any name does not answer. Stems of those nouns, and abbreviations that name no
# product.
ARTEFACTS = frozenset(
    {"softwar", "app", "smartphon", "anwend", "programm", "tool", "plattform", "system"}
    | {"produkt", "losung", "portal", "messeng", "dienst", "technik", "technologi", "cms"}
    # vendors: "Welche Glasfaseranbieter …?", "Welche Firma …?"
    | {"anbiet", "herstell", "firma", "dienstleist"}
    # a device's make: "Welche Marke / welches Modell haben die Tablets?"
    | {"mark", "modell"}
)
# Kinds of rules: "Welche Vorschrift gilt …?" is answered by the rule's name ("BitV NRW"),
# which may be an abbreviation that names no product.
RULE_KINDS = frozenset(
    content_stems("vorschrift verordnung richtlinie gesetz norm regelung rechtsgrundlage")
)
# The short names of the edition's bodies and committee ("APD") name no product either
# (``Knowledge.short_names``).
NOT_NAMES = frozenset(
    {"OZG", "WLAN", "LAN", "IT", "EDV", "NRW", "PDF", "IoT", "DE", "GmbH", "BitV", "BMI"}
    | {"BMUB", "DMS", "CMS", "eGov", "ePayment", "iPad", "iPads", "eID", "LeiKa"}
)

# Words that carry the question type but no topic; removed before looking for a topic.
CUE_WORDS = set(
    content_stems(
        "zuständig zuständigkeit verantwortlich kümmert ansprechpartner wann bis ab seit zeitraum"
        " zeitplan zeitrahmen lange läuft laufen dauer startet beginnt fertig abgeschlossen"
        " maßnahmen einzelmaßnahmen schritte konkret geplant vorgesehen passiert worum warum"
        " wozu unterschied vergleich eher früher zuerst welche welcher liste alle überall"
        " beteiligt dabei stelle abteilung abteilungen fachbereich wer was wie gibt es läuft"
        " kommt kommen umgesetzt umsetzung eingeführt einführung soll sollen wird enddatum"
        " handlungsfeld handlungsfelder themenfeld themenfelder"
    )
)
