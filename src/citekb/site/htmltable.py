"""Index tables a reader can sort and filter (docs/assets/tables.js), written as raw HTML.

Every index page uses `data_table`, so every index looks and works alike: a filter bar above, a
sortable header, one `data-value` per cell (the raw value that sorting and filtering use, so
"70B" sorts as 70,000,000,000), and a `data-label` per cell, which narrow screens show beside
the value when each row becomes a card (docs/assets/citekb.css).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from .text import attr

FILTERS = ("text", "select", "range", "")
TYPES = ("text", "number", "year")


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    filter: str = ""         # text (contains), select (one of the values), range (from/to), "" none
    type: str = "text"       # how it sorts: text, number, year (the first four characters)
    unit: str = ""           # a range filter's unit, shown in its label ("B", "year")
    scale: float = 1.0       # a range filter's input times `scale` is the cell's data-value

    def __post_init__(self):
        if self.filter not in FILTERS or self.type not in TYPES:
            raise ValueError(f"column {self.key}: filter {self.filter!r}, type {self.type!r}")


@dataclass(frozen=True)
class Cell:
    html: str                # already escaped (attr() or a link built from escaped parts)
    value: str = ""          # raw sort/filter value; several select values are joined with ", "


def _head(c: Column) -> str:
    extra = "".join(f' data-{k}="{attr(v)}"' for k, v in (("filter", c.filter), ("unit", c.unit)) if v)
    if c.scale != 1:
        extra += f' data-scale="{c.scale:g}"'
    return f'<th scope="col" data-key="{attr(c.key)}" data-type="{c.type}"{extra}>{attr(c.title)}</th>'


def _row(columns: Sequence[Column], cells: Sequence[Cell], attrs: str) -> str:
    tds = "".join(f'<td data-label="{attr(c.title)}" data-value="{attr(x.value)}">{x.html}</td>'
                  for c, x in zip(columns, cells, strict=True))
    return f"<tr{attrs}>{tds}</tr>"


def data_table(table_id: str, columns: Sequence[Column], rows: Sequence[Sequence[Cell]], *,
               caption: str, row_attrs: Sequence[str] | None = None, empty: str = "Nothing to list yet.") -> str:
    """A filter bar and a sortable table (Markdown-safe raw HTML, blank lines around it)."""
    if not rows:
        return f"\n{empty}\n\n"
    extra = row_attrs or [""] * len(rows)
    head = "".join(_head(c) for c in columns)
    body = "\n".join(_row(columns, r, a) for r, a in zip(rows, extra, strict=True))
    return (f'\n<div class="citekb-filters" data-table="{attr(table_id)}"></div>\n\n'
            f'<div class="citekb-table-wrap"><table id="{attr(table_id)}" class="citekb-table">\n'
            f"<caption>{attr(caption)}</caption>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table></div>\n\n")


def link_cell(href: str, text: str, value: str | None = None) -> Cell:
    return Cell(f'<a href="{attr(href)}">{attr(text)}</a>', (value if value is not None else text).lower())


def text_cell(text: object, value: object | None = None) -> Cell:
    shown = "" if text in (None, "") else str(text)
    return Cell(attr(shown) if shown else "–", str(value if value is not None else shown))
