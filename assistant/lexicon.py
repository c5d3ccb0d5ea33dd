"""The words people use for projects, units and facts the catalogue does not hold.

All patterns apply to folded text (see ``assistant.text.fold``): lower case, no umlauts,
"ae"/"oe"/"ue" read as "a"/"o"/"u". Aliases name a project by what it is about; titles are
added from the records themselves, so a new edition needs no change here unless people use new
words for it.
"""

from __future__ import annotations

import re

from assistant.text import content_stems, fold, fre

# Phrases that name one project (or the twin projects of the two Wirkungsbereiche).
ALIASES: dict[str, tuple[str, ...]] = {
    "DV-1.1": ("digitalisierungsstrategie", "digitalstrategie"),
    "DV-1.2": ("smart city strategie", "smart-city-strategie", "smartcity strategie"),
    "DV-1.3": (
        "fordermoglichkeit",
        "fordermoglichkeiten",
        "forderantrag",
        "forderantrage",
        "forderprogramme",
        "fordermittel beantragen",
    ),
    "DV-1.4": ("digitale infrastruktur", "digitaler infrastruktur", "mobilfunk", "5g"),
    "DV-2.1": (
        "dms",
        "e-akte",
        "eakte",
        "elektronische akte",
        "elektronischen akte",
        "digitale akte",
        "dokumentenmanagement",
        "dokumentenmanagementsystem",
    ),
    "DV-2.2": (
        "prozessmanagement",
        "prozessaufnahme",
        "ozg-prozessaufnahme",
        "picture",
        "prozessplattform",
    ),
    "DV-2.3": (
        "mobile office",
        "homeoffice",
        "home office",
        "home-office",
        "mobiles arbeiten",
        "telearbeit",
        "von zuhause arbeiten",
        "von zu hause arbeiten",
    ),
    "DV-2.4": ("projektmanagement", "projektplanungstool", "projektplanungstools"),
    "DV-2.5": (
        "e-rechnung",
        "e-rechnungen",
        "erechnung",
        "xrechnung",
        "e-rechnungsworkflow",
        "rechnungsworkflow",
        "elektronische rechnungen",
        "xsuite",
    ),
    "DV-2.6": ("workflowmanagement", "via-workflows", "workflowverfahren"),
    "DV-2.7": ("wissensmanagement", "wissensverlust"),
    "DV-2.8": ("egov-basisstruktur", "basisstruktur", "organisationsdatenbank"),
    "DV-2.9": ("intranet", "social intranet"),
    "DV-2.10": ("interne kommunikation", "kommunikation intern", "digitale interne kommunikation"),
    "DV-3.1": ("projektmarketing", "newsletter"),
    "DV-3.2": ("krisenmanagement", "feedback-system", "feedbacksystem", "feedback-plattform"),
    "DV-3.3": ("ideenplattform", "ideenmanagement"),
    "DV-3.4": ("fuhrungsebene", "fuhrungskrafte"),
    "DV-3.5": ("quick wins", "quick-wins", "zwischenerfolge"),
    "DV-3.6": ("digitalisierungsberatung",),
    "DV-3.7": ("schulungsprogramme", "interne schulungen", "schulungen fur mitarbeitende"),
    "DV-3.8": ("informationsprogramme", "informationsveranstaltungen"),
    "DS-1.1": (
        "homepage",
        "internetseite",
        "internetseiten",
        "webseite",
        "website",
        "internetauftritt",
        "kleve.de",
        "relaunch",
    ),
    "DS-1.2": ("social media", "facebook", "instagram", "soziale medien", "sozialen medien"),
    "DS-1.3": ("ozg", "onlinezugangsgesetz", "online-zugangsgesetz", "ozg-umsetzung"),
    "DS-1.4": ("ratsarbeit", "ratsmitglieder", "sd.net", "ratsprogramm", "ratsinformationssystem"),
    "DS-1.5": ("externe kommunikation", "kommunikation extern", "de-mail"),
    "DS-1.6": ("burgerburo", "digitales burgerburo", "anwohnerparkausweis"),
    "DS-1.7": ("formularwesen", "online-formulare", "onlineformulare", "formularmanagement"),
    "DS-1.8": (
        "e-payment",
        "epayment",
        "elektronisches bezahlen",
        "elektronische bezahlung",
        "online bezahlen",
        "bezahlen online",
        "digitales bezahlen",
        "online-bezahlung",
        "elektronisch bezahlen",
        "online zahlen",
        "bezahlmoglichkeiten",
    ),
    "DS-2.0": (
        "smart city charta",
        "smart-city-charta",
        "smart-city-konzept",
        "smart city konzept",
    ),
    "DS-2.1": (
        "schulen",
        "schule",
        "schul-digitalisierung",
        "schuldigitalisierung",
        "digitalisierung von schulen",
        "bildung",
    ),
    "DS-2.3": ("open data", "offene daten", "offenen daten", "datenportal", "open government"),
    "DS-2.5": (
        "handyparken",
        "handy-parken",
        "parkticket per app",
        "parken per app",
        "parkschein per app",
        "parkschein per handy",
        "parkticket",
        "parkschein",
    ),
    "DS-2.6": ("lorawan", "lora", "sensornetz", "iot", "sensoren", "lorawan-sensoren"),
    "DS-3.1": ("transparenz", "transparenter"),
    "DS-3.2": (
        "beteiligungsplattform",
        "online-beteiligungsplattform",
        "burgerbeteiligung",
        "online-burgerbeteiligung",
        "online-beteiligung",
    ),
    "DS-3.3": (
        "digitalisierungskurse",
        "digitalkurse",
        "computerkurse",
        "digitalisierungskurs",
        "digitalisierungs-curriculum",
    ),
    "DS-3.4": (
        "digitalisierungsinitiativen",
        "digitalisierungsinitiative",
        "kaffee digital",
        "fit4internet",
    ),
    "DS-3.5": ("barrierefreiheit", "barrierefrei", "behinderung", "behinderungen", "bitv"),
}

# Everyday words that usually, but not always, mean one project.
_WEAK = (
    "homepage internetseite internetseiten webseite website internetauftritt schule schulen"
    " bildung intranet sensoren transparenz transparenter newsletter behinderung"
    " behinderungen barrierefrei iot lora ratsmitglieder parkticket parkschein datenportal"
    " mobilfunk 5g relaunch facebook instagram"
)
WEAK_ALIASES = frozenset(fold(w) for w in _WEAK.split())

# Topics that two projects share on purpose (one in each Wirkungsbereich): answer from both.
TWINS: dict[str, tuple[str, ...]] = {
    "wlan": ("DV-1.5", "DS-2.4"),
    "hotspot": ("DV-1.5", "DS-2.4"),
    "hotspots": ("DV-1.5", "DS-2.4"),
    "wifi": ("DV-1.5", "DS-2.4"),
    "wlan-hotspots": ("DV-1.5", "DS-2.4"),
    "glasfaser": ("DS-2.2", "DV-1.4"),
    "breitband": ("DS-2.2", "DV-1.4"),
    "glasfaserausbau": ("DS-2.2", "DV-1.4"),
    "glasfasernetz": ("DS-2.2", "DV-1.4"),
    "breitbandausbau": ("DS-2.2", "DV-1.4"),
}
ALIASES = {pid: tuple(fold(a) for a in names) for pid, names in ALIASES.items()}
TWINS = {fold(k): v for k, v in TWINS.items()}
TWIN_PAIRS = (("DV-1.5", "DS-2.4"), ("DV-1.4", "DS-2.2"))

# Responsible units people name, mapped to the printed unit (or a prefix for Fachbereiche).
BODY_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (fre(p), unit)
    for p, unit in (
        (r"\bwtm\b", "WTM Kleve GmbH"),
        (r"\bkreis(es)? kleve\b|\bkreis\b", "Kreis Kleve"),
        (r"\bvolkshochschule\b|\bvhs\b", "Volkshochschule Kleve"),
        (r"\bstadtwerke\b", "Stadtwerke Kleve GmbH"),
        (r"\bumweltbetriebe?\b|\busk\b", "Umweltbetriebe der Stadt Kleve AöR"),
        (r"\bklimaschutzmanage\w*", "Klimaschutzmanager"),
        (r"\bgebaudemanagement\b", "Gebäudemanagement der Stadt Kleve"),
        (r"\bverwaltungsvorstand\b", "Verwaltungsvorstand"),
        (r"\bdezernats\w*|\bfachbereichsleitung\w*", "alle Dezernats- und Fachbereichsleitungen"),
        (r"\balle mitarbeitende\w*", "alle Mitarbeitenden"),
    )
)

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
            r"|\bnachname\b|\bwie hei(ss|s)t (die|der) (leiter|chef|person|mitarbeiter|ansprech)"
            # "Wie heißt der Klimaschutzmanager …?": a role noun asks for a person's name.
            r"|\bwie hei(ss|s)(t|en) (die|der|unser\w*)( \w+)? \w*(manager|beauftragt|leiter"
            r"|koordinator|referent|sprecher|berater|dezernent|ansprechpart)\w*"
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
            r"|\bspeicher(t|n)\b|\bloschfrist\w*|\bmeine[nrms]? \w*daten\b"
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
            r"|\bkaum (jemand|einer|genutzt)\b|\bniemand\b",
        ),
        (
            # What later editions will hold: this is the second Fortschreibung.
            "zukunft",
            r"\b(dritte[nmrs]?|vierte[nmrs]?|3\.) fortschreibung\b|\bnach 2030\b"
            r"|\b(welche|was)\b.*\b(nachste[nmrs]?|kommende[nmrs]?) fortschreibung\b",
        ),
        (
            "stand",
            r"\bsachstand (bei|beim|von|vom|zu|zum|zur|der|des)\b|\baktuelle[nr]? stand\b"
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
            "ort",
            r"\b(goch|emmerich|kalkar|bedburg-hau|kranenburg|geldern|kevelaer|wesel|rees"
            r"|udem|weeze|straelen|duisburg|dusseldorf|koln|krefeld|moers|munster|berlin"
            r"|hamburg|munchen|bonn|aachen|dortmund|bochum|nijmegen|nimwegen|amsterdam|xanten"
            r"|venlo|arnheim|arnhem|oberhausen|mulheim|gelsenkirchen|bielefeld|stuttgart"
            r"|frankfurt|hannover|leipzig|dresden|bremen|nurnberg|kempen|viersen|neuss"
            r"|monchengladbach|wuppertal|solingen|hamminkeln|bocholt|kamp-lintfort|isselburg)\b"
            r"|\bandere(n)? (stadte|kommunen|gemeinden)\b|\bnachbarstadt\w*|\bnachbarkommune\w*",
        ),
    )
)
# "wie viele ..." is answerable only where the catalogue prints a number for that noun.
QUANTITY = fre(r"\bwie viele?\b|\banzahl\b|\bwie hoch\b")
QUANTITY_ANSWERABLE = fre(
    r"\bwie viele? (projekte|digitalisierungsprojekte|vorhaben|massnahmen|einzelmassnahmen"
    r"|aktionsfelder|themenfelder|handlungsfelder|wirkungsbereiche|smart-city-aktionsfelder)\b"
)

# Plain-language spelling of abbreviations for citizens, on first use.
ABBREVIATIONS = {
    "OZG": "Onlinezugangsgesetz",
    "DMS": "Dokumentenmanagementsystem",
    "APD": "Ausschuss für Personal und Digitalisierung",
    "KRZN": "Kommunales Rechenzentrum Niederrhein",
    "LeiKa": "Leistungskatalog der öffentlichen Verwaltung",
}

# "Welche Software / Mit welcher App …?" asks for a product by name. The catalogue names one
# where it has one ("Software (PICTURE)", "Anwendung SD.NET", "XSuite Invoice"); a record
# without any name does not answer. Stems of those nouns, and abbreviations that name no
# product.
ARTEFACTS = frozenset(
    {"softwar", "app", "smartphon", "anwend", "programm", "tool", "plattform", "system"}
    | {"produkt", "losung", "portal", "messeng", "dienst", "technik", "technologi", "cms"}
    # vendors: "Welche Glasfaseranbieter …?", "Welche Firma …?"
    | {"anbiet", "herstell", "firma", "dienstleist"}
)
# Kinds of rules: "Welche Vorschrift gilt …?" is answered by the rule's name ("BitV NRW"),
# which may be an abbreviation that names no product.
RULE_KINDS = frozenset(
    content_stems("vorschrift verordnung richtlinie gesetz norm regelung rechtsgrundlage")
)
NOT_NAMES = frozenset(
    {"OZG", "WLAN", "LAN", "IT", "EDV", "NRW", "PDF", "IoT", "DE", "GmbH", "BitV", "BMI"}
    | {"BMUB", "USK", "APD", "DMS", "CMS", "eGov", "ePayment", "iPad", "iPads", "eID", "LeiKa"}
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
