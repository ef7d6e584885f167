"""Positions of the graph's nodes for the explorer, and copies of the graph with added attributes."""
from __future__ import annotations

from typing import Mapping

import networkx as nx


def _force(H: nx.Graph) -> dict:
    """A seeded ForceAtlas2 layout (numpy only: networkx's spring layout needs scipy, not a
    dependency, from 500 nodes on). Strong gravity keeps small components near the main one
    instead of flung to the edges, where they would shrink everything else when the map is fitted."""
    pos = nx.forceatlas2_layout(H, seed=7, max_iter=150, strong_gravity=True, gravity=0.5)
    return {n: (float(p[0]), float(p[1])) for n, p in pos.items()}


def _scaled(pos: dict, top: float, bottom: float) -> dict[str, tuple[float, float]]:
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]

    def scale(v, lo, hi, a, b):
        return round(float(a + (b - a) * (v - lo) / ((hi - lo) or 1)), 1)
    return {n: (scale(x, min(xs), max(xs), 20, 980), scale(y, min(ys), max(ys), top, bottom)) for n, (x, y) in pos.items()}


def layout(G: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Deterministic positions: linked records by a seeded force layout (`_force`) in [20, 980] x [20, 900];
    records without links (hidden in the explorer by default) in rows below, by kind and id."""
    H = nx.Graph()
    H.add_nodes_from(sorted(G.nodes))
    H.add_edges_from(sorted({tuple(sorted((u, v))) for u, v in G.edges() if u != v}))
    orphans = sorted(n for n in H if H.degree(n) == 0)
    H.remove_nodes_from(orphans)
    pos = _scaled(_force(H), 20, 900) if len(H) else {}
    per_row = 40
    for i, n in enumerate(orphans):
        pos[n] = (round(20 + 960 * (i % per_row) / (per_row - 1), 1), round(940 + 24 * (i // per_row), 1))
    return pos


def with_node_attributes(G: nx.MultiDiGraph, attributes: Mapping[str, Mapping]) -> nx.MultiDiGraph:
    """A copy of `G` whose nodes carry the given extra attributes (G itself is not touched)."""
    H = nx.MultiDiGraph(G)
    for n, attrs in attributes.items():
        H.nodes[n].update(attrs)
    return H


def with_graph_attributes(G: nx.MultiDiGraph, **attributes) -> nx.MultiDiGraph:
    """A copy of `G` with graph-level attributes (the site puts the data's as-of date there)."""
    H = nx.MultiDiGraph(G)
    H.graph.update(attributes)
    return H
