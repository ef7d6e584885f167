"""Frameworks and organizations: an index each and one page per record."""
from __future__ import annotations

from ..graph.build import node_id
from ..graph.queries import cited_by_count
from ..model import Record
from ..paths import link, page_path
from .common import connections, findings_box
from .context import SiteContext
from .facts import fact_row, facts_table, source_link
from .htmltable import Cell, Column, data_table, link_cell, text_cell
from .licences import licence_name
from .text import attr, cell, ext_link, front_matter, md, plain, plural


FRAMEWORK_COLUMNS = (Column("name", "Name", "text"), Column("kind", "Kind", "select"),
                     Column("organization", "Organization", "select"), Column("license", "License", "select"),
                     Column("first_release", "First release", "range", "year", "year"))


def _org_cells(ctx: SiteContext, path: str, ids) -> Cell:
    nodes = [node_id("organization", o) for o in ids]
    links = [(ctx.node_page(n), ctx.label(n)) for n in nodes]
    shown = ", ".join(f'<a href="{attr(ctx.href(path, page))}">{attr(label)}</a>' if page else attr(label)
                      for page, label in links)
    return Cell(shown or "–", ", ".join(label for _, label in links))


def frameworks_index(ctx: SiteContext) -> str:
    path = "frameworks/index.md"
    rows = []
    for f in sorted(ctx.kb.of("framework"), key=lambda r: r.name.lower()):
        lic = str(plain(f.get("license")) or "")
        rows.append([link_cell(ctx.href(path, page_path("framework", f.id)), f.name), text_cell(f.get("kind")),
                     _org_cells(ctx, path, f.organizations), text_cell(licence_name(lic)),
                     text_cell(plain(f.get("first_release")))])
    n = len(rows)
    return (front_matter("Frameworks and tools", f"{n} training frameworks, inference engines, formats and libraries in the knowledge base.")
            + f"# Frameworks and tools\n\n{plural(n, 'framework or tool', 'frameworks and tools')}: what models are trained, "
            "served, quantized and fine-tuned with.\n\n"
            + data_table("frameworks-table", FRAMEWORK_COLUMNS, rows, caption="Frameworks and tools"))


def framework_page(ctx: SiteContext, f: Record) -> tuple[str, str]:
    path = page_path("framework", f.id)
    orgs = ", ".join(ctx.node_link(path, node_id("organization", o)) for o in (f.value("organization") or ()))
    rows = [fact_row(ctx, path, f, "Kind", cell(f.get("kind")), None),
            fact_row(ctx, path, f, "Organization", orgs or "–", None),
            fact_row(ctx, path, f, "License", cell(plain(f.get("license"))), f.get("license")),
            fact_row(ctx, path, f, "First release", cell(plain(f.get("first_release"))), f.get("first_release"))]
    if f.get("paper"):
        rows.append(["Paper", source_link(ctx, path, f.get("paper")), "–", ""])
    for key, name in (("url", "Website"), ("repository", "Repository")):
        if f.get(key):
            rows.append([name, ext_link(f.get(key), f.get(key)), "–", ""])
    desc = f"{f.name}: {f.get('kind', 'tool')}, license {plain(f.get('license')) or 'unknown'}."
    return path, "".join([
        front_matter(f.name, desc, tags=[str(f.get("kind", "framework"))]), f"# {md(f.name)}\n\n",
        findings_box(ctx, path, ctx.open_findings("framework", f.id)),
        f"[Frameworks]({link(path, 'frameworks/index.md')}) › {md(f.name)}\n\n", facts_table(rows), "\n",
        f"**Verified against**: {md(f.get('verified'))}\n\n" if f.get("verified") else "",
        f"**Notes**: {md(f.get('notes'))}\n\n" if f.get("notes") else "",
        connections(ctx, path, node_id("framework", f.id))])


ORG_COLUMNS = (Column("name", "Name", "text"), Column("kind", "Kind", "select"), Column("country", "Country", "select"),
               Column("linked", "Linked records", type="number"))


def organizations_index(ctx: SiteContext) -> str:
    path = "organizations/index.md"
    rows = []
    for o in sorted(ctx.kb.of("organization"), key=lambda r: r.name.lower()):
        node = node_id("organization", o.id)
        n_in = cited_by_count(ctx.graph, node)
        rows.append([link_cell(ctx.href(path, page_path("organization", o.id)), o.name), text_cell(o.get("kind")),
                     text_cell(", ".join(o.get("country") or ())), text_cell(n_in)])
    n = len(rows)
    return (front_matter("Organizations", f"{n} companies, labs, universities and public bodies behind the models and evidence.")
            + f"# Organizations\n\n{plural(n, 'organization')} that build models and tools or publish evidence.\n\n"
            + data_table("organizations-table", ORG_COLUMNS, rows, caption="Organizations"))


def organization_page(ctx: SiteContext, o: Record) -> tuple[str, str]:
    path = page_path("organization", o.id)
    rows = [fact_row(ctx, path, o, "Kind", cell(o.get("kind")), None),
            fact_row(ctx, path, o, "Country", cell(", ".join(o.get("country") or ())), None),
            ["Website", ext_link(o.get("url") or "", o.get("url")), "–", ""]]
    if o.get("aliases"):
        rows.append(["Also known as", ", ".join(md(a) for a in o.get("aliases")), "–", ""])
    if o.get("parent"):
        rows.append(["Part of", ctx.node_link(path, node_id("organization", o.get("parent"))), "–", ""])
    desc = f"{o.name}: {o.get('kind', 'organization')} ({', '.join(o.get('country') or ())}); its models, tools and publications."
    return path, "".join([
        front_matter(o.name, desc, tags=[str(o.get("kind", "organization"))]), f"# {md(o.name)}\n\n",
        findings_box(ctx, path, ctx.open_findings("organization", o.id)),
        f"[Organizations]({link(path, 'organizations/index.md')}) › {md(o.name)}\n\n", facts_table(rows), "\n",
        connections(ctx, path, node_id("organization", o.id))])
