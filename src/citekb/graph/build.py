"""Build the knowledge graph: a networkx MultiDiGraph with typed nodes and typed edges.

Node ids are `kind:id` (`model:llama-2-70b`, `work:touvron2023llama2`); the edge key is the
relation. References to missing records are kept as nodes with `dangling=True`, so that checks
and pages can show them instead of silently dropping them.
"""
from __future__ import annotations

import networkx as nx

from ..kb import KnowledgeBase
from ..model import CRITERIA, CRITERION_TITLES, Record

RELATIONS = {
    "organization": "developed_by",
    "parent": "part_of",
    "paper": "introduced_in",
    "frameworks": "built_with",
    "base_model": "derived_from",
    "models": "mentions",
    "supersedes": "supersedes",
    "evidence": "evidence",
    "assertions": "asserts",
    "claims": "takes_position",
}


def node_id(kind: str, id_: str) -> str:
    return f"{kind}:{id_}"


def _target(kb: KnowledgeBase, kind: str, target: str) -> str:
    if kind == "entity":
        found = kb.entity(target)
        kind = found.kind if found else "model"
    return node_id(kind, target)


def _edge_attrs(record: Record, field: str) -> dict:
    head, _, rest = field.partition(".")
    index = rest.split(".", 1)[0]
    if head in ("evidence", "assertions", "claims") and index.isdigit():
        item = (record.get(head) or ())[int(index)]
        keep = ("stance", "locator", "note", "property", "value", "position")
        return {k: str(item[k]) for k in keep if k in item}
    return {"field": field} if head not in RELATIONS else {}


def build_graph(kb: KnowledgeBase) -> nx.MultiDiGraph:
    """The whole knowledge base as a graph, in the KB's stable order."""
    G = nx.MultiDiGraph()
    for c in CRITERIA:
        G.add_node(node_id("criterion", c), kind="criterion", label=CRITERION_TITLES[c])
    for w in kb.works:
        G.add_node(node_id("work", w.key), kind="work", label=w.title or w.key, year=w.year or 0,
                   path=w.location.path)
    for r in kb.all_records():
        G.add_node(node_id(r.kind, r.id), kind=r.kind, label=r.name, path=r.location.path)
    for w in kb.works:
        orig = w.fields.get("origkey")
        if orig:
            _edge(G, node_id("work", w.key), node_id("work", orig), "translation_of", {})
    for r in kb.all_records():
        src = node_id(r.kind, r.id)
        for ref in r.refs:
            head = ref.field.partition(".")[0]
            relation = RELATIONS.get(head, "sourced_from" if ref.kind == "work" else "refers_to")
            _edge(G, src, _target(kb, ref.kind, ref.target), relation, _edge_attrs(r, ref.field))
        if r.kind == "claim" and r.get("criterion"):
            _edge(G, src, node_id("criterion", r.get("criterion")), "about", {"favours": r.get("favours", "")})
        if r.kind == "scenario":
            for crit, weight in (r.get("weights") or {}).items():
                _edge(G, src, node_id("criterion", crit), "weighs", {"weight": weight})
    return G


def _edge(G: nx.MultiDiGraph, u: str, v: str, relation: str, attrs: dict) -> None:
    if v not in G:
        kind, _, ident = v.partition(":")
        G.add_node(v, kind=kind, label=ident, dangling=True)
    key = relation
    n = 1
    while G.has_edge(u, v, key):
        n += 1
        key = f"{relation}#{n}"
    G.add_edge(u, v, key=key, relation=relation, **attrs)
