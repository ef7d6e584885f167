"""Reviewed documents: what each asserts, what the KB says, and whether they agree.

The verdict here is deliberately simple (openness from a model's access level, kind from the
record kind, other properties compared as text); a fuller rule is planned in the checks.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..graph.build import node_id
from ..model import Record
from ..paths import link, page_path
from .common import connections, findings_box
from .context import SiteContext, get
from .article_review import ICONS
from .facts import source_link
from .htmltable import Cell, Column, data_table, text_cell
from .text import attr, cell, ext_link, front_matter, md, plain, plural, table

INDEX = "reviews/index.md"


@dataclass(frozen=True)
class KbFact:
    value: str | None      # None: the KB records nothing to compare with
    source: str | None = None


def kb_fact(record: Record | None, prop: str) -> KbFact:
    if record is None:
        return KbFact(None)
    if prop == "kind":
        return KbFact(record.kind)
    if prop == "openness":
        if record.kind != "model":
            return KbFact(None)
        access = str(record.value("access") or "")
        return KbFact("open" if access.startswith("open-weights") else "closed", getattr(record.get("access"), "source", None))
    if prop == "access":
        return KbFact(str(record.value("access") or "") or None, getattr(record.get("access"), "source", None))
    if prop == "organization":
        return KbFact(", ".join(record.value("organization") or ()) or None)
    if prop == "released":
        value = record.get("released") or record.get("first_release")
        return KbFact(str(plain(value)) if value else None, getattr(value, "source", None))
    lic = record.get("license")
    if prop == "license":
        return KbFact(str(get(lic, "id") or plain(lic) or "") or None, get(lic, "source") or getattr(lic, "source", None))
    if prop == "commercial_use":
        return KbFact(get(lic, "commercial_use"), get(lic, "source"))
    return KbFact(None)


def verdict(asserted: str, fact: KbFact, prop: str) -> str:
    if fact.value is None:
        return "not checkable"
    a, k = asserted.strip().lower(), fact.value.lower()
    if prop == "organization":
        return "agrees" if a in [x.strip() for x in k.split(",")] else "disagrees"
    if prop == "released":
        return "agrees" if k.startswith(a) or a.startswith(k) else "disagrees"
    return "agrees" if a == k else "disagrees"


def _verdicts(ctx: SiteContext, review: Record) -> list[tuple[dict, KbFact, str]]:
    out = []
    for a in review.get("assertions") or ():
        fact = kb_fact(ctx.kb.entity(str(a.get("subject"))), str(a.get("property")))
        out.append((a, fact, verdict(str(a.get("value", "")), fact, str(a.get("property")))))
    return out


_LANG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")  # a BCP 47 tag, nothing else


def _title(review: Record) -> str:
    """The title as inline Markdown; a non-English title is wrapped in a `lang` span so that the
    browser picks CJK glyphs for Chinese or Japanese. Inside the span the text is still Markdown
    (escaped by `md`), so a `[x](javascript:...)` in a title stays text."""
    text = md(review.get("title") or review.id)
    lang = str(review.get("language") or "")
    return f'<span lang="{attr(lang)}">{text}</span>' if _LANG.match(lang) and lang != "en" else text


REVIEW_COLUMNS = (Column("title", "Document", "text"), Column("language", "Language", "select"),
                  Column("published", "Published", "range", "year", "year"),
                  Column("agrees", "Assertions the KB agrees with", type="number"),
                  Column("disagrees", "Disagrees with", type="number"), Column("claims", "Claims taken up", type="number"))


def _title_html(ctx: SiteContext, review: Record) -> Cell:
    text = str(review.get("title") or review.id)
    lang = str(review.get("language") or "")
    inner = f'<span lang="{attr(lang)}">{attr(text)}</span>' if _LANG.match(lang) and lang != "en" else attr(text)
    return Cell(f'<a href="{attr(ctx.href(INDEX, page_path("review", review.id)))}">{inner}</a>', text.lower())


def reviews_index(ctx: SiteContext) -> str:
    rows = []
    for r in sorted(ctx.kb.of("review"), key=lambda r: r.id):
        vs = [v for _, _, v in _verdicts(ctx, r)]
        rows.append([_title_html(ctx, r), text_cell(r.get("language")), text_cell(plain(r.get("published"))),
                     text_cell(vs.count("agrees")), text_cell(vs.count("disagrees")), text_cell(len(r.get("claims") or ()))])
    return (front_matter("Reviewed documents", f"{len(rows)} documents from the wild, fact-checked against the knowledge base.")
            + "# Reviewed documents\n\nArticles and reports about open vs closed models, checked against the knowledge "
            "base: what they assert, what the KB says, and whether the two agree.\n\n"
            + data_table("reviews-table", REVIEW_COLUMNS, rows, caption="Reviewed documents"))


def _assertion_rows(ctx: SiteContext, path: str, review: Record) -> list[list[str]]:
    rows = []
    for a, fact, v in _verdicts(ctx, review):
        subject = str(a.get("subject"))
        entity = ctx.kb.entity(subject)
        node = node_id(entity.kind if entity else "model", subject)
        where = md(a.get("locator")) if a.get("locator") else "–"
        note = f"<br>{md(a.get('note'))}" if a.get("note") else ""
        mark = f":material-{ICONS.get(v, 'minus-circle')}: **{md(v)}**"
        rows.append([ctx.node_link(path, node), md(a.get("property")), md(a.get("value")) + note, where,
                     cell(fact.value), source_link(ctx, path, fact.source) if fact.source else "–", mark])
    return rows


def review_page(ctx: SiteContext, review: Record) -> tuple[str, str]:
    path = page_path("review", review.id)
    verdicts = [v for _, _, v in _verdicts(ctx, review)]
    desc = (f"Fact-check of {review.get('title') or review.id}: of {plural(len(verdicts), 'assertion')} about models "
            f"and tools, {verdicts.count('agrees')} agree with the knowledge base and {verdicts.count('disagrees')} disagree.")
    info = [[md(k.capitalize()), cell(review.get(k))] for k in ("author", "publisher", "published", "accessed", "language")
            if review.get(k)]
    if review.get("url"):
        info.append(["Link", ext_link(review.get("url"), review.get("url"))])
    parts = [front_matter(str(review.get("title") or review.id), desc[:300], tags=["review"]),
             f"# {_title(review)}\n\n", findings_box(ctx, path, ctx.open_findings("review", review.id)),
             f"[Reviewed documents]({link(path, INDEX)}) › {md(review.id)}\n\n",
             table(["About the document", ""], info) + "\n" if info else "",
             f"**Our summary**: {md(review.get('summary'))}\n\n" if review.get("summary") else ""]
    rows = _assertion_rows(ctx, path, review)
    parts.append(f"## What it asserts about models and tools\n\n{plural(len(rows), 'assertion')}.\n\n")
    if rows:
        parts.append(table(["Subject", "Property", "Document says", "Where", "The KB says", "KB source", "Verdict"], rows) + "\n")
    positions = review.get("claims") or ()
    if positions:
        parts.append("## Claims it takes a position on\n\n")
        for p in positions:
            where = f" ({md(p.get('locator'))})" if p.get("locator") else ""
            note = f": {md(p.get('note'))}" if p.get("note") else ""
            parts.append(f"- **{md(p.get('position'))}** {ctx.node_link(path, node_id('claim', str(p.get('claim'))))}{where}{note}\n")
        parts.append("\n")
    if review.get("notes"):
        parts.append(f"**Notes**: {md(review.get('notes'))}\n\n")
    parts.append(connections(ctx, path, node_id("review", review.id), skip_out=("asserts", "takes_position")))
    return path, "".join(parts)
