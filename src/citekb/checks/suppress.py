"""Reasoned suppressions written in the files themselves.

    % citekb: ignore[R106] -- a 1997 technical report that never had an identifier   (BibTeX)
    # citekb: ignore[K205] -- kept for the methodology page                           (YAML)
    <!-- citekb: ignore[K201] -- example of a broken key -->                          (Markdown)

A comment on its own line covers the block that follows it (a BibTeX entry, a YAML key with its
children, or the whole YAML file when it stands before the first key); a trailing comment covers
its own line. A suppression without a reason, or one that suppresses nothing, is itself reported.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Location

_MARK = re.compile(r"(?:^|[\s%#]|<!--)\s*citekb:\s*ignore\[([A-Za-z0-9,\s]*)\]([^\n]*)")


@dataclass(frozen=True)
class Suppression:
    codes: tuple[str, ...]
    reason: str
    location: Location
    first: int
    last: int  # inclusive line span covered


def _content(line: str, kind: str) -> bool:
    s = line.strip()
    if not s:
        return False
    if kind == "yaml" and s.startswith("#"):
        return False
    if kind == "bibtex" and s.startswith("%"):
        return False
    if kind == "markdown" and s.startswith("<!--") and "citekb:" in s:
        return False
    return True


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _span(lines: list[str], start: int, kind: str) -> tuple[int, int]:
    """Lines covered by a block starting at 0-based index `start`."""
    n = len(lines)
    if kind == "bibtex":
        end = start + 1
        while end < n and not lines[end].lstrip().startswith("@"):
            end += 1
        return start + 1, end
    if kind == "yaml" and not any(_content(l, kind) for l in lines[:start]):
        return 1, n
    base = _indent(lines[start])
    end = start + 1
    while end < n and (not _content(lines[end], kind) or _indent(lines[end]) > base):
        end += 1
    return start + 1, end


def _reason(tail: str) -> str:
    tail = tail.replace("-->", "").strip()
    return tail.lstrip(":-—– ").strip()


def find_suppressions(path: str, text: str, kind: str) -> list[Suppression]:
    if "citekb:" not in text:
        return []
    lines = text.splitlines()
    out = []
    for i, line in enumerate(lines):
        m = _MARK.search(line)
        if not m:
            continue
        codes = tuple(c.strip().upper() for c in m.group(1).split(",") if c.strip())
        own_line = not _content(line, kind) or line.strip().startswith(("%", "#", "<!--"))
        if own_line:
            nxt = next((j for j in range(i + 1, len(lines)) if _content(lines[j], kind)), None)
            first, last = _span(lines, nxt, kind) if nxt is not None else (i + 1, i + 1)
            if kind == "yaml" and first == 1:
                first = 0  # whole file: also covers findings located at line 0
        else:
            first = last = i + 1
        out.append(Suppression(codes, _reason(m.group(2)), Location(path, i + 1, m.start(1)), first, last))
    return out


def covers(s: Suppression, code: str, location: Location) -> bool:
    return location.path == s.location.path and code in s.codes and s.first <= location.line <= s.last
