"""Reasoned suppressions written in the files themselves.

    % citekb: ignore[R106] -- a 1997 technical report that never had an identifier   (BibTeX)
    # citekb: ignore[K205] -- kept for the methodology page                           (YAML)
    <!-- citekb: ignore[K201] -- example of a broken key -->                          (Markdown)
    % citekb: ignore[R106] until=2027-01-31 -- the publisher mints DOIs in January     (expiring)

A comment on its own line covers the block that follows it (a BibTeX entry, a YAML key with its
children, or the whole YAML file when it stands before the first key); a trailing comment covers
its own line. A suppression without a reason, or one that suppresses nothing, is itself reported.
`until=YYYY-MM-DD` makes a suppression temporary: after that day it stops applying and is
reported as expired. In Markdown, code blocks and inline code are examples, not suppressions.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..citesyntax import FENCE as _FENCE  # a code fence is where the [@key] grammar stops too
from ..model import Location

_MARK = re.compile(r"(?:^|[\s%#]|<!--)\s*citekb:\s*ignore\[([A-Za-z0-9,\s]*)\]([^\n]*)")
_UNTIL = re.compile(r"^\s*until=(\S*)")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Suppression:
    codes: tuple[str, ...]
    reason: str
    location: Location
    first: int
    last: int  # inclusive line span covered
    until: str = ""  # the expiry as written after `until=`; empty: never expires


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


def _until(tail: str) -> tuple[str, str]:
    """Split `until=DATE -- reason` into the date as written and the rest."""
    m = _UNTIL.match(tail)
    return (m.group(1).replace("-->", "") or "?", tail[m.end():]) if m else ("", tail)


def _scanned(lines: list[str], kind: str) -> list[str]:
    """The lines as the scanner sees them: Markdown code shows how to suppress, it suppresses nothing."""
    if kind != "markdown":
        return lines
    out, fenced = [], False
    for line in lines:
        if _FENCE.match(line):
            fenced = not fenced
            out.append("")
        else:
            out.append("" if fenced else re.sub(r"`[^`]*`", lambda m: " " * len(m.group(0)), line))
    return out


def find_suppressions(path: str, text: str, kind: str) -> list[Suppression]:
    if "citekb:" not in text:
        return []
    lines = text.splitlines()
    out = []
    for i, (line, seen) in enumerate(zip(lines, _scanned(lines, kind))):
        m = _MARK.search(seen)
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
        until, tail = _until(m.group(2))
        out.append(Suppression(codes, _reason(tail), Location(path, i + 1, m.start(1)), first, last, until))
    return out


def expiry(s: Suppression) -> dt.date | None:
    """The last day the suppression applies; None when it has no expiry or an unreadable one."""
    if not _ISO_DATE.match(s.until):
        return None
    try:
        return dt.date.fromisoformat(s.until)
    except ValueError:
        return None


def expired(s: Suppression, today: dt.date) -> bool:
    """Past its `until=` day, or with a date nobody can read (failing safe: the findings come back)."""
    if not s.until:
        return False
    day = expiry(s)
    return day is None or day < today


def covers(s: Suppression, code: str, location: Location) -> bool:
    return location.path == s.location.path and code in s.codes and s.first <= location.line <= s.last
