"""The built site in a real browser: Debian's chromium driven by Playwright (never a downloaded browser).

Skipped only when /usr/bin/chromium is missing outside CI; in CI (CI=true) a missing browser fails.
Screenshots of the main pages are written to $CITEKB_ARTIFACTS/screenshots (conftest.shot), never committed.
"""
from __future__ import annotations

import os

import pytest

from conftest import CHROMIUM, ROOT, shot

if not CHROMIUM.exists() and os.environ.get("CI") != "true":
    pytest.skip("browser tests need Debian's chromium at /usr/bin/chromium (run scripts/install-browser.sh); "
                "they are required in CI", allow_module_level=True)


def _shot(pg, name: str) -> None:
    shot(pg, name)


def _h1(pg) -> str:
    return pg.locator("h1").first.inner_text().replace("¶", "").strip()


def _clean(pg) -> None:
    assert pg.console_errors == []
    assert pg.offsite == []


def test_home_renders_with_figures(page, fixture_url):
    page.goto(fixture_url + "index.html")
    assert _h1(page) == "Fixture atlas"
    assert page.get_by_text("3 models").first.is_visible()
    assert page.locator("figure.citekb-chart svg").count() >= 2
    _shot(page, "fixture-home")
    _clean(page)


def test_search_finds_a_model_by_name(page, fixture_url):
    page.goto(fixture_url + "index.html")
    page.locator(".md-search__input").first.click()
    # The index is built in a worker; typing before it is ready is ignored, so wait for the prompt.
    page.locator(".md-search-result__meta", has_text="Type to start searching").wait_for(timeout=15000)
    page.locator("input.md-search__input").press_sequentially("Tiny Chat", delay=50)
    result = page.locator(".md-search-result__item", has_text="Tiny Chat 7B").first
    result.wait_for(timeout=15000)
    assert "models/tiny-chat.html" in (result.locator("a").first.get_attribute("href") or "")
    _clean(page)


def test_models_table_filters_and_sorts(page, fixture_url):
    page.goto(fixture_url + "models/index.html")
    rows = page.locator("#models-table tbody tr:not([hidden])")
    assert rows.count() == 3
    page.locator('select[data-filter-for="access"]').select_option("api")
    assert rows.count() == 1 and "Big Closed" in rows.first.inner_text()
    assert page.locator(".citekb-count").inner_text() == "1 of 3 shown"
    page.locator('select[data-filter-for="access"]').select_option("")
    page.locator('input[data-filter-for="released-min"]').fill("2024")
    assert rows.count() == 2
    page.locator('input[data-filter-for="released-min"]').fill("")
    page.locator('th[data-key="name"]').click()
    page.locator('th[data-key="name"]').click()  # descending
    assert rows.first.inner_text().startswith("Tiny Open 7B")
    _shot(page, "fixture-models")
    _clean(page)


def _graph_ready(pg) -> None:
    pg.locator("#citekb-graph[data-ready]").wait_for(state="attached", timeout=60000)


def test_graph_draws_nodes_and_its_panel_links_to_the_page(page, fixture_url):
    page.goto(fixture_url + "graph.html")
    _graph_ready(page)
    assert page.evaluate("citekbGraph.nodes().length") > 10
    page.locator('.citekb-graph-controls input[value="work"]').uncheck()
    assert page.evaluate("citekbGraph.nodes('[kind = \"work\"]').every(n => n.hasClass('hidden'))")
    _shot(page, "fixture-graph")
    page.evaluate("citekbGraph.getElementById('model:tiny-open').emit('tap')")
    page.locator("#citekb-graph-panel a", has_text="Open its page").click()
    page.wait_for_url("**/models/tiny-open.html")
    assert _h1(page) == "Tiny Open 7B"
    _clean(page)


def test_claim_page_shows_evidence_on_both_sides(page, fixture_url):
    page.goto(fixture_url + "claims/closed-leads-at-release.html")
    sides = page.locator(".citekb-side")
    assert sides.count() == 2
    assert "Lee et al. 2023" in sides.nth(0).inner_text() and "supports" in sides.nth(0).inner_text()
    assert "Smith and Doe 2020" in sides.nth(1).inner_text() and "qualifies" in sides.nth(1).inner_text()
    box0, box1 = sides.nth(0).bounding_box(), sides.nth(1).bounding_box()
    assert box1["x"] > box0["x"]  # side by side on a wide screen
    _shot(page, "fixture-claim")
    _clean(page)


def test_dark_mode_toggle_switches_palette(page, fixture_url):
    page.goto(fixture_url + "index.html")
    before = page.locator("body").get_attribute("data-md-color-scheme")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    assert page.locator("body").get_attribute("data-md-color-scheme") != before
    _clean(page)


@pytest.mark.parametrize("rel", ["index.html", "claims/index.html", "models/index.html", "papers/index.html",
                                 "graph.html", "health.html", "reviews/seed-open-vs-closed-roles.html",
                                 "models/llama-2-70b.html", "claims/closed-initial-capability-lead.html"])
def test_shipped_pages_render_without_errors(page, shipped_url, rel):
    if "/" in rel and not rel.endswith("index.html") and not (ROOT / "kb" / rel.replace(".html", ".yaml")).exists():
        pytest.skip(f"{rel}: record no longer in the shipped KB")
    page.goto(shipped_url + rel)
    assert _h1(page).strip()
    if rel == "graph.html":
        _graph_ready(page)
    _shot(page, "shipped-" + rel.replace("/", "-").removesuffix(".html"))
    _clean(page)
