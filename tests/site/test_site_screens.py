"""The pages a reader lands on, in both themes, on a phone (390 px) and a desktop, each saved as a
screenshot for review by eye ($CITEKB_ARTIFACTS/screenshots); the price-against-capability chart and
the models table's numbers in a real browser (Debian's chromium through Playwright)."""
from __future__ import annotations

import os
import re

import pytest

from conftest import CHROMIUM, guarded_page, shot

if not CHROMIUM.exists() and os.environ.get("CI") != "true":
    pytest.skip("browser tests need Debian's chromium at /usr/bin/chromium", allow_module_level=True)

PAGES = {"home": "index.html", "index": "models/index.html", "entity": "models/gpt-4.html", "brief": "brief",
         "graph": "graph.html", "numbers": "numbers.html"}
WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}
FOOTER = re.compile(r"Data as of \d{4}-\d{2}-\d{2} · KB commit (unknown|[0-9a-f]{7,})")
OKABE_ITO = {"#0072b2", "#d55e00"}


def _context(browser, width: str, scheme: str):
    w, h = WIDTHS[width]
    return guarded_page(browser, viewport={"width": w, "height": h}, color_scheme=scheme)


def _rel(site, rel: str) -> str:
    if rel != "brief":
        return rel
    return sorted(p.relative_to(site).as_posix() for p in (site / "briefs").glob("*.html") if p.name != "index.html")[0]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("name", list(PAGES))
def test_each_page_fits_the_screen_is_dated_and_is_saved_for_review(browser, shipped_site, shipped_url, name, width, scheme):
    rel = _rel(shipped_site, PAGES[name])
    assert (shipped_site / rel).exists(), rel
    context, pg = _context(browser, width, scheme)
    try:
        pg.goto(shipped_url + rel)
        if name == "graph":
            pg.locator("#citekb-graph[data-ready]").wait_for(state="attached", timeout=60000)
        assert pg.locator("h1").first.is_visible()
        # Nothing sticks out sideways: wide tables and charts scroll or shrink inside the page.
        assert pg.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width][0]
        assert FOOTER.search(pg.locator(".md-copyright").inner_text())
        shot(pg, f"{name}-{width}-{scheme}", full=False)
        for i, chart in enumerate(pg.locator("figure.citekb-chart").all()):
            chart.scroll_into_view_if_needed()
            box = chart.bounding_box()
            assert box["width"] <= WIDTHS[width][0]
            shot(pg, f"{name}-{width}-{scheme}-chart{i + 1}", element=chart)
        tables = pg.locator("table.citekb-table")
        if tables.count():
            tables.first.locator("tbody tr").first.scroll_into_view_if_needed()
            shot(pg, f"{name}-{width}-{scheme}-table", full=False)
        assert pg.console_errors == [] and pg.offsite == []
    finally:
        context.close()


def _contrast(pg, selector: str) -> float:
    """Contrast of an element's SVG fill against the page background (WCAG ratio)."""
    return pg.evaluate("""(sel) => {
      const lum = (c) => { const v = c.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(x => { x = x / 255;
          return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
        return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
      const fill = getComputedStyle(document.querySelector(sel)).fill;
      const bg = getComputedStyle(document.querySelector('.md-main')).backgroundColor;
      const body = getComputedStyle(document.body).backgroundColor;
      const back = bg === 'rgba(0, 0, 0, 0)' ? body : bg;
      const [a, b] = [lum(fill), lum(back)].sort((x, y) => y - x);
      return (a + 0.05) / (b + 0.05); }""", selector)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_price_chart_reads_in_both_themes_by_shape_and_says_how_many(browser, fixture_url, scheme):
    context, pg = _context(browser, "desktop", scheme)
    try:
        pg.goto(fixture_url + "numbers.html")
        chart = pg.locator("figure.citekb-price")
        assert chart.count() == 1
        intro = pg.locator("p", has_text="have both a list price and an ECI score").inner_text()
        assert intro.startswith("2 of 3 models")
        points = chart.locator("g.citekb-point")
        assert sorted(points.evaluate_all("gs => gs.map(g => g.getAttribute('data-model'))")) == ["big-closed", "tiny-open"]
        # Shape and colour both say open or closed; every point is named on the chart and in its tooltip.
        assert chart.locator('g[data-model="tiny-open"] circle').get_attribute("fill") == "#0072b2"
        assert chart.locator('g[data-model="big-closed"] rect').get_attribute("fill") == "#d55e00"
        fills = set(chart.locator("svg [fill^='#']").evaluate_all("es => es.map(e => e.getAttribute('fill').toLowerCase())"))
        assert fills <= OKABE_ITO
        for g in points.all():
            assert g.locator("text").text_content() and g.locator("title").count() == 1
        assert "Tiny Open 7B" in chart.locator('g[data-model="tiny-open"] text').text_content()
        assert _contrast(pg, "figure.citekb-price svg text") >= 4.5
        # Dated, and the same numbers are in a table that a screen reader can read.
        assert re.search(r"data as of \d{4}-\d{2}-\d{2}", chart.locator("svg[role=img]").get_attribute("aria-label"))
        assert "data as of" in chart.locator("figcaption").inner_text()
        rows = pg.locator("#price-table tbody tr")
        assert rows.count() == 2 and "10 USD" in rows.all_inner_texts()[-1]
        assert chart.locator("svg[role=img]").get_attribute("data-search-exclude") is not None
        shot(pg, f"fixture-price-chart-{scheme}", element=chart)
        assert pg.console_errors == [] and pg.offsite == []
    finally:
        context.close()


def test_models_table_sorts_by_price_and_capability_with_dashes_for_unknowns(page, fixture_url):
    page.goto(fixture_url + "models/index.html")
    rows = page.locator("#models-table tbody tr:not([hidden])")
    names = lambda: [r.split("\t")[0].strip() for r in rows.all_inner_texts()]  # noqa: E731
    page.locator('th[data-key="input"] button').click()
    page.locator('th[data-key="input"] button').click()  # descending: dearest first, unknown last
    assert names() == ["Big Closed <b>Pro</b>", "Tiny Open 7B", "Tiny Chat 7B"]
    assert page.locator('#models-table td[data-label="Input price / MTok"]').all_inner_texts() == ["10 USD", "0.2 USD", "–"]
    page.locator('th[data-key="eci"] button').click()
    assert names()[-1] == "Big Closed <b>Pro</b>"  # ascending: the highest score last
    assert page.locator('#models-table td[data-label="ECI"]').all_inner_texts() == ["–", "118", "141"]
    assert page.locator('#models-table td[data-label="Context (tokens)"]').all_inner_texts() == ["–", "–", "128,000"]
    # The badge is a word and an icon, not a colour alone.
    for badge in page.locator("#models-table .citekb-badge").all():
        assert badge.locator("svg.citekb-badge-icon").count() == 1 and badge.inner_text().strip() in {"open weights", "closed"}
    # Dates and prices stay on one line on a desktop.
    lines = page.locator('#models-table td[data-label="Released"], #models-table td[data-label$="/ MTok"]').evaluate_all(
        "tds => tds.map(td => { const r = document.createRange(); r.selectNodeContents(td); "
        "return new Set(Array.from(r.getClientRects()).map(x => Math.round(x.top))).size; })")
    assert set(lines) == {1}
    assert page.console_errors == [] and page.offsite == []


def test_phone_models_table_labels_each_number(browser, fixture_url):
    context, pg = _context(browser, "phone", "light")
    try:
        pg.goto(fixture_url + "models/index.html")
        assert pg.evaluate("document.documentElement.scrollWidth") <= 390
        cell = pg.locator('#models-table tr:has-text("Big Closed") td[data-label="Input price / MTok"]')
        label = cell.evaluate("td => getComputedStyle(td, '::before').content")
        assert "Input price / MTok" in label and cell.inner_text() == "10 USD"
        shot(pg, "fixture-models-phone")
        assert pg.console_errors == [] and pg.offsite == []
    finally:
        context.close()
