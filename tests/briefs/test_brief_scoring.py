"""Scoring behaviour a reader of a brief would notice, on the small fixture KB."""
from __future__ import annotations

import datetime as dt

import pytest
from brief_helpers import FIXTURE, brief_for, edit, kb_copy  # noqa: F401  (fixture)

from citekb.briefs import default_parameters, render_brief
from citekb.briefs.decide import winner
from citekb.briefs.evidence import applicability, stance_factor


def claim(b, cid):
    return next(s for e in b.evidence.values() for s in e.claims if s.id == cid)


def test_neutral_team_prefers_the_hybrid_and_names_the_tipping_point():
    b, _ = brief_for(FIXTURE, "neutral-team")
    assert b.verdict.winner == "hybrid"
    tip = next(t for t in b.tipping if t.criterion == "capability")
    assert tip.down is not None and tip.down[1] == "self-hosted"
    assert 0 < tip.down[0] < 1


def test_lowering_one_weight_flips_the_recommendation_as_predicted(kb_copy):
    before, _ = brief_for(kb_copy, "neutral-team")
    threshold, predicted = next(t for t in before.tipping if t.criterion == "capability").down
    edit(kb_copy / "kb/scenarios/neutral-team.yaml", "capability: 1", "capability: 0.5")
    after, result = brief_for(kb_copy, "neutral-team")
    assert 0.5 < threshold < 1
    assert after.verdict.winner == predicted == "self-hosted"
    text = render_brief(after, result.kb, commit="c", fmt="md")
    assert "a self-hosted open-weight model** (`self-hosted`; open)" in text.split("## Scenario")[0]


def test_weight_just_above_the_threshold_keeps_the_winner(kb_copy):
    before, _ = brief_for(kb_copy, "neutral-team")
    threshold, _ = next(t for t in before.tipping if t.criterion == "capability").down
    edit(kb_copy / "kb/scenarios/neutral-team.yaml", "capability: 1", f"capability: {threshold + 0.02:.2f}")
    after, _ = brief_for(kb_copy, "neutral-team")
    assert after.verdict.winner == "hybrid"


def test_changing_one_claim_changes_the_winner_as_leave_one_out_predicted(kb_copy):
    before, _ = brief_for(kb_copy, "neutral-team")
    flips = {f.what: f.new_winner for f in before.claim_flips}
    assert flips.get("self-hosting-keeps-data") == "closed-api"
    (kb_copy / "kb/claims/self-hosting-keeps-data.yaml").unlink()
    after, _ = brief_for(kb_copy, "neutral-team")
    assert after.verdict.winner == "closed-api"


def test_turning_a_claim_around_moves_the_net_evidence(kb_copy):
    before, _ = brief_for(kb_copy, "neutral-team")
    edit(kb_copy / "kb/claims/closed-leads-capability.yaml", "favours: closed", "favours: open")
    after, _ = brief_for(kb_copy, "neutral-team")
    assert before.evidence["capability"].net == pytest.approx(-1.0)
    assert after.evidence["capability"].net == pytest.approx(1.0)
    assert after.totals["self-hosted"] > before.totals["self-hosted"]
    assert after.totals["closed-api"] < before.totals["closed-api"]


def test_a_broken_citation_makes_its_claim_score_zero(kb_copy):
    edit(kb_copy / "references/fixture.bib", "doi      = {10.1234/fixture.2024.1}", "doi      = {not-a-doi}")
    b, result = brief_for(kb_copy, "neutral-team")
    assert any(d.code == "R102" for d in result.diagnostics)
    s = claim(b, "self-hosting-keeps-data")
    assert s.weight == 0
    assert s.broken == ("alpha2024keeping",)
    assert "alpha2024keeping" in s.excluded
    assert b.evidence["data-privacy"].mass == 0
    assert b.verdict.winner == "closed-api"


def test_a_claim_whose_yaml_has_errors_scores_zero(kb_copy):
    edit(kb_copy / "kb/claims/closed-leads-capability.yaml", "magnitude: 2", "magnitude: 7")
    b, _ = brief_for(kb_copy, "neutral-team")
    s = claim(b, "closed-leads-capability")
    assert s.weight == 0 and s.excluded == "its YAML record has errors"


def test_unverified_claims_are_kept_with_weight_zero():
    b, _ = brief_for(FIXTURE, "neutral-team")
    s = claim(b, "unverified-vendor-claim")
    assert s.weight == 0 and s.excluded == "unverified"


def test_a_claim_contradicted_by_its_evidence_counts_for_the_other_side():
    b, _ = brief_for(FIXTURE, "neutral-team")
    s = claim(b, "open-cost-contradicted")
    assert s.direction == 1 and s.stance == -1 and s.contribution < 0 and s.flipped


def test_stance_factor_and_applicability_follow_the_documented_formulas():
    assert stance_factor(["supports", "qualifies"], 0.5) == pytest.approx(1 / 1.5)
    assert stance_factor(["supports", "contradicts"], 0.5) == 0
    assert stance_factor([], 0.5) == 0
    assert applicability([], frozenset(), ()) == 1
    assert applicability(["a", "b"], frozenset({"a"}), ()) == pytest.approx(0.5)
    assert applicability(["a"], frozenset(), ()) == 0
    assert applicability(["a", "api"], frozenset({"a"}), ("api",)) == 1   # a deployment condition is not scope


def test_recency_halves_after_one_half_life():
    one_year_later = dt.date(2026, 6, 1)   # cost claims are dated 2025-06-01; cost half-life is 12 months
    b, _ = brief_for(FIXTURE, "neutral-team", as_of=one_year_later)
    assert claim(b, "self-hosting-cheaper-at-volume").factors["recency"] == pytest.approx(0.5, abs=0.01)


def test_claims_dated_after_the_as_of_date_are_not_used():
    b, _ = brief_for(FIXTURE, "neutral-team", as_of=dt.date(2025, 1, 1))
    assert all(s.weight == 0 for e in b.evidence.values() for s in e.claims)
    assert claim(b, "closed-leads-capability").excluded == "dated after the brief's as-of date"


def test_every_tipping_point_is_exact():
    b, _ = brief_for(FIXTURE, "neutral-team")
    params = default_parameters()
    for t in b.tipping:
        for bound, sign in ((t.down, -1), (t.up, 1)):
            if bound is None:
                continue
            value, new = bound
            past = {**b.importance, t.criterion: value + sign * 0.02}
            short = {**b.importance, t.criterion: value - sign * 0.02}
            assert winner(past, b.scores, b.options, params) == new
            assert winner(short, b.scores, b.options, params) == b.verdict.winner


def test_the_constrained_device_only_gets_models_that_fit_its_memory():
    b, _ = brief_for(FIXTURE, "tiny-device")
    assert [c.model.id for c in b.candidates["self-hosted"]] == ["tiny-open-1b"]
    assert all(c.memory_gb <= 4 for c in b.candidates["self-hosted"])
    reasons = {(r.model_id, r.option): r.reason for r in b.rejections}
    assert "over 4 GB" in reasons["mid-open-8b", "self-hosted"]
    assert "commercial" in reasons["nc-open-3b", "self-hosted"]
    assert b.option("closed-api").knocked_out and b.option("hosted-open").knocked_out


def test_regulated_scenarios_never_propose_data_leaving_the_premises():
    b, _ = brief_for(FIXTURE, "regulated-clinic")
    for oid in ("closed-api", "closed-private", "hosted-open"):
        assert not b.option(oid).available, oid
    assert b.verdict.winner == "self-hosted"
    assert "public_share is not given" in " ".join(b.option("hybrid").knocked_out)
    assert all(c.model.is_open for c in b.candidates["self-hosted"])


def test_scoring_is_a_pure_function():
    first, _ = brief_for(FIXTURE, "neutral-team")
    second, _ = brief_for(FIXTURE, "neutral-team")
    assert first.totals == second.totals and first.tipping == second.tipping
    assert first.verdict == second.verdict


def test_a_claim_with_rejected_fields_is_kept_out_without_crashing(kb_copy):
    edit(kb_copy / "kb/claims/closed-leads-capability.yaml", "as_of: 2025-06-01", "as_of: 2025-13-01")
    edit(kb_copy / "kb/claims/apis-ship-faster.yaml", "criterion: time-to-deploy", "criterion: speed")
    edit(kb_copy / "kb/claims/apis-ship-faster.yaml", "verification: secondary", "verification: unverified")
    b, _ = brief_for(kb_copy, "neutral-team")
    s = claim(b, "closed-leads-capability")
    assert s.weight == 0 and s.excluded == "its YAML record has errors"
    assert b.evidence["time-to-deploy"].claims == ()


def test_a_superseded_claim_scores_zero_only_once_its_successor_exists(kb_copy):
    (kb_copy / "kb/claims/closed-lead-narrows.yaml").write_text(
        "id: closed-lead-narrows\nstatement: The closed lead narrowed to weeks.\ncriterion: capability\n"
        "favours: closed\nmagnitude: 1\nverification: primary\nsource_type: primary-data\nas_of: 2025-09-01\n"
        "supersedes: [closed-leads-capability]\nevidence:\n  - {cite: gamma2025frontier, stance: supports}\n",
        encoding="utf-8")
    now, _ = brief_for(kb_copy, "neutral-team")
    assert claim(now, "closed-leads-capability").excluded == "superseded by closed-lead-narrows"
    before, _ = brief_for(kb_copy, "neutral-team", as_of=dt.date(2025, 8, 1))
    assert claim(before, "closed-leads-capability").weight > 0
    assert claim(before, "closed-lead-narrows").excluded == "dated after the brief's as-of date"


def test_what_would_flip_it_names_constraints_too():
    b, result = brief_for(FIXTURE, "neutral-team")
    assert ("offline", "added", "self-hosted") in {(f.what, f.change, f.new_winner) for f in b.constraint_flips}
    text = render_brief(b, result.kb, commit="c", fmt="md")
    assert "offline becomes a constraint: then a self-hosted open-weight model wins" in text.split("## Scenario")[0]
