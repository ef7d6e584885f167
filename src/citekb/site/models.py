"""The models index (a sortable, filterable table and the release timeline) and one page per model."""
from __future__ import annotations

from ..graph.build import node_id
from ..model import Model
from ..paths import link, page_path
from .common import connections, findings_box
from .context import SiteContext, get
from .facts import fact_row, facts_table, source_link
from .svg import by_year, grouped_bars
from .text import attr, cell, ext_link, front_matter, md, plain, plural, size

INDEX = "models/index.md"
COLUMNS = (("name", "Model", "text"), ("organization", "Organization", "select"), ("access", "Access", "select"),
           ("license", "License", "select"), ("size", "Parameters", "range"), ("released", "Released", "range"))


def release_timeline(models) -> str:
    items = [(int(str(plain(m.get("released")))[:4]), "open" if m.is_open else "closed")
             for m in models if plain(m.get("released"))]
    years, counts = by_year(sorted(items), ["open", "closed"])
    if not years:
        return "No release dates recorded yet.\n"
    return grouped_bars("Model releases per year, open weights vs closed", years, counts,
                        {"open": "#2e7d32", "closed": "#c62828"})


def _org_names(ctx: SiteContext, m: Model) -> str:
    return ", ".join(ctx.label(node_id("organization", o)) for o in m.organizations)


def _params(m: Model) -> tuple[str, int]:
    p = m.get("parameters")
    total = get(p, "total")
    return (size(total), int(total)) if total else ("undisclosed", -1)


def _row(ctx: SiteContext, m: Model) -> str:
    shown, raw_size = _params(m)
    released = str(plain(m.get("released")) or "")
    cells = [
        (f'<a href="{attr(ctx.href(INDEX, page_path("model", m.id)))}">{attr(m.name)}</a>', m.name.lower()),
        (attr(_org_names(ctx, m)), _org_names(ctx, m)), (attr(m.access), m.access),
        (attr(get(m.get("license"), "id", "")), get(m.get("license"), "id", "")),
        (attr(shown), str(raw_size)), (attr(released), released),
    ]
    tds = "".join(f'<td data-value="{attr(v)}">{c}</td>' for c, v in cells)
    return f'<tr data-open="{str(m.is_open).lower()}">{tds}</tr>'


def models_index(ctx: SiteContext) -> str:
    models = sorted(ctx.kb.of("model"), key=lambda m: m.id)
    n_open = sum(1 for m in models if m.is_open)
    head = "".join(f'<th data-key="{k}" data-filter="{f}">{attr(t)}</th>' for k, t, f in COLUMNS)
    body = "\n".join(_row(ctx, m) for m in models)
    return (front_matter("Models", f"{len(models)} models: which are open-weight, under which license, by whom, how large, when.")
            + "# Models\n\n"
            + f"{plural(len(models), 'model')} in the knowledge base, {n_open} with open weights. "
            "Click a column header to sort; use the filters to narrow the table. Access levels are defined "
            f"in {ctx.hand_link(INDEX, 'kb-format.md', 'the knowledge-base format')}.\n\n"
            + release_timeline(models) + "\n"
            + '<div class="citekb-filters" data-table="models-table"></div>\n\n'
            + f'<table id="models-table" class="citekb-table">\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>\n')


def _value_list(values) -> str:
    return ", ".join(md(v) for v in values) if values else "–"


def _facts(ctx: SiteContext, m: Model, path: str) -> list[list[str]]:
    rows = []
    orgs = ", ".join(ctx.node_link(path, node_id("organization", o)) for o in m.organizations)
    rows.append(fact_row(ctx, path, m, "Organization", orgs or "–", None))
    if m.get("family"):
        rows.append(fact_row(ctx, path, m, "Family", md(m.get("family")), None))
    rows.append(fact_row(ctx, path, m, "Released", cell(plain(m.get("released"))), m.get("released")))
    mod = m.get("modality") or {}
    rows.append(fact_row(ctx, path, m, "Modality", f"{_value_list(mod.get('input'))} → {_value_list(mod.get('output'))}", None))
    p = m.get("parameters")
    shown = size(get(p, "total")) if get(p, "total") else "undisclosed"
    if get(p, "active"):
        shown += f" ({size(get(p, 'active'))} active)"
    rows.append(fact_row(ctx, path, m, "Parameters", md(shown), plain(p) if not isinstance(p, dict) else None,
                         source=get(p, "source"), note=get(p, "note")))
    rows.append(fact_row(ctx, path, m, "Access", f"`{m.access}`", m.get("access")))
    lic = m.get("license") or {}
    lic_text = ext_link(lic.get("id", "?"), lic.get("url")) + f" (commercial use: {md(lic.get('commercial_use', '?'))})"
    rows.append(fact_row(ctx, path, m, "License", lic_text, None, source=lic.get("source"), note=lic.get("note")))
    for i, r in enumerate(lic.get("restrictions") or (), 1):
        rows.append(fact_row(ctx, path, m, f"License restriction {i}", md(r), None, source=lic.get("source")))
    wt = m.get("weights") or {}
    wt_text = ("available" if wt.get("available") else "not available") + (", gated" if wt.get("gated") else "")
    if wt.get("url"):
        wt_text = ext_link(wt_text, wt.get("url"))
    rows.append(fact_row(ctx, path, m, "Weights", wt_text if wt.get("url") else md(wt_text), None,
                         source=wt.get("source"), note=wt.get("note")))
    comps = m.get("components") or {}
    if comps:
        rows.append(fact_row(ctx, path, m, "Components released",
                             md(", ".join(f"{k}: {'yes' if v else 'no'}" for k, v in sorted(comps.items()))), None))
    if m.get("paper"):
        rows.append([md("Paper"), source_link(ctx, path, m.get("paper")), "–", ""])
    if m.get("model_card"):
        rows.append([md("Model card"), ext_link("model card", m.get("model_card")), "–", ""])
    if m.get("base_model"):
        rows.append(fact_row(ctx, path, m, "Base model", ctx.node_link(path, node_id("model", m.get("base_model"))), None))
    if m.get("frameworks"):
        fws = ", ".join(ctx.node_link(path, node_id("framework", f)) for f in m.get("frameworks"))
        rows.append(fact_row(ctx, path, m, "Frameworks", fws, None))
    return rows


def model_page(ctx: SiteContext, m: Model) -> tuple[str, str]:
    path = page_path("model", m.id)
    side = "open weights" if m.is_open else "closed"
    desc = f"{m.name}: {side} ({m.access}), {_org_names(ctx, m) or 'unknown organization'}, released {plain(m.get('released')) or 'unknown'}."
    parts = [front_matter(m.name, desc, tags=[m.access, "open weights" if m.is_open else "closed"]),
             f"# {md(m.name)}\n\n", findings_box(ctx, path, ctx.open_findings("model", m.id)),
             f"[Models]({link(path, INDEX)}) › {md(m.name)}. Every fact below names its source.\n\n"]
    if m.get("aliases"):
        parts.append(f"Also known as: {_value_list(m.get('aliases'))}.\n\n")
    parts.append(facts_table(_facts(ctx, m, path)) + "\n")
    if m.get("verified"):
        parts.append(f"**Verified against**: {md(m.get('verified'))}\n\n")
    if m.get("notes"):
        parts.append(f"**Notes**: {md(m.get('notes'))}\n\n")
    parts.append(connections(ctx, path, node_id("model", m.id)))
    return path, "".join(parts)
