"""One diagnostic shape for every finding, whatever found it and whatever renders it.

A loader's problem, a knowledge-base rule's finding and a document rule's finding are all a
`Diagnostic`. A rule or loader fills in what it knows (code when it has one, message, location,
fix hint, and an `Edit` when the correction is mechanical); the runner stamps the rule's code, name
and configured severity. Like ruff's `Fix`/`Edit`, the edit is data on the diagnostic, so every
renderer can show it and `--diff` is just one more renderer.

This module imports nothing of ours but `model.Location`, so loaders can use it too.
"""
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
class Edit:
    """A suggested replacement on one line: `old` (None: the value of `field`) becomes `new`.

    `field` names the BibTeX field when the line is a field of an entry, so a renderer can replace
    the field's value whatever its delimiters; in plain text `old` is replaced where it occurs.
    """

    location: Location
    new: str
    old: str | None = None
    field: str | None = None

    @property
    def summary(self) -> str:
        """One line a reader can apply by hand: what to replace with what, on which line."""
        what = f"'{self.old}'" if self.old else f"the {self.field or 'text'}"
        return f"line {self.location.line}: replace {what} with '{self.new}'"

    def as_dict(self) -> dict:
        return {"line": self.location.line, "field": self.field, "old": self.old, "new": self.new}


@dataclass(frozen=True)
class Diagnostic:
    """`code` may be empty until the runner stamps it (a rule knows its own code through the registry)."""

    code: str
    message: str
    location: Location
    fix: str = ""
    name: str = ""
    severity: Severity = Severity.ERROR
    edit: Edit | None = None

    @property
    def sort_key(self) -> tuple:
        return (self.location.path, self.location.line, self.location.column, self.code, self.message)

    def as_dict(self) -> dict:
        out = {
            "code": self.code,
            "name": self.name,
            "severity": str(self.severity),
            "message": self.message,
            "fix": self.fix,
            "location": {"path": self.location.path, "line": self.location.line,
                         "column": self.location.column},
        }
        if self.edit is not None:
            out["edit"] = self.edit.as_dict()
        return out


def finding(location: Location, message: str, fix: str = "", *, edit: Edit | None = None) -> Diagnostic:
    """What a rule yields: where, what, how to fix it. The runner adds code, name and severity."""
    return Diagnostic("", message, location, fix, edit=edit)
