"""Smoke test over the shipped scenarios: the KB is still being curated, so no exact numbers here."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from citekb import api
from citekb.briefs import brief_pages, default_as_of, default_parameters, evaluate
from citekb.health import broken_works

REPO = Path(__file__).resolve().parents[2]
REQUIRED = {"academic-lab", "startup-recommender", "bank-credit-risk", "hospital", "smart-home-assistant",
            "industrial-inspection"}


@pytest.fixture(scope="module")
def shipped():
    result = api.check(REPO, today=dt.date(2026, 11, 24))
    as_of = default_as_of(result.kb)
    briefs = {s.id: evaluate(s, result.kb, result.diagnostics, params=default_parameters(), as_of=as_of)
              for s in result.kb.of("scenario")}
    return result, briefs


def test_the_shipped_scenarios_load_cleanly(shipped):
    result, briefs = shipped
    assert REQUIRED <= set(briefs)
    assert not [p for p in result.kb.problems if "/scenarios/" in p.location.path]


def test_every_shipped_scenario_has_a_page_and_two_builds_agree(shipped):
    result, _ = shipped
    pages = brief_pages(result.kb, result.graph, result.diagnostics, commit="test")
    again = brief_pages(result.kb, result.graph, result.diagnostics, commit="test")
    assert pages == again
    assert {f"briefs/{s}.md" for s in REQUIRED} | {"briefs/index.md"} <= set(pages)
    for path, text in pages.items():
        assert text.startswith("---\ntitle: "), path
        assert "\ndescription: " in text.split("\n---\n")[0], path


def test_scored_evidence_only_cites_works_that_pass_the_checks(shipped):
    result, briefs = shipped
    bad = broken_works(result.kb, result.diagnostics)
    for b in briefs.values():
        for e in b.evidence.values():
            for s in e.scored:
                assert not {ev["cite"] for ev in s.claim.evidence} & bad, (b.id, s.id)
                assert all(ev["cite"] in result.kb.work_by_key for ev in s.claim.evidence), (b.id, s.id)


def test_the_constrained_device_gets_only_models_that_fit(shipped):
    _, briefs = shipped
    b = briefs["smart-home-assistant"]
    assert b.open_candidates, "the KB holds small open models; none fits?"
    assert all(c.memory_gb is not None and c.memory_gb <= b.constraints.max_memory_gb for c in b.open_candidates)
    assert b.closed_candidates == () and not b.option("closed-api").available


def test_regulated_scenarios_keep_data_on_the_premises(shipped):
    _, briefs = shipped
    for sid in ("bank-credit-risk", "hospital"):
        b = briefs[sid]
        assert b.constraints.data_on_premises
        assert b.verdict.winner in ("open-weights", "hybrid")
        assert not b.option("closed-api").available and b.closed_candidates == ()
        assert all(c.model.is_open for c in b.open_candidates)
        assert b.option("hybrid").restricted


def test_every_shipped_brief_has_a_winner(shipped):
    _, briefs = shipped
    for b in briefs.values():
        assert b.verdict.winner is not None, b.id
        assert b.verdict.strength in ("Recommend", "Suggest", "No preference")
