"""The numbers page: prices, context windows and capability scores across models, and the
open-closed capability lag as a dated chart (static SVG, one hue plus shapes and labels, text in
`currentColor`, so it reads in both themes and without colour)."""
from __future__ import annotations

import datetime as dt
from typing import Any

from ..paths import page_path
from .context import SiteContext, get
from .facts import source_link
from .text import attr, front_matter, md, plural, table

PATH = "numbers.md"
LAG_SERIES = "open-closed-lag"
DATA = "#1e88e5"  # one hue: the chart never relies on telling colours apart
COLUMNS = (("name", "Model", "text"), ("side", "Weights", "select"), ("input", "Input / Mtok", ""),
           ("output", "Output / Mtok", ""), ("context", "Context (tokens)", ""), ("eci", "ECI", ""),
           ("sources", "Sources and dates", ""))


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
    out = [f'<figure class="citekb-chart citekb-lag"><svg viewBox="0 0 {w} {h}" width="100%" role="img" '
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


def _money(x: Any) -> str:
    return f"{x:,.2f}".rstrip("0").rstrip(".") if isinstance(x, (int, float)) else ""


def _sortable(x: Any) -> str:
    # tables.js sorts these columns as text: pad numbers so text order is numeric order.
    return f"{float(x):016.4f}" if isinstance(x, (int, float)) else ""


def _link(ctx: SiteContext, text: str, source: str | None) -> str:
    if not source:
        return attr(text)
    if source in ctx.kb.work_by_key:
        return f'<a href="{attr(ctx.href(PATH, page_path("work", source)))}">{attr(text)}</a>'
    return f'<a href="{attr(source)}">{attr(text)}</a>' if source.startswith(("https://", "http://")) else attr(text)


def _number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def _eci(m) -> dict | None:
    # An entry with a field that failed validation keeps its other fields: chart only complete ones.
    scores = [c for c in m.get("capability") or () if c.get("measure") == "epoch-eci" and _number(c.get("value"))]
    return max(scores, key=lambda c: str(c.get("as_of"))) if scores else None


def _price(m) -> dict | None:
    prices = [p for p in m.get("pricing") or () if _number(p.get("input_per_mtok")) and _number(p.get("output_per_mtok"))]
    return prices[0] if prices else None


def _row(ctx: SiteContext, m) -> str:
    price = _price(m)
    context = m.get("context_window") if _number(get(m.get("context_window"), "value")) else None
    eci = _eci(m)
    side = "open" if m.is_open else "closed"
    currency = f" {price.get('currency', '')}".rstrip() if price else ""
    sources = []
    if price:
        sources.append(_link(ctx, f"price ({price.get('provider')}, {price.get('as_of')})", price.get("source")))
    if context:
        sources.append(_link(ctx, "context", get(context, "source")))
    if eci:
        sources.append(_link(ctx, f"ECI ({eci.get('as_of')})", eci.get("source")))
    cells = [
        (f'<a href="{attr(ctx.href(PATH, page_path("model", m.id)))}">{attr(m.name)}</a>', m.name.lower()),
        (side, side),
        (attr(_money(price["input_per_mtok"]) + currency) if price else "–", _sortable(price and price["input_per_mtok"])),
        (attr(_money(price["output_per_mtok"]) + currency) if price else "–", _sortable(price and price["output_per_mtok"])),
        (attr(f"{get(context, 'value'):,}") if context else "–", _sortable(get(context, "value"))),
        (attr(f"{eci['value']:g}") if eci else "–", _sortable(eci and eci["value"])),
        ("; ".join(sources), ""),
    ]
    tds = "".join(f'<td data-value="{attr(v)}">{c}</td>' for c, v in cells)
    return f'<tr data-open="{str(m.is_open).lower()}">{tds}</tr>'


def _has_numbers(m) -> bool:
    return bool(m.get("pricing") or m.get("context_window") or m.get("capability"))


def models_table(ctx: SiteContext, models) -> str:
    if not models:
        return "No model in the knowledge base records a price, a context window or a capability score yet.\n"
    head = "".join(f'<th data-key="{k}"' + (f' data-filter="{f}"' if f else "") + f">{attr(t)}</th>"
                   for k, t, f in COLUMNS)
    body = "\n".join(_row(ctx, m) for m in models)
    return (f"{plural(len(models), 'model')} with a recorded price, context window or capability score. "
            "Prices are list prices per million tokens from the first price the record lists; "
            "ECI is the Epoch Capabilities Index (abstract points, higher is more capable). "
            "A dash means the knowledge base records no value.\n\n"
            + '<div class="citekb-filters" data-table="numbers-table"></div>\n\n'
            + f'<table id="numbers-table" class="citekb-table">\n<thead><tr>{head}</tr></thead>\n'
            f"<tbody>\n{body}\n</tbody>\n</table>\n")


def numbers_page(ctx: SiteContext) -> str:
    models = sorted((m for m in ctx.kb.of("model") if _has_numbers(m)), key=lambda m: m.id)
    method = ctx.hand_link(PATH, "capability-measures.md", "how the numbers are chosen")
    intro = (f"**{md(ctx.provenance.line)}.** Every value below carries its own date and source; "
             f"see {method}.\n\n")
    return (front_matter("Prices, context and capability",
                         "List prices, context windows and capability scores across models, and the dated open-closed capability lag.")
            + "# Prices, context and capability\n\n" + intro + lag_section(ctx)
            + "## Models: price, context and capability\n\n" + models_table(ctx, models))
