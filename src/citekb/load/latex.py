"""LaTeX documents: `\\cite` family, the `.bib` they name, a `.bbl`, or `thebibliography`."""
from __future__ import annotations

import re
from pathlib import Path

from .. import normalize as nz
from ..model import Location
from .bibrefs import bib_file as _bib_file
from .docmodel import Document, InText, Reference, nfc as _nfc
from .intext import _BOUNDARY, _author_year, _context
from .refparse import parse_reference

TEX_CITE = re.compile(r"\\(?:[a-zA-Z]*cite[a-zA-Z]*|nocite)\*?(?:\[[^\]]*\]){0,2}\{([^}]*)\}")
TEX_BIB = re.compile(r"\\(?:bibliography|addbibresource)(?:\[[^\]]*\])?\{([^}]*)\}")
# natbib's optional label wraps lines and holds braces ("[{Hu et~al.(2022)Hu, Shen, and\n Chen}]"); a key never spans lines
# the optional label may hold braces two deep: natbib's "[Wang et~al.(2023{\\natexlab{a}})Wang, Xie]"
BIBITEM = re.compile(r"\\bibitem\s*(?:\[(?:[^\[\]{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\])?\s*\{([^}\n]*)\}")


def parse_latex(text: str, path: str, base: Path, stem: str) -> Document:
    doc = Document(path, "latex", text=text)
    body = re.sub(r"(?<!\\)%.*", "", text)
    for m in TEX_BIB.finditer(body):
        line = body.count("\n", 0, m.start()) + 1  # comments were cut to line ends, so lines still match
        for name in (n.strip() for n in m.group(1).split(",") if n.strip()):
            doc.references.extend(_bib_file(base, name if name.endswith(".bib") else name + ".bib", doc, line))
    if not doc.references and (base / f"{stem}.bbl").is_file():
        bbl = (base / f"{stem}.bbl").read_text(encoding="utf-8", errors="replace")
        doc.references = _bibitems(bbl, f"{stem}.bbl")
    if not doc.references:
        doc.references = _bibitems(text, path)
    for i, line in enumerate(body.splitlines()):
        bounds = [m.end() for m in _BOUNDARY.finditer(line)]  # once per line, not once per citation
        ctx = lambda a, b, line=line, bounds=bounds: _context(line, a, b, bounds)  # noqa: E731
        for m in TEX_CITE.finditer(line):
            for key in (k.strip() for k in m.group(1).split(",") if k.strip() not in ("", "*")):  # \nocite{*}: all
                doc.citations.append(InText("key", _nfc(key), Location(path, i + 1, m.start() + 1),
                                            **ctx(m.start(), m.end())))
        for c in _author_year(line, lambda pos, i=i: Location(path, i + 1, pos + 1), ctx):
            doc.citations.append(c)
    return doc


def _bibitems(text: str, path: str) -> list[Reference]:
    refs = []
    matches = list(BIBITEM.finditer(text))
    line, counted = 1, 0
    for j, m in enumerate(matches):
        end = matches[j + 1].start() if j + 1 < len(matches) else text.find("\\end{thebibliography}", m.end())
        chunk = text[m.end(): end if end != -1 else len(text)]
        blocks = [b.strip() for b in chunk.split("\\newblock")]
        if len(blocks) >= 3 and blocks[1]:  # authors \newblock title \newblock venue: quote the title
            chunk = f"{blocks[0]} \u201c{blocks[1].rstrip('.')}\u201d. " + " ".join(blocks[2:])
        chunk = re.sub(r"\\newblock|\\em\b|\\emph|\\textit|\\textbf|\\bibinfo\{[^}]*\}", " ", chunk)
        chunk = nz.latex_to_text(chunk.replace("~", " "))
        line, counted = line + text.count("\n", counted, m.start()), m.start()  # lines so far, counted once
        refs.append(Reference(_nfc(m.group(1).strip()), Location(path, line), parse_reference(chunk)))
    return refs

