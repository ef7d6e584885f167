"""`render_site`: the whole site as {site-relative path: Markdown}, and its data files.

Pure: no MkDocs import, no file I/O, no clock, no git (the as-of date and commit come in as `provenance`). The hooks file (scripts/mkdocs_hooks.py) and
`citekb site export` are the two consumers.
"""
from __future__ import annotations

from typing import Mapping

from ..checks.registry import load_builtin_rules
from ..graph.queries import Graph
from ..kb import KnowledgeBase
from . import article_review, briefs, claims, downloads, entities, health, home, models, numbers, openness, papers, reviews
from .citations import resolve_citations
from .context import SiteContext
from .provenance import Provenance
from .text import front_matter

TAGS_PAGE = "tags.md"


class PageConflict(ValueError):
    """A hand-written page sits at a path the site generates; `path` is relative to docs/."""

    def __init__(self, path: str):
        super().__init__(f"{path}: a hand-written page has the path of a generated page")
        self.path = path
STUBS = {
    "methodology.md": ("Methodology", "How claims are selected, rated and checked.",
                       "The methodology page has not been written yet."),
}


def _context(kb, graph, diagnostics, extra_pages: Mapping[str, str], provenance) -> SiteContext:
    hand = set(extra_pages) | set(STUBS)
    ctx = SiteContext.build(kb, graph, diagnostics, hand_pages=hand, provenance=provenance)
    brief = briefs.brief_pages(ctx)
    return SiteContext.build(kb, graph, diagnostics, hand_pages=hand, brief_paths=set(brief), provenance=provenance), brief


def _entity_pages(ctx: SiteContext) -> dict[str, str]:
    pages: dict[str, str] = {}
    makers = ((ctx.kb.works, papers.work_page), (ctx.kb.of("model"), models.model_page),
              (ctx.kb.of("claim"), claims.claim_page), (ctx.kb.of("framework"), entities.framework_page),
              (ctx.kb.of("organization"), entities.organization_page), (ctx.kb.of("review"), reviews.review_page))
    for items, make in makers:
        for item in items:
            path, text = make(ctx, item)
            pages.setdefault(path, text)  # a duplicate id is a check finding; its first record wins
    for crit, members in claims.by_criterion(ctx).items():
        path, text = claims.criterion_page(ctx, crit, members)
        pages[path] = text
    for rule in load_builtin_rules().values():
        path, text = health.rule_page(ctx, rule)
        pages[path] = text
    return pages


NOT_FOUND = "404.md"


def _not_found_page() -> str:
    """The page a server shows for a missing address (the hooks give it a <base>, since it is served at any depth)."""
    links = [("Home", "index.md"), ("Claims by criterion", "claims/index.md"), ("Models", "models/index.md"),
             ("Papers and sources", "papers/index.md"), ("Frameworks and tools", "frameworks/index.md"),
             ("Organizations", "organizations/index.md"), ("Decision briefs", "briefs/index.md"),
             ("Graph explorer", "graph.md"), ("Downloads", "downloads.md")]
    items = "\n".join(f"- [{t}]({p})" for t, p in links)
    return (front_matter("Page not found", "There is no page at this address.", extra={"search": {"exclude": True}})
            + "# Page not found\n\nThere is no page at this address. Records keep their address while they are in the "
            "knowledge base: a model is at `models/<id>.html`, a claim at `claims/<id>.html`, a paper at "
            "`papers/<bibtex key>.html`. A record that was renamed or removed has no page any more; its "
            "history is in the repository.\n\nFind it with the search box at the top of the page (press `/`), or "
            f"start from an index:\n\n{items}\n")


def _tags_page() -> str:
    # Material's tags plugin fills in the marker with every tag and the pages that carry it.
    return front_matter("Tags", "Pages by tag: criteria, access levels, favoured side, kinds.") + "# Tags\n\n<!-- material/tags -->\n"


def render_all(kb: KnowledgeBase, graph: Graph, diagnostics, *,
               extra_pages: Mapping[str, str] | None = None,
               provenance: Provenance | None = None) -> tuple[dict[str, str], dict[str, bytes]]:
    """Pages and data files together, sharing one context (the hooks and the export use this).
    `provenance` (as-of date, KB commit) is a build input; without it, `default_provenance`."""
    extra = dict(extra_pages or {})
    ctx, brief = _context(kb, graph, diagnostics, extra, provenance)
    files = downloads.render_downloads(ctx)
    pages = _entity_pages(ctx)
    pages.update({
        "claims/index.md": claims.claims_index(ctx), "models/index.md": models.models_index(ctx),
        "papers/index.md": papers.papers_index(ctx), "frameworks/index.md": entities.frameworks_index(ctx),
        "organizations/index.md": entities.organizations_index(ctx), "reviews/index.md": reviews.reviews_index(ctx),
        "health.md": health.health_page(ctx), "rules/index.md": health.rules_index(ctx),
        "downloads.md": downloads.downloads_page(files, ctx), "graph.md": downloads.graph_page(), TAGS_PAGE: _tags_page(),
        openness.PATH: openness.openness_page(ctx), numbers.PATH: numbers.numbers_page(ctx),
        NOT_FOUND: _not_found_page(),
    })
    pages.update({p: t for p, t in brief.items() if p not in pages})
    pages.update(article_review.walkthrough_pages(ctx))
    pages["reviews/index.md"] += article_review.index_section(ctx)
    for path, (title, desc, body) in STUBS.items():
        if path not in extra:
            pages[path] = front_matter(title, desc) + f"# {title}\n\n{body}\n"
    for path, text in extra.items():
        if path in pages:
            raise PageConflict(path)
        text = home.home_page(ctx, text) if path == "index.md" else text
        pages[path] = resolve_citations(kb, path, text)
    if "index.md" not in pages:
        pages["index.md"] = home.home_page(ctx, None)
    return dict(sorted(pages.items())), dict(sorted(files.items()))


def render_site(kb: KnowledgeBase, graph: Graph, diagnostics, *,
                extra_pages: Mapping[str, str] | None = None, provenance: Provenance | None = None) -> dict[str, str]:
    """Every page of the site as {site-relative path: Markdown}, sorted by path.

    `extra_pages` are hand-written pages ({path: Markdown}); they come back with their `[@key]`
    citations linked (and, for `index.md`, the home figures in place), and generated pages link
    to them only when they exist.
    """
    return render_all(kb, graph, diagnostics, extra_pages=extra_pages, provenance=provenance)[0]
