"""A question that names an earlier edition is answered from it.

"Wer ist laut der 2. Fortschreibung für E-Payment zuständig?" with the 3. Fortschreibung
loaded as well is answered from the 2.; naming an earlier edition that is not loaded ("in der
1. Fortschreibung"), the answer says so and comes from the newest. Which questions name an
edition is the rule ``ausgabe-genannt`` (``assistant/data/rules.toml``); what changed between
editions, and editions not yet published, stay with ``assistant.changes``.

The earlier edition is answered by an assistant of its own over that edition's records and
data file. Its retriever is the newest edition's index read through the match of the two
editions (``corpus.diff.match``): the hits and evidence units of the projects both hold, under
the earlier edition's ids. Its citations link to the newest edition's page of the same project
(the only project pages there are), or to ``/aenderungen`` for a project since removed.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from assistant.changes import named_editions
from assistant.rules import decide
from corpus.diff import match
from corpus.editions import Edition, edition_name
from corpus.models import Catalogue

if TYPE_CHECKING:
    from assistant.router import Draft
    from assistant.service import Assistant
    from assistant.session import SessionState
    from assistant.understand import Understanding


class EarlierIndex:
    """The newest edition's index, read for an earlier edition (see the module docstring)."""

    def __init__(self, index: Any, earlier: Catalogue, newest: Catalogue) -> None:
        self.index = index
        self.catalogue = earlier
        self.embedder = getattr(index, "embedder", None)
        pairs = match(earlier, newest)
        self.to_earlier = {new.id: old.id for old, new in pairs}
        self.to_newest = {old.id: new.id for old, new in pairs}

    def search(self, query: str, k: int = 10, where: dict | None = None) -> list:
        hits = self.index.search(query, k=k, where=where)
        return [replace(h, id=self.to_earlier[h.id]) for h in hits if h.id in self.to_earlier]

    def unit_similarities(self, query: str, project_ids) -> list:
        """The newest edition's unit vectors for the units both editions print alike."""
        similarities = getattr(self.index, "unit_similarities", None)
        ids = [i for i in project_ids if i in self.to_newest]
        if similarities is None or not ids:
            return []
        from index.units import record_units

        newest = [self.to_newest[i] for i in ids]
        found = {(u.project_id, u.text): c for u, c in similarities(query, newest)}
        return [
            (unit, found[(self.to_newest[pid], unit.text)])
            for pid in ids
            for unit in record_units(self.catalogue[pid])
            if (self.to_newest[pid], unit.text) in found
        ]

    def warm_up(self) -> None:
        pass


class EarlierEditions:
    """Picks the edition a question names; one assistant per earlier edition, built when
    first asked for."""

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant
        self._built: dict[int, Assistant] = {}
        self._lock = threading.Lock()

    def choose(self, u: Understanding) -> tuple[Assistant, str]:
        """The assistant to answer with, and the sentence the answer opens with ("" for none)."""
        a = self.assistant
        rule = decide(u.question, "change")
        if rule is None or rule.value != "ausgabe":
            return a, ""
        newest = a.editions.newest
        named = [n for n in named_editions(u.folded) if n > 0]
        earlier = sorted({n for n in named if n < newest.number})
        if len(earlier) != 1 or max(named) > newest.number:  # a later one: assistant.changes
            return a, ""
        edition = a.editions.find(earlier[0])
        if edition is None:
            missing = edition_name(earlier[0])
            return a, f"Die {missing} liegt mir nicht vor; ich antworte aus der {newest.name}."
        lead = f"Ich antworte aus der {edition.name}; die neueste Ausgabe ist die {newest.name}."
        return self._assistant(edition), lead

    def answer(
        self, u: Understanding, audience: str, state: SessionState, docs: Any
    ) -> tuple[Draft, Understanding]:
        """The draft from the edition the question names (the newest by default)."""
        from assistant.router import Context, route

        answering, lead = self.choose(u)
        if answering is self.assistant:
            draft = route(u, Context(answering, u, audience, state, docs))
        else:
            u = answering.understand(u.question)
            draft = self._relinked(answering, route(u, Context(answering, u, audience, state)))
        if lead:
            draft = replace(draft, body=f"{lead} {draft.body}")
        return draft, u

    def _assistant(self, edition: Edition) -> Assistant:
        with self._lock:
            if edition.number not in self._built:
                from assistant.service import Assistant

                a = self.assistant
                index = EarlierIndex(a.index, edition.catalogue, a.catalogue)
                self._built[edition.number] = Assistant(
                    edition.catalogue, index, a.settings, editions=a.editions
                )
            return self._built[edition.number]

    def _relinked(self, answering: Assistant, draft: Draft) -> Draft:
        """Citations link to the newest edition's pages; the session and the Zeitstrahl get
        the newest edition's projects."""
        to_newest = answering.index.to_newest
        newest = self.assistant.catalogue
        citations = [
            c.model_copy(update={"url": _page(c.id, to_newest)}) if c.kind == "projekt" else c
            for c in draft.citations
        ]
        used = tuple(newest[to_newest[p.id]] for p in draft.used if p.id in to_newest)
        return replace(draft, citations=citations, used=used)


def _page(project_id: str, to_newest: dict[str, str]) -> str:
    if project_id in to_newest:
        return f"/projekte/{to_newest[project_id]}"
    return "/aenderungen"  # removed since: listed there with its old number
