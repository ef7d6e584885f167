"""The papers index (by year) and one page per work: reference, BibTeX, links, what cites it."""
from __future__ import annotations

from ..graph.build import node_id
from ..graph.queries import cited_by_count, in_links
from ..model import Work
from ..paths import link, page_path
from .common import connections, findings_box
from .context import SiteContext
from .htmltable import Cell, Column, data_table, link_cell, text_cell
from .refs import fence, formatted, identifier_links, short_label
from .text import front_matter, md, plural

INDEX = "papers/index.md"


COLUMNS = (Column("work", "Work", "text"), Column("title", "Title", "text"), Column("year", "Year", "range", "year", "year"),
           Column("type", "Type", "select"), Column("cited", "Cited by", type="number"), Column("findings", "Findings", "select"))


def _year(w: Work) -> int:
    return w.year or 0


def _row(ctx: SiteContext, w: Work) -> list[Cell]:
    node = node_id("work", w.key)
    cited = cited_by_count(ctx.graph, node)
    flag = "open findings" if w.key in ctx.broken else "none"
    return [link_cell(ctx.href(INDEX, page_path("work", w.key)), short_label(w)), text_cell(w.title or w.key),
            text_cell(w.year or "", w.year or ""), text_cell(w.entry_type), text_cell(cited), text_cell(flag)]


def papers_index(ctx: SiteContext) -> str:
    works = sorted(ctx.kb.works, key=lambda w: (-_year(w), short_label(w).lower(), w.key))
    return "".join([front_matter("Papers and sources", f"{len(works)} works cited by the knowledge base, newest first, with what cites them."),
                    "# Papers and sources\n\n",
                    f"{plural(len(works), 'work')} cited by the knowledge base, newest first. Each page has the formatted "
                    f"reference, copyable BibTeX and everything in the KB that cites it. Download them all from "
                    f"[Downloads]({link(INDEX, 'downloads.md')}).\n\n",
                    data_table("papers-table", COLUMNS, [_row(ctx, w) for w in works], caption="Works cited by the knowledge base")])


def _cited_by(ctx: SiteContext, path: str, w: Work) -> str:
    node = node_id("work", w.key)
    if node not in ctx.graph:
        return ""
    rows = []
    for u, d in sorted(in_links(ctx.graph, node), key=lambda e: (e[0], str(e[1].get("relation")))):
        relation = str(d.get("relation", ""))
        what = {"evidence": f"evidence ({d.get('stance', '?')})", "introduced_in": "introduces it",
                "sourced_from": "source of a fact", "translation_of": "translation"}.get(relation, relation)
        where = f", {md(d['locator'])}" if d.get("locator") else ""
        rows.append(f"- {ctx.node_link(path, u)}: {md(what)}{where}")
    if not rows:
        return "## Cited by\n\nNothing in the knowledge base cites this work yet.\n\n"
    return "## Cited by\n\n" + "\n".join(rows) + "\n\n"


def work_page(ctx: SiteContext, w: Work) -> tuple[str, str]:
    path = page_path("work", w.key)
    title = w.title or w.key
    desc = f"{short_label(w)}: {title}" + (f" ({w.venue})" if w.venue else "")
    links = identifier_links(w)
    parts = [front_matter(title, desc[:300]), f"# {md(title)}\n\n",
             findings_box(ctx, path, ctx.open_findings("work", w.key)),
             f"[Papers]({link(path, INDEX)}) › {md(short_label(w))}\n\n",
             f"{formatted(w)}\n\n"]
    if links:
        parts.append("**Links**: " + " · ".join(links) + "\n\n")
    if w.verified:
        parts.append(f"**Metadata verified against**: {md(w.verified)}\n\n")
    parts.append(_cited_by(ctx, path, w))
    parts.append("## BibTeX\n\n" + fence(w.raw or f"@{w.entry_type}{{{w.key}}}", "bibtex") + "\n")
    parts.append(f"Source: {md(w.location.path)}, line {w.location.line}.\n\n")
    parts.append(connections(ctx, path, node_id("work", w.key), skip_in=("evidence", "introduced_in", "sourced_from")))
    return path, "".join(parts)
