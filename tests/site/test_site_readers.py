"""The site as readers use it, in a real browser (Debian's chromium through Playwright): no serious
accessibility violation (axe-core), index tables that sort and filter on a phone, a graph explorer
that finds, centres and links, charts that a colour-blind reader can read, a useful 404 page.
Screenshots go to $CITEKB_ARTIFACTS/screenshots (conftest.shot), never into the repository."""
from __future__ import annotations

import functools
import http.server
import json
import os
import re
import threading

import pytest

from axe import serious_violations
from conftest import CHROMIUM, shot

INDEXES = ["models", "papers", "frameworks", "organizations", "claims", "reviews"]

if not CHROMIUM.exists() and os.environ.get("CI") != "true":
    pytest.skip("browser tests need Debian's chromium at /usr/bin/chromium", allow_module_level=True)


def _shot(pg, name: str, *, full: bool = True) -> None:
    shot(pg, name, full=full)


def _clean(pg) -> None:
    assert pg.console_errors == []
    assert pg.offsite == []


def _graph_ready(pg) -> None:
    pg.locator("#citekb-graph[data-ready]").wait_for(state="attached", timeout=60000)


def _dark(pg) -> None:
    pg.emulate_media(color_scheme="dark")


def _a_brief(site) -> str:
    return sorted(p.relative_to(site).as_posix() for p in (site / "briefs").glob("*.html") if p.name != "index.html")[0]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("rel", ["index.html", "models/index.html", "models/llama-2-70b.html", "brief", "graph.html",
                                 "numbers.html"])
def test_axe_finds_no_serious_or_critical_violation(page, shipped_site, shipped_url, rel, scheme):
    rel = _a_brief(shipped_site) if rel == "brief" else rel
    if not (shipped_site / rel).exists():
        pytest.skip(f"{rel}: not in the shipped site any more")
    page.emulate_media(color_scheme=scheme)
    page.goto(shipped_url + rel)
    if rel == "graph.html":
        _graph_ready(page)
    assert serious_violations(page) == []
    _clean(page)


@pytest.mark.parametrize("index", INDEXES)
def test_every_index_sorts_and_filters_on_a_390px_screen(browser, shipped_url, index):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    pg = context.new_page()
    pg.goto(shipped_url + f"{index}/index.html")
    table = pg.locator("table.citekb-table")
    assert table.count() == 1
    rows = table.locator("tbody tr:not([hidden])")
    total = rows.count()
    assert total >= 2
    # Nothing sticks out sideways: the page does not scroll horizontally on a phone.
    assert pg.evaluate("document.documentElement.scrollWidth") <= 390
    assert table.bounding_box()["width"] <= 390
    # Filter by the first text filter with a word of the last row.
    box = pg.locator(".citekb-filters input[type=search]").first
    word = max(re.findall(r"\w+", rows.nth(total - 1).locator("td").first.inner_text()), key=len)
    box.fill(word)
    assert 1 <= rows.count() < total or total == rows.count() == 1
    assert pg.locator(".citekb-count").inner_text().endswith(f"of {total} shown")
    box.fill("")
    # Sort by the first numeric or year column, both ways.
    th = table.locator('th[data-type="number"], th[data-type="year"]').first
    key = th.get_attribute("data-key")
    col = [h.get_attribute("data-key") for h in table.locator("thead th").all()].index(key)
    th.locator("button").click()
    th.locator("button").click()
    assert th.get_attribute("aria-sort") == "descending"
    values = [float(v[:4]) if th.get_attribute("data-type") == "year" else float(v)
              for v in rows.evaluate_all(f"rs => rs.map(r => r.cells[{col}].getAttribute('data-value'))") if v]
    assert values == sorted(values, reverse=True)
    _shot(pg, f"phone-{index}", full=False)
    context.close()


def test_indexes_look_alike_and_show_licence_names(page, fixture_url):
    looks = set()
    for index in INDEXES:
        page.goto(fixture_url + f"{index}/index.html")
        th = page.locator("table.citekb-table thead th").first
        looks.add(th.evaluate("e => getComputedStyle(e).backgroundColor + ' ' + getComputedStyle(e.closest('table')).fontSize"))
    assert len(looks) == 1, looks
    page.goto(fixture_url + "models/index.html")
    cells = page.locator('#models-table td[data-label="License"]').all_inner_texts()
    assert "Apache License 2.0" in cells and "Apache-2.0" not in cells
    badges = page.locator("#models-table .citekb-badge").all_inner_texts()
    assert {b.strip() for b in badges} == {"open weights", "closed"}
    _clean(page)


def _focus(pg, name: str) -> None:
    search = pg.locator(".citekb-graph-search")
    search.fill(name)
    search.press("Enter")
    pg.wait_for_timeout(600)  # the centring animation takes 250 ms


def test_graph_search_centres_the_record_and_lights_up_its_neighbours(page, shipped_url):
    page.goto(shipped_url + "graph.html")
    _graph_ready(page)
    _focus(page, "Llama 2 70B")
    page.wait_for_function("!citekbGraph.animated()")
    graph = page.locator("#citekb-graph")
    assert graph.get_attribute("data-focus") == "model:llama-2-70b"
    at = page.evaluate("(() => { const p = citekbGraph.getElementById('model:llama-2-70b').renderedPosition();"
                       " return [p.x, p.y, citekbGraph.width(), citekbGraph.height()]; })()")
    assert abs(at[0] - at[2] / 2) < 5 and abs(at[1] - at[3] / 2) < 5  # centred
    near = page.evaluate("citekbGraph.nodes('.near').map(n => n.id()).sort()")
    hood = page.evaluate("citekbGraph.getElementById('model:llama-2-70b').closedNeighborhood('node').map(n => n.id()).sort()")
    assert near == hood and len(near) >= 3
    assert page.evaluate("citekbGraph.nodes('.faded').length") > 100  # everything else steps back
    listed = page.locator("#citekb-graph-panel .citekb-graph-jump").count()
    assert listed == len(near) - 1
    _shot(page, "graph-search", full=False)
    # Keyboard: move the selection to a neighbour from the panel, then open its page from the panel link.
    page.locator("#citekb-graph-panel .citekb-graph-jump").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_timeout(400)
    assert graph.get_attribute("data-focus") != "model:llama-2-70b"
    page.locator("#citekb-graph-panel a", has_text="Open its page").click()
    page.wait_for_load_state()
    assert page.locator("h1").count() == 1 and "graph.html" not in page.url
    _clean(page)


def test_graph_filters_orphans_keyboard_and_labels(page, shipped_url):
    page.goto(shipped_url + "graph.html")
    _graph_ready(page)
    orphans = page.evaluate("citekbGraph.nodes('.orphan').length")
    assert orphans > 0 and page.evaluate("citekbGraph.nodes('.orphan').every(n => n.hasClass('hidden'))")
    shown = int(page.locator("#citekb-graph").get_attribute("data-visible"))
    page.locator(".citekb-graph-orphans").check()
    assert int(page.locator("#citekb-graph").get_attribute("data-visible")) == shown + orphans
    page.locator('.citekb-graph-controls input[value="claim"]').uncheck()
    assert page.evaluate("citekbGraph.nodes('[kind = \"claim\"]').every(n => n.hasClass('hidden'))")
    assert page.evaluate("citekbGraph.edges().filter(e => !e.hasClass('hidden')).every("
                         "e => e.source().data('kind') !== 'claim' && e.target().data('kind') !== 'claim')")
    # Keyboard: the map takes focus; arrows pan, + zooms.
    page.locator("#citekb-graph").focus()
    pan = page.evaluate("citekbGraph.pan().x")
    page.keyboard.press("ArrowLeft")
    assert page.evaluate("citekbGraph.pan().x") > pan
    zoom = page.evaluate("citekbGraph.zoom()")
    page.keyboard.press("+")
    assert page.evaluate("citekbGraph.zoom()") > zoom
    # Labels: hidden when the whole map is shown, drawn once zoomed in (font size x zoom >= minimum).
    shows = ("(() => { const n = citekbGraph.nodes('[kind = \"model\"]')[0];"
             " return parseFloat(n.style('font-size')) * citekbGraph.zoom() >= parseFloat(n.style('min-zoomed-font-size')); })()")
    page.keyboard.press("0")
    assert page.evaluate(shows) is False
    page.evaluate("citekbGraph.zoom(2.5)")
    assert page.evaluate(shows) is True
    _clean(page)


def _luminance(rgb) -> float:
    def ch(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (ch(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_graph_edges_are_visible_in_both_themes(page, fixture_url, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(fixture_url + "graph.html")
    _graph_ready(page)
    edge, opacity, bg = page.evaluate("""(() => { const e = citekbGraph.edges()[0];
        return [e.style('line-color'), parseFloat(e.style('line-opacity')),
                (() => { const p = document.createElement('span'); p.style.color = 'var(--md-default-bg-color)';
                         document.body.appendChild(p); const c = getComputedStyle(p).color; p.remove(); return c; })()]; })()""")
    ec = [int(x) for x in re.findall(r"\d+", edge)[:3]]
    bc = [int(x) for x in re.findall(r"\d+", bg)[:3]]
    seen = [round(opacity * e + (1 - opacity) * b) for e, b in zip(ec, bc)]  # the edge over the page
    lo, hi = sorted([_luminance(seen), _luminance(bc)])
    assert (hi + 0.05) / (lo + 0.05) >= 1.8, (edge, opacity, bg)
    _shot(page, f"graph-{scheme}", full=False)


def test_release_chart_shows_coverage_and_reads_without_red_green(page, shipped_site, shipped_url):
    page.goto(shipped_url + "models/index.html")
    chart = page.locator("figure.citekb-chart").first
    assert chart.locator("rect.citekb-window").count() == 1
    assert "KB coverage" in chart.locator("svg").get_attribute("aria-label")
    assert "shaded band" in chart.locator("figcaption").inner_text()
    fills = set(chart.locator("rect[height]").evaluate_all("rs => rs.map(r => r.getAttribute('fill'))"))
    assert not fills & {"#2e7d32", "#c62828"}  # never green against red
    assert any(f.startswith("url(#citekb-hatch-") for f in fills)  # closed bars are striped as well
    assert chart.locator("svg").get_attribute("data-search-exclude") is not None
    _dark(page)
    _shot(page, "chart-dark", full=False)
    docs = json.loads((shipped_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    assert not [d["location"] for d in docs if re.search(r"\d{4}: \d+ (open|closed)", d["text"])]


def test_verdict_icons_are_the_themes_svgs(page, fixture_url):
    page.goto(fixture_url + "reviews/blog-post.html")
    verdicts = page.locator("td", has_text="disagrees")
    assert verdicts.count() == 2
    assert verdicts.first.locator("span.twemoji svg").count() == 1
    assert not re.search("[\u2600-\u27bf\U0001f300-\U0001faff]", page.locator("article").inner_text())
    _clean(page)


class _NotFound(http.server.SimpleHTTPRequestHandler):
    """Like a static host: a missing address gets the site's 404.html with status 404."""

    def log_message(self, *args) -> None:
        pass

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        body = (self.directory_path / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def test_404_page_helps_from_any_depth(page, shipped_site):
    handler = type("H", (_NotFound,), {"directory_path": shipped_site})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(shipped_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        response = page.goto(base + "models/no-such-model.html")
        assert response.status == 404
        assert page.locator("h1").first.inner_text().replace("¶", "").strip() == "Page not found"
        # Only the page itself was missing: the theme's styles and scripts loaded from this depth too.
        assert len(page.console_errors) == 1 and "404" in page.console_errors[0], page.console_errors
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
        page.console_errors.clear()
        _shot(page, "not-found")
        page.locator("article a", has_text="Models").first.click()
        page.wait_for_url(base + "models/index.html")
        assert page.locator("table#models-table").count() == 1
        _clean(page)
    finally:
        server.shutdown()
        server.server_close()
