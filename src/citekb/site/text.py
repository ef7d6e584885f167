"""Turning user text into Markdown that renders as text, and small formatting helpers.

Everything a curator typed (titles, names, notes, statements) goes through `md()` (Markdown body),
`attr()` (raw HTML attributes and text) or `meta()` (front matter); nothing user-written reaches a
page unescaped.
"""
from __future__ import annotations

import html
import json
import re
from typing import Any, Iterable
from urllib.parse import quote

from ..model import Sourced

# Characters Python-Markdown honours a backslash escape for (plus `|`, added by the tables extension).
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>])")
_SPACES = re.compile(r"\s+")
# Characters YAML refuses in a stream (so a front matter holding one is not parsed at all, and
# MkDocs shows it as page text) and that HTML treats as parse errors: C0 and C1 controls, DEL,
# lone surrogates, non-characters. Shown as U+FFFD so that the reader sees something was there.
_UNPRINTABLE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_URL_OK = re.compile(r"^https?://[^\s<>\"']+$")
_CODE_SPAN = re.compile(r"(`[^`\n]+`)")
# `:name:` in user text would become an icon under pymdownx.emoji (the site's icons are shortcodes).
_SHORTCODE = re.compile(r":(?=[\w+\\-]+:)")


def one_line(value: Any) -> str:
    """Collapse whitespace, so that user text can never start a Markdown block of its own."""
    return _SPACES.sub(" ", _UNPRINTABLE.sub("\ufffd", str(value))).strip()


def md(value: Any) -> str:
    """User text as inert inline Markdown: HTML escaped, Markdown punctuation backslash-escaped."""
    return _SHORTCODE.sub("&#58;", _MD_SPECIAL.sub(r"\\\1", html.escape(one_line(value), quote=False)))


def prose(value: str) -> str:
    """Our own doc text (rule docstrings): escaped like `md`, but `code spans` stay code."""
    parts = _CODE_SPAN.split(one_line(value))
    return "".join(p if i % 2 else md(p) for i, p in enumerate(parts))


def attr(value: Any) -> str:
    """Text for raw HTML (attributes and element content)."""
    return _SHORTCODE.sub("&#58;", html.escape(one_line(value), quote=True))


def meta(value: Any) -> str:
    """A front-matter scalar. JSON strings are valid YAML; the theme inserts meta values into
    HTML unescaped, so the text is HTML-escaped as well."""
    return json.dumps(html.escape(one_line(value), quote=True), ensure_ascii=False)


def html_text(value: Any) -> str:
    """Text made safe for raw HTML whether or not it was escaped already (unescape, then escape):
    the last line of defence where a page's title and description enter the theme's HTML."""
    return html.escape(html.unescape(one_line(value)), quote=True)


META_TEXT = ("title", "description", "subtitle")


def safe_meta(page_meta: dict) -> dict:
    """The page metadata the theme writes into HTML unescaped (title, description, subtitle, tags),
    made safe; other keys are left alone."""
    out: dict = {k: html_text(page_meta[k]) for k in META_TEXT if isinstance(page_meta.get(k), (str, int, float))}
    if isinstance(page_meta.get("tags"), list):
        out["tags"] = [html_text(t) for t in page_meta["tags"]]
    return out


def front_matter(title: str, description: str, *, tags: Iterable[str] = (), extra: dict | None = None) -> str:
    lines = ["---", f"title: {meta(title)}", f"description: {meta(description)}"]
    tag_list = sorted(set(tags))
    if tag_list:
        lines.append("tags:")
        lines.extend(f"  - {meta(t)}" for t in tag_list)
    for key, value in sorted((extra or {}).items()):
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False, default=str)}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def safe_url(url: str | None) -> str | None:
    """An http(s) URL fit for a Markdown link target, or None when it is not one."""
    if not url or not _URL_OK.match(url.strip()):
        return None
    return quote(url.strip(), safe=":/?#@!$&'*+,;=%~-._")


def ext_link(text: str, url: str | None) -> str:
    target = safe_url(url)
    return f"[{md(text)}]({target})" if target else md(text)


def html_href(md_path: str) -> str:
    """The URL MkDocs gives a page when directory URLs are off (the offline plugin turns them off)."""
    return md_path[:-3] + ".html" if md_path.endswith(".md") else md_path


def plain(value: Any) -> Any:
    return value.value if isinstance(value, Sourced) else value


def size(n: Any) -> str:
    """A parameter count for people: 70000000000 -> 70B."""
    if not isinstance(n, (int, float)) or isinstance(n, bool):
        return str(n) if n not in (None, "") else ""
    for unit, scale in (("T", 1e12), ("B", 1e9), ("M", 1e6), ("K", 1e3)):
        if n >= scale:
            text = f"{n / scale:.1f}".rstrip("0").rstrip(".")
            return f"{text}{unit}"
    return str(int(n))


def cell(value: Any) -> str:
    """A Markdown table cell: one line, `|` escaped by `md`."""
    return md(value) if value not in (None, "") else "–"


def table(header: list[str], rows: Iterable[list[str]], *, empty: str = "Nothing to list yet.") -> str:
    """A Markdown table from already-escaped cells, or `empty` when there are no rows.

    It starts with a blank line: a table glued to the line above is not a table in Markdown but
    a paragraph of pipes, so no caller can produce one by forgetting the blank line."""
    body = ["| " + " | ".join(r) + " |" for r in rows]
    if not body:
        return f"\n{empty}\n"
    out = ["", "| " + " | ".join(header) + " |", "|" + "---|" * len(header), *body]
    return "\n".join(out) + "\n"


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else (words or word + 's')}"
