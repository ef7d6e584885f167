"""BibTeX -> `Work` records through bibtexparser 2.x, with 1-based lines for entries and fields.

Unparsable blocks, duplicate fields and undecodable bytes become `Diagnostic`s; the rest of the
file is still loaded.
"""
from __future__ import annotations

import logging
import re

import bibtexparser
from bibtexparser import model as bm
from bibtexparser.middlewares import default_parse_stack
from bibtexparser.middlewares.names import parse_single_name_into_parts, split_multiple_persons_names

from .. import normalize as nz
from ..checks.diagnostic import Diagnostic
from ..model import Location, Person, Work

logging.getLogger("bibtexparser").addHandler(logging.NullHandler())
logging.getLogger("bibtexparser").propagate = False

_ARXIV_IN_TEXT = re.compile(r"arxiv[:\s/]*(?:abs/)?(\d{4}\.\d{4,5}(?:v\d+)?|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})", re.I)
MAX_AUTHORS = 20_000


MAX_BIB_BYTES = 64 * 1024 * 1024  # 100k entries is ~40 MB; a bigger file is refused, not half-loaded


def size_problem(size: int, path: str) -> Diagnostic | None:
    """A located refusal for a .bib file too big to load in bounded time and memory."""
    if size <= MAX_BIB_BYTES:
        return None
    return Diagnostic("L007", f"file is {size / 2**20:.0f} MiB; BibTeX files are limited to "
                       f"{MAX_BIB_BYTES // 2**20} MiB so that a check runs in bounded time and memory",
                       Location(path, 1), "Split the file into several .bib files by theme or year.")


def decode_bytes(data: bytes, path: str) -> tuple[str, list[Diagnostic]]:
    """UTF-8 (with or without BOM); undecodable bytes are replaced and reported with their line."""
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problem = Diagnostic(
            "L007", f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x}); undecodable bytes were replaced",
            Location(path, line), "Save the file as UTF-8.")
        return data.decode("utf-8-sig", errors="replace"), [problem]


def parse_persons(raw: str) -> tuple[Person, ...]:
    """Split an author field into persons; `{Institution}` stays whole."""
    persons = []
    for i, name in enumerate(split_multiple_persons_names(raw)):
        if i >= MAX_AUTHORS:
            break
        name = name.strip()
        if name.startswith("{") and name.endswith("}") and _balanced_outer(name):
            persons.append(Person(family=nz.latex_to_text(name[1:-1]), literal=True))
            continue
        try:
            parts = parse_single_name_into_parts(name, strict=False)
        except Exception:  # a malformed name is reported by hygiene rules, not here
            persons.append(Person(family=nz.latex_to_text(name), literal=True))
            continue
        persons.append(Person(
            family=nz.latex_to_text(" ".join(parts.last)),
            given=nz.latex_to_text(" ".join(parts.first)),
            von=nz.latex_to_text(" ".join(parts.von)),
            jr=nz.latex_to_text(" ".join(parts.jr)),
        ))
    return tuple(persons)


def _balanced_outer(name: str) -> bool:
    depth = 0
    for i, c in enumerate(name):
        depth += (c == "{") - (c == "}")
        if depth == 0 and i < len(name) - 1:
            return False
    return depth == 0


def find_arxiv(fields: dict[str, str]) -> str | None:
    prefix = (fields.get("archiveprefix") or fields.get("eprinttype") or "").lower()
    if fields.get("eprint") and (prefix == "arxiv" or not prefix):
        found = nz.arxiv(fields["eprint"])
        if found:
            return found
    for name in ("journal", "url", "note", "howpublished"):
        m = _ARXIV_IN_TEXT.search(fields.get(name, ""))
        if m:
            return nz.arxiv(m.group(1))
    return None


_TEXT_FIELDS = ("title", "booktitle", "journal", "publisher", "institution", "school", "howpublished",
                "series", "note", "address", "edition", "organization", "translator", "alttitle")


def to_work(entry: bm.Entry, path: str) -> Work:
    raw = {f.key.lower(): str(f.value) for f in entry.fields}
    lines = {f.key.lower(): f.start_line + 1 for f in entry.fields}
    fields = {k: (nz.latex_to_text(v) if k in _TEXT_FIELDS else v.strip()) for k, v in raw.items()}
    start = (entry.start_line or 0) + 1
    return Work(
        key=entry.key,
        entry_type=entry.entry_type.lower(),
        location=Location(path, start),
        end_line=start + (entry.raw or "").count("\n"),
        fields=fields,
        raw_fields=raw,
        field_lines=lines,
        title=fields.get("title", ""),
        alttitles=nz.split_list(fields.get("alttitle", "")),
        year=nz.year(fields.get("year")),
        doi=nz.doi(raw.get("doi")),
        arxiv=find_arxiv(fields),
        isbn=nz.isbn(raw.get("isbn")),
        url=nz.url(raw.get("url")),
        raw=entry.raw or "",
    )


def _failed(block: bm.ParsingFailedBlock, path: str) -> Diagnostic:
    line = (block.start_line or 0) + 1
    if isinstance(block, bm.DuplicateFieldKeyBlock):
        keys = ", ".join(sorted(block.duplicate_keys))
        return Diagnostic("L003", f"entry repeats field(s) {keys}; BibTeX tools keep only one of them",
                           Location(path, line), "Remove the repeated field, keeping the verified value.")
    if isinstance(block, bm.DuplicateBlockKeyBlock):
        return Diagnostic("L002", f"duplicate key '{block.key}'", Location(path, line),
                           "Rename or merge one of the entries.")
    reason = getattr(block.error, "abort_reason", "") or str(block.error) or "syntax error"
    head = (block.raw or "").split("\n", 1)[0][:60]
    return Diagnostic("L001", f"cannot parse BibTeX block '{head}': {reason}", Location(path, line),
                       "Check braces, quotes and the comma after each field of this entry.")


def _unenclose(entry: bm.Entry, library: bibtexparser.Library) -> bm.Entry:
    """Apply what the parse stack would have: strip enclosing braces/quotes, resolve @strings."""
    strings = {s.key.lower(): s.value for s in library.strings}
    fields = []
    for f in entry.fields:
        v = str(f.value).strip()
        if len(v) >= 2 and ((v[0] == "{" and v[-1] == "}" and _balanced_outer(v)) or (v[0] == v[-1] == '"')):
            v = v[1:-1]
        elif v.lower() in strings:
            v = strings[v.lower()]
        fields.append(bm.Field(key=f.key, value=v, start_line=f.start_line))
    return bm.Entry(entry.entry_type, entry.key, fields, start_line=entry.start_line, raw=entry.raw)


_SIMPLE_VALUE = re.compile(r'\{[^{}]*\}|"[^"{}]*"|[^\s#{}",=]+')
_TOKEN = re.compile(r'[^\s#{}"]+')


def value_error(raw: str) -> str | None:
    """Why a raw field value is not `part # part ...` (each `{...}`, `"..."`, a number or a macro).

    bibtexparser reads `author = {A} title = {B}` (a missing comma) as one author value; this
    catches it so the entry is reported instead of silently losing its title.
    """
    v = raw.strip()
    if not v or _SIMPLE_VALUE.fullmatch(v):
        return None
    i, n = 0, len(v)
    while True:
        while i < n and v[i].isspace():
            i += 1
        if i >= n:
            return "a '#' is not followed by a value"
        i = _part_end(v, i)
        if i < 0:
            return "its braces or quotes are not balanced"
        while i < n and v[i].isspace():
            i += 1
        if i >= n:
            return None
        if v[i] != "#":
            rest = " ".join(v[i:].split())[:40]
            return f"text follows its value ('{rest}'); is a comma missing?"
        i += 1


def _part_end(v: str, i: int) -> int:
    """End of one value part starting at `i`, or -1 when its braces or quotes never close."""
    if v[i] in '{"':
        closer, depth = ("}" if v[i] == "{" else '"'), 0
        for j in range(i + 1, len(v)):
            c = v[j]
            if c == closer and depth == 0:
                return j + 1
            depth += (c == "{") - (c == "}")
        return -1
    m = _TOKEN.match(v, i)
    return m.end() if m else -1


def _macros(raw: str) -> list[str]:
    """The macro names a value refers to (`a # "x" # b` -> a, b), lower-cased as BibTeX compares them."""
    names, i, v = [], 0, raw.strip()
    while i < len(v):
        if v[i].isspace() or v[i] == "#":
            i += 1
            continue
        end = _part_end(v, i)
        if end < 0:
            return names
        if v[i] not in '{"' and not v[i:end].isdigit():
            names.append(v[i:end].lower())
        i = end
    return names


def _raw_value(block: bm.String) -> str:
    """The value as written (the parse stack has stripped its braces by now): `@string{k = VALUE}`."""
    raw = block.raw or ""
    value = raw.split("=", 1)[1].rstrip() if "=" in raw else ""
    return value[:-1] if value.endswith(("}", ")")) else value


def string_cycles(library: bibtexparser.Library, path: str) -> list[Diagnostic]:
    """`@string` definitions that refer to themselves, directly or through others: BibTeX cannot
    expand them, and bibtexparser leaves the macro text in the field without a word."""
    refs = {s.key.lower(): _macros(_raw_value(s)) for s in library.strings}
    lines = {s.key.lower(): (s.start_line or 0) + 1 for s in library.strings}
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    out = []
    for start in refs:
        stack = [(start, iter(refs[start]))]
        state.setdefault(start, 1)
        while stack:  # iterative depth-first search: a chain of 10,000 @strings must not recurse
            name, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[name] = 2
                stack.pop()
            elif state.get(child) == 1:
                cycle = [n for n, _ in stack][[n for n, _ in stack].index(child):] + [child]
                out.append(Diagnostic("L001", f"@string '{child}' refers to itself ({' -> '.join(cycle)}); "
                                       "it can never be expanded", Location(path, lines[child]),
                                       "Give one of these @string definitions a plain value."))
            elif child in refs and child not in state:
                state[child] = 1
                stack.append((child, iter(refs[child])))
    return out


class _ValueCheck:
    """A parse-stack step (first, before braces are stripped) that records malformed values."""

    def __init__(self, path: str):
        self.path, self.problems = path, []

    def transform(self, library: bibtexparser.Library) -> bibtexparser.Library:
        for entry in library.entries:
            for f in entry.fields:
                why = value_error(str(f.value))
                if why:
                    self.problems.append(Diagnostic(
                        "L001", f"field '{f.key}' of '{entry.key}': {why}", Location(self.path, f.start_line + 1),
                        "End each field with a comma and balance its braces and quotes."))
        return library


def load_bibtex(text: str, path: str) -> tuple[list[Work], list[Diagnostic], bibtexparser.Library | None]:
    """Parse BibTeX text; return works in file order, problems, and the library (for `fmt`)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    check = _ValueCheck(path)
    try:
        stack = [check, *default_parse_stack(allow_inplace_modification=True)]
        library = bibtexparser.parse_string(text, parse_stack=stack)
    except Exception as exc:  # bibtexparser's own invalid-state bug; the file is reported, not fatal
        return [], [Diagnostic("L001", f"BibTeX parser failed on this file: {exc}", Location(path, 0),
                                "Check the file for unbalanced braces.")], None
    works: list[Work] = []
    problems: list[Diagnostic] = list(check.problems) + string_cycles(library, path)
    for block in library.blocks:
        if isinstance(block, bm.Entry):
            works.append(to_work(block, path))
        elif isinstance(block, bm.ParsingFailedBlock):
            problems.append(_failed(block, path))
            salvaged = block.ignore_error_block
            if isinstance(block, bm.DuplicateFieldKeyBlock) and isinstance(salvaged, bm.Entry):
                works.append(to_work(_unenclose(salvaged, library), path))
    return works, problems, library
