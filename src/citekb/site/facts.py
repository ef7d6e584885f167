"""Facts with their sources: one row per fact, the source linked (a work page or the web)."""
from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from ..model import Record, Sourced
from ..paths import link, page_path
from .context import SiteContext
from .refs import short_label
from .text import cell, ext_link, md, safe_url, table


def source_link(ctx: SiteContext, path: str, source: str | None) -> str:
    """A BibTeX key becomes a link to the work's page; a URL a link named after its host."""
    if not source:
        return "–"
    work = ctx.kb.work_by_key.get(source)
    if work is not None:
        return f"[{md(short_label(work))}]({link(path, page_path('work', work.key))})"
    if safe_url(source):
        return ext_link(urlsplit(source).netloc or "source", source)
    return f"{md(source)} *(unknown source)*"


def fact_row(ctx: SiteContext, path: str, record: Record, name: str, shown: str,
             value: Any, *, source: str | None = None, note: str | None = None) -> list[str]:
    """A row: fact name, value (already Markdown), source, note. Falls back to the record's source."""
    if isinstance(value, Sourced):
        source, note = value.source or source, value.note or note
    source = source or record.get("source")
    return [md(name), shown, source_link(ctx, path, source), cell(note) if note else ""]


def facts_table(rows: list[list[str]]) -> str:
    return table(["Fact", "Value", "Source", "Note"], rows)
