"""The `[@key]` citation grammar (Pandoc style), one for the KB's pages, the site and check-doc.

`[@key]`, `[see @key, p. 3]` and `[@a; @b]`: a bracketed group holding one or more `@key`s, not
followed by `(` (a Markdown link). Code fences and inline code are not prose.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .model import Location

PANDOC_GROUP = re.compile(r"\[([^\[\]]*?@[^\[\]]*?)\](?!\()")
PANDOC_KEY = re.compile(r"(?<![\w@.\-])-?@([A-Za-z0-9_][\w\u0300-\u036f:.#$%&+?<>~/\-]*[\w\u0300-\u036f])")
FENCE = re.compile(r"^\s*(```|~~~)")
INLINE_CODE = re.compile(r"`[^`]*`")


@dataclass(frozen=True)
class Citation:
    """A `[@key]` in a Markdown page of the site."""

    key: str
    location: Location


def markdown_citations(text: str, path: str) -> list[Citation]:
    """Pandoc-style `[@key]` citations outside code blocks and inline code."""
    out: list[Citation] = []
    fenced = False
    for lineno, line in enumerate(text.splitlines(), 1):
        if FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        line = INLINE_CODE.sub("", line)
        for group in PANDOC_GROUP.finditer(line):
            for m in PANDOC_KEY.finditer(group.group(1)):
                out.append(Citation(unicodedata.normalize("NFC", m.group(1)), Location(path, lineno, group.start() + 1)))
    return out
