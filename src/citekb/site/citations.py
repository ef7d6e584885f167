"""Pandoc-style `[@key]` citations in hand-written pages: links to work pages plus a bibliography.

Unknown keys are returned as located problems (the hooks file fails the build with them); the
renderer leaves them as visible text so that nothing is silently dropped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# The same grammar the loader and check-doc use (citesyntax.py), so the checks and the site agree.
from ..citesyntax import FENCE, INLINE_CODE, PANDOC_GROUP, PANDOC_KEY
from ..kb import KnowledgeBase
from ..paths import link, page_path
from .refs import formatted, short_label
from .text import md


@dataclass(frozen=True)
class UnknownCitation:
    path: str
    line: int
    key: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: unknown citation key '{self.key}' (not in references/*.bib)"


def _lines(text: str):
    """(line number, line, inside a code fence?)"""
    fenced = False
    for n, line in enumerate(text.split("\n"), 1):
        if FENCE.match(line):
            fenced = not fenced
            yield n, line, True
            continue
        yield n, line, fenced


def unknown_citations(kb: KnowledgeBase, path: str, text: str) -> list[UnknownCitation]:
    out = []
    for n, line, code in _lines(text):
        if code:
            continue
        for group in PANDOC_GROUP.finditer(INLINE_CODE.sub("", line)):
            out += [UnknownCitation(path, n, m.group(1)) for m in PANDOC_KEY.finditer(group.group(1))
                    if m.group(1) not in kb.work_by_key]
    return out


def _replace_group(kb: KnowledgeBase, path: str, inner: str, cited: dict) -> str:
    def one(m: re.Match) -> str:
        key = m.group(1)
        work = kb.work_by_key.get(key)
        if work is None:
            return md("@" + key) + " (?)"
        cited[key] = work
        return f"[{md(short_label(work))}]({link(path, page_path('work', key))})"
    return "(" + PANDOC_KEY.sub(one, inner) + ")"


def _line(kb: KnowledgeBase, path: str, line: str, cited: dict) -> str:
    pieces, last = [], 0
    # Code spans keep their text; citations are resolved only between them.
    for code in INLINE_CODE.finditer(line):
        pieces.append(_text(kb, path, line[last:code.start()], cited))
        pieces.append(code.group(0))
        last = code.end()
    pieces.append(_text(kb, path, line[last:], cited))
    return "".join(pieces)


def _text(kb: KnowledgeBase, path: str, text: str, cited: dict) -> str:
    def group(m: re.Match) -> str:
        after = text[m.end():m.end() + 1]
        if after in ("(", "[", ":") or not PANDOC_KEY.search(m.group(1)):
            return m.group(0)  # a Markdown link or reference definition, not a citation
        return _replace_group(kb, path, m.group(1), cited)
    return PANDOC_GROUP.sub(group, text)


def resolve_citations(kb: KnowledgeBase, path: str, text: str) -> str:
    """The page with each citation linked and a References section listing what it cites."""
    cited: dict = {}
    out = [line if code else _line(kb, path, line, cited) for _, line, code in _lines(text)]
    body = "\n".join(out)
    if not cited:
        return body
    refs = sorted(cited.values(), key=lambda w: (short_label(w).lower(), w.key))
    items = "\n".join(f"- {formatted(w)} [Page]({link(path, page_path('work', w.key))})" for w in refs)
    return body.rstrip("\n") + f"\n\n## References\n\n{items}\n"
