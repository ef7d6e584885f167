"""The MOF class and the OSAID verdict derived from recorded components and licence, case by case
(tests/openness/cases.yaml), and over the shipped KB."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from citekb import api, openness
from citekb.load.schema import validate
from kbtest import ROOT

CASES = yaml.safe_load((Path(__file__).with_name("cases.yaml")).read_text(encoding="utf-8"))


def _record(case: dict):
    fields = {k: v for k, v in case.items() if k not in ("why", "mof", "classes", "osaid")}
    data = {**CASES["base"], "name": case["id"], **fields}
    record, problems = validate("model", data, f"kb/models/{case['id']}.yaml")
    assert problems == [], problems  # a case the schema rejects tests nothing
    return record


@pytest.mark.parametrize("case", CASES["cases"], ids=lambda c: c["id"])
def test_a_case_gets_its_grade(case):
    grade = openness.grade(_record(case))
    assert grade.mof_label == case["mof"], case["why"]
    assert [grade.classes[c].status for c in (3, 2, 1)] == case["classes"], case["why"]
    assert grade.osaid.status == case["osaid"], case["why"]


def test_the_cases_cover_every_outcome():
    labels = {c["mof"] for c in CASES["cases"]}
    assert {"Class I", "Class II", "Class III", "below Class III", "undetermined"} <= labels
    assert {c["osaid"] for c in CASES["cases"]} == {"met", "not met", "not recorded"}


def test_a_restrictive_licence_is_named_as_the_reason():
    case = next(c for c in CASES["cases"] if c["id"] == "community-licence")
    failed = {c.requirement: c.reason for c in openness.grade(_record(case)).osaid.failed}
    assert set(failed) == {"Data information", "Code", "Parameters"}
    assert "LicenseRef-Llama-3.1-Community-License is not OSI-approved" in failed["Parameters"]


def test_what_is_not_recorded_is_listed_not_guessed():
    case = next(c for c in CASES["cases"] if c["id"] == "typical-open-weights")
    verdict = openness.grade(_record(case)).classes[3]
    assert verdict.missing == ("Evaluation results", "Data card")
    assert all(c.status == openness.MET for c in verdict.checks if c.requirement not in verdict.missing)


def test_every_required_mof_component_is_in_one_class_and_the_schema_can_record_it():
    from citekb.load.schema import COMPONENT_KEYS

    required = [c for c in openness.MOF_COMPONENTS if c.required]
    assert len(openness.MOF_COMPONENTS) == 17 and len(required) == 14
    assert {c.mof_class for c in required} == {1, 2, 3}
    assert {c.kb_key for c in required} <= set(COMPONENT_KEYS)
    # The optional ones too, so that a record can say everything a release contains.
    assert {c.kb_key for c in openness.MOF_COMPONENTS} <= set(COMPONENT_KEYS)
    assert len({c.kb_key for c in openness.MOF_COMPONENTS if c.kb_key not in ("code", "paper")}) == 17 - 4


def test_each_licence_row_is_consistent():
    table = openness.licence_table()
    assert {"Apache-2.0", "MIT", "CC-BY-NC-4.0"} <= set(table)
    for row in table.values():
        assert row.source.strip(), row.id
        assert not (row.osi_approved and not row.mof_open), row.id  # the MOF counts OSI-approved as open


def test_closed_models_are_not_graded():
    shipped = api.check(ROOT).kb
    graded = {g.model_id for g in openness.grade_all(shipped.of("model"))}
    assert "gpt-5" not in graded and "olmo-2-13b" in graded
    assert graded == {m.id for m in shipped.of("model") if m.is_open or (m.get("weights") or {}).get("available")}


def test_the_shipped_fully_open_models_meet_the_osaid_and_llama_does_not():
    kb = api.check(ROOT).kb
    assert openness.grade(kb.get("model", "olmo-2-13b")).osaid.status == openness.MET
    assert openness.grade(kb.get("model", "pythia-12b")).osaid.status == openness.MET
    assert openness.grade(kb.get("model", "llama-3.1-405b")).osaid.status == openness.NOT_MET
