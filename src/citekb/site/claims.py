"""Claims grouped by criterion, one page per criterion, one page per claim (evidence side by side)."""
from __future__ import annotations

from collections import Counter

from ..graph.build import node_id
from ..model import CRITERIA, CRITERION_TITLES, Claim
from ..paths import link, page_path
from .common import connections, findings_box
from .context import SiteContext
from .refs import short_label
from .svg import SIDE_COLOURS, stacked_rows
from .htmltable import Cell, Column, data_table, link_cell, text_cell
from .text import attr, cell, front_matter, md, plural, table

INDEX = "claims/index.md"
SIDES = ("open", "closed", "neither", "depends")
AGAINST = ("contradicts", "qualifies")
STANCE_COLOURS = {"supports": "#0072b2", "qualifies": "#e69f00", "contradicts": "#d55e00"}  # Okabe-Ito


def by_criterion(ctx: SiteContext) -> dict[str, list[Claim]]:
    out: dict[str, list[Claim]] = {c: [] for c in CRITERIA}
    for c in sorted(ctx.kb.of("claim"), key=lambda c: c.id):
        out.setdefault(c.criterion, []).append(c)
    return out


def criterion_chart(ctx: SiteContext, from_path: str) -> str:
    rows = [(CRITERION_TITLES.get(crit, crit), ctx.href(from_path, page_path("criterion", crit)),
             Counter(c.favours for c in claims)) for crit, claims in by_criterion(ctx).items() if claims]
    if not rows:
        return "No claims yet.\n"
    return stacked_rows("Which side the claims favour, by criterion", rows, SIDES, SIDE_COLOURS)


def _claims_table(ctx: SiteContext, path: str, claims: list[Claim]) -> str:
    rows = []
    for c in claims:
        stances = Counter(e.get("stance") for e in c.evidence)
        rows.append([f"[{md(c.get('statement'))}]({link(path, page_path('claim', c.id))})", f"**{md(c.favours)}**",
                     cell(c.get("strength")), str(stances["supports"]), str(sum(stances[s] for s in AGAINST))])
    return table(["Claim", "Favours", "Strength", "For", "Against or qualifying"], rows)


INDEX_COLUMNS = (Column("claim", "Claim", "text"), Column("criterion", "Criterion", "select"),
                 Column("favours", "Favours", "select"), Column("strength", "Strength", "select"),
                 Column("for", "For", type="number"), Column("against", "Against or qualifying", type="number"),
                 Column("as_of", "As of", "range", "year", "year"))


def _index_row(ctx: SiteContext, c: Claim) -> list[Cell]:
    stances = Counter(e.get("stance") for e in c.evidence)
    crit = CRITERION_TITLES.get(c.criterion, c.criterion)
    return [link_cell(ctx.href(INDEX, page_path("claim", c.id)), str(c.get("statement") or c.id)),
            link_cell(ctx.href(INDEX, page_path("criterion", c.criterion)), crit, crit),
            Cell(f"<strong>{attr(c.favours)}</strong>", c.favours), text_cell(c.get("strength")),
            text_cell(stances["supports"]), text_cell(sum(stances[s] for s in AGAINST)), text_cell(c.get("as_of"))]


def claims_index(ctx: SiteContext) -> str:
    groups = by_criterion(ctx)
    claims = [c for members in groups.values() for c in members]
    crits = [f"[{md(CRITERION_TITLES.get(k, k))}]({link(INDEX, page_path('criterion', k))}) ({len(v)})" for k, v in groups.items()]
    return "".join([
        front_matter("Claims by criterion", f"{len(claims)} claims about open-weight vs closed models, grouped by the criterion they bear on."),
        "# Claims by criterion\n\n",
        f"{plural(len(claims), 'claim')}, each one sentence about the open/closed trade-off with its evidence for and against. "
        f"How strength and confidence are rated: {ctx.hand_link(INDEX, 'methodology.md', 'methodology')}.\n\n",
        criterion_chart(ctx, INDEX), "\n", "**One page per criterion**: " + " · ".join(crits) + ".\n\n",
        data_table("claims-table", INDEX_COLUMNS, [_index_row(ctx, c) for c in claims], caption="Claims, by criterion")])


def criterion_page(ctx: SiteContext, crit: str, claims: list[Claim]) -> tuple[str, str]:
    path = page_path("criterion", crit)
    title = CRITERION_TITLES.get(crit, crit)
    sides = Counter(c.favours for c in claims)
    summary = ", ".join(f"{sides[s]} favour {s}" for s in SIDES if sides[s]) or "no claims yet"
    parts = [front_matter(title, f"Claims on {title.lower()}: {summary}.", tags=[title]),
             f"# {md(title)}\n\n[Claims]({link(path, INDEX)}) › {md(title)}. {plural(len(claims), 'claim')}: {md(summary)}.\n\n"]
    if claims:
        rows = [(c.id, ctx.href(path, page_path("claim", c.id)), Counter(e.get("stance") for e in c.evidence))
                for c in claims if c.evidence]
        if rows:
            parts.append(stacked_rows(f"Evidence for and against each claim on {title.lower()}", rows,
                                      tuple(STANCE_COLOURS), STANCE_COLOURS) + "\n")
        for side in SIDES:
            chosen = [c for c in claims if c.favours == side]
            if chosen:
                parts.append(f"## Favouring {side}\n\n" + _claims_table(ctx, path, chosen) + "\n")
    parts.append(connections(ctx, path, node_id("criterion", crit), skip_in=("about",)))
    return path, "".join(parts)


def _evidence_item(ctx: SiteContext, path: str, item) -> str:
    key = str(item.get("cite", ""))
    work = ctx.kb.work_by_key.get(key)
    if work is None:
        head = f"{md(key)} *(not in the references)*"
    else:
        head = f"[{md(short_label(work))}]({link(path, page_path('work', key))}), *{md(work.title)}*"
        if key in ctx.broken:
            head += " — **this reference has open findings**"
    lines = [f"- **{md(item.get('stance', '?'))}**: {head}"]
    if item.get("locator"):
        lines.append(f"    <br>Where: {md(item['locator'])}")
    if item.get("note"):
        lines.append(f"    <br>{md(item['note'])}")
    return "\n".join(lines)


def _side(ctx: SiteContext, path: str, title: str, items) -> str:
    body = "\n".join(_evidence_item(ctx, path, e) for e in items) or "None recorded."
    return f'<div class="citekb-side" markdown>\n\n### {title}\n\n{body}\n\n</div>\n'


def claim_page(ctx: SiteContext, c: Claim) -> tuple[str, str]:
    path = page_path("claim", c.id)
    title = CRITERION_TITLES.get(c.criterion, c.criterion)
    support = [e for e in c.evidence if e.get("stance") == "supports"]
    against = [e for e in c.evidence if e.get("stance") != "supports"]
    desc = f"Claim on {title.lower()}, favours {c.favours}: {c.get('statement')}"
    meta_rows = [[md(k.replace("_", " ").capitalize()), cell(c.get(k))] for k in
                 ("magnitude", "strength", "confidence", "source_type", "verification", "scope", "as_of") if c.get(k)]
    if c.get("conditions"):
        meta_rows.append(["Conditions", ", ".join(md(x) for x in c.get("conditions"))])
    statement = str(c.get("statement") or c.id)
    short = statement if len(statement) <= 80 else statement[:79].rstrip() + "…"
    parts = [front_matter(short, desc[:300], tags=[title, f"favours {c.favours}"]),
             f"# {md(c.get('statement'))}\n\n", findings_box(ctx, path, ctx.open_findings("claim", c.id)),
             f"**Criterion**: [{md(title)}]({link(path, page_path('criterion', c.criterion))}) · "
             f"**Favours**: {md(c.favours)} · {plural(len(support), 'item')} for, {len(against)} against or qualifying.\n\n",
             table(["Property", "Value"], meta_rows) + "\n" if meta_rows else "",
             "## Evidence\n\n", '<div class="citekb-sides" markdown>\n\n',
             _side(ctx, path, "Supports", support), "\n",
             _side(ctx, path, "Contradicts or qualifies", against), "\n</div>\n\n"]
    if c.get("models"):
        parts.append("## Related models\n\n" + "".join(f"- {ctx.node_link(path, node_id('model', m))}\n" for m in c.get("models")) + "\n")
    if c.get("notes"):
        parts.append(f"**Notes**: {md(c.get('notes'))}\n\n")
    parts.append(connections(ctx, path, node_id("claim", c.id), skip_out=("evidence", "mentions")))
    return path, "".join(parts)
