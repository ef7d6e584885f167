"""The knowledge graph as GraphML, GEXF or node-link JSON text: deterministic, and always valid.

XML 1.0 cannot carry most control characters, not even as character references, and a BibTeX
title or a YAML note may hold one (a stray escape code pasted from a terminal). Those characters
are replaced by U+FFFD in the XML formats, so that Gephi, yEd and every XML parser can read the
file and the reader can see that something was there. JSON escapes them, so it keeps them.
"""
from __future__ import annotations

import json
import re

import networkx as nx

FORMATS = ("graphml", "gexf", "json")
# Outside the XML 1.0 Char production, plus DEL and the C1 controls (allowed, but "discouraged"
# by the XML spec and invisible in every tool). Tab and newline stay; a carriage return becomes
# a newline, which is what an XML parser would make of it anyway.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


_GEXF_DATE = re.compile(r' lastmodifieddate="[^"]*"')


def xml_text(value: str) -> str:
    return _NOT_XML.sub("\ufffd", value.replace("\r\n", "\n").replace("\r", "\n"))


def _scalar(v):
    """GraphML and GEXF attributes are scalars: anything else is written as its text."""
    if isinstance(v, bool) or isinstance(v, (int, float)):
        return v
    return xml_text(v if isinstance(v, str) else str(v))


def _sorted(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    H = nx.MultiDiGraph()
    H.graph.update(sorted(G.graph.items()))  # graph attributes (the site puts the as-of date there)
    H.add_nodes_from(sorted(G.nodes(data=True)))
    H.add_edges_from(sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2]))))
    return H


def export_graph(G: nx.MultiDiGraph, fmt: str) -> str:
    """The graph in `fmt` (graphml, gexf or json), byte-identical for the same graph."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown graph format {fmt!r} (choose from {', '.join(FORMATS)})")
    H = _sorted(G)
    if fmt == "json":
        data = nx.node_link_data(H, edges="edges")
        return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False, default=str) + "\n"
    clean = nx.MultiDiGraph()
    clean.graph.update((k, _scalar(v)) for k, v in H.graph.items())
    clean.add_nodes_from((xml_text(str(n)), {k: _scalar(v) for k, v in d.items()}) for n, d in H.nodes(data=True))
    clean.add_edges_from((xml_text(str(u)), xml_text(str(v)), k, {a: _scalar(b) for a, b in d.items()})
                         for u, v, k, d in H.edges(keys=True, data=True))
    if fmt == "graphml":
        return "\n".join(nx.generate_graphml(clean)) + "\n"
    # networkx stamps GEXF with today's date: use the graph's as-of date, or none, so that the
    # same graph gives the same file on any day.
    text = "\n".join(nx.generate_gexf(clean)) + "\n"
    stamp = f' lastmodifieddate="{xml_text(str(H.graph["as_of"]))}"' if H.graph.get("as_of") else ""
    return _GEXF_DATE.sub(stamp, text, count=1)
