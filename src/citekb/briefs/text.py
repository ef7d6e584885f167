"""Small text helpers for the renderers: escaping, numbers, links, formatted references.

User-written text (titles, statements, notes, BibTeX fields) is HTML-escaped and every character
Markdown, Material's extensions or Jinja could interpret is written as a numeric entity, so it
renders as the same text in MkDocs, in Python-Markdown and in a browser.
"""
from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from typing import Callable

from ..model import Work
from ..paths import link, page_path, slug
from ..load.persons import work_authors

_MD_ENTITIES = str.maketrans({ch: f"&#{ord(ch)};" for ch in "\\`*_[]|{}#~$^=+!"})
_URL_ENTITIES = str.maketrans({ch: f"%{ord(ch):02X}" for ch in " ()<>\"'|`\\"})
_SPACE = re.compile(r"\s+")
_SHORTCODE = re.compile(r":(?=\S)")   # `:name:` would become an emoji under pymdownx.emoji


def esc(text: object) -> str:
    """One line of user text, safe in Markdown paragraphs, list items and table cells."""
    flat = _SPACE.sub(" ", str(text)).strip()
    return _SHORTCODE.sub("&#58;", html.escape(flat, quote=False).translate(_MD_ENTITIES))


def url(target: str) -> str:
    """A link destination that cannot end the link early or break a table."""
    return target.translate(_URL_ENTITIES)


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def safe_target(target: str | None) -> str | None:
    """http(s) URLs, in-page anchors and relative paths only: never `javascript:` or `data:`."""
    if not target:
        return None
    if _SCHEME.match(target) and not target.lower().startswith(("http://", "https://")):
        return None
    return target


def md_link(label: str, target: str | None) -> str:
    """`label` is already escaped; an absent or unsafe `target` gives plain text."""
    target = safe_target(target)
    return f"[{label}]({url(target)})" if target else label


def num(x: float, *, signed: bool = True, places: int = 3) -> str:
    v = round(x, places) + 0.0          # + 0.0 turns -0.0 into 0.0
    return f"{v:+.{places}f}" if signed and v != 0 else f"{v:.{places}f}"


def pct(x: float) -> str:
    return f"{round(100 * x):d}%"


def anchor(prefix: str, ident: str) -> str:
    return f"{prefix}-{slug(ident)}"


@dataclass(frozen=True)
class Links:
    """Where a brief's rows point: site pages, or anchors inside a standalone file."""

    claim: Callable[[str], str | None]
    work: Callable[[str], str | None]
    model: Callable[[str], str | None]


def site_links(from_path: str) -> Links:
    return Links(
        claim=lambda i: link(from_path, page_path("claim", i)),
        work=lambda k: link(from_path, page_path("work", k)),
        model=lambda i: link(from_path, page_path("model", i)),
    )


def standalone_links() -> Links:
    """Self-contained: works point at the reference list, claims and models at their own rows."""
    return Links(claim=lambda i: "#" + anchor("claim", i), work=lambda k: "#" + anchor("ref", k),
                 model=lambda i: "#" + anchor("model", i))


def _names(work: Work, limit: int = 6) -> str:
    people = [p for p in work_authors(work) if not p.is_others]
    names = [p.display for p in people[:limit]]
    more = len(people) > limit or any(p.is_others for p in work_authors(work))
    if not names:
        return work.fields.get("author", "") or "Anonymous"
    if more:
        return ", ".join(names) + " et al."
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def reference(work: Work | None, key: str, links: Links) -> str:
    """One formatted reference: authors (year). Title. Venue. DOI / arXiv / URL. Page link."""
    if work is None:
        return f"{esc(key)}: not in the references (unknown key)."
    parts = [f"{esc(_names(work))} ({work.year or 'n.d.'}).", f"*{esc(work.title)}*."]
    if work.venue:
        parts.append(f"{esc(work.venue)}.")
    if work.doi:
        parts.append(f"DOI {md_link(esc(work.doi), 'https://doi.org/' + work.doi)}.")
    if work.arxiv:
        parts.append(f"arXiv {md_link(esc(work.arxiv), 'https://arxiv.org/abs/' + work.arxiv)}.")
    if not work.doi and not work.arxiv and work.url:
        parts.append(md_link("link", work.url) + ".")
    page = links.work(key)
    if page and not page.startswith("#"):
        parts.append(f"({md_link('KB page', page)})")
    return " ".join(parts)


def source_link(source: str | None, links: Links) -> str:
    """A fact's source: a BibTeX key links to its reference, a URL to itself."""
    if not source:
        return ""
    if source.startswith(("http://", "https://")):
        return md_link("source", source)
    return md_link(esc(source), links.work(source))


def front_matter(title: str, description: str) -> str:
    """YAML front matter; JSON strings are valid double-quoted YAML scalars, escapes included."""
    return f"---\ntitle: {json.dumps(title)}\ndescription: {json.dumps(description)}\n---\n\n"
