"""The library API the CLI calls: one function per command, no printing, no exiting."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from .checks.diagnostic import Diagnostic, Severity
from .checks.runner import run_checks
from .config import Config, load_config
from .graph.build import build_graph
from .kb import KnowledgeBase, load_kb


@dataclass(frozen=True)
class CheckResult:
    kb: KnowledgeBase
    graph: nx.MultiDiGraph
    diagnostics: list[Diagnostic]
    config: Config


def load(root: str | Path, config: Config | None = None) -> tuple[KnowledgeBase, Config]:
    root = Path(root)
    config = config or load_config(root)
    return load_kb(root, references=config.references, kb_dir=config.kb, docs=config.docs), config


def check(root: str | Path = ".", *, config: Config | None = None, today: dt.date | None = None) -> CheckResult:
    """Load the repository at `root`, build its graph, and run every enabled rule."""
    kb, config = load(root, config)
    graph = build_graph(kb)
    return CheckResult(kb, graph, run_checks(kb, config, today=today, graph=graph), config)


def exit_code(diagnostics: list[Diagnostic], *, strict: bool = False) -> int:
    """0 clean; 1 errors (or warnings with strict); 2 when citekb itself failed."""
    if any(d.code == "X001" for d in diagnostics):
        return 2
    worst = max((d.severity for d in diagnostics), default=None)
    if worst == Severity.ERROR or (strict and worst == Severity.WARNING):
        return 1
    return 0


def export_graph(G: nx.MultiDiGraph, fmt: str) -> str:
    """The graph as GraphML, GEXF or node-link JSON text (deterministic)."""
    H = nx.MultiDiGraph()
    H.add_nodes_from(sorted(G.nodes(data=True)))
    H.add_edges_from(sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2]))))
    if fmt == "json":
        data = nx.node_link_data(H, edges="edges")
        return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False, default=str) + "\n"
    clean = nx.MultiDiGraph()
    clean.add_nodes_from((n, {k: _scalar(v) for k, v in d.items()}) for n, d in H.nodes(data=True))
    clean.add_edges_from((u, v, k, {a: _scalar(b) for a, b in d.items()}) for u, v, k, d in H.edges(keys=True, data=True))
    lines = nx.generate_graphml(clean) if fmt == "graphml" else nx.generate_gexf(clean)
    return "\n".join(lines) + "\n"


def _scalar(v):
    return v if isinstance(v, (str, int, float, bool)) else str(v)
