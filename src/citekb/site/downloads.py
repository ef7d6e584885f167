"""Data files for the downloads page and the graph explorer, and the two pages that use them."""
from __future__ import annotations

import io
import logging

from ..graph import tables
from ..graph.export import export_graph
from ..graph.layout import layout, with_graph_attributes, with_node_attributes
from ..graph.queries import Graph
from ..kb import KnowledgeBase
from .context import PAGED_KINDS, SiteContext
from .bibclean import INTERNAL_FIELDS, clean_bibtex
from .csl import csl_json
from .datapackage import datapackage
from .svg import KIND_COLOURS
from .tabular import csv_text
from .text import front_matter, html_href, md, table

log = logging.getLogger(__name__)
DIR = "downloads"
EXPLORER_DATA = f"{DIR}/graph-explorer.json"
PACKAGE = f"{DIR}/datapackage.json"
TABLES = {"models": tables.models_table, "works": tables.works_table, "claims": tables.claims_table}


def _parquet(df, prov) -> bytes | None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pandas(df, preserve_index=False)
        meta = {**(table.schema.metadata or {}), b"citekb.as_of": prov.as_of.isoformat().encode(),
                b"citekb.kb_commit": prov.commit.encode(), b"citekb.licence": prov.licence.encode()}
        buf = io.BytesIO()
        pq.write_table(table.replace_schema_metadata(meta), buf)
        return buf.getvalue()
    except ImportError:  # pyarrow is optional; the CSV carries the same table
        log.info("pyarrow is not installed: Parquet downloads are skipped")
        return None


def explorer_graph(ctx: SiteContext) -> Graph:
    """The KB graph with a page URL, a display name and a position on each node, for the explorer."""
    extra = {}
    for n, (x, y) in layout(ctx.graph).items():
        extra[n] = {"x": x, "y": y, "name": ctx.label(n)}
        page = ctx.node_page(n)
        if page:
            extra[n]["url"] = html_href(page)
    return with_node_attributes(ctx.graph, extra)


def _dated(G: Graph, ctx: SiteContext) -> Graph:
    """The graph with the data's as-of date and KB commit as graph attributes (GraphML, JSON)."""
    return with_graph_attributes(G, as_of=ctx.provenance.as_of.isoformat(), kb_commit=ctx.provenance.commit,
                                 licence=ctx.provenance.licence)


def _table(kb: KnowledgeBase, name: str):
    df = TABLES[name](kb)
    if name == "works":  # with its scheme, so that no CSV reader can take the id for a number
        df["arxiv"] = df["arxiv"].map(lambda a: f"arXiv:{a}" if a else "")
    return df


def render_downloads(ctx: SiteContext) -> dict[str, bytes]:
    kb: KnowledgeBase = ctx.kb
    p = ctx.provenance
    header = (f"citekb works.bib: {p.line}; licence {p.licence}. citekb's curation fields "
              f"({', '.join(INTERNAL_FIELDS)}) are left out; the repository's references/*.bib keep them.")
    out = {f"{DIR}/works.bib": clean_bibtex(kb.works, header=header).encode(),
           f"{DIR}/works.csl.json": csl_json(kb.works).encode(),
           f"{DIR}/graph.graphml": export_graph(_dated(ctx.graph, ctx), "graphml").encode(),
           f"{DIR}/graph.json": export_graph(_dated(ctx.graph, ctx), "json").encode(),
           EXPLORER_DATA: export_graph(_dated(explorer_graph(ctx), ctx), "json").encode()}
    for name in TABLES:
        df = _table(kb, name)
        out[f"{DIR}/{name}.csv"] = csv_text(df).encode()
        data = _parquet(df, p)
        if data is not None:
            out[f"{DIR}/{name}.parquet"] = data
    described = {f"{DIR}/{name}": what for name, _, what in DESCRIBED}
    out[PACKAGE] = datapackage({k.removeprefix(f"{DIR}/"): v for k, v in out.items()},
                               {k.removeprefix(f"{DIR}/"): v for k, v in described.items()}, p, p.licence)
    return out


DESCRIBED = [("works.bib", "BibTeX", "every work, as curated (without citekb's curation fields)"),
             ("works.csl.json", "CSL-JSON", "every work, for Zotero, Pandoc and citeproc"),
             ("models.csv", "CSV", "the models table"), ("models.parquet", "Parquet", "the models table"),
             ("works.csv", "CSV", "the works table"), ("works.parquet", "Parquet", "the works table"),
             ("claims.csv", "CSV", "the claims table"), ("claims.parquet", "Parquet", "the claims table"),
             ("graph.graphml", "GraphML", "the knowledge graph, for Gephi, yEd or networkx"),
             ("graph.json", "node-link JSON", "the knowledge graph (networkx node_link_data)"),
             ("graph-explorer.json", "node-link JSON", "the knowledge graph with layout positions, for the graph explorer"),
             ("datapackage.json", "Frictionless Data Package", "what every file here holds: fields, types, licence, date")]


def downloads_page(files: dict[str, bytes], ctx: SiteContext | None = None) -> str:
    rows = [[f"[{name}]({DIR}/{name})", kind, what, f"{len(files[f'{DIR}/{name}']):,} bytes"]
            for name, kind, what in DESCRIBED if f"{DIR}/{name}" in files]
    dated = (f"{md(ctx.provenance.line)}; licence {md(ctx.provenance.licence)}. " if ctx else "")
    return (front_matter("Downloads", "The knowledge base as BibTeX, CSL-JSON, CSV, Parquet, GraphML and JSON.")
            + "# Downloads\n\nEverything on this site, as data. The files are rebuilt with the site from the same "
            "knowledge base; the same graph is available from the command line with `citekb graph --export json`. "
            + dated + f"[datapackage.json]({PACKAGE}) describes each file and its fields "
            "([Frictionless Data Package](https://specs.frictionlessdata.io/data-package/)); arXiv ids are written "
            "with their scheme (`arXiv:1607.06450`) so that spreadsheets and CSV readers keep them as text.\n\n"
            + table(["File", "Format", "Contents", "Size"], rows))


def graph_page() -> str:
    kinds = "".join(f'<label><input type="checkbox" value="{k}" checked> <span class="citekb-key" style="background:{KIND_COLOURS[k]}"></span> {k}</label> '
                    for k in (*PAGED_KINDS, "scenario"))
    return (front_matter("Graph explorer", "An interactive map of the knowledge graph: works, models, claims, frameworks and organizations.",
                         extra={"hide": ["navigation", "toc"]})
            + "# Graph explorer\n\nEvery record of the knowledge base and how they connect. Find a record by name to centre "
            "it and light up its neighbours; untick a type to hide it; zoom in for labels. With the keyboard: focus the map, "
            "then arrow keys pan, `+` and `-` zoom, `0` fits everything; the panel beside the map lists the chosen record's "
            f"neighbours and links to its page. The data is [graph-explorer.json]({EXPLORER_DATA}) (node-link JSON with "
            "positions computed when the site is built).\n\n"
            + '<script src="assets/vendor/cytoscape.min.js"></script>\n\n'
            + f'<div class="citekb-graph-controls" data-for="citekb-graph"><fieldset><legend>Show</legend>{kinds}'
            '<label><input type="checkbox" class="citekb-graph-orphans"> records without links</label></fieldset>'
            '<label class="citekb-graph-find">Find a record <input type="search" class="citekb-graph-search" '
            'list="citekb-graph-names" placeholder="name, title or claim" autocomplete="off"></label>'
            '<datalist id="citekb-graph-names"></datalist>'
            '<span class="citekb-graph-buttons"><button type="button" data-zoom="in" aria-label="Zoom in">+</button>'
            '<button type="button" data-zoom="out" aria-label="Zoom out">−</button>'
            '<button type="button" data-zoom="fit">Fit all</button></span></div>\n\n'
            + '<div class="citekb-graph-layout">'
            + f'<div id="citekb-graph" class="citekb-graph" data-src="{EXPLORER_DATA}" tabindex="0" role="application" '
            'aria-label="Knowledge graph map: arrow keys pan, plus and minus zoom, 0 fits" aria-describedby="citekb-graph-panel">'
            '<noscript>The graph explorer needs JavaScript; the same links are on every page.</noscript></div>'
            '<aside id="citekb-graph-panel" class="citekb-graph-panel" aria-live="polite">'
            "<p>Choose a record: find it by name above, or click it on the map.</p></aside></div>\n")
