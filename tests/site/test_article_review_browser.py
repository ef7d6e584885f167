"""The walkthrough of the second seed article in a real browser, reached from the reviews index."""
from __future__ import annotations

# The browser, page and server fixtures (and the skip when chromium is missing) live with the other browser tests.
from test_site_browser import _clean, _h1, _shot  # browser, page, shipped_url: conftest fixtures

SEED = "seed-open-closed-commercialization"


def test_walkthrough_is_linked_from_the_index_and_shows_verdicts_in_both_languages(page, shipped_url):  # noqa: F811
    page.goto(shipped_url + "reviews/index.html")
    page.locator(f'a[href="walkthrough/{SEED}.html"]').first.click()
    page.wait_for_url(f"**/reviews/walkthrough/{SEED}.html")
    assert _h1(page).startswith("Walkthrough · 逐节核查")
    for sec in ("2.1", "2.2", "2.3", "3.3", "8.1", "8.2", "8.3", "8.4", "9.1", "9.2", "9.3"):
        assert page.locator("h2", has_text=f"Section {sec}").count() == 1, sec
    verdicts = page.locator("li", has_text="Verdict · 结论")
    assert verdicts.count() >= 40
    assert page.locator('h2 span[lang="zh"]', has_text="面临的挑战").count() == 1
    assert page.locator('li span[lang="zh"]', has_text="与证据相反").count() > 0
    # Evidence links lead to the works' pages.
    page.locator("a", has_text="Brown et al. 2020").first.click()
    page.wait_for_url("**/papers/brown2020language.html")
    _shot(page, "shipped-walkthrough-evidence-target")
    _clean(page)
