"""Decision briefs: open weights, closed API or hybrid, for one scenario, from cited evidence.

`evaluate()` scores (pure function of scenario, KB, diagnostics, parameters, as-of date);
`render_brief()` writes Markdown or standalone HTML; `brief_pages()` gives the site its pages.
"""
from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path
from typing import Iterable

from ..checks.diagnostic import Diagnostic
from ..graph.queries import Graph
from ..kb import KnowledgeBase
from ..model import Record
from ..paths import link, page_path
from .brief import Brief, default_as_of, evaluate
from .html import render_html
from .markdown import render_markdown
from .options import SHORT, TITLES

INDEX_HEADS = ("Self-hosted", "Hosted open", "Closed API", "Closed private", "Hybrid")
from .params import Parameters, default_parameters, load_parameters
from .scenario import brief_problems, read_scenario
from .text import esc, front_matter, num, pct, site_links, standalone_links

__all__ = ["Brief", "evaluate", "render_brief", "brief_pages", "kb_commit", "default_as_of",
           "default_parameters", "load_parameters", "read_scenario", "brief_problems", "Parameters"]


def kb_commit(root: Path) -> str:
    """`git rev-parse HEAD` of the KB root, or "unknown" (no git, not a repository)."""
    try:
        done = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True,
                              timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    out = done.stdout.strip()
    return out if done.returncode == 0 and out else "unknown"


def _description(b: Brief) -> str:
    v = b.verdict
    if v.winner is None:
        return f"Decision brief for {b.scenario.name}: no option meets the hard constraints."
    lead = "no clear preference, leaning to" if v.strength == "No preference" else v.strength.lower()
    return (f"Decision brief for {b.scenario.name}: {lead} {SHORT[v.winner]} "
            f"({v.confidence.lower()} confidence, as of {b.as_of.isoformat()}"
            + (", expired" if b.expired else "") + ").")


def render_brief(b: Brief, kb: KnowledgeBase, *, commit: str, fmt: str = "md", site: bool = False) -> str:
    """Markdown (with site links when `site`) or a standalone HTML file."""
    title = f"Decision brief: {b.scenario.name}"
    if fmt == "html":
        text = render_markdown(b, kb, commit=commit, links=standalone_links())
        return render_html(text, title=title)
    links = site_links(page_path("scenario", b.id)) if site else standalone_links()
    front = front_matter(title, _description(b)) if site else ""
    return render_markdown(b, kb, commit=commit, links=links, front=front)


def _problem_page(scenario: Record, problems: Iterable) -> str:
    lines = [front_matter(f"Decision brief: {scenario.name}", "This scenario cannot be scored.")
             + f"# Decision brief: {esc(scenario.name)}", "", "This scenario cannot be scored:", ""]
    lines += [f"- `{esc(p.location)}`: {esc(p.message)}" for p in problems]
    return "\n".join(lines) + "\n"


def _index(briefs: list[Brief], as_of: dt.date) -> str:
    if not briefs:
        return (front_matter("Decision briefs", "Open weights, closed API or hybrid: one brief per scenario.")
                + "# Decision briefs\n\nNo scenario can be scored yet: add one under `kb/scenarios/` "
                "(see the knowledge-base format page).\n")
    lines = [front_matter("Decision briefs", "Open weights, closed API or hybrid: one brief per scenario, compared.")
             + "# Decision briefs", "",
             f"One brief per shipped scenario, scored from the cited claims as of {as_of.isoformat()}. "
             "Values run from 0 to 1 (0.5: no evidence either way); knocked-out options show as \"out\". "
             "*Expected* is the answer written into the scenario, with its reasons, before the brief was run.", "",
             "| Scenario | Recommendation | Strength | Confidence | Margin | Expected | "
             + " | ".join(INDEX_HEADS) + " |", "|---|---|---|---|---|---|" + "---|" * len(INDEX_HEADS)]
    here = "briefs/index.md"
    for b in briefs:
        v = b.verdict
        cells = [f"[{esc(b.scenario.name)}]({link(here, page_path('scenario', b.id))})",
                 f"**{TITLES[v.winner]}**" if v.winner else "none", v.strength, v.confidence,
                 num(v.margin, signed=False), ", ".join(b.scenario.get("expected") or ()) or "not stated"]
        cells += [num(b.totals[o.id], signed=False) if o.available else "out" for o in b.options]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "Evidence coverage (share of the weight with scored evidence): " + "; ".join(
        f"{esc(b.id)} {pct(b.verdict.coverage)}" for b in briefs) + ".", ""]
    return "\n".join(lines)


def brief_pages(kb: KnowledgeBase, graph: Graph, diagnostics: list[Diagnostic], *,
                as_of: dt.date | None = None, commit: str | None = None,
                params: Parameters | None = None, today: dt.date | None = None) -> dict[str, str]:
    """{"briefs/index.md": comparison, "briefs/<scenario-id>.md": brief} for every shipped scenario.

    Computed as of today unless `as_of` is given; `today` (default: `as_of`) decides whether a
    brief shows as expired, so a fixed pair of dates gives byte-identical pages.
    """
    params = params or default_parameters()
    as_of = as_of or default_as_of()
    commit = commit if commit is not None else kb_commit(kb.root)
    pages: dict[str, str] = {}
    briefs = []
    for scenario in sorted(kb.of("scenario"), key=lambda s: s.id):
        problems = brief_problems(scenario, kb, params, as_of)
        path = page_path("scenario", scenario.id)
        if problems:
            pages[path] = _problem_page(scenario, problems)
            continue
        b = evaluate(scenario, kb, diagnostics, params=params, as_of=as_of, today=today)
        briefs.append(b)
        pages[path] = render_brief(b, kb, commit=commit, site=True)
    pages["briefs/index.md"] = _index(briefs, as_of)
    return dict(sorted(pages.items()))
