"""The openness matrix: every open-weight model graded against the Model Openness Framework and
the OSI Open Source AI Definition 1.0 (`citekb.openness`), with the reason for every cell."""
from __future__ import annotations

from .. import openness
from ..paths import page_path
from .context import SiteContext
from .text import attr, front_matter, md, plural

PATH = "openness.md"
# Words, not colours or icons: the state must read the same in both themes and to everyone.
SHOWN = {openness.MET: "met", openness.NOT_MET: "not met", openness.NOT_RECORDED: "undetermined"}
COLUMNS = (("name", "Model", "text"), ("license", "Licence", "select"), ("mof", "MOF class", "select"),
           ("c3", "Class III", "select"), ("c2", "Class II", "select"), ("c1", "Class I", "select"),
           ("osaid", "OSAID 1.0", "select"), ("why", "Why", ""))


def _why(g: openness.Grade) -> str:
    """The failed requirements (of Class III and the OSAID), else what is not recorded."""
    parts = []
    for label, verdict in (("MOF Class III", g.classes[3]), ("OSAID", g.osaid)):
        if verdict.failed:
            parts.append(f"{label}: " + ", ".join(f"{c.requirement} ({c.reason})" for c in verdict.failed))
        elif verdict.missing:
            parts.append(f"{label}: not recorded: {', '.join(verdict.missing)}")
    return "; ".join(parts) or "every requirement met"


def _cell(text: str, value: str | None = None, title: str | None = None) -> str:
    tip = f' title="{attr(title)}"' if title else ""
    return f'<td data-value="{attr(value if value is not None else text)}"{tip}>{attr(text)}</td>'


def _verdict_cell(v: openness.Verdict) -> str:
    reasons = "; ".join(f"{c.requirement}: {c.status}" for c in v.checks if c.status != openness.MET)
    return _cell(SHOWN[v.status], title=reasons or "every requirement met")


def _row(ctx: SiteContext, g: openness.Grade) -> str:
    m = ctx.kb.get("model", g.model_id)
    link = f'<a href="{attr(ctx.href(PATH, page_path("model", m.id)))}">{attr(m.name)}</a>'
    cells = [f'<td data-value="{attr(m.name.lower())}">{link}</td>', _cell(g.licence or "–"), _cell(g.mof_label),
             *(_verdict_cell(g.classes[c]) for c in (3, 2, 1)), _verdict_cell(g.osaid), _cell(_why(g), "")]
    return f"<tr>{''.join(cells)}</tr>"


def _tally_text(grades) -> str:
    t = openness.tally(grades)
    mof = ", ".join(f"{n} {md(label)}" for label, n in t["mof"].items())
    osaid = ", ".join(f"{n} {md(SHOWN[status])}" for status, n in t["osaid"].items())
    return f"MOF: {mof}. OSAID 1.0: {osaid}.\n\n"


def _component_table(ctx: SiteContext, grades) -> str:
    comps = [c for c in openness.MOF_COMPONENTS if c.required]
    head = "<th>Model</th>" + "".join(f"<th>{attr(c.name)} ({openness.ROMAN[c.mof_class]})</th>" for c in comps)
    rows = []
    for g in grades:
        m = ctx.kb.get("model", g.model_id)
        checks = {c.requirement: c for c in g.classes[1].checks}
        tds = "".join(_cell({"met": "yes", "not met": "no", "not recorded": "?"}[checks[c.name].status],
                            title=checks[c.name].reason) for c in comps)
        rows.append(f'<tr><td><a href="{attr(ctx.href(PATH, page_path("model", m.id)))}">{attr(m.name)}</a></td>{tds}</tr>')
    return ('<div class="citekb-wide"><table class="citekb-table citekb-components">\n'
            f"<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table></div>\n")


def openness_page(ctx: SiteContext) -> str:
    grades = openness.grade_all(ctx.kb.of("model"))
    rules = ctx.hand_link(PATH, "openness-rules.md", "the openness rules")
    head = "".join(f'<th data-key="{k}"' + (f' data-filter="{f}"' if f else "") + f">{attr(t)}</th>"
                   for k, t, f in COLUMNS)
    body = "\n".join(_row(ctx, g) for g in grades)
    parts = [
        front_matter("Openness matrix", "Open-weight models graded against the Model Openness Framework and the OSI Open Source AI Definition 1.0."),
        "# Openness matrix\n\n",
        f"**{md(ctx.provenance.line)}.** {plural(len(grades), 'open-weight model')} graded against the Model "
        "Openness Framework (Class III open model, Class II open tooling, Class I open science) and the OSI "
        "Open Source AI Definition 1.0. Every grade is derived from the model's recorded components and "
        f"licence, never typed in; {rules} say how. *Undetermined* means nothing recorded fails but something "
        "the framework requires is not recorded; the last column names it. Hover a cell for its reasons.\n\n",
        _tally_text(grades),
        '<div class="citekb-filters" data-table="openness-table"></div>\n\n',
        f'<table id="openness-table" class="citekb-table">\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>\n\n',
        "## Components\n\n",
        "Each required MOF component (its class in brackets): *yes* released under an open licence, *no* not "
        "released or under a licence that is not open, *?* not recorded.\n\n",
        _component_table(ctx, grades),
    ]
    return "".join(parts)
