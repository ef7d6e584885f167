"""What a reader would see as broken on a built page: raw Markdown tables, empty tables, `[@key]`.

`problems(html)` parses one page and lists them. Text inside code (`<pre>`, `<code>`), scripts,
styles and the search index does not count: a code block may show table syntax on purpose.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

SKIP = {"pre", "code", "script", "style", "textarea", "template"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# A delimiter row (`|---|:--:|`) or a row of cells (`| Claim | Favours |`) left as text.
_DELIMITER = re.compile(r"\|\s*:?-{3,}:?\s*\|")
_ROW = re.compile(r"^\s*\|(?:[^|\n]*\|){2,}\s*$", re.M)
_CITATION = re.compile(r"\[-?@[^\]\s]+")


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip = 0
        self.text: list[str] = []
        self.tables: list[dict] = []  # open tables: {"cells": n}
        self.empty_tables = 0

    def handle_starttag(self, tag, attrs) -> None:
        if tag in VOID:
            return
        if tag in SKIP:
            self.skip += 1
        if tag == "table":
            self.tables.append({"cells": 0})
        if tag == "td" and self.tables:
            self.tables[-1]["cells"] += 1
        if tag in ("p", "div", "li", "td", "th", "tr", "h1", "h2", "h3", "h4", "br", "figcaption"):
            self.text.append("\n")

    def handle_endtag(self, tag) -> None:
        if tag in SKIP and self.skip:
            self.skip -= 1
        if tag == "table" and self.tables:
            if not self.tables.pop()["cells"]:
                self.empty_tables += 1

    def handle_data(self, data) -> None:
        if not self.skip:
            self.text.append(data)


def problems(html: str) -> list[str]:
    page = _Page()
    page.feed(html)
    text = "".join(page.text)
    out = [f"raw table syntax: {m.group(0).strip()[:80]!r}" for m in _DELIMITER.finditer(text)]
    out += [f"raw table row: {m.group(0).strip()[:80]!r}" for m in _ROW.finditer(text)]
    out += [f"unresolved citation: {m.group(0)[:60]!r}" for m in _CITATION.finditer(text)]
    out += ["an empty table"] * page.empty_tables
    return out
