"""One diagnostic shape for every finding, whatever renders it."""
from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from ..model import Location


class Severity(IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, text: str) -> "Severity":
        return cls[text.strip().upper()]

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Finding:
    """What a rule yields: where, what, and how to fix it. The runner adds code and severity."""

    location: Location
    message: str
    fix: str = ""


@dataclass(frozen=True)
class Diagnostic:
    code: str
    name: str
    severity: Severity
    message: str
    fix: str
    location: Location

    @property
    def sort_key(self) -> tuple:
        return (self.location.path, self.location.line, self.location.column, self.code, self.message)

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "severity": str(self.severity),
            "message": self.message,
            "fix": self.fix,
            "location": {"path": self.location.path, "line": self.location.line,
                         "column": self.location.column},
        }
