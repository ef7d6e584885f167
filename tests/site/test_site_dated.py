"""Dated and honest: every page footer says how old the data is and which KB commit it is from,
an expired brief says so at the top, and the home page's counts say what they count."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from citekb import api
from citekb.site import render_all
from citekb.site.provenance import Provenance, ProvenanceError, as_of_from_env
from conftest import ROOT, fixture_repo, mkdocs_build

FOOTER = re.compile(r'<div class="md-copyright__highlight">\s*Data as of (\d{4}-\d{2}-\d{2}) · KB commit (unknown|[0-9a-f]{7,})\s*</div>')


def test_every_page_footer_has_the_as_of_date_and_commit(fixture_site):
    pages = sorted(fixture_site.rglob("*.html"))
    missing = [p.name for p in pages if not FOOTER.search(p.read_text(encoding="utf-8"))]
    assert pages and missing == []


def test_the_as_of_date_is_a_build_input_and_two_builds_are_identical(tmp_path):
    repo = fixture_repo(tmp_path / "repo")
    builds = []
    for name in ("a", "b"):
        result = mkdocs_build(repo / "mkdocs.yml", tmp_path / name, env={"CITEKB_AS_OF": "2031-02-03"})
        assert result.returncode == 0, result.stderr[-2000:]
        builds.append({p.relative_to(tmp_path / name).as_posix(): p.read_bytes()
                       for p in sorted((tmp_path / name).rglob("*")) if p.is_file() and p.suffix != ".gz"})
    assert builds[0] == builds[1]
    home = builds[0]["index.html"].decode()
    assert FOOTER.search(home).groups() == ("2031-02-03", "unknown")  # the copy is not a git repository
    assert b'"as_of": "2031-02-03"' in builds[0]["downloads/datapackage.json"]


def test_a_malformed_as_of_date_is_a_located_message():
    with pytest.raises(ProvenanceError, match=r"CITEKB_AS_OF='yesterday' is not a date: use YYYY-MM-DD"):
        as_of_from_env({"CITEKB_AS_OF": "yesterday"})
    assert as_of_from_env({}, today=dt.date(2030, 1, 1)) == dt.date(2030, 1, 1)


@pytest.fixture(scope="module")
def shipped():
    return api.check(ROOT)


def _briefs(shipped, as_of: dt.date) -> dict[str, str]:
    pages, _ = render_all(shipped.kb, shipped.graph, shipped.diagnostics, provenance=Provenance(as_of, "abc1234"))
    return {p: t for p, t in pages.items() if p.startswith("briefs/") and p != "briefs/index.md"}


def test_an_expired_brief_carries_a_banner_under_its_title(shipped):
    if not shipped.kb.of("scenario"):
        pytest.skip("the shipped KB has no scenarios")
    late = _briefs(shipped, dt.date(2100, 1, 1))
    assert late and all("**Expired.**" in t for t in late.values())
    for text in late.values():
        until = re.search(r"valid until (\d{4}-\d{2}-\d{2})", text).group(1)
        title_at, banner_at = text.index("\n# "), text.index("**Expired.**")
        assert title_at < banner_at < text.index("\n## ")
        assert f"This brief was valid until {until}; it is 2100-01-01" in text
    early = _briefs(shipped, dt.date(2000, 1, 1))
    assert not any("**Expired.**" in t for t in early.values())


def test_home_counts_say_what_they_count(shipped):
    pages, _ = render_all(shipped.kb, shipped.graph, shipped.diagnostics, provenance=Provenance(dt.date(2026, 3, 14), "abc1234"))
    home = pages["index.md"]
    assert re.search(r"\*\*\[\d+ works\]\(papers/index\.md\)\*\* in the bibliography", home)
    assert re.search(r"\*\*\[\d+ models\]\(models/index\.md\)\*\* \d+ with open weights, \d+ closed", home)
    assert "Counts of records in the knowledge base, data as of 2026-03-14 (KB commit `abc1234`)" in home
