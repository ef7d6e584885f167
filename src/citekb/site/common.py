"""Sections shared by entity pages: connections both ways (with an ego-graph) and open findings."""
from __future__ import annotations

from collections import defaultdict

from ..checks.diagnostic import Diagnostic
from ..graph.queries import in_links, out_links
from ..paths import link
from .context import SiteContext
from .svg import ego_svg
from .text import md

EGO_LIMIT = 24
RELATION_TEXT = {
    "developed_by": ("Developed by", "Develops"),
    "part_of": ("Part of", "Has part"),
    "introduced_in": ("Introduced in", "Introduces"),
    "built_with": ("Built with", "Used by"),
    "derived_from": ("Derived from", "Base of"),
    "mentions": ("Related models", "Discussed in claims"),
    "supersedes": ("Supersedes", "Superseded by"),
    "evidence": ("Evidence", "Cited as evidence by"),
    "about": ("Criterion", "Claims"),
    "asserts": ("Assertions about", "Asserted about by reviews"),
    "takes_position": ("Takes a position on", "Positions taken by reviews"),
    "sourced_from": ("Facts sourced from", "Source of facts for"),
    "weighs": ("Weighs", "Weighed by scenarios"),
    "translation_of": ("Translation of", "Translated as"),
}


def _relation(data: dict) -> str:
    return str(data.get("relation") or "refers_to")


def neighbours(ctx: SiteContext, node: str) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Out- and in-neighbours of a node grouped by relation."""
    out: dict[str, set[str]] = defaultdict(set)
    inc: dict[str, set[str]] = defaultdict(set)
    for v, d in out_links(ctx.graph, node):
        out[_relation(d)].add(v)
    for u, d in in_links(ctx.graph, node):
        inc[_relation(d)].add(u)
    return out, inc


def connections(ctx: SiteContext, path: str, node: str, *, skip_out: tuple[str, ...] = (),
                skip_in: tuple[str, ...] = ()) -> str:
    """An ego-graph picture plus every link out of and into the node, grouped by relation."""
    out, inc = neighbours(ctx, node)
    lines = ["## Connections", ""]
    all_nodes = sorted(set().union(*out.values(), *inc.values()) - {node},
                       key=lambda n: (n.partition(":")[0], ctx.label(n).lower(), n))
    if not all_nodes:
        return "\n".join(lines + ["Nothing else in the knowledge base links to or from this page yet.", ""])
    shown = all_nodes[:EGO_LIMIT]
    items = [(n.partition(":")[0], ctx.label(n), _href(ctx, path, n)) for n in shown]
    kind = node.partition(":")[0]
    lines += [ego_svg((kind, ctx.label(node), None), items, more=len(all_nodes) - len(shown)), ""]
    for title_index, groups, skip in ((0, out, skip_out), (1, inc, skip_in)):
        for relation in sorted(groups):
            if relation in skip:
                continue
            names = RELATION_TEXT.get(relation, (relation.replace("_", " ").capitalize(),) * 2)
            targets = sorted(groups[relation], key=lambda n: (ctx.label(n).lower(), n))
            lines.append(f"**{md(names[title_index])}**: " + ", ".join(ctx.node_link(path, n) for n in targets))
            lines.append("")
    return "\n".join(lines)


def _href(ctx: SiteContext, path: str, node: str) -> str | None:
    target = ctx.node_page(node)
    return ctx.href(path, target) if target else None


def findings_box(ctx: SiteContext, path: str, diagnostics: list[Diagnostic]) -> str:
    """An admonition listing open findings, each linking to its rule's page."""
    if not diagnostics:
        return ""
    worst = max(d.severity for d in diagnostics)
    kind = {3: "failure", 2: "warning"}.get(int(worst), "info")
    lines = [f'!!! {kind} "Open findings from the citation checks"', ""]
    for d in diagnostics:
        rule_link = f"[{d.code}]({link(path, f'rules/{d.code}.md')})" if ctx_has_rule(d.code) else md(d.code)
        lines.append(f"    - {rule_link} {md(d.name)} ({d.severity}) at {md(str(d.location))}: {md(d.message)}")
    return "\n".join(lines) + "\n\n"


_RULE_CODES: set[str] = set()


def ctx_has_rule(code: str) -> bool:
    if not _RULE_CODES:
        from ..checks.registry import load_builtin_rules

        _RULE_CODES.update(load_builtin_rules())
    return code in _RULE_CODES
