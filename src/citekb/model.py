"""Frozen records of the knowledge base.

Every record knows where it came from (`Location`), so that every finding about it can point a
user at a file and a 1-based line.
"""
from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field
from typing import Any, Mapping

OPEN_ACCESS = ("open-weights-unrestricted", "open-weights-restricted", "open-weights-noncommercial")
CLOSED_ACCESS = ("api", "hosted", "unreleased")
ACCESS_LEVELS = OPEN_ACCESS + CLOSED_ACCESS

CRITERIA = (
    "capability",
    "customization",
    "community-velocity",
    "transparency",
    "cost",
    "time-to-deploy",
    "stability-support",
    "data-privacy",
    "security-misuse",
    "licensing-ip",
    "vendor-independence",
    "constrained-hardware",
    "regulatory-compliance",
)

CRITERION_TITLES = {
    "capability": "Capability at release",
    "customization": "Customization and fine-tuning",
    "community-velocity": "Long-term improvement and community velocity",
    "transparency": "Transparency and reproducibility",
    "cost": "Cost (total cost of ownership)",
    "time-to-deploy": "Time to deploy",
    "stability-support": "Stability, support and SLAs",
    "data-privacy": "Data privacy and control",
    "security-misuse": "Security and misuse risk",
    "licensing-ip": "Licensing and IP",
    "vendor-independence": "Vendor independence",
    "constrained-hardware": "Deployment on constrained hardware",
    "regulatory-compliance": "Regulatory compliance",
}


@dataclass(frozen=True, order=True)
class Location:
    """A place in a file: `path` relative to the checked root, 1-based `line` (0 = whole file)."""

    path: str
    line: int = 0
    column: int = 0

    def at(self, line: int | None) -> "Location":
        return Location(self.path, line or self.line, 0)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass(frozen=True)
class SourceFile:
    """The text of one file a check read (for suppression comments and the diff renderer)."""

    path: str
    kind: str  # bibtex | yaml | markdown
    text: str

    @functools.cached_property
    def digest(self) -> str:
        """The text's digest, computed once for every cache keyed by this file's content."""
        return hashlib.blake2b(self.text.encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


@dataclass(frozen=True)
class Person:
    """A name split the BibTeX way; `literal` holds an institutional author kept whole."""

    family: str
    given: str = ""
    von: str = ""
    jr: str = ""
    literal: bool = False

    @property
    def display(self) -> str:
        if self.literal or not self.given:
            return " ".join(p for p in (self.von, self.family) if p)
        return " ".join(p for p in (self.given, self.von, self.family, self.jr) if p)

    @property
    def is_others(self) -> bool:
        return self.family.lower() == "others" and not self.given


class _Located:
    """Lines of a record's fields (`field_lines`), falling back to the record's own line."""

    location: Location
    field_lines: Mapping[str, int]

    def line_of(self, name: str) -> int:
        return self.field_lines.get(name, self.location.line)

    def loc(self, name: str | None = None) -> Location:
        return self.location.at(self.line_of(name) if name else self.location.line)


@dataclass(frozen=True, eq=False)
class Work(_Located):
    """One BibTeX entry with decoded, normalized fields."""

    key: str
    entry_type: str
    location: Location
    end_line: int
    fields: Mapping[str, str]
    raw_fields: Mapping[str, str]
    field_lines: Mapping[str, int]
    title: str = ""
    alttitles: tuple[str, ...] = ()
    year: int | None = None
    doi: str | None = None
    arxiv: str | None = None
    isbn: str | None = None
    url: str | None = None
    raw: str = ""

    @property
    def venue(self) -> str:
        for name in ("journal", "booktitle", "publisher", "institution", "school", "howpublished"):
            if self.fields.get(name):
                return self.fields[name]
        if self.arxiv:
            return "arXiv"
        return ""

    @property
    def verified(self) -> str:
        return self.fields.get("verified", "")


@dataclass(frozen=True)
class Sourced:
    """A value with where it comes from: `source` is a BibTeX key or an https URL."""

    value: Any
    source: str | None = None
    note: str | None = None
    as_of: str | None = None
    line: int = 0


@dataclass(frozen=True)
class Ref:
    """A reference from a record to another record, kept even when it dangles."""

    kind: str  # work | organization | model | framework | claim | entity
    target: str
    line: int
    field: str


@dataclass(frozen=True, eq=False)
class Record(_Located):
    """A validated YAML record. `data` holds normalized values by field name."""

    kind: str
    id: str
    location: Location
    data: Mapping[str, Any]
    field_lines: Mapping[str, int] = field(default_factory=dict)
    refs: tuple[Ref, ...] = ()

    def get(self, name: str, default: Any = None) -> Any:
        return self.data.get(name, default)

    def value(self, name: str, default: Any = None) -> Any:
        """The plain value of a field, unwrapping a `Sourced`."""
        v = self.data.get(name, default)
        return v.value if isinstance(v, Sourced) else v

    @property
    def name(self) -> str:
        return str(self.data.get("name") or self.data.get("title") or self.id)


class Organization(Record):
    pass


class Model(Record):
    @property
    def access(self) -> str:
        return self.value("access", "")

    @property
    def is_open(self) -> bool:
        return self.access in OPEN_ACCESS

    @property
    def organizations(self) -> tuple[str, ...]:
        return tuple(self.value("organization") or ())


class Framework(Record):
    @property
    def organizations(self) -> tuple[str, ...]:
        return tuple(self.value("organization") or ())


class Claim(Record):
    @property
    def criterion(self) -> str:
        return self.data.get("criterion", "")

    @property
    def favours(self) -> str:
        return self.data.get("favours", "")

    @property
    def evidence(self) -> tuple[Mapping[str, Any], ...]:
        return tuple(self.data.get("evidence") or ())


class Review(Record):
    @property
    def assertions(self) -> tuple[Mapping[str, Any], ...]:
        return tuple(self.data.get("assertions") or ())


class Scenario(Record):
    pass


RECORD_CLASSES: dict[str, type[Record]] = {
    "organization": Organization,
    "model": Model,
    "framework": Framework,
    "claim": Claim,
    "review": Review,
    "scenario": Scenario,
}

KIND_DIRS = {
    "organization": "organizations",
    "model": "models",
    "framework": "frameworks",
    "claim": "claims",
    "review": "reviews",
    "scenario": "scenarios",
}
