"""The shipped scenarios: each brief against the answer written into its scenario, and every candidate checked."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from citekb import api
from citekb.briefs import brief_pages, default_parameters, evaluate
from citekb.briefs.evidence import parse_date
from citekb.health import broken_works

REPO = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 12, 1)
REQUIRED = {"academic-lab", "startup-recommender", "bank-credit-risk", "hospital", "smart-home-assistant",
            "industrial-inspection"}


@pytest.fixture(scope="module")
def shipped():
    result = api.check(REPO, today=AS_OF)
    briefs = {s.id: evaluate(s, result.kb, result.diagnostics, params=default_parameters(), as_of=AS_OF)
              for s in result.kb.of("scenario")}
    return result, briefs


def test_the_shipped_scenarios_load_cleanly_and_state_their_answer(shipped):
    result, briefs = shipped
    assert REQUIRED <= set(briefs) and len(briefs) >= 12
    assert not [p for p in result.kb.problems if "/scenarios/" in p.location.path]
    for b in briefs.values():
        assert b.scenario.get("expected"), f"{b.id}: no expected answer"
        assert "Expected before scoring" in (b.scenario.get("notes") or ""), f"{b.id}: no reasoning"


def test_scenarios_cover_closed_hybrid_and_self_hosted_answers(shipped):
    _, briefs = shipped
    expected = [set(b.scenario.get("expected")) for b in briefs.values()]
    assert sum(1 for e in expected if e <= {"closed-api", "closed-private"}) >= 2
    assert sum(1 for e in expected if e == {"hybrid"}) >= 2
    assert sum(1 for e in expected if e == {"self-hosted"}) >= 2


@pytest.mark.parametrize("sid", sorted(p.stem for p in (REPO / "kb/scenarios").glob("*.yaml")))
def test_each_brief_agrees_with_the_answer_in_its_scenario(shipped, sid):
    _, briefs = shipped
    b = briefs[sid]
    assert b.verdict.winner in b.scenario.get("expected"), (sid, b.verdict.winner, b.ranked)


def test_the_shipped_briefs_do_not_all_say_the_same(shipped):
    _, briefs = shipped
    winners = {b.verdict.winner for b in briefs.values()}
    categories = {b.option(b.verdict.winner).category for b in briefs.values()}
    assert len(winners) >= 2 and categories == {"open", "closed", "hybrid"}, winners


def _multimodal(m) -> bool:
    mod = m.get("modality") or {}
    return len((set(mod.get("input") or ()) | set(mod.get("output") or ())) - {"code"}) > 1


def _check_candidate(b, cand) -> None:
    """Modality, task, licence, memory at the stated precision and lifecycle, checked from the record."""
    m, c = cand.model, b.constraints
    mod = m.get("modality") or {}
    assert set(c.modality_in) <= set(mod.get("input") or ()), "modality in"
    assert set(c.modality_out) <= set(mod.get("output") or ()), "modality out"
    if c.task:
        assert set(m.get("task") or ()) & set(c.task), "task"
    lic = m.get("license") or {}
    if c.commercial_use:
        assert lic.get("commercial_use") != "no" and m.access != "open-weights-noncommercial", "commercial"
    if c.open_license:
        assert m.access == "open-weights-unrestricted", "open licence"
    terms = m.get("license_terms") or {}
    if terms.get("applies_to") != "multimodal" or _multimodal(m):
        assert not set(c.territory) & set(terms.get("excluded_territories") or ()), "territory"
        assert not set(c.uses) & set(terms.get("excluded_uses") or ()), "use"
    life = m.get("lifecycle") or {}
    assert life.get("status") != "retired", "retired"
    assert not life.get("retirement") or parse_date(life["retirement"]) > b.as_of, "past retirement"
    if cand.option == "self-hosted" and c.max_memory_gb is not None:
        assert cand.memory_gb is not None and cand.memory_gb <= c.max_memory_gb, "memory"
        if "published" in cand.precision:
            q = next(q for q in m.get("quantized") if cand.precision.startswith(q["precision"]))
            assert q["memory_gb"] == cand.memory_gb
        else:
            bits = int(cand.precision.split()[0])
            total = m.value("parameters")["total"]
            assert cand.memory_gb == pytest.approx(total * bits / 8 * 1.2 / 1e9)
    if cand.option == "closed-api":
        assert m.access == "api"
    else:
        assert m.is_open


def test_every_candidate_in_every_brief_passes_the_filters(shipped):
    _, briefs = shipped
    checked = 0
    for b in briefs.values():
        for cands in b.candidates.values():
            for cand in cands:
                try:
                    _check_candidate(b, cand)
                except AssertionError as exc:
                    raise AssertionError(f"{b.id}: {cand.model.id} ({cand.option}) fails {exc}") from None
                checked += 1
    assert checked > 100


def test_candidates_a_reader_would_shortlist(shipped):
    _, briefs = shipped
    eu = [b for b in briefs.values() if "EU" in b.constraints.territory]
    assert eu and all("llama-4-scout" not in {c.model.id for x in b.candidates.values() for c in x} for b in eu)
    hospital = {c.model.id: c for c in briefs["hospital"].candidates["self-hosted"]}
    assert hospital["gpt-oss-120b"].precision == "mxfp4 (published release)"
    inspection = briefs["industrial-inspection"].candidates["self-hosted"]
    assert inspection and not any("image-generation" in (c.model.get("task") or ()) for c in inspection)
    for b in briefs.values():
        proposed = {c.model.id for x in b.candidates.values() for c in x}
        assert not proposed & {"claude-2", "claude-3.5-sonnet", "gemini-1.0-pro"}, b.id


def test_a_model_scheduled_for_retirement_says_when(shipped):
    _, briefs = shipped
    gpt5 = [c for c in briefs["agency-public-content-launch"].candidates["closed-api"] if c.model.id == "gpt-5"]
    assert gpt5 and gpt5[0].retires == "2026-12-11"


def test_every_shipped_scenario_has_a_page_and_two_builds_agree(shipped):
    result, _ = shipped
    pages = brief_pages(result.kb, result.graph, result.diagnostics, commit="test", as_of=AS_OF)
    again = brief_pages(result.kb, result.graph, result.diagnostics, commit="test", as_of=AS_OF)
    assert pages == again
    assert {f"briefs/{s}.md" for s in REQUIRED} | {"briefs/index.md"} <= set(pages)
    for path, text in pages.items():
        assert text.startswith("---\ntitle: "), path
        assert "Expired" not in text.split("## Bottom line")[0], path
        if path != "briefs/index.md":
            assert "(this brief agrees with it)" in text, path


def test_an_old_brief_read_today_says_it_expired(shipped):
    result, _ = shipped
    pages = brief_pages(result.kb, result.graph, result.diagnostics, commit="t", as_of=dt.date(2026, 1, 1),
                        today=AS_OF)
    head = pages["briefs/hospital.md"].split("## Bottom line")[0]
    assert "**Expired.**" in head


def test_scored_evidence_only_cites_works_that_pass_the_checks(shipped):
    result, briefs = shipped
    bad = broken_works(result.kb, result.diagnostics)
    for b in briefs.values():
        for e in b.evidence.values():
            for s in e.scored:
                assert not {ev["cite"] for ev in s.claim.evidence} & bad, (b.id, s.id)
                assert all(ev["cite"] in result.kb.work_by_key for ev in s.claim.evidence), (b.id, s.id)
