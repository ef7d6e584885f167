"""The models index (a sortable, filterable table and the release timeline) and one page per model."""
from __future__ import annotations

from datetime import date

from ..graph.build import node_id
from ..model import Model
from ..paths import link, page_path
from .common import connections, findings_box
from .context import SiteContext, get
from .facts import fact_row, facts_table, source_link
from .htmltable import Cell, Column, data_table, link_cell, text_cell
from .licences import licence_name
from ..modelnumbers import context_window, eci, price, rate, raw
from .svg import by_year, grouped_bars
from .text import attr, cell, ext_link, front_matter, md, plain, plural, size

INDEX = "models/index.md"
COLUMNS = (Column("name", "Model", "text"), Column("openness", "Weights", "select"),
           Column("organization", "Organization", "select"), Column("access", "Access", "select"),
           Column("license", "License", "select"), Column("size", "Parameters", "range", "number", "B", 1e9),
           Column("released", "Released", "range", "year", "year"),
           Column("input", "Input price / MTok", "", "number"), Column("output", "Output price / MTok", "", "number"),
           Column("context", "Context (tokens)", "", "number"), Column("eci", "ECI", "range", "number"))
OPEN_COLOUR, CLOSED_COLOUR = "#0072b2", "#d55e00"  # Okabe-Ito blue and vermilion: safe for colour-blind readers


def _release_dates(models) -> list[tuple[str, str]]:
    return sorted((str(plain(m.get("released"))), "open" if m.is_open else "closed")
                  for m in models if plain(m.get("released")))


def release_timeline(models, as_of: date | None = None) -> str:
    """Releases per year, open vs closed, with the KB's coverage window (first recorded release
    to the data's as-of date) shaded, so that a year the KB has not covered yet does not read as
    a collapse in releases."""
    dated = _release_dates(models)
    if not dated:
        return "No release dates recorded yet.\n"
    first_year = int(dated[0][0][:4])
    last_year = max(int(dated[-1][0][:4]), as_of.year if as_of else 0)
    years, counts = by_year([(int(d[:4]), side) for d, side in dated] + [(last_year, "")], ["open", "closed"])
    colours = {"open": OPEN_COLOUR, "closed": CLOSED_COLOUR}
    if as_of is None:
        return grouped_bars("Model releases per year, open weights vs closed", years, counts, colours, hatched=("closed",))
    start = dated[0][0]
    month = int(start[5:7]) if len(start) >= 7 and start[5:7].isdigit() else 1
    window = ((month - 1) / 12, min(len(years), (as_of.year - first_year) + as_of.timetuple().tm_yday / 366),
              f"KB coverage: {start[:7]} to {as_of.isoformat()}")
    note = (f"The shaded band is what the KB covers: {as_of.year} counts releases up to {as_of.isoformat()}, and "
            "the KB curates a selection of notable models, not every release.")
    return grouped_bars("Model releases per year, open weights vs closed", years, counts, colours,
                        hatched=("closed",), window=window, note=note)


def _org_names(ctx: SiteContext, m: Model) -> str:
    return ", ".join(ctx.label(node_id("organization", o)) for o in m.organizations)


def _params(m: Model) -> tuple[str, int]:
    p = m.get("parameters")
    total = get(p, "total")
    return (size(total), int(total)) if total else ("undisclosed", -1)


# A padlock drawn here (open shackle or shut), so the badge is told apart by its icon and word, not
# by colour; aria-hidden because the word already says it.
_LOCK = ('<svg class="citekb-badge-icon" viewBox="0 0 16 16" width="1em" height="1em" aria-hidden="true" '
         'focusable="false"><rect x="3" y="7" width="10" height="8" rx="1.5" fill="currentColor"/>'
         '<path d="{}" fill="none" stroke="currentColor" stroke-width="1.8"/></svg>')
OPEN_ICON, CLOSED_ICON = _LOCK.format("M5 7V5a3 3 0 0 1 6 0"), _LOCK.format("M5 7V5a3 3 0 0 1 6 0v2")


def badge(is_open: bool) -> str:
    """The open/closed badge: a word and an icon as well as a colour."""
    return (f'<span class="citekb-badge citekb-badge--open">{OPEN_ICON} open weights</span>' if is_open
            else f'<span class="citekb-badge citekb-badge--closed">{CLOSED_ICON} closed</span>')


def _numbers(m: Model) -> list[Cell]:
    p, window, score = price(m), context_window(m), eci(m)
    return [text_cell(rate(p, "input_per_mtok"), raw(p and p["input_per_mtok"])),
            text_cell(rate(p, "output_per_mtok"), raw(p and p["output_per_mtok"])),
            text_cell(f"{get(window, 'value'):,}" if window else "", raw(get(window, "value"))),
            text_cell(f"{score['value']:g}" if score else "", raw(score and score["value"]))]


def _row(ctx: SiteContext, m: Model) -> list[Cell]:
    shown, raw_size = _params(m)
    released = str(plain(m.get("released")) or "")
    lic = str(get(m.get("license"), "id", "") or "")
    orgs = _org_names(ctx, m)
    return [link_cell(ctx.href(INDEX, page_path("model", m.id)), m.name),
            Cell(badge(m.is_open), "open weights" if m.is_open else "closed"),
            text_cell(orgs), text_cell(m.access),
            Cell(f'<span title="{attr(lic)}">{attr(licence_name(lic))}</span>' if lic else "–", licence_name(lic)),
            text_cell(shown, raw_size), text_cell(released)] + _numbers(m)


def models_index(ctx: SiteContext) -> str:
    models = sorted(ctx.kb.of("model"), key=lambda m: m.id)
    n_open = sum(1 for m in models if m.is_open)
    rows = [_row(ctx, m) for m in models]
    attrs = [f' data-open="{str(m.is_open).lower()}"' for m in models]
    return (front_matter("Models", f"{len(models)} models: which are open-weight, under which license, by whom, how large, when.")
            + "# Models\n\n"
            + f"{plural(len(models), 'model')} in the knowledge base, {n_open} with open weights. "
            "Click a column header to sort; use the filters to narrow the table. Access levels are defined "
            f"in {ctx.hand_link(INDEX, 'kb-format.md', 'the knowledge-base format')}. Prices are list prices "
            "per million tokens (the first price a record lists), ECI the Epoch Capabilities Index; a dash means "
            f"the knowledge base records no value ([the numbers and their sources]({link(INDEX, 'numbers.md')})).\n\n"
            + release_timeline(models, ctx.provenance.as_of) + "\n"
            + data_table("models-table", COLUMNS, rows, row_attrs=attrs, caption="Models in the knowledge base"))


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
    lic_text = (ext_link(licence_name(lic.get("id", "?")), lic.get("url"))
                + f" (id {md(lic.get('id', '?'))}; commercial use: {md(lic.get('commercial_use', '?'))})")
    rows.append(fact_row(ctx, path, m, "License", lic_text, None, source=lic.get("source"), note=lic.get("note")))
    for i, r in enumerate(lic.get("restrictions") or (), 1):
        rows.append(fact_row(ctx, path, m, f"License restriction {i}", md(r), None, source=lic.get("source")))
    wt = m.get("weights") or {}
    wt_text = ("available" if wt.get("available") else "not available") + (", gated" if wt.get("gated") else "")
    if wt.get("url"):
        wt_text = ext_link(wt_text, wt.get("url"))
    rows.append(fact_row(ctx, path, m, "Weights", wt_text if wt.get("url") else md(wt_text), None,
                         source=wt.get("source"), note=wt.get("note")))
    rows.extend(_number_facts(ctx, path, m))
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


def _number_facts(ctx: SiteContext, path: str, m: Model) -> list[list[str]]:
    """Every listed price, the context window and every capability score, each with its source and date."""
    rows = [fact_row(ctx, path, m, "List price / MTok",
                     md(f"{rate(p, 'input_per_mtok')} in, {rate(p, 'output_per_mtok')} out ({p.get('provider')}, as of {p.get('as_of')})"),
                     None, source=p.get("source"), note=p.get("note"))
            for p in m.get("pricing") or () if rate(p, "input_per_mtok") and rate(p, "output_per_mtok")]
    window = context_window(m)
    if window:
        rows.append(fact_row(ctx, path, m, "Context window", md(f"{get(window, 'value'):,} tokens"), None,
                             source=get(window, "source"), note=get(window, "note")))
    rows.extend(fact_row(ctx, path, m, f"Capability ({c.get('measure')})", md(f"{c['value']:g} {c.get('unit') or ''} (as of {c.get('as_of')})"),
                         None, source=c.get("source"), note=c.get("note"))
                for c in m.get("capability") or () if raw(c.get("value")))
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
