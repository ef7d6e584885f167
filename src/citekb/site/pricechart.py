"""Price against capability: each model with both a list price and an Epoch Capabilities Index
score, as a static SVG scatter (capability across, input price up on a log scale), with a table of
the same values for readers who cannot see the picture.

Open and closed models differ in shape (circle, square) as well as colour (Okabe-Ito blue and
vermilion, never red against green); text and strokes use `currentColor`, so the chart follows
the light or dark palette; the SVG is left out of the search index like the other charts."""
from __future__ import annotations

import math

from ..paths import page_path
from .context import SiteContext
from .htmltable import Cell, Column, data_table, link_cell, text_cell
from ..modelnumbers import eci, price, rate, raw
from .models import CLOSED_COLOUR, OPEN_COLOUR, badge
from .text import attr, md, plural

PATH = "numbers.md"
W, H, LEFT, RIGHT, TOP, BOTTOM = 680, 340, 64, 24, 16, 48
COLUMNS = (Column("name", "Model", "text"), Column("side", "Weights", "select"), Column("eci", "ECI", "", "number"),
           Column("input", "Input price / MTok", "", "number"), Column("output", "Output price / MTok", "", "number"),
           Column("dates", "Price and score as of"))


def _r(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def charted(models) -> list[tuple]:
    """(model, price, score) for each model with both, cheapest first; prices in one currency only
    (the most common), since rates in different currencies do not share an axis."""
    pairs = [(m, price(m), eci(m)) for m in models]
    pairs = [(m, p, s) for m, p, s in pairs if p and s and p["input_per_mtok"] > 0]
    currencies = sorted({p.get("currency") for _, p, _ in pairs}, key=lambda c: (-sum(p.get("currency") == c for _, p, _ in pairs), str(c)))
    return sorted([x for x in pairs if x[1].get("currency") == currencies[0]] if pairs else [],
                  key=lambda x: (x[2]["value"], x[1]["input_per_mtok"], x[0].id))


def _scales(points):
    xs = [s["value"] for _, _, s in points]
    lo, hi = 10 * math.floor(min(xs) / 10 - 0.5), 10 * math.ceil(max(xs) / 10 + 0.5)
    ys = [math.log10(p["input_per_mtok"]) for _, p, _ in points]
    y0, y1 = math.floor(min(ys)), max(math.ceil(max(ys)), math.floor(min(ys)) + 1)
    sx = lambda v: LEFT + (v - lo) / (hi - lo) * (W - LEFT - RIGHT)  # noqa: E731
    sy = lambda v: H - BOTTOM - (math.log10(v) - y0) / (y1 - y0) * (H - TOP - BOTTOM)  # noqa: E731
    return (lo, hi, y0, y1), sx, sy


def _axes(bounds, sx, sy, currency: str) -> list[str]:
    lo, hi, y0, y1 = bounds
    step = 10 if hi - lo <= 80 else 20
    out = []
    for e in range(y0, y1 + 1):
        y, label = sy(10.0 ** e), f"{10.0 ** e:g}"
        out.append(f'<line x1="{LEFT}" y1="{_r(y)}" x2="{W - RIGHT}" y2="{_r(y)}" stroke="currentColor" '
                   f'stroke-opacity="0.25" stroke-width="0.6"/><text x="{LEFT - 6}" y="{_r(y + 4)}" font-size="11" '
                   f'fill="currentColor" text-anchor="end">{label}</text>')
    for v in range(lo, hi + 1, step):
        x = sx(v)
        out.append(f'<line x1="{_r(x)}" y1="{H - BOTTOM}" x2="{_r(x)}" y2="{H - BOTTOM + 5}" stroke="currentColor"/>'
                   f'<text x="{_r(x)}" y="{H - BOTTOM + 18}" font-size="11" fill="currentColor" text-anchor="middle">{v}</text>')
    mid = (TOP + H - BOTTOM) / 2
    out.append(f'<text x="{(LEFT + W - RIGHT) / 2:g}" y="{H - 8}" font-size="12" fill="currentColor" text-anchor="middle">'
               "Epoch Capabilities Index (ECI points; more capable to the right)</text>"
               f'<text x="14" y="{_r(mid)}" font-size="12" fill="currentColor" text-anchor="middle" '
               f'transform="rotate(-90 14 {_r(mid)})">{attr(f"Input price, {currency} per million tokens (log scale)")}</text>')
    return out


def _marker(m, p, s, sx, sy, i: int) -> str:
    x, y = sx(s["value"]), sy(p["input_per_mtok"])
    ring = 'stroke="currentColor" stroke-width="1.2"'
    shape = (f'<circle cx="{_r(x)}" cy="{_r(y)}" r="6" fill="{OPEN_COLOUR}" {ring}/>' if m.is_open else
             f'<rect x="{_r(x - 5.5)}" y="{_r(y - 5.5)}" width="11" height="11" fill="{CLOSED_COLOUR}" {ring}/>')
    anchor, dx = ("end", -10) if x > W - 160 else ("start", 10)
    dy = 18 if i % 2 else -9  # neighbours' labels alternate below and above their markers
    side = "open weights" if m.is_open else "closed"
    tip = (f"{m.name} ({side}): ECI {s['value']:g} (as of {s.get('as_of')}); input {rate(p, 'input_per_mtok')}, "
           f"output {rate(p, 'output_per_mtok')} per million tokens ({p.get('provider')}, as of {p.get('as_of')})")
    return (f'<g class="citekb-point" data-model="{attr(m.id)}"><title>{attr(tip)}</title>{shape}'
            f'<text x="{_r(x + dx)}" y="{_r(y + dy)}" font-size="12" fill="currentColor" text-anchor="{anchor}">'
            f"{attr(m.name)}</text></g>")


def price_svg(points, as_of: str) -> str:
    bounds, sx, sy = _scales(points)
    currency = points[0][1].get("currency") or ""
    title = f"List input price against capability (ECI), {plural(len(points), 'model')}, data as of {as_of}"
    out = [f'<figure class="citekb-chart citekb-price"><svg data-search-exclude viewBox="0 0 {W} {H}" width="100%" '
           f'role="img" aria-label="{attr(title)}" xmlns="http://www.w3.org/2000/svg">']
    out += _axes(bounds, sx, sy, currency)
    out += [_marker(m, p, s, sx, sy, i) for i, (m, p, s) in enumerate(points)]
    out.append("</svg>")
    out.append(f"<figcaption>{attr(title)}. Circles ({_swatch(OPEN_COLOUR, True)}): open weights; squares "
               f"({_swatch(CLOSED_COLOUR, False)}): closed. The values, with the date of each price and score, "
               "are in the table below.</figcaption></figure>")
    return "".join(out) + "\n"


def _swatch(colour: str, circle: bool) -> str:
    shape = (f'<circle cx="5" cy="5" r="4.5" fill="{colour}"/>' if circle
             else f'<rect x="0.5" y="0.5" width="9" height="9" fill="{colour}"/>')
    return f'<svg class="citekb-swatch" width="10" height="10" viewBox="0 0 10 10" aria-hidden="true">{shape}</svg>'


def _row(ctx: SiteContext, m, p, s) -> list[Cell]:
    return [link_cell(ctx.href(PATH, page_path("model", m.id)), m.name),
            Cell(badge(m.is_open), "open weights" if m.is_open else "closed"),
            text_cell(f"{s['value']:g}", raw(s["value"])),
            text_cell(rate(p, "input_per_mtok"), raw(p["input_per_mtok"])),
            text_cell(rate(p, "output_per_mtok"), raw(p["output_per_mtok"])),
            text_cell(f"price {p.get('as_of')} ({p.get('provider')}); ECI {s.get('as_of')}")]


def price_section(ctx: SiteContext) -> str:
    models = list(ctx.kb.of("model"))
    points = charted(models)
    head = "## Price against capability\n\n"
    count = (f"{len(points)} of {plural(len(models), 'model')} in the knowledge base have both a list price and "
             "an ECI score; only they appear here.")
    if not points:
        return head + md(count) + "\n\n"
    as_of = ctx.provenance.as_of.isoformat()
    return (head + md(count) + " Further up is dearer, further right more capable; prices are the first listed "
            "price per million input tokens.\n\n" + price_svg(points, as_of) + "\n"
            + data_table("price-table", COLUMNS, [_row(ctx, *x) for x in points],
                         caption=f"Price and capability of the charted models (data as of {as_of})"))
