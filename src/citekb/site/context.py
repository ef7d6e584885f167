"""What every page renderer needs: the KB, its graph, the findings, and where each node's page is."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..checks.diagnostic import Diagnostic, Severity
from ..graph.queries import Graph, node_data
from ..health import broken_works, findings_by_record, findings_by_work
from ..kb import KnowledgeBase
from ..paths import link, page_path
from .provenance import Provenance, default_provenance
from .text import html_href, md

# Node kinds that get a page of their own (scenarios only when the briefs provide one).
PAGED_KINDS = ("work", "model", "framework", "organization", "claim", "review", "criterion")


@dataclass(frozen=True)
class SiteContext:
    kb: KnowledgeBase
    graph: Graph
    diagnostics: tuple[Diagnostic, ...]
    hand_pages: frozenset[str] = frozenset()
    brief_paths: frozenset[str] = frozenset()
    by_work: dict = field(default_factory=dict)
    by_record: dict = field(default_factory=dict)
    broken: frozenset[str] = frozenset()
    provenance: Provenance = Provenance(dt.date(2000, 1, 1))

    @classmethod
    def build(cls, kb: KnowledgeBase, graph: Graph, diagnostics, *, hand_pages=(),
              brief_paths=(), provenance: Provenance | None = None) -> "SiteContext":
        diags = tuple(sorted(diagnostics, key=lambda d: d.sort_key))
        return cls(kb, graph, diags, frozenset(hand_pages), frozenset(brief_paths),
                   findings_by_work(kb, diags), findings_by_record(kb, diags),
                   frozenset(broken_works(kb, diags)), provenance or default_provenance(kb))

    def node_page(self, node: str) -> str | None:
        """The page of a graph node, or None (dangling references and scenarios without a brief)."""
        data = node_data(self.graph, node)
        kind, _, ident = node.partition(":")
        if data.get("dangling") or not ident:
            return None
        if kind in PAGED_KINDS:
            return page_path(kind, ident)
        if kind == "scenario":
            path = page_path(kind, ident)
            return path if path in self.brief_paths else None
        return None

    def label(self, node: str) -> str:
        kind, _, ident = node.partition(":")
        if kind == "claim":  # a claim is known by its statement, not its id
            claim = self.kb.get("claim", ident)
            if claim is not None and claim.get("statement"):
                text = str(claim.get("statement"))
                return text if len(text) <= 90 else text[:89] + "…"
        return str(node_data(self.graph, node).get("label") or ident)

    def node_link(self, from_path: str, node: str, text: str | None = None) -> str:
        """A Markdown link to a node's page, or plain text marked missing when it has none."""
        shown = md(text if text is not None else self.label(node))
        target = self.node_page(node)
        if target is None:
            dangling = node_data(self.graph, node).get("dangling")
            return f"{shown} *(not in the KB)*" if dangling else shown
        return f"[{shown}]({link(from_path, target)})"

    def href(self, from_path: str, to_md: str) -> str:
        """A relative URL for raw HTML, where MkDocs does not rewrite `.md` links."""
        return html_href(link(from_path, to_md))

    def hand_link(self, from_path: str, to_path: str, text: str) -> str:
        """A link to a hand-written page when it exists, else the text alone (pages come and go)."""
        if to_path in self.hand_pages:
            return f"[{md(text)}]({link(from_path, to_path)})"
        return md(text)

    def findings_for(self, kind: str, ident: str) -> list[Diagnostic]:
        if kind == "work":
            return list(self.by_work.get(ident, ()))
        return list(self.by_record.get((kind, ident), ()))

    def open_findings(self, kind: str, ident: str) -> list[Diagnostic]:
        return [d for d in self.findings_for(kind, ident) if d.severity >= Severity.WARNING]


def get(mapping: Any, key: str, default: Any = None) -> Any:
    return mapping.get(key, default) if isinstance(mapping, dict) else default
