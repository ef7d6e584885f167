"""Decision briefs: pages from `citekb.briefs` when it is there, else an index that says none yet."""
from __future__ import annotations

from .context import SiteContext
from .text import front_matter

INDEX = "briefs/index.md"


def brief_pages(ctx: SiteContext) -> dict[str, str]:
    try:
        from ..briefs import brief_pages as make
    except ImportError:  # the briefs package is being built separately; the site works without it
        make = None
    pages = dict(make(ctx.kb, ctx.graph, list(ctx.diagnostics))) if make else {}
    if INDEX not in pages:
        pages[INDEX] = _index(sorted(p for p in pages if p.startswith("briefs/")))
    return pages


def _index(paths: list[str]) -> str:
    head = front_matter("Decision briefs", "Decision briefs: open, closed or hybrid for a concrete scenario, with the evidence.")
    if not paths:
        return head + ("# Decision briefs\n\nNo decision briefs yet. A brief weighs the claims of this site for one "
                       "concrete scenario (sector, data rules, hardware, budget) and recommends open, closed or hybrid.\n")
    items = "\n".join(f"- [{p.removeprefix('briefs/').removesuffix('.md')}]({p.removeprefix('briefs/')})" for p in paths)
    return head + f"# Decision briefs\n\n{items}\n"
