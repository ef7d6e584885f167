"""The numbers page: prices, context windows and capability scores across models, and the
open-closed capability lag as a dated chart (static SVG, one hue plus shapes and labels, text in
`currentColor`, so it reads in both themes and without colour)."""
from __future__ import annotations

import datetime as dt
from ..paths import page_path
from .context import SiteContext, get
from .facts import source_link
from .htmltable import Cell, Column, data_table, link_cell, text_cell
from ..modelnumbers import context_window, eci, price, rate, raw
from .models import badge
from .pricechart import price_section
from .text import attr, front_matter, md, plural, table

PATH = "numbers.md"
LAG_SERIES = "open-closed-lag"
DATA = "#1e88e5"  # one hue: the chart never relies on telling colours apart
COLUMNS = (Column("name", "Model", "text"), Column("side", "Weights", "select"),
           Column("input", "Input price / MTok", "", "number"), Column("output", "Output price / MTok", "", "number"),
           Column("context", "Context (tokens)", "", "number"), Column("eci", "ECI", "", "number"),
           Column("sources", "Sources and dates"))


def _r(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _year(text: str, *, end: bool = False) -> float:
    """A KB date (YYYY, YYYY-MM or YYYY-MM-DD) as a fractional year; a partial date's end when `end`."""
    parts = [int(p) for p in str(text).split("-")]
    year, month, day = (parts + [0, 0])[:3]
    if not month:
        return year + (1.0 if end else 0.0)
    if not day:
        first = dt.date(year, month, 1)
        nxt = dt.date(year + month // 12, month % 12 + 1, 1)
        day_date = nxt - dt.timedelta(days=1) if end else first
    else:
        day_date = dt.date(year, month, day)
    start = dt.date(year, 1, 1)
    return year + (day_date - start).days / 365.25


def _span(points) -> tuple[float, float]:
    xs = [_year(p.get("window_start") or p["published"]) for p in points]
    xs += [_year(p.get("window_end") or p["published"], end=True) for p in points]
    return float(int(min(xs))), float(int(max(xs)) + 1)


def _month_label(text: str) -> str:
    parts = str(text).split("-")
    months = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
    return f"{months[int(parts[1]) - 1]} {parts[0]}" if len(parts) > 1 else parts[0]


def lag_svg(series) -> str:
    """Each estimate as a marker at the end of its window (or at publication), the window as a
    band, the published interval as a whisker, and its value written beside it."""
    w, h, left, right, top, bottom = 680, 300, 52, 24, 18, 40
    x0, x1 = _span(series.points)
    y_max = max(max(p.get("high") or p["value"] for p in series.points), 1)
    y_max = 3 * (int(y_max // 3) + 1)
    sx = lambda x: left + (x - x0) / (x1 - x0) * (w - left - right)  # noqa: E731
    sy = lambda y: h - bottom - y / y_max * (h - top - bottom)  # noqa: E731
    title = f"{series.title}, in {series.unit}"
    out = [f'<figure class="citekb-chart citekb-lag"><svg data-search-exclude viewBox="0 0 {w} {h}" width="100%" role="img" '
           f'aria-label="{attr(title)}" xmlns="http://www.w3.org/2000/svg">']
    for tick in range(0, y_max + 1, 3):
        y = sy(tick)
        out.append(f'<line x1="{left}" y1="{_r(y)}" x2="{w - right}" y2="{_r(y)}" stroke="currentColor" '
                   f'stroke-opacity="0.25" stroke-width="0.6"/><text x="{left - 6}" y="{_r(y + 4)}" font-size="11" '
                   f'fill="currentColor" text-anchor="end">{tick}</text>')
    out.append(f'<text x="14" y="{_r(sy(y_max / 2))}" font-size="11" fill="currentColor" text-anchor="middle" '
               f'transform="rotate(-90 14 {_r(sy(y_max / 2))})">{attr(series.unit)}</text>')
    for year in range(int(x0), int(x1) + 1):
        x = sx(year)
        out.append(f'<line x1="{_r(x)}" y1="{_r(sy(0))}" x2="{_r(x)}" y2="{_r(sy(0) + 5)}" stroke="currentColor"/>'
                   f'<text x="{_r(x)}" y="{_r(sy(0) + 18)}" font-size="11" fill="currentColor" '
                   f'text-anchor="middle">{year}</text>')
    # Labels alternate above and below the markers so that neighbouring estimates never overlap.
    out.extend(_point_svg(p, sx, sy, series.unit, below=i % 2 == 1) for i, p in enumerate(series.points))
    out.append("</svg>")
    out.append(f"<figcaption>{attr(title)}. Circles: estimates on the Epoch Capabilities Index; squares: "
               "other bases. A band is the period an estimate averages over, a whisker its published "
               "interval. The values and sources are in the table below.</figcaption></figure>")
    return "".join(out) + "\n"


def _point_svg(p: dict, sx, sy, unit: str, *, below: bool = False) -> str:
    x_end = sx(_year(p.get("window_end") or p["published"], end=bool(p.get("window_end"))))
    y = sy(p["value"])
    parts = []
    if p.get("window_start"):
        x_start = sx(_year(p["window_start"]))
        parts.append(f'<rect x="{_r(x_start)}" y="{_r(y - 4)}" width="{_r(max(x_end - x_start, 1))}" height="8" '
                     f'fill="{DATA}" fill-opacity="0.3"/>')
    if p.get("low") is not None:
        lo, hi = sy(p["low"]), sy(p["high"])
        parts.append(f'<path d="M{_r(x_end)} {_r(lo)}V{_r(hi)}M{_r(x_end - 5)} {_r(lo)}h10M{_r(x_end - 5)} {_r(hi)}h10" '
                     f'stroke="currentColor" stroke-width="1.2" fill="none"/>')
    ring = f'fill="{DATA}" stroke="currentColor" stroke-width="1.2"'
    if "epoch capabilities index" in str(p.get("basis", "")).lower():
        parts.append(f'<circle cx="{_r(x_end)}" cy="{_r(y)}" r="6" {ring}/>')
    else:
        parts.append(f'<rect x="{_r(x_end - 6)}" y="{_r(y - 6)}" width="12" height="12" {ring}/>')
    label = f"{p['value']:g} {unit} ({_month_label(p['published'])})"
    anchor = "end" if x_end > 560 else "start"
    dx = -10 if anchor == "end" else 10
    parts.append(f'<text x="{_r(x_end + dx)}" y="{_r(y + 20 if below else y - 9)}" font-size="12" fill="currentColor" '
                 f'text-anchor="{anchor}">{attr(label)}</text>')
    tip = f"{label}: {p.get('basis', '')}, published {p['published']}"
    return f"<g><title>{attr(tip)}</title>{''.join(parts)}</g>"


def _window(p: dict) -> str:
    if not p.get("window_start"):
        return "not stated"
    return f"{p['window_start']} to {p.get('window_end') or p['published']}"


def lag_section(ctx: SiteContext) -> str:
    series = next((s for s in ctx.kb.series if s.id == LAG_SERIES), None)
    head = "## How far open-weight models trail closed ones\n\n"
    if series is None:
        return head + "The knowledge base holds no capability-lag series yet (`kb/series/open-closed-lag.yaml`).\n\n"
    rows = []
    for p in series.points:
        interval = f"{p['low']:g} to {p['high']:g} ({md(p.get('interval') or 'interval')})" if p.get("low") is not None else "–"
        rows.append([md(p["published"]), md(_window(p)), md(f"{p['value']:g} {series.unit}"), interval,
                     md(p.get("basis")), source_link(ctx, PATH, p.get("source"))])
    text = (md(series.get("description")) + "\n\n") if series.get("description") else ""
    return (head + text + lag_svg(series) + "\n"
            + table(["Published", "Window", "Lag", "Interval", "Measured on", "Source"], rows) + "\n")


def _link(ctx: SiteContext, text: str, source: str | None) -> str:
    if not source:
        return attr(text)
    if source in ctx.kb.work_by_key:
        return f'<a href="{attr(ctx.href(PATH, page_path("work", source)))}">{attr(text)}</a>'
    return f'<a href="{attr(source)}">{attr(text)}</a>' if source.startswith(("https://", "http://")) else attr(text)


def _row(ctx: SiteContext, m) -> list[Cell]:
    p, window, score = price(m), context_window(m), eci(m)
    side = "open weights" if m.is_open else "closed"
    sources = []
    if p:
        sources.append(_link(ctx, f"price ({p.get('provider')}, {p.get('as_of')})", p.get("source")))
    if window:
        sources.append(_link(ctx, "context", get(window, "source")))
    if score:
        sources.append(_link(ctx, f"ECI ({score.get('as_of')})", score.get("source")))
    return [link_cell(ctx.href(PATH, page_path("model", m.id)), m.name), Cell(badge(m.is_open), side),
            text_cell(rate(p, "input_per_mtok"), raw(p and p["input_per_mtok"])),
            text_cell(rate(p, "output_per_mtok"), raw(p and p["output_per_mtok"])),
            text_cell(f"{get(window, 'value'):,}" if window else "", raw(get(window, "value"))),
            text_cell(f"{score['value']:g}" if score else "", raw(score and score["value"])),
            Cell("; ".join(sources) or "–")]


def _has_numbers(m) -> bool:
    return bool(price(m) or context_window(m) or eci(m))


def models_table(ctx: SiteContext, models) -> str:
    if not models:
        return "No model in the knowledge base records a price, a context window or a capability score yet.\n"
    return (f"{plural(len(models), 'model')} with a recorded price, context window or capability score. "
            "Prices are list prices per million tokens from the first price the record lists; "
            "ECI is the Epoch Capabilities Index (abstract points, higher is more capable). "
            "A dash means the knowledge base records no value.\n\n"
            + data_table("numbers-table", COLUMNS, [_row(ctx, m) for m in models],
                         row_attrs=[f' data-open="{str(m.is_open).lower()}"' for m in models],
                         caption="Price, context window and capability by model"))


def numbers_page(ctx: SiteContext) -> str:
    models = sorted((m for m in ctx.kb.of("model") if _has_numbers(m)), key=lambda m: m.id)
    method = ctx.hand_link(PATH, "capability-measures.md", "how the numbers are chosen")
    intro = (f"**{md(ctx.provenance.line)}.** Every value below carries its own date and source; "
             f"see {method}.\n\n")
    return (front_matter("Prices, context and capability",
                         "List prices, context windows and capability scores across models, and the dated open-closed capability lag.")
            + "# Prices, context and capability\n\n" + intro + lag_section(ctx)
            + price_section(ctx) + "## Models: price, context and capability\n\n" + models_table(ctx, models))
