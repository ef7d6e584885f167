"""The published site: `render_site(kb, graph, diagnostics)` returns {path: Markdown}; no MkDocs here."""
from .citations import UnknownCitation, resolve_citations, unknown_citations
from .render import render_all, render_site
from .text import safe_meta

__all__ = ["render_site", "render_all", "resolve_citations", "unknown_citations", "UnknownCitation", "safe_meta"]
