"""Static SVG pictures generated at build time: ego graphs, the release timeline, stacked bars.

Coordinates are rounded so that the output is byte-identical across runs. Text uses
`currentColor` so that the pictures follow the light or dark palette.
"""
from __future__ import annotations

import math
from typing import Callable, Mapping, Sequence

from .text import attr

KIND_COLOURS = {
    "work": "#6d4c9f", "model": "#1e88e5", "framework": "#00897b", "organization": "#f4511e",
    "claim": "#c0ca33", "review": "#8d6e63", "scenario": "#ec407a", "criterion": "#fbc02d",
}
# Okabe-Ito colours, told apart by colour-blind readers too (never red against green); every chart
# also names its series in words, and the open/closed timeline stripes the closed bars.
SIDE_COLOURS = {"open": "#0072b2", "closed": "#d55e00", "neither": "#8a8a8a", "depends": "#e69f00"}


def _r(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _short(text: str, n: int = 22) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def ego_svg(center: tuple[str, str, str], neighbours: Sequence[tuple[str, str, str | None]],
            *, more: int = 0) -> str:
    """`center` is (kind, label, _); each neighbour (kind, label, href or None), drawn on a circle."""
    w, h, cx, cy = 640, 360, 320, 180
    radius = 130 if neighbours else 0
    # A picture with links in it is a group, not an image: an image's content is hidden from
    # assistive technology, and so would its links be (axe: nested-interactive).
    out = [f'<figure class="citekb-ego"><svg data-search-exclude viewBox="0 0 {w} {h}" width="100%" role="group" '
           f'aria-label="{attr("Neighbourhood of " + center[1])}" xmlns="http://www.w3.org/2000/svg">']
    points = []
    for i, (kind, label, href) in enumerate(neighbours):
        angle = 2 * math.pi * i / len(neighbours) - math.pi / 2
        points.append((cx + radius * 1.3 * math.cos(angle), cy + radius * math.sin(angle), kind, label, href))
    out.extend(f'<line x1="{cx}" y1="{cy}" x2="{_r(x)}" y2="{_r(y)}" stroke="#9e9e9e" stroke-width="1"/>'
               for x, y, *_ in points)
    for x, y, kind, label, href in points:
        anchor = "start" if x >= cx else "end"
        dx = 9 if x >= cx else -9
        node = (f'<circle cx="{_r(x)}" cy="{_r(y)}" r="7" fill="{KIND_COLOURS.get(kind, "#999")}"/>'
                f'<text x="{_r(x + dx)}" y="{_r(y + 4)}" font-size="12" fill="currentColor" '
                f'text-anchor="{anchor}">{attr(_short(label, 20))}</text><title>{attr(kind + ": " + label)}</title>')
        out.append(f'<a href="{attr(href)}">{node}</a>' if href else f"<g>{node}</g>")
    kind, label, _ = center
    out.append(f'<circle cx="{cx}" cy="{cy}" r="11" fill="{KIND_COLOURS.get(kind, "#999")}" stroke="currentColor"/>'
               f'<text x="{cx}" y="{cy + 27}" font-size="13" font-weight="bold" fill="currentColor" '
               f'text-anchor="middle">{attr(_short(label, 40))}</text>')
    out.append("</svg>")
    caption = f"Direct neighbours in the knowledge graph{f' (and {more} more, listed below)' if more else ''}."
    out.append(f"<figcaption>{attr(caption)}</figcaption></figure>")
    return "".join(out) + "\n"


HATCH = "hatch"  # a series drawn with diagonal stripes, so it is told apart by shape as well as colour


def _defs(colours: Mapping[str, str], hatched: Sequence[str]) -> str:
    pats = "".join(f'<pattern id="citekb-hatch-{attr(n)}" width="6" height="6" patternUnits="userSpaceOnUse" '
                   f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{colours[n]}"/>'
                   f'<line x1="0" y1="0" x2="0" y2="6" stroke="#fff" stroke-width="2" stroke-opacity="0.6"/></pattern>'
                   for n in hatched)
    return f"<defs>{pats}</defs>" if pats else ""


def _fill(name: str, colours: Mapping[str, str], hatched: Sequence[str]) -> str:
    return f"url(#citekb-hatch-{attr(name)})" if name in hatched else colours[name]


def key(name: str, colour: str, hatched: bool = False) -> str:
    """A legend swatch (the figcaption's), striped like its bars when the series is hatched."""
    stripes = ";background-image:repeating-linear-gradient(45deg,rgba(255,255,255,.6) 0 2px,transparent 2px 5px)" if hatched else ""
    return f'<span class="citekb-key" style="background-color:{colour}{stripes}"></span> {attr(name)}'


def grouped_bars(title: str, groups: Sequence[str], series: Mapping[str, Sequence[int]],
                 colours: Mapping[str, str], *, hatched: Sequence[str] = (),
                 window: tuple[float, float, str] | None = None, note: str = "") -> str:
    """Vertical bars, one group per x label (a year), one bar per series (open, closed).

    `window` is (from, to, label) in group units (0.0 is the left edge of the first group, 1.5 the
    middle of the second): a shaded band behind the bars, the period the data covers, so that a
    gap outside it is not read as a fall. Series in `hatched` are striped."""
    names = list(series)
    top = max([max(v, default=0) for v in series.values()] + [1])
    w, h, left, bottom, pad = max(360, 40 + 34 * len(groups) * len(names)), 280, 36, 36, 12
    head = 22 if window else 0
    band = (w - left - pad) / max(len(groups), 1)
    bar = band * 0.8 / max(len(names), 1)
    out = [f'<figure class="citekb-chart"><svg data-search-exclude viewBox="0 0 {_r(w)} {h}" width="100%" role="img" '
           f'aria-label="{attr(title + (". " + window[2] if window else ""))}" xmlns="http://www.w3.org/2000/svg">',
           _defs(colours, hatched)]
    scale = (h - bottom - pad - head) / top
    if window:
        x0, x1 = left + window[0] * band, left + window[1] * band
        out.append(f'<rect class="citekb-window" x="{_r(x0)}" y="{pad}" width="{_r(x1 - x0)}" height="{h - bottom - pad}" '
                   f'fill="currentColor" fill-opacity="0.07" stroke="currentColor" stroke-opacity="0.4" stroke-dasharray="3 3"/>'
                   f'<text x="{_r(x0 + 4)}" y="{pad + 13}" font-size="11" fill="currentColor">{attr(window[2])}</text>')
    for tick in sorted({0, top // 2, top}):
        y = h - bottom - tick * scale
        out.append(f'<line x1="{left}" y1="{_r(y)}" x2="{_r(w - pad)}" y2="{_r(y)}" stroke="currentColor" stroke-opacity="0.3" stroke-width="0.5"/>'
                   f'<text x="{left - 4}" y="{_r(y + 4)}" font-size="11" fill="currentColor" text-anchor="end">{tick}</text>')
    for gi, group in enumerate(groups):
        x0 = left + gi * band + band * 0.1
        for si, name in enumerate(names):
            value = series[name][gi]
            bh = value * scale
            out.append(f'<rect x="{_r(x0 + si * bar)}" y="{_r(h - bottom - bh)}" width="{_r(bar - 1)}" '
                       f'height="{_r(bh)}" fill="{_fill(name, colours, hatched)}"><title>{attr(f"{group}: {value} {name}")}</title></rect>')
        out.append(f'<text x="{_r(x0 + band * 0.4)}" y="{h - bottom + 16}" font-size="11" fill="currentColor" '
                   f'text-anchor="middle">{attr(group)}</text>')
    out.append("</svg>")
    legend = " ".join(key(n, colours[n], n in hatched) for n in names)
    out.append(f"<figcaption>{attr(title)}. {legend}.{(' ' + attr(note)) if note else ''}</figcaption></figure>")
    return "".join(out) + "\n"


def stacked_rows(title: str, rows: Sequence[tuple[str, str | None, Mapping[str, int]]],
                 order: Sequence[str], colours: Mapping[str, str]) -> str:
    """Horizontal 100% bars: each row (label, href, counts by side)."""
    w, row_h, label_w = 720, 24, 300
    h = row_h * len(rows) + 10
    role = "group" if any(href for _, href, _ in rows) else "img"
    out = [f'<figure class="citekb-chart"><svg data-search-exclude viewBox="0 0 {w} {h}" width="100%" role="{role}" '
           f'aria-label="{attr(title)}" xmlns="http://www.w3.org/2000/svg">']
    for i, (label, href, counts) in enumerate(rows):
        y = 5 + i * row_h
        total = sum(counts.values())
        text = f'<text x="{label_w - 8}" y="{y + 15}" font-size="12" fill="currentColor" text-anchor="end">{attr(_short(label, 44))} ({total})</text>'
        out.append(f'<a href="{attr(href)}">{text}</a>' if href else text)
        x = float(label_w)
        for side in order:
            n = counts.get(side, 0)
            if not n:
                continue
            bw = (w - label_w - 10) * n / total
            out.append(f'<rect x="{_r(x)}" y="{y + 3}" width="{_r(bw)}" height="{row_h - 6}" fill="{colours[side]}">'
                       f'<title>{attr(f"{label}: {n} favour {side}")}</title></rect>')
            x += bw
    out.append("</svg>")
    legend = " ".join(key(s, colours[s]) for s in order)
    out.append(f"<figcaption>{attr(title)}. {legend}.</figcaption></figure>")
    return "".join(out) + "\n"


def by_year(items: Sequence[tuple[int, str]], names: Sequence[str]) -> tuple[list[str], dict[str, list[int]]]:
    """Count (year, series) pairs into consecutive years."""
    years = [y for y, _ in items]
    if not years:
        return [], {n: [] for n in names}
    span = list(range(min(years), max(years) + 1))
    counts = {n: [sum(1 for y, s in items if y == year and s == n) for year in span] for n in names}
    return [str(y) for y in span], counts


Href = Callable[[str], str | None]
