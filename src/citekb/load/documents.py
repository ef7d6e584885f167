"""Documents others wrote -> in-text citations + references, each with a 1-based location.

Markdown (pandoc `[@key]` citations, or numbered / author-year prose with a reference list),
LaTeX (`\\cite` family with the `.bib` it names, a `.bbl`, or `thebibliography`), BibTeX files on
their own, and plain text. English and Chinese punctuation are both understood.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..checks.diagnostic import Diagnostic
from ..model import Location
from .bibrefs import (bib_file as _bib_file, bibtex_fences as _bibtex_fences, fenced_bibtex as _fenced_bibtex,
                      works_to_refs as _works_to_refs, load_lenient as _load_lenient)
from .bibtex import decode_bytes, size_problem
from .docmodel import Document, InText, Reference, nfc as _nfc  # noqa: F401  (the parsed document's types)
from .intext import _prose_citations
from .latex import _bibitems, parse_latex
from .reflists import _plain_references

MAX_DOC_BYTES = 64 * 1024 * 1024
QUOTE = re.compile(r"[\"“]([^\"“”]{8,300})[\"”]|《([^》]{1,200})》|‘([^‘’]{8,300})’|(?<!\w)'([^']{8,300})'(?!\w)")


def parse_markdown(text: str, path: str, base: Path) -> Document:
    doc = Document(path, "markdown", text=text)
    lines = text.splitlines()
    fm = re.match(r"^---\n(.*?)\n---", text, re.S)
    if fm:
        for m in re.finditer(r"^bibliography:\s*\[?([^\]\n]+)\]?\s*$", fm.group(1), re.M):
            for name in (n.strip().strip("'\"") for n in m.group(1).split(",")):
                doc.references.extend(_bib_file(base, name, doc))
    end = len(lines)
    declared = bool(fm and re.search(r"^(?:bibliography|references):", fm.group(1), re.M))
    if not doc.references:
        doc.references, end = _plain_references(lines, path, doc)
        # a BibTeX block under a references heading is read as BibTeX, not a second time as text
        inside = {n for start, stop in _bibtex_fences(lines) for n in range(start + 1, stop + 2)}
        doc.references = [r for r in doc.references if r.location.line not in inside]
        shown = _fenced_bibtex(lines, path, doc)
        doc.references += shown
        doc.listed |= {r.id for r in shown}
    doc.citations = _prose_citations(lines, end, path, pandoc=True, bare=declared)
    return doc



def load_document(path: str | Path, *, display: str | None = None) -> Document:
    """Read and parse one document; problems (unreadable, too large) come back in `problems`."""
    path = Path(path)
    rel = display or path.as_posix()
    doc = Document(rel, "text")
    try:
        size = path.stat().st_size
        too_big = size_problem(size, rel) if path.suffix.lower() == ".bib" else None
        if too_big:
            doc.problems.append(too_big)
            return doc
        if size > MAX_DOC_BYTES:
            doc.problems.append(Diagnostic("L007", f"document is {size} bytes; the limit is {MAX_DOC_BYTES}",
                                            Location(rel, 1), "Split the document."))
            return doc
        text, problems = decode_bytes(path.read_bytes(), rel)
    except OSError as exc:
        doc.problems.append(Diagnostic("L007", f"cannot read file: {exc.strerror or exc}", Location(rel, 1),
                                        "Check the path and permissions."))
        return doc
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    suffix = path.suffix.lower()
    if suffix == ".bib":
        works, p = _load_lenient(text, rel)
        doc = Document(rel, "bibtex", _works_to_refs(works), [], problems + p, text)
    elif suffix in (".tex", ".ltx"):
        doc = parse_latex(text, rel, path.parent, path.stem)
        doc.problems[:0] = problems
    elif suffix == ".bbl":  # a compiled bibliography given alone
        doc = Document(rel, "latex", _bibitems(text, rel), [], problems, text)
    elif suffix in (".md", ".markdown", ".qmd", ".rmd", ".mdx"):
        doc = parse_markdown(text, rel, path.parent)
        doc.problems[:0] = problems
    else:
        lines = text.splitlines()
        doc = Document(rel, "text", problems=problems, text=text)
        doc.references, end = _plain_references(lines, rel, doc)
        doc.citations = _prose_citations(lines, end, rel, pandoc=False)
    return doc
