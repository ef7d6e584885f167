"""Decision briefs: pages from `citekb.briefs` when it is there, else an index that says none yet."""
from __future__ import annotations

import html

import yaml

from .context import SiteContext
from .text import front_matter

INDEX = "briefs/index.md"


def brief_pages(ctx: SiteContext) -> dict[str, str]:
    try:
        from ..briefs import brief_pages as make
    except ImportError:  # the briefs package is being built separately; the site works without it
        make = None
    pages = {p: safe_front_matter(t) for p, t in (make(ctx.kb, ctx.graph, list(ctx.diagnostics)) if make else {}).items()}
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
