"""Small pure queries over the knowledge graph. Each takes `G` first and never mutates it."""
from __future__ import annotations

from typing import Iterator

import networkx as nx

Graph = nx.MultiDiGraph  # the knowledge graph's type, for modules that read it only through these queries


def nodes_of_kind(G: nx.MultiDiGraph, kind: str) -> list[str]:
    """Node ids of one kind, sorted.

    >>> G = nx.MultiDiGraph(); G.add_node("model:a", kind="model"); G.add_node("work:b", kind="work")
    >>> nodes_of_kind(G, "model")
    ['model:a']
    """
    return sorted(n for n, k in G.nodes(data="kind") if k == kind)


def edges_by_relation(G: nx.MultiDiGraph, relation: str) -> Iterator[tuple[str, str, dict]]:
    for u, v, data in G.edges(data=True):
        if data.get("relation") == relation:
            yield u, v, data


def derivation_cycles(G: nx.MultiDiGraph) -> list[list[str]]:
    """Cycles along `derived_from` edges, as lists of bare model ids, each rotated to start at its
    smallest id, sorted.

    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("model:a", "model:b", key="derived_from", relation="derived_from")
    'derived_from'
    >>> G.add_edge("model:b", "model:a", key="derived_from", relation="derived_from")
    'derived_from'
    >>> derivation_cycles(G)
    [['a', 'b']]
    """
    lineage = nx.DiGraph((u, v) for u, v, _ in edges_by_relation(G, "derived_from"))
    out = []
    for cycle in nx.simple_cycles(lineage):
        ids = [c.partition(":")[2] for c in cycle]
        i = ids.index(min(ids))
        out.append(ids[i:] + ids[:i])
    return sorted(out)


def citing(G: nx.MultiDiGraph, node: str) -> list[tuple[str, str]]:
    """(source node, relation) pairs for everything that points at `node`, sorted."""
    return sorted({(u, d.get("relation", "")) for u, _, d in G.in_edges(node, data=True)})


def dangling(G: nx.MultiDiGraph) -> list[str]:
    return sorted(n for n, d in G.nodes(data=True) if d.get("dangling"))


def evidence_of(G: nx.MultiDiGraph, claim_node: str) -> list[tuple[str, str]]:
    """(work node, stance) pairs of a claim's evidence, in stance then key order."""
    pairs = {(v, d.get("stance", "")) for _, v, d in G.out_edges(claim_node, data=True)
             if d.get("relation") == "evidence"}
    return sorted(pairs, key=lambda p: (p[1], p[0]))


def ego(G: nx.MultiDiGraph, node: str, radius: int = 1) -> nx.MultiDiGraph:
    """The neighbourhood of `node` (both directions) as a read-only subgraph view."""
    return G.subgraph(nx.ego_graph(G.to_undirected(as_view=True), node, radius=radius).nodes)


def node_data(G: nx.MultiDiGraph, node: str) -> dict:
    """A node's attributes, empty for a node that is not in the graph."""
    return G.nodes.get(node, {})


def out_links(G: nx.MultiDiGraph, node: str) -> list[tuple[str, dict]]:
    """(target node, edge data) of every edge out of `node`, in insertion order (none when absent)."""
    return [(v, d) for _, v, d in G.out_edges(node, data=True)] if node in G else []


def in_links(G: nx.MultiDiGraph, node: str) -> list[tuple[str, dict]]:
    """(source node, edge data) of every edge into `node`, in insertion order (none when absent)."""
    return [(u, d) for u, _, d in G.in_edges(node, data=True)] if node in G else []


def cited_by_count(G: nx.MultiDiGraph, node: str) -> int:
    """How many distinct nodes point at `node`."""
    return len({u for u, _ in in_links(G, node)})
