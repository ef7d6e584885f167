"""Baselines: accept the findings a repository already has and fail only on new ones.

A baseline is a `--format json` report. A finding is "known" when the baseline holds one with the
same code, path and message; line numbers are left out on purpose, so that an edit above a finding
does not make it new. Messages that quote a line (`... at references/a.bib:12`, `first on line 3`)
are compared with those numbers blanked out for the same reason. Identical findings are counted:
a baseline with two copies of a finding accepts two, and a third is new.

Pure functions only: reading files, git and printing belong to the CLI.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Sequence

from ..report import jsonfmt
from .diagnostic import Diagnostic

Key = tuple[str, str, str]
NEVER_BASELINED = ("X001",)  # citekb's own crash is never an accepted finding
_LINE_REF = re.compile(r"(\.[A-Za-z]\w*):\d+(?::\d+)?\b|\b(lines?) \d+(?:[-–]\d+)?")


class BaselineError(Exception):
    """The baseline file is not a citekb JSON report; the CLI exits 2 with this message."""


@dataclass(frozen=True)
class Comparison:
    new: tuple[Diagnostic, ...]  # not in the baseline: shown, and they decide the exit code
    known: int                   # matched a baseline entry: hidden
    fixed: int                   # baseline entries nothing matched any more: the baseline can shrink


def _blank_lines(message: str) -> str:
    return _LINE_REF.sub(lambda m: f"{m.group(1)}:#" if m.group(1) else f"{m.group(2)} #", message)


def key(code: str, path: str, message: str) -> Key:
    return code, path, _blank_lines(message)


def fingerprint(d: Diagnostic) -> Key:
    return key(d.code, d.location.path, d.message)


def parse(text: str, *, where: str) -> Counter[Key]:
    """Count the findings of a baseline file (the JSON report format)."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise BaselineError(f"{where}: not JSON ({exc}); write one with --write-baseline") from None
    if not isinstance(data, list):
        raise BaselineError(f"{where}: a baseline is a list of findings (`--format json`)")
    counts: Counter[Key] = Counter()
    for n, item in enumerate(data, 1):
        try:
            counts[key(item["code"], item["location"]["path"], item["message"])] += 1
        except (KeyError, TypeError):
            raise BaselineError(f"{where}: finding {n} lacks code, message or location.path") from None
    return counts


def render(diagnostics: Sequence[Diagnostic]) -> str:
    """A baseline file: the JSON report of the findings, sorted, so it diffs well under review."""
    return jsonfmt.render(sorted(diagnostics, key=lambda d: d.sort_key))


def compare(diagnostics: Iterable[Diagnostic], baseline: Counter[Key]) -> Comparison:
    """Split findings into new and known. Among identical findings, the first ones (in report
    order) use up the baseline's copies and the rest are new."""
    remaining = Counter(baseline)
    new, known = [], 0
    for d in sorted(diagnostics, key=lambda d: d.sort_key):
        k = fingerprint(d)
        if d.code not in NEVER_BASELINED and remaining[k] > 0:
            remaining[k] -= 1
            known += 1
        else:
            new.append(d)
    return Comparison(tuple(new), known, sum(remaining.values()))


def in_paths(diagnostics: Iterable[Diagnostic], paths: set[str]) -> list[Diagnostic]:
    """Findings located in `paths` (for `--changed`), plus citekb's own failures, which have no file."""
    return [d for d in diagnostics if d.location.path in paths or d.code in NEVER_BASELINED]
