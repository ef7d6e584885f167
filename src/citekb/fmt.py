"""`citekb fmt`: normalize BibTeX and YAML records without losing anything.

BibTeX: entry types and field names in lower case; fields in the canonical order below, then the
rest alphabetically; one field per line as `  name          = {value}` (names padded to 13
columns, as in references/*.bib); quoted strings and bare numbers braced; entries, @string,
@preamble, @comment and free-text comments kept in file order, one blank line apart; "\\n" line
endings. Values are never re-wrapped or re-encoded. YAML records: see `fmt_yaml`.

Nothing lost: the formatted text is parsed again and compared with the original (every field,
@string, @preamble and comment); a file that would change in meaning, or that does not parse
cleanly, is reported and left untouched. Writes are atomic (`citekb.atomic`).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import bibtexparser
from bibtexparser import model as bm

from . import textdiff
from .fmt_yaml import Unformattable, format_yaml
from .load.bibtex import decode_bytes, load_bibtex
from .checks.diagnostic import Diagnostic
from .model import Location

#: The documented canonical field order: what and who, where, when, volume and pages, identifiers,
#: then curation notes. Chosen as the order most of references/*.bib already follows.
FIELD_ORDER = (
    "author", "title", "alttitle", "translator", "booktitle", "editor", "journal", "institution", "school",
    "organization", "series", "edition", "type", "publisher", "address", "year", "month", "volume", "number",
    "pages", "version", "howpublished", "doi", "eprint", "archiveprefix", "primaryclass", "isbn", "issn", "url",
    "urldate", "language", "origkey", "note", "introduces", "verified",
)
NAME_WIDTH = 13  # len("archiveprefix"), the alignment of the shipped references/*.bib
_SKIP_DIRS = {"node_modules", "__pycache__", "site"}


def _balanced(text: str) -> bool:
    depth = 0
    for c in text:
        depth += (c == "{") - (c == "}")
        if depth < 0:
            return False
    return depth == 0


def _single_quoted(v: str) -> bool:
    """`"..."` as one string (not `"a" # "b"`): no other `"` outside braces."""
    if len(v) < 2 or v[0] != '"' or v[-1] != '"':
        return False
    depth = 0
    for c in v[1:-1]:
        depth += (c == "{") - (c == "}")
        if c == '"' and depth == 0:
            return False
    return _balanced(v[1:-1])


def _braced(v: str) -> bool:
    return len(v) >= 2 and v[0] == "{" and v[-1] == "}" and _balanced(v[1:-1]) and _outer_pair(v)


def _outer_pair(v: str) -> bool:
    depth = 0
    for i, c in enumerate(v):
        depth += (c == "{") - (c == "}")
        if depth == 0 and i < len(v) - 1:
            return False
    return True


def format_value(raw: str) -> str:
    """`{value}` for a braced, quoted or numeric value; a macro or `#` concatenation as written."""
    v = raw.strip()
    if _braced(v):
        return v
    if _single_quoted(v):
        return "{" + v[1:-1] + "}"
    if v.isdigit():
        return "{" + v + "}"
    return v


def _field_key(name: str) -> tuple:
    name = name.lower()
    return (0, FIELD_ORDER.index(name), "") if name in FIELD_ORDER else (1, 0, name)


def _entry(e: bm.Entry) -> str:
    fields = sorted(e.fields, key=lambda f: _field_key(f.key))
    lines = [f"  {f.key.lower():<{NAME_WIDTH}} = {format_value(str(f.value))}" for f in fields]
    head = f"@{e.entry_type.lower()}{{{e.key}"
    return head + "}" if not lines else head + ",\n" + ",\n".join(lines) + "\n}"


def _block(b: bm.Block) -> str:
    if isinstance(b, bm.Entry):
        return _entry(b)
    text = (b.raw or "").replace("\r\n", "\n")
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def format_bibtex(text: str, path: str) -> str:
    """The formatted text of one .bib file; raises `Unformattable` when it would be unsafe."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    _, problems, _ = load_bibtex(text, path)
    if problems:
        raise Unformattable(problems)
    library = bibtexparser.parse_string(text, parse_stack=[])
    parts = [p for p in (_block(b) for b in library.blocks) if p]
    result = "\n\n".join(parts) + "\n" if parts else ""
    if _meaning(result) != _meaning(text):
        raise Unformattable([Diagnostic("F001", "formatting would change an entry, @string, @preamble or "
                                         "comment; the file was left as it is", Location(path, 1),
                                         "Format this file by hand, and report it to the citekb maintainers.")])
    return result


def _norm(value: str) -> str:
    v = value.strip()
    if _braced(v) or _single_quoted(v):
        v = v[1:-1]
    return " ".join(v.split())


def _meaning(text: str) -> list[tuple]:
    """What must survive formatting, block by block, whitespace and brace style aside."""
    out: list[tuple] = []
    for b in bibtexparser.parse_string(text, parse_stack=[]).blocks:
        if isinstance(b, bm.Entry):
            out.append(("entry", b.entry_type.lower(), b.key,
                        sorted((f.key.lower(), _norm(str(f.value))) for f in b.fields)))
        else:
            out.append((type(b).__name__, " ".join((b.raw or "").split())))
    return out


@dataclass(frozen=True)
class Outcome:
    path: Path
    before: str
    after: str | None  # None: could not be formatted
    problems: tuple[Diagnostic, ...] = ()


def format_file(path: Path, display: str) -> Outcome:
    """Read and format one file; OSError (unreadable) propagates to the caller."""
    data = path.read_bytes()
    text, decode_problems = decode_bytes(data, display)
    if decode_problems:  # writing back would replace the undecodable bytes: data loss
        return Outcome(path, text, None, tuple(decode_problems))
    try:
        fmt = format_bibtex if path.suffix.lower() == ".bib" else format_yaml
        return Outcome(path, text, fmt(text, display))
    except Unformattable as exc:
        return Outcome(path, text, None, tuple(exc.problems))


def discover(paths: list[Path]) -> list[Path]:
    """`.bib`, `.yaml` and `.yml` files under the given paths, sorted, hidden folders skipped."""
    found: set[Path] = set()
    for p in paths:
        if p.is_file():
            found.add(p)
            continue
        roots = [p / sub for sub in ("references", "kb") if (p / sub).is_dir()]
        if roots:  # a repository: its data only, never mkdocs.yml, CI files or test fixtures
            found.update(discover(roots))
            continue
        for f in p.rglob("*"):
            rel = f.relative_to(p).parts
            if f.suffix.lower() in (".bib", ".yaml", ".yml") and f.is_file() and \
                    not any(part.startswith(".") or part in _SKIP_DIRS for part in rel[:-1]):
                found.add(f)
    return sorted(found, key=lambda f: f.as_posix())


def unified_diff(before: str, after: str, name: str) -> str:
    return textdiff.unified(before.splitlines(True), after.splitlines(True), f"a/{name}", f"b/{name}")
