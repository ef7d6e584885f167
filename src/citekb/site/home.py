"""The home page figures: counts, which side the claims favour, releases over time, latest changes."""
from __future__ import annotations

from collections import Counter

from ..checks.diagnostic import Severity
from ..model import CRITERION_TITLES
from ..paths import link, page_path
from .claims import SIDES, by_criterion, criterion_chart
from .context import SiteContext
from .models import release_timeline
from .text import front_matter, md, plain, plural, table

MARKER = "<!-- citekb:figures -->"
LATEST = 8


def _counts(ctx: SiteContext) -> str:
    """Record counts, each saying what it counts, and the date and commit they are counts of."""
    kb = ctx.kb
    models = kb.of("model")
    n_open = sum(1 for m in models if m.is_open)
    cards = [(plural(len(kb.works), "work"), "in the bibliography: papers, reports, licences and web pages the KB cites",
              "papers/index.md"),
             (plural(len(models), "model"), f"{n_open} with open weights, {len(models) - n_open} closed (API-only, hosted or unreleased)",
              "models/index.md"),
             (plural(len(kb.of("claim")), "claim"), "one sentence each about the open/closed trade-off, with evidence for and against",
              "claims/index.md"),
             (plural(len(kb.of("framework")), "framework or tool", "frameworks and tools"),
              "for training, serving, quantizing and fine-tuning", "frameworks/index.md"),
             (plural(len(kb.of("organization")), "organization"), "companies, labs and public bodies behind the models and evidence",
              "organizations/index.md"),
             (plural(len(kb.of("review")), "reviewed document"), "articles from elsewhere, fact-checked against the KB",
              "reviews/index.md")]
    items = "\n".join(f"- **[{name}]({path})** {what}" for name, what, path in cards)
    p = ctx.provenance
    return (f'<div class="grid cards citekb-figures" markdown>\n\n{items}\n\n</div>\n\n'
            f"Counts of records in the knowledge base, data as of {p.as_of.isoformat()} (KB commit `{p.commit}`).\n\n")


def _share_table(ctx: SiteContext) -> str:
    rows = []
    for crit, claims in by_criterion(ctx).items():
        if not claims:
            continue
        c = Counter(x.favours for x in claims)
        rows.append([f"[{md(CRITERION_TITLES.get(crit, crit))}]({page_path('criterion', crit)})", str(len(claims))]
                    + [f"{100 * c[s] // len(claims)}%" for s in SIDES])
    return table(["Criterion", "Claims", *(f"Favour {s}" for s in SIDES)], rows) if rows else ""


def _latest(ctx: SiteContext) -> str:
    claims = sorted(ctx.kb.of("claim"), key=lambda c: (str(c.get("as_of") or ""), c.id), reverse=True)[:LATEST]
    models = sorted(ctx.kb.of("model"), key=lambda m: (str(plain(m.get("released")) or ""), m.id), reverse=True)[:LATEST]
    out = ["## Latest changes\n\n**Most recently dated claims**\n"]
    out += [f"- {md(c.get('as_of'))}: [{md(c.get('statement'))}]({page_path('claim', c.id)})" for c in claims]
    out += ["", "**Most recent model releases**\n"]
    out += [f"- {md(plain(m.get('released')))}: [{md(m.name)}]({page_path('model', m.id)}) ({md(m.access)})" for m in models]
    return "\n".join(out) + "\n\n"


def _health(ctx: SiteContext) -> str:
    sev = Counter(d.severity for d in ctx.diagnostics)
    if not (sev[Severity.ERROR] or sev[Severity.WARNING]):
        return '!!! success "Citation health"\n\n    Every citation check passes. [Details](health.md)\n\n'
    return (f'!!! warning "Citation health"\n\n    The checks report {sev[Severity.ERROR]} errors and '
            f"{sev[Severity.WARNING]} warnings; affected pages say so. [Details](health.md)\n\n")


def figures(ctx: SiteContext) -> str:
    """The figures block of the home page (links are relative to the site root)."""
    return "".join([_counts(ctx), _health(ctx), "## Which side does the evidence favour?\n\n",
                    criterion_chart(ctx, "index.md"), "\n", _share_table(ctx), "\n",
                    "## Open and closed releases over time\n\n", release_timeline(ctx.kb.of("model"), ctx.provenance.as_of), "\n",
                    _latest(ctx)])


DEFAULT_HOME = (front_matter("citekb: open-weight or closed models?", "An evidence atlas for building on open-weight or closed AI models.")
                + f"# Open-weight or closed?\n\nAn evidence atlas of models, claims and the literature behind them.\n\n{MARKER}\n")


def home_page(ctx: SiteContext, text: str | None) -> str:
    """The hand-written home text with the figures in place of the marker (appended when it has none)."""
    text = text if text is not None else DEFAULT_HOME
    block = figures(ctx)
    if MARKER in text:
        return text.replace(MARKER, block, 1)
    return text.rstrip() + "\n\n" + block
