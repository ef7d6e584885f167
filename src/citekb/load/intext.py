"""In-text citations of prose: pandoc `[@key]`, numbers `[3]`, author-year in English and Chinese."""
from __future__ import annotations

import bisect
import re
from dataclasses import replace

from ..citesyntax import FENCE, INLINE_CODE, PANDOC_GROUP, PANDOC_KEY
from ..model import Location
from .docmodel import InText, nfc as _nfc

NUM_CITE = re.compile(r"(?<![\]!\\])[\[［](\d{1,4}(?:\s*[,，、–—\-]\s*\d{1,4})*)[\]］](?![\(:［\[])")
ETAL = r"(?:\s+et\s*al\.?|\s*等人?|\s+and\s+colleagues)"
SURNAME = r"(?:[A-Z][\w'’\-]+|[\u4e00-\u9fff]{1,4})"
PAIR = rf"{SURNAME}(?:\s*[,，]\s*{SURNAME}){{0,4}}(?:[,，]?\s*(?:&|and|和|与|、)\s*{SURNAME})?"
AY_PAREN = re.compile(rf"[\(（]((?:(?:see|e\.g\.,?|cf\.)\s+)?{PAIR}(?:{ETAL})?\s*[,，]?\s*(?:19|20)\d{{2}}[a-z]?"
                      rf"(?:\s*[;；]\s*{PAIR}(?:{ETAL})?\s*[,，]?\s*(?:19|20)\d{{2}}[a-z]?)*)[\)）]")
AY_ONE = re.compile(rf"({PAIR})({ETAL})?\s*[,，]?\s*((?:19|20)\d{{2}})([a-z]?)")
AY_NARRATIVE = re.compile(rf"(?<![\w\u4e00-\u9fff])({PAIR})({ETAL})?\s*[\(（]((?:19|20)\d{{2}})([a-z]?)[\)）]")
AY_CJK_PAREN = re.compile(r"[（(]([\u4e00-\u9fff]{2,24}?)(等人?)?\s*[,，]\s*((?:19|20)\d{2})([a-z]?)[)）]")
AY_CJK_NARRATIVE = re.compile(r"([\u4e00-\u9fff]{2,12}?)(等人?)?\s*[（(]((?:19|20)\d{2})([a-z]?)[)）]")

_BOUNDARY = re.compile(r"(?<!\bal)(?<!\be\.g)(?<!\bi\.e)(?<!\bcf)(?<!\bvs)(?<!\bFig)(?<!\bpp)(?<!\bNo)"
                       r"(?<!\b[A-Z])[.!?]\s+(?=[A-Z\u4e00-\u9fff\"“(\[])|[。！？]")


SENTENCE_REACH = 300  # characters either side of a citation that can belong to its sentence


def _context(line: str, start: int, end: int, bounds: list[int] | None = None) -> dict:
    """Sentence, and the parts of it before and after the citation marker line[start:end]."""
    if bounds is None:
        bounds = [m.end() for m in _BOUNDARY.finditer(line)]
    i = bisect.bisect_right(bounds, start)
    s0 = max(bounds[i - 1] if i else 0, start - SENTENCE_REACH)
    j = bisect.bisect_left(bounds, end)
    s1 = min(bounds[j] if j < len(bounds) else len(line), end + SENTENCE_REACH)
    return {"sentence": line[s0:s1].strip(), "left": line[s0:start], "right": line[end:s1]}


MAX_LINE = 4000


def _windows(line: str) -> list[tuple[int, str]]:
    """Very long lines are scanned in windows cut at spaces, so that no regex sees megabytes."""
    if len(line) <= MAX_LINE:
        return [(0, line)]
    out, start = [], 0
    while start < len(line):
        end = min(len(line), start + MAX_LINE)
        cut = line.rfind(" ", start + MAX_LINE // 2, end) if end < len(line) else end
        end = cut if cut > start else end
        out.append((start, line[start:end]))
        start = end
    return out


def _prose_citations(lines: list[str], end: int, path: str, *, pandoc: bool, bare: bool = False) -> list[InText]:
    """Citations in the text before the reference list. `bare`: also pandoc's bare `@key` form, which
    only a document that declares a bibliography means (elsewhere `@name` is a handle or an address)."""
    out: list[InText] = []
    fenced = False
    for i, whole in enumerate(lines[:end]):
        for offset, line in _windows(whole):
            fenced = _scan_line(line, i, offset, path, pandoc, fenced, out, bare)
    return out


_LINK_TEXT = re.compile(r"\[([^\[\]]{1,300})\]\(")


def _scan_line(line: str, i: int, offset: int, path: str, pandoc: bool, fenced: bool, out: list[InText],
               bare: bool = False) -> bool:
    """Citations of one line (window); returns the fenced-code state after it."""
    if offset == 0 and FENCE.match(line):
        return not fenced
    if fenced:
        return fenced
    clean = INLINE_CODE.sub(lambda m: " " * len(m.group(0)), line)
    loc = lambda pos: Location(path, i + 1, offset + pos + 1)  # noqa: E731
    bounds = [m.end() for m in _BOUNDARY.finditer(clean)]
    ctx = lambda a, b: _context(clean, a, b, bounds)  # noqa: E731
    if pandoc:
        taken = []
        for g in PANDOC_GROUP.finditer(clean):
            taken.append(g.span())
            for m in PANDOC_KEY.finditer(g.group(1)):
                out.append(InText("key", _nfc(m.group(1)), loc(g.start()), **ctx(g.start(), g.end())))
        for m in PANDOC_KEY.finditer(clean) if bare else ():
            if not any(a <= m.start() < b for a, b in taken) and not re.match(r"[\w./:\[]", clean[m.start() - 1: m.start()] or " "):
                out.append(InText("key", _nfc(m.group(1)), loc(m.start()), **ctx(m.start(), m.end())))
    for m in NUM_CITE.finditer(clean):
        for number in _expand_numbers(m.group(1)):
            out.append(InText("number", str(number), loc(m.start()), **ctx(m.start(), m.end())))
    links = [m.span(1) for m in _LINK_TEXT.finditer(clean)]
    out.extend(replace(c, linked=True) if any(a <= c.location.column - 1 - offset < b for a, b in links) else c
               for c in _author_year(clean, loc, ctx))
    return fenced


def _expand_numbers(group: str) -> list[int]:
    nums: list[int] = []
    for part in re.split(r"\s*[,，、]\s*", group):
        bounds = re.split(r"\s*[–—\-]\s*", part)
        if len(bounds) == 2 and bounds[0].isdigit() and bounds[1].isdigit() and int(bounds[1]) - int(bounds[0]) < 200:
            nums.extend(range(int(bounds[0]), int(bounds[1]) + 1))
        elif part.isdigit():
            nums.append(int(part))
    return nums


def _author_year(line: str, loc, ctx=None) -> list[InText]:
    ctx = ctx or (lambda x, y: _context(line, x, y))
    out = []
    spans: list[tuple[int, int]] = []

    def add(m, author: str, year: str, etal) -> None:
        out.append(InText("authoryear", "", loc(m.start()), author=author, year=int(year), etal=bool(etal),
                          **ctx(m.start(), m.end())))

    for m in AY_PAREN.finditer(line):
        spans.append(m.span())
        for one in AY_ONE.finditer(m.group(1)):
            add(m, _first_surname(one.group(1)), one.group(3), one.group(2))
    for m in AY_NARRATIVE.finditer(line):
        if re.fullmatch(r"[A-Z]{2,}", m.group(1)) and not m.group(2):
            continue  # an acronym with a year, "ICML (2026)", is a venue or a model, not an author
        if not any(x <= m.start() < y for x, y in spans):
            spans.append(m.span())
            add(m, _first_surname(m.group(1)), m.group(3), m.group(2))
    # Chinese names and institutions run into the preceding characters ("参考邱锡鹏（2020）"): the
    # captured text ends with the name, and matching compares by suffix
    for rx in (AY_CJK_PAREN, AY_CJK_NARRATIVE):
        for m in rx.finditer(line):
            if not any(x <= m.start() < y or x < m.end() <= y for x, y in spans):
                spans.append(m.span())
                add(m, m.group(1), m.group(3), m.group(2))
    return out


def _first_surname(pair: str) -> str:
    return re.split(r"\s*(?:&|\band\b|和|与|、|,|，)\s*", pair.strip())[0]

