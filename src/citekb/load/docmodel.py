"""The parsed document: its references, its in-text citations, and the problems met reading it."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from ..checks.diagnostic import Diagnostic
from ..model import Location, Work
from .refparse import Signals


@dataclass(frozen=True)
class Reference:
    """One entry of the document's bibliography."""

    id: str
    location: Location
    signals: Signals
    work: Work | None = None  # set when the reference came from BibTeX

    @property
    def label(self) -> str:
        return f"[{self.id}]" if self.id.isdigit() else f"'{self.id}'"


@dataclass(frozen=True)
class InText:
    """One citation in the running text."""

    kind: str  # key | number | authoryear
    target: str
    location: Location
    sentence: str = ""
    author: str | None = None
    year: int | None = None
    etal: bool = False
    left: str = ""   # the sentence before the citation marker
    right: str = ""  # the sentence after it
    linked: bool = False  # the citation is the text of a link to its source: "[Ma et al. (2023)](url)"


@dataclass
class Document:
    path: str
    kind: str
    references: list[Reference] = field(default_factory=list)
    citations: list[InText] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    text: str = ""
    listed: set[str] = field(default_factory=set)  # ids of entries shown for citing, not cited (a README's BibTeX)


def nfc(key: str) -> str:
    """Keys compare in NFC, so that `müller2019` typed with a combining diaeresis finds its entry."""
    return unicodedata.normalize("NFC", key)

