"""Rendered briefs: golden files, links, escaping, the standalone HTML file, the site pages."""
from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from brief_helpers import AS_OF, COMMIT, FIXTURE, brief_for

from citekb import api
from citekb.briefs import brief_pages, kb_commit, render_brief

GOLDEN = Path(__file__).resolve().parent / "golden"


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    assert text == path.read_text(encoding="utf-8"), f"{name} changed; rerun with UPDATE_GOLDEN=1 if intended"


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    result = api.check(FIXTURE, today=dt.date(2026, 11, 24))
    return brief_pages(result.kb, result.graph, result.diagnostics, as_of=AS_OF, commit=COMMIT)


def test_site_page_matches_golden(pages):
    _golden("neutral-team.md", pages["briefs/neutral-team.md"])


def test_standalone_html_matches_golden():
    b, result = brief_for(FIXTURE, "neutral-team")
    _golden("neutral-team.html", render_brief(b, result.kb, commit=COMMIT, fmt="html"))


def test_two_builds_are_byte_identical(pages):
    result = api.check(FIXTURE, today=dt.date(2026, 11, 24))
    again = brief_pages(result.kb, result.graph, result.diagnostics, as_of=AS_OF, commit=COMMIT)
    assert again == pages


def test_pages_cover_every_scenario_with_front_matter(pages):
    assert sorted(pages) == ["briefs/index.md", "briefs/neutral-team.md", "briefs/regulated-clinic.md",
                             "briefs/tiny-device.md"]
    for text in pages.values():
        front = text.split("---\n")[1]
        assert re.search(r'^title: ".+"$', front, re.M) and re.search(r'^description: ".+"$', front, re.M)
    index = pages["briefs/index.md"]
    for sid in ("neutral-team", "regulated-clinic", "tiny-device"):
        assert f"(../briefs/{sid}.md)" in index


def test_the_bottom_line_comes_first(pages):
    text = pages["briefs/neutral-team.md"]
    order = ["## Bottom line", "## Scenario and constraints", "## Criteria and weights", "## Scorecard",
             "## Evidence by criterion", "## Conflicts and caveats", "## Candidate models", "## Sensitivity",
             "## Validity and provenance", "## References"]
    positions = [text.index(h) for h in order]
    assert positions == sorted(positions)
    assert "a hybrid that routes protected work" in text.split("## Scenario")[0]
    assert "What would flip it:** It flips if" in text


def test_evidence_rows_link_to_claim_and_work_pages(pages):
    text = pages["briefs/neutral-team.md"]
    assert "(../claims/self-hosting-keeps-data.md)" in text
    assert "[alpha2024keeping](../papers/alpha2024keeping.md)" in text
    row = next(line for line in text.splitlines() if "self-hosting-keeps-data.md" in line and line.startswith("|"))
    assert row.count(" | ") == 1          # two columns: favours open | favours closed


def test_unscored_claims_are_shown_with_the_reason(pages):
    text = pages["briefs/neutral-team.md"]
    assert "[A closed vendor says its API is the most private option.](../claims/unverified-vendor-claim.md) " \
           "(scores 0: unverified)" in text


def test_user_text_is_escaped(pages):
    for text in pages.values():
        assert "<script>" not in text and "{{" not in text and "*no*" not in text
    b, result = brief_for(FIXTURE, "neutral-team")
    html = render_brief(b, result.kb, commit=COMMIT, fmt="html")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>Bold</b>" not in html


def test_references_are_formatted_from_bibtex(pages):
    text = pages["briefs/neutral-team.md"]
    assert ("Ada Alpha and Bo Beta (2024). *Keeping Data In-House with Open Models*. Journal of Fixture Studies. "
            "DOI [10.1234/fixture.2024.1](https://doi.org/10.1234/fixture.2024.1).") in text
    assert "arXiv [2501.01234](https://arxiv.org/abs/2501.01234)" in text


def test_validity_and_commit_are_stated(pages):
    text = pages["briefs/neutral-team.md"]
    assert "**As of:** 2026-01-01" in text and f"`{COMMIT}`" in text
    assert "**Valid until:** 2026-06-01" in text     # the cost claim falls below half weight then


def test_standalone_html_has_no_external_assets():
    b, result = brief_for(FIXTURE, "regulated-clinic")
    html = render_brief(b, result.kb, commit=COMMIT, fmt="html")
    assert html.startswith("<!DOCTYPE html>") and "<style>" in html
    assert not re.search(r"<(script|link|img|iframe)\b", html)
    assert not re.search(r'\ssrc=', html)
    # in-file anchors resolve: every #fragment link has a matching id
    for target in set(re.findall(r'href="#([^"]+)"', html)):
        assert f'id="{target}"' in html, target


def test_regulated_brief_lists_no_closed_model(pages):
    text = pages["briefs/regulated-clinic.md"]
    section = text.split("## Candidate models")[1].split("## Sensitivity")[0]
    assert "closed-pro" not in section and "Closed Pro" not in section
    assert "None proposed: every option that would use these models is knocked out" in section
    assert "Tiny Open" in section or "tiny-open" in section


def test_commit_is_unknown_outside_git(tmp_path):
    assert kb_commit(tmp_path) == "unknown"


@pytest.mark.parametrize("target, expected", [
    ("https://example.org/a_(b)", "[x](https://example.org/a_%28b%29)"),
    ("../claims/c.md", "[x](../claims/c.md)"),
    ("#ref-k", "[x](#ref-k)"),
    ("javascript:alert(1)", "x"),
    ("JaVaScRiPt:alert(1)", "x"),
    ("data:text/html,hi", "x"),
    (None, "x"),
])
def test_links_never_carry_a_script_or_break_out(target, expected):
    from citekb.briefs.text import md_link

    assert md_link("x", target) == expected


def test_escaping_neutralizes_markdown_html_and_templates():
    from citekb.briefs.text import esc

    out = esc("<img src=x onerror=alert(1)> *a* _b_ [c](d) `e` {{ f }} {% g %} | :smile: #h")
    assert "<" not in out and "*" not in out and "[" not in out and "`" not in out
    assert "{{" not in out and "{%" not in out and "|" not in out and ":smile:" not in out


def test_a_kb_without_scenarios_gets_an_index_that_says_so(tmp_path):
    (tmp_path / "kb").mkdir()
    result = api.check(tmp_path, today=dt.date(2026, 11, 24))
    pages = brief_pages(result.kb, result.graph, result.diagnostics, commit="c")
    assert list(pages) == ["briefs/index.md"]
    assert "No scenario can be scored yet" in pages["briefs/index.md"]
