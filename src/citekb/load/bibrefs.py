"""References that come from BibTeX: a `.bib` the document names, or BibTeX in a README's fenced blocks."""
from __future__ import annotations

import re
from pathlib import Path

from ..checks.diagnostic import Diagnostic
from ..model import Location, Work
from .bibtex import decode_bytes, load_bibtex, size_problem
from .docmodel import Document, Reference, nfc as _nfc
from .refparse import Signals
from .persons import work_authors

_ARXIVISH = re.compile(r"^(?:arxiv:)?(?:\d{4}\.\d+|[a-z\-]+(?:\.[a-z]{2})?/\d+)(?:v\d+)?$", re.I)


def _arxiv_eprint(w: Work) -> str | None:
    """The entry's eprint when it claims to be an arXiv id: its archive prefix says arXiv, or there is
    no prefix and it has an arXiv id's shape. A PubMed id or a ChinaXiv id is another archive's."""
    eprint = (w.raw_fields.get("eprint") or "").strip()
    prefix = (w.fields.get("archiveprefix") or w.fields.get("eprinttype") or "").strip().lower()
    if not eprint or prefix not in ("", "arxiv"):
        return None
    return eprint if prefix == "arxiv" or _ARXIVISH.match(eprint) else None


def works_to_refs(works: list[Work]) -> list[Reference]:
    refs = []
    for w in works:
        authors = " and ".join(p.display for p in work_authors(w))
        text = f"{authors}. {w.title}. {w.venue} {w.year or ''}"
        sig = Signals(text=text, title=w.title or None, author_text=authors, year=w.year,
                      years=(w.year,) if w.year else (), doi=w.doi or w.raw_fields.get("doi"),
                      arxiv=w.arxiv, arxiv_raw=_arxiv_eprint(w), isbn=w.isbn, url=w.url,
                      etal=any(p.is_others for p in work_authors(w)), venue_text=w.venue,
                      names=tuple(p.family for p in work_authors(w) if not p.is_others))
        refs.append(Reference(_nfc(w.key), w.location, sig, w))
    return refs


def _load_bib(path: Path, rel: str, doc: Document) -> list[Reference]:
    try:
        too_big = size_problem(path.stat().st_size, rel)
        if too_big:
            doc.problems.append(too_big)
            return []
        text, problems = decode_bytes(path.read_bytes(), rel)
    except OSError as exc:
        doc.problems.append(Diagnostic("L007", f"cannot read {rel}: {exc.strerror or exc}", Location(doc.path, 0)))
        return []
    works, p = load_lenient(text, rel)
    doc.problems.extend(problems + p)
    return works_to_refs(works)


_HEAD_NO_COMMA = re.compile(r"^(\s*@[A-Za-z]+\s*\{\s*[^\s,{}=\\]+)\s*$")
_FIELD_START = re.compile(r"^\s*[A-Za-z][\w:.-]*\s*=")


def repaired(text: str) -> str:
    """The two slips that make BibTeX in documents others wrote unreadable, mended line for line (so
    every line keeps its number): an entry key with no comma before the first field, and entries
    left open at the end of the text (a README's block that lost its closing brace)."""
    lines = text.split("\n")
    for i in range(len(lines) - 1):
        m = _HEAD_NO_COMMA.match(lines[i])
        if m and _FIELD_START.match(next((ln for ln in lines[i + 1:] if ln.strip()), "")):
            lines[i] = m.group(1) + ","
    depth = 0
    for ch in re.sub(r"\\[{}]", "", text):
        depth += (ch == "{") - (ch == "}")
    if depth > 0:
        last = max((i for i, ln in enumerate(lines) if ln.strip()), default=0)
        lines[last] = lines[last] + "}" * depth
    return "\n".join(lines)


def load_lenient(text: str, rel: str) -> tuple[list[Work], list[Diagnostic]]:
    """BibTeX of a document under check: the parse's problems as they are (L001 tells the author), but
    the entries of the mended text when mending recovers more of them, so that a slip in one entry
    does not hide the metadata of that entry from the checks."""
    works, problems, _ = load_bibtex(text, rel)
    if any(p.code == "L001" for p in problems):
        fixed = repaired(text)
        if fixed != text:
            more, _, _ = load_bibtex(fixed, rel)
            if len(more) > len(works):
                works = more
    return works, problems


_FENCE_OPEN = re.compile(r"^\s*(```|~~~)\s*([\w+-]*)")
_ENTRY_START = re.compile(r"^\s*@[A-Za-z]+\s*[{(]")


def bibtex_fences(lines: list[str]) -> list[tuple[int, int]]:
    """The fenced code blocks read as BibTeX, as 0-based (opening fence, closing fence) line indexes:
    a ```bibtex block, or any fenced block whose first line opens an entry."""
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        m = _FENCE_OPEN.match(lines[i])
        if not m:
            i += 1
            continue
        end = next((j for j in range(i + 1, len(lines)) if lines[j].strip().startswith(m.group(1))), len(lines))
        first = next((ln for ln in lines[i + 1:end] if ln.strip()), "")
        if m.group(2).lower() in ("bib", "bibtex", "biblatex") or _ENTRY_START.match(first):
            spans.append((i, end))
        i = end + 1
    return spans


def fenced_bibtex(lines: list[str], path: str, doc: Document) -> list[Reference]:
    """BibTeX entries in fenced code blocks (a README's "Citation" block, a paper list kept as
    BibTeX): the blocks of `bibtex_fences`."""
    from .bibcache import shift_lines

    refs: list[Reference] = []
    for start, end in bibtex_fences(lines):
        works, problems = load_lenient("\n".join(lines[start + 1:end]), path)
        works, problems = shift_lines(works, problems, start + 1)
        doc.problems.extend(problems)
        refs.extend(works_to_refs(works))
    return refs


def bib_file(base: Path, name: str, doc: Document, line: int = 1) -> list[Reference]:
    target = (base / name).resolve()
    if not name.endswith(".bib"):
        target = target.with_name(target.name + ".bib") if not target.exists() else target
    if not target.is_file():
        doc.problems.append(Diagnostic("C301", f"bibliography file '{name}' not found", Location(doc.path, line),
                                        "Fix the path of the bibliography file."))
        return []
    rel = target.name if target.parent == base.resolve() else str(target)
    return _load_bib(target, rel, doc)

