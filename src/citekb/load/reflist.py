"""The plain reference list of a Markdown or text document: the items after its last heading
named References (or 参考文献, ...), one reference per item, with the line it starts on."""
from __future__ import annotations

import re

from ..model import Location, LoadProblem
from .doctypes import Document, Reference
from .refparse import parse_reference, strip_number

REF_HEADING = re.compile(r"^\s{0,3}(?:#{1,6}\s*|\*\*)?\s*(references|bibliography|works cited|literature cited|"
                         r"sources|参考文献|参考资料|引用文献|文献)\s*[:：]?\s*(?:\*\*)?\s*$", re.I)
LIST_ITEM = re.compile(r"^\s*(?:\[\d{1,4}\]|［\d{1,4}］|\d{1,4}[.)、]\s|[-*+]\s)")

def _reference_section(lines: list[str]) -> int | None:
    """Index of the last reference-list heading, if the document has one."""
    found = None
    for i, line in enumerate(lines):
        if REF_HEADING.match(line.strip()):
            found = i
    return found


_YEARISH = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


def _starts_item(line: str, previous: str) -> bool:
    """An unmarked line starts a new reference when both it and the previous line read as whole
    references (each has a year, the previous one ends like a sentence, this one is not indented)."""
    if not previous or line.startswith((" ", "\t")):
        return False
    ends = previous.rstrip().endswith((".", "。", ")", "）", "]", "］")) or re.search(r"https?://\S+$", previous)
    return bool(ends) and bool(_YEARISH.search(line)) and bool(_YEARISH.search(previous))


def _list_items(lines: list[str], start: int, path: str) -> list[tuple[int, str]]:
    """Reference items after a heading: list items, paragraphs separated by blank lines, or one
    reference per line when the lines each read as a whole reference."""
    items: list[tuple[int, str]] = []
    current: list[str] = []
    first = 0
    previous = ""
    for i in range(start, len(lines)):
        line = lines[i]
        if re.match(r"^\s{0,3}#{1,6}\s", line) and i > start:
            break
        if LIST_ITEM.match(line) or (not line.strip()) or (current and _starts_item(line, previous)):
            if current:
                items.append((first, " ".join(current)))
            current = [re.sub(r"^\s*[-*+]\s", "", line).strip()] if line.strip() else []
            first = i + 1
        else:
            if not current:
                first = i + 1
            current.append(line.strip())
        previous = line if line.strip() else ""
    if current:
        items.append((first, " ".join(current)))
    return [(n, t) for n, t in items if len(t) > 15]


def _plain_references(lines: list[str], path: str) -> tuple[list[Reference], int]:
    start = _reference_section(lines)
    if start is None:
        # no heading: a trailing run of numbered items is the bibliography
        i = len(lines)
        while i > 0 and (not lines[i - 1].strip() or re.match(r"^\s*(?:\[\d+\]|［\d+］|\d+[.)、]\s)", lines[i - 1])
                         or (lines[i - 1].startswith("  ") and i < len(lines))):
            i -= 1
        if not any(re.match(r"^\s*(?:\[\d+\]|［\d+］)", l) for l in lines[i:]):
            return [], len(lines)
        start = i - 1
    refs = []
    for n, (lineno, text) in enumerate(_list_items(lines, start + 1, path), 1):
        if n > MAX_REFERENCES:  # stop rather than crawl, and say so: the rest is never checked in silence
            raise _TooMany(Location(path, lineno), refs, start)
        number, _ = strip_number(text)
        refs.append(Reference(number or f"ref{n}", Location(path, lineno), parse_reference(text)))
    return refs, start


MAX_REFERENCES = 10_000


class _TooMany(Exception):
    def __init__(self, location: Location, refs: list[Reference], start: int):
        super().__init__()
        self.location, self.refs, self.start = location, refs, start


def reference_list(lines: list[str], path: str, doc: Document) -> tuple[list[Reference], int]:
    """The plain reference list; past MAX_REFERENCES entries, a located L007 problem at the first
    entry that is not checked (the run then exits 1) instead of a silent cut."""
    try:
        return _plain_references(lines, path)
    except _TooMany as exc:
        doc.problems.append(LoadProblem("L007", f"the reference list has more than {MAX_REFERENCES:,} entries; "
                                        f"this entry and those after it were not checked", exc.location,
                                        "Split the document, or check the reference list as a .bib file."))
        return exc.refs, exc.start
