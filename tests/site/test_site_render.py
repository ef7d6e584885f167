"""render_site on a small fixture KB: golden pages, escaping, links both ways, determinism."""
from __future__ import annotations

import datetime as dt
import os
import re
import sys
import types
from pathlib import Path

import pytest

from citekb import api
from citekb.kb import load_kb
from citekb.site import render_site, unknown_citations
from citekb.site.render import render_all
from citekb.site.text import md

from conftest import FIXTURE

GOLDEN = Path(__file__).resolve().parent / "golden"
TODAY = dt.date(2026, 11, 24)
FRONT = re.compile(r'\A---\ntitle: "[^"\n]+"\ndescription: "[^"\n]+"\n')


@pytest.fixture(scope="module")
def checked():
    return api.check(FIXTURE, today=TODAY)


@pytest.fixture(scope="module")
def pages(checked):
    hand = {"index.md": (FIXTURE / "docs" / "index.md").read_text(encoding="utf-8")}
    return render_site(checked.kb, checked.graph, checked.diagnostics, extra_pages=hand)


@pytest.mark.parametrize("path", ["models/tiny-open.md", "claims/closed-leads-at-release.md",
                                  "papers/smith2020open.md", "reviews/blog-post.md", "models/index.md"])
def test_golden_pages(pages, path):
    golden = GOLDEN / path.replace("/", "--")
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(pages[path], encoding="utf-8")
    assert pages[path] == golden.read_text(encoding="utf-8")


def test_every_generated_page_has_a_title_and_description(pages):
    missing = [p for p, text in pages.items() if p != "index.md" and not FRONT.match(text)]
    assert missing == []


def test_output_is_deterministic(checked):
    first = render_all(checked.kb, checked.graph, checked.diagnostics)
    again = api.check(FIXTURE, today=TODAY)
    assert render_all(again.kb, again.graph, again.diagnostics) == first


def test_entity_pages_link_both_ways(pages):
    assert "](../organizations/acme.md)" in pages["models/tiny-open.md"]
    assert "](../models/tiny-open.md)" in pages["organizations/acme.md"]
    assert "](../papers/lee2023closed.md)" in pages["claims/closed-leads-at-release.md"]
    assert "](../claims/closed-leads-at-release.md)" in pages["papers/lee2023closed.md"]
    assert "](../models/tiny-open.md)" in pages["models/tiny-chat.md"]  # derived from
    assert "](../models/tiny-chat.md)" in pages["models/tiny-open.md"]  # base of


def test_user_text_is_escaped(pages):
    work, bibtex = pages["papers/smith2020open.md"].split("```bibtex")
    assert "<script>" not in work and "&lt;script&gt;" in work and r"\*Emphasis\*" in work
    assert "<script>" in bibtex  # verbatim inside the code block, which Markdown escapes
    claim = pages["claims/closed-leads-at-release.md"]
    assert r"by \[a few\] months \| not years\." in claim
    assert md("# heading") == r"\# heading" and md("a\n\n- b") == r"a \- b"


def test_model_facts_name_their_sources(pages):
    page = pages["models/tiny-open.md"]
    assert "| Released | 2024\\-03\\-01 | [Acme Labs 2024](../papers/acme2024tiny.md) | release section |" in page
    assert "[example\\.org](https://example.org/tiny-card)" in page


def test_review_verdicts(pages):
    page = pages["reviews/blog-post.md"]
    assert page.count(":material-close-circle: **disagrees**") == 2  # tiny-open is open; tinyserve is a framework
    assert page.count(":material-check-circle: **agrees**") == 1
    assert not re.search("[\u2600-\u27bf\U0001f300-\U0001faff]", page)  # icons are the theme's SVGs, not emoji
    assert '<span lang="zh">' in page


def test_briefs_index_says_none_yet_without_the_briefs_module(pages):
    if "briefs/index.md" in pages and "No decision briefs yet" not in pages["briefs/index.md"]:
        pytest.skip("citekb.briefs provides brief pages now")
    assert "No decision briefs yet" in pages["briefs/index.md"]


def test_briefs_pages_are_included_when_the_module_provides_them(checked, monkeypatch):
    fake = types.ModuleType("citekb.briefs")
    fake.brief_pages = lambda kb, graph, diagnostics: {"briefs/index.md": "---\ntitle: \"B\"\ndescription: \"d\"\n---\n# B\n",
                                                       "briefs/demo.md": "---\ntitle: \"Demo\"\ndescription: \"d\"\n---\n# Demo\n"}
    monkeypatch.setitem(sys.modules, "citekb.briefs", fake)
    out = render_site(checked.kb, checked.graph, checked.diagnostics)
    assert out["briefs/demo.md"].endswith("# Demo\n")


def test_hand_written_citations_become_links_and_a_bibliography(pages):
    home = pages["index.md"]
    assert "([Lee et al\\. 2023](papers/lee2023closed.md))" in home
    assert "(see [Smith and Doe 2020](papers/smith2020open.md), p. 3; [Acme Labs 2024](papers/acme2024tiny.md))" in home
    assert "## References" in home and "`[@notakey]`" in home and "[@alsonotakey]" in home
    assert "<!-- citekb:figures -->" not in home and "3 models" in home


def test_unknown_citations_are_located(checked):
    text = "# T\n\nFine [@lee2023closed].\n\n```\n[@incode]\n```\nBad [see @nosuch, p. 2; @lee2023closed]\n"
    found = unknown_citations(checked.kb, "docs/t.md", text)
    assert [str(u) for u in found] == ["docs/t.md:8: unknown citation key 'nosuch' (not in references/*.bib)"]


def test_hostile_ids_stay_inside_their_section(tmp_path):
    (tmp_path / "references").mkdir()
    (tmp_path / "references" / "x.bib").write_text(
        "@misc{evil/../../key,\n  title = {T},\n  year = {2020},\n  url = {https://e.org}\n}\n", encoding="utf-8")
    kb = load_kb(tmp_path)
    out = render_site(kb, api.build_graph(kb), [])
    for path in out:
        assert ".." not in path.split("/")
