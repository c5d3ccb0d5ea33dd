"""Domain errors. Each carries a German message for users; edges translate them once."""

from __future__ import annotations


class KatalogError(Exception):
    """Base of all domain errors; ``message`` is German and names the bad value and the fix."""

    code = "katalog_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UnknownProjectError(KatalogError):
    code = "unknown_project"


class AmbiguousProjectError(KatalogError):
    code = "ambiguous_project"

    def __init__(self, message: str, candidates: list[str]) -> None:
        super().__init__(message)
        self.candidates = candidates


class CorpusError(KatalogError):
    """The catalogue document cannot be read or parsed."""

    code = "corpus_error"


class EditionKnowledgeError(CorpusError):
    """The edition's data file (``<catalogue>.edition.toml``) is malformed or names a title,
    body or Aktionsfeld the edition does not print."""

    code = "edition_knowledge"


class UnknownEditionError(KatalogError):
    """An edition of the catalogue (a Fortschreibung) that is not loaded."""

    code = "unknown_edition"


class IndexNotBuiltError(KatalogError):
    code = "index_missing"


class InvalidQuestionError(KatalogError):
    code = "invalid_question"


class DocumentError(KatalogError):
    """An uploaded document is empty, corrupt, protected or of an unsupported type."""

    code = "invalid_document"


class UnknownDocumentError(DocumentError):
    code = "unknown_document"
