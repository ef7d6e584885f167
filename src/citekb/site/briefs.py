"""Decision briefs: pages from `citekb.briefs` when it is there, else an index that says none yet.

A brief is valid until a date of its own; one that has expired by the build's as-of date gets a
banner at the top of its page, so that an old recommendation never looks current.
"""
from __future__ import annotations

import datetime as dt
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
        kwargs = {"commit": ctx.provenance.commit} if "commit" in inspect.signature(b.brief_pages).parameters else {}
        made = b.brief_pages(ctx.kb, ctx.graph, list(ctx.diagnostics), **kwargs)
    pages = {p: safe_front_matter(t) for p, t in made.items()}
    dated = b is not None and all(hasattr(b, n) for n in ("evaluate", "default_parameters", "default_as_of", "brief_problems"))
    for path, until in (_valid_until(ctx, b) if dated else {}).items():
        if path in pages and until < ctx.provenance.as_of:
            pages[path] = expired_banner(pages[path], until, ctx.provenance.as_of)
    if INDEX not in pages:
        pages[INDEX] = _index(sorted(p for p in pages if p.startswith("briefs/")))
    return pages


def _valid_until(ctx: SiteContext, b) -> dict[str, dt.date]:
    """{brief page: valid-until date} for every scenario that can be scored (as the briefs do)."""
    params, as_of = b.default_parameters(), b.default_as_of(ctx.kb)
    out = {}
    for scenario in sorted(ctx.kb.of("scenario"), key=lambda s: s.id):
        if not b.brief_problems(scenario, ctx.kb, params):
            brief = b.evaluate(scenario, ctx.kb, list(ctx.diagnostics), params=params, as_of=as_of)
            out[page_path("scenario", scenario.id)] = brief.valid_until
    return out


def expired_banner(text: str, until: dt.date, as_of: dt.date) -> str:
    """The page with a warning right under its title (or at the top when it has none)."""
    banner = (f'!!! danger "This brief has expired"\n\n    It was valid until {until.isoformat()}; the data on this '
              f"site is as of {as_of.isoformat()}. Its evidence may have changed: re-run the brief before relying on it.\n\n")
    lines = text.split("\n")
    start = _body_start(lines)
    for i in range(start, len(lines)):
        if lines[i].startswith("# "):
            return "\n".join(lines[:i + 1] + ["", banner.rstrip("\n"), ""] + lines[i + 1:])
    return "\n".join(lines[:start] + [banner] + lines[start:])


def _body_start(lines: list[str]) -> int:
    if lines and lines[0] == "---":
        for i in range(1, len(lines)):
            if lines[i] == "---":
                return i + 1
    return 0


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
