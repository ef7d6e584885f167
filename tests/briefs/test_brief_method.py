"""The method's rules, each changed in a copy of the fixture KB: counted once, laws, scope, options, team."""
from __future__ import annotations

import datetime as dt

import pytest
from brief_helpers import FIXTURE, brief_for, edit, kb_copy  # noqa: F401  (fixture)

from citekb.briefs import default_parameters
from citekb.briefs.values import Tally, value

CLAIM = """id: {id}
statement: {statement}
criterion: {criterion}
favours: {favours}
magnitude: 2
strength: strong
source_type: peer-reviewed
verification: primary
{extra}as_of: 2025-06-01
evidence:
  - {{cite: {cite}, stance: supports, locator: {locator}}}
"""


def add_claim(root, cid, *, criterion="data-privacy", favours="open", cite="alpha2024keeping",
              locator="section 2", extra="", statement="A test claim."):
    (root / f"kb/claims/{cid}.yaml").write_text(CLAIM.format(id=cid, statement=statement, criterion=criterion,
                                                             favours=favours, cite=cite, locator=locator,
                                                             extra=extra), encoding="utf-8")


def scored(b, cid):
    return next(s for e in b.evidence.values() for s in e.claims if s.id == cid)


def test_the_same_measurement_cited_by_two_claims_counts_once(kb_copy):
    before, _ = brief_for(kb_copy, "neutral-team")
    add_claim(kb_copy, "same-measurement-again", locator="Section  2")
    after, _ = brief_for(kb_copy, "neutral-team")
    again = scored(after, "same-measurement-again")
    assert again.weight == 0 and "already counted for self-hosting-keeps-data" in again.excluded
    assert after.scores["self-hosted"]["data-privacy"] == pytest.approx(before.scores["self-hosted"]["data-privacy"])
    add_claim(kb_copy, "another-measurement", locator="section 7")
    other, _ = brief_for(kb_copy, "neutral-team")
    assert scored(other, "another-measurement").weight > 0
    assert other.scores["self-hosted"]["data-privacy"] > before.scores["self-hosted"]["data-privacy"]


def test_a_law_in_force_does_not_decay_but_a_report_does(kb_copy):
    params = default_parameters()
    add_claim(kb_copy, "law-claim", criterion="regulatory-compliance", cite=params["laws_in_force"][0])
    (kb_copy / "references/law.bib").write_text(
        "@misc{%s,\n  author = {{European Parliament}},\n  title = {A Regulation},\n  year = {2024},\n"
        "  url = {https://example.org/law},\n  verified = {fixture}\n}\n" % params["laws_in_force"][0], encoding="utf-8")
    add_claim(kb_copy, "report-claim", criterion="regulatory-compliance", cite="zeta2025cost", locator="p 1")
    b, _ = brief_for(kb_copy, "neutral-team", as_of=dt.date(2029, 6, 1))
    assert scored(b, "law-claim").factors["recency"] == 1.0
    assert scored(b, "report-claim").factors["recency"] < 0.5


def test_a_claim_about_another_setting_weighs_nothing_and_is_listed(kb_copy):
    add_claim(kb_copy, "only-for-hospitals", locator="section 9", extra="conditions: [healthcare]\n")
    b, result = brief_for(kb_copy, "neutral-team")
    s = scored(b, "only-for-hospitals")
    assert s.weight == 0 and s.excluded.startswith("out of scope")
    from citekb.briefs import render_brief
    text = render_brief(b, result.kb, commit="c")
    assert "are out of scope for this scenario and weigh nothing: only-for-hospitals" in text


def test_a_claim_names_the_option_it_is_about(kb_copy):
    before, _ = brief_for(kb_copy, "neutral-team")
    add_claim(kb_copy, "private-tenancy", favours="closed", locator="section 8", extra="options: [closed-private]\n")
    after, _ = brief_for(kb_copy, "neutral-team")
    for o in ("self-hosted", "hosted-open", "closed-api"):
        assert after.scores[o]["data-privacy"] == pytest.approx(before.scores[o]["data-privacy"]), o
    assert after.scores["closed-private"]["data-privacy"] > before.scores["closed-private"]["data-privacy"]


def test_options_are_not_mirrors_of_each_other():
    b, _ = brief_for(FIXTURE, "neutral-team")
    for c in b.weighted:
        assert b.scores["closed-api"][c] != pytest.approx(1 - b.scores["self-hosted"][c]) or \
            b.scores["self-hosted"][c] == pytest.approx(0.5), c
    assert b.scores["hosted-open"]["data-privacy"] == 0.5 < b.scores["self-hosted"]["data-privacy"]


def test_the_value_function_follows_the_documented_formula():
    params = default_parameters()
    k = float(params["prior_mass"])
    assert value(Tally(0, 0), params) == 0.5
    assert value(Tally(1.0, 0.5), params) == pytest.approx(0.5 + 0.5 * 0.5 / (1.5 + k))
    assert 0 < value(Tally(0, 100), params) < value(Tally(100, 0), params) < 1


def test_a_team_with_no_one_to_run_a_model_and_no_time_gets_no_self_hosting(kb_copy):
    path = kb_copy / "kb/scenarios/neutral-team.yaml"
    path.write_text(path.read_text() + "operations:\n  ml_engineers: 0\n  gpus: 0\n  deadline_weeks: 2\n",
                    encoding="utf-8")
    b, _ = brief_for(kb_copy, "neutral-team")
    assert "no ML engineer" in " ".join(b.option("self-hosted").knocked_out)
    assert not b.option("hybrid").available
    assert b.verdict.winner in ("closed-api", "closed-private", "hosted-open")


def test_readiness_lowers_self_hosting_on_the_stated_criteria(kb_copy):
    before, _ = brief_for(kb_copy, "neutral-team")
    path = kb_copy / "kb/scenarios/neutral-team.yaml"
    path.write_text(path.read_text() + "operations:\n  ml_engineers: 1\n  gpus: 0\n  on_call: false\n",
                    encoding="utf-8")
    after, _ = brief_for(kb_copy, "neutral-team")
    params = default_parameters()
    factor = float(params["readiness_floor"]) + (1 - float(params["readiness_floor"])) * (0.5 + 0 + 0) / 3
    for c in params["readiness_criteria"]:
        assert after.scores["self-hosted"][c] == pytest.approx(before.scores["self-hosted"][c] * factor)
    assert after.scores["self-hosted"]["data-privacy"] == before.scores["self-hosted"]["data-privacy"]
    assert after.scores["closed-api"] == before.scores["closed-api"]


def test_a_licence_that_excludes_the_territory_or_use_drops_the_model(kb_copy):
    model = kb_copy / "kb/models/mid-open-8b.yaml"
    model.write_text(model.read_text() + "license_terms: {excluded_territories: [EU], excluded_uses: [medical], "
                     "source: https://example.org/aup}\n", encoding="utf-8")
    path = kb_copy / "kb/scenarios/regulated-clinic.yaml"
    edit(path, "  data_on_premises: true\n", "  data_on_premises: true\n  territory: [EU]\n")
    b, _ = brief_for(kb_copy, "regulated-clinic")
    reasons = {(r.model_id, r.option): r.reason for r in b.rejections}
    assert "withhold its rights from organizations based in EU" in reasons["mid-open-8b", "self-hosted"]
    edit(path, "  territory: [EU]\n", "  uses: [medical]\n")
    b, _ = brief_for(kb_copy, "regulated-clinic")
    assert "exclude medical use" in {(r.model_id, r.option): r.reason for r in b.rejections}["mid-open-8b", "self-hosted"]


def test_a_published_quantized_release_fits_where_full_precision_does_not(kb_copy):
    model = kb_copy / "kb/models/big-open-70b.yaml"
    model.write_text(model.read_text() + "quantized: [{precision: int4, memory_gb: 38, source: https://example.org/q}]\n",
                     encoding="utf-8")
    b, _ = brief_for(kb_copy, "regulated-clinic")
    cand = next(c for c in b.candidates["self-hosted"] if c.model.id == "big-open-70b")
    assert cand.precision == "int4 (published release)" and cand.memory_gb == 38


def test_a_retired_model_is_never_proposed_and_a_deprecated_one_says_when(kb_copy):
    model = kb_copy / "kb/models/closed-pro.yaml"
    text = model.read_text()
    model.write_text(text + "lifecycle: {status: deprecated, retirement: 2026-03-01, source: https://example.org/d}\n",
                     encoding="utf-8")
    b, _ = brief_for(kb_copy, "neutral-team")
    assert [c.retires for c in b.candidates["closed-api"]] == ["2026-03-01"]
    b, _ = brief_for(kb_copy, "neutral-team", as_of=dt.date(2026, 3, 1))
    assert b.candidates["closed-api"] == ()
    assert ("closed-pro", "closed-api", "retired") in {(r.model_id, r.option, r.reason) for r in b.rejections}
