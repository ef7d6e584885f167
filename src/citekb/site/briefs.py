"""Decision briefs: pages from `citekb.briefs` when it is there, else an index that says none yet.

Briefs are computed as of the build's as-of date (`CITEKB_AS_OF`, else today); a brief read after
its own valid-until date says so at the top of its page (the briefs package renders that banner).
"""
from __future__ import annotations

import html
import importlib
import inspect

import yaml

from ..paths import page_path
from .context import SiteContext
from .text import front_matter

INDEX = "briefs/index.md"


def brief_pages(ctx: SiteContext) -> dict[str, str]:
    try:
        b = importlib.import_module("citekb.briefs")
    except ImportError:  # the briefs package is being built separately; the site works without it
        b = None
    made = {}
    if b is not None:
        # computed as of today (the briefs' default), read as of the build's date: a site built with a
        # later CITEKB_AS_OF than a brief's validity shows it as expired
        wanted = {"commit": ctx.provenance.commit, "today": ctx.provenance.as_of}
        accepted = inspect.signature(b.brief_pages).parameters
        made = b.brief_pages(ctx.kb, ctx.graph, list(ctx.diagnostics),
                             **{k: v for k, v in wanted.items() if k in accepted})
    pages = {p: safe_front_matter(t) for p, t in made.items()}
    if INDEX not in pages:
        pages[INDEX] = _index(sorted(p for p in pages if p.startswith("briefs/")))
    return pages


def safe_front_matter(text: str) -> str:
    """The page with its front matter rewritten by `front_matter`, which escapes what the theme
    inserts into HTML unescaped (a brief's title carries the scenario's title, typed by a curator)."""
    if not text.startswith("---\n"):
        return text
    end = text.find("\n---\n", 3)
    try:
        data = yaml.safe_load(text[4:end]) if end > 0 else None
    except yaml.YAMLError:
        data = None
    if not isinstance(data, dict):
        return text

    def plain(key: str) -> str:  # idempotent: text that was escaped already is not escaped twice
        return html.unescape(str(data.get(key) or ""))
    extra = {k: v for k, v in data.items() if k not in ("title", "description", "tags")}
    tags = [html.unescape(str(t)) for t in data.get("tags") or () if isinstance(data.get("tags"), list)]
    return front_matter(plain("title"), plain("description"), tags=tags, extra=extra) + text[end + 5:].lstrip("\n")


def _index(paths: list[str]) -> str:
    head = front_matter("Decision briefs", "Decision briefs: open, closed or hybrid for a concrete scenario, with the evidence.")
    if not paths:
        return head + ("# Decision briefs\n\nNo decision briefs yet. A brief weighs the claims of this site for one "
                       "concrete scenario (sector, data rules, hardware, budget) and recommends open, closed or hybrid.\n")
    items = "\n".join(f"- [{p.removeprefix('briefs/').removesuffix('.md')}]({p.removeprefix('briefs/')})" for p in paths)
    return head + f"# Decision briefs\n\n{items}\n"
