"""Golden tests of every output format, on a fixture with one example of every problem."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from citekb import api
from citekb.report import FORMATS, render

from kbtest import TODAY

EVERYTHING = Path(__file__).parent / "fixtures" / "everything"
GOLDEN = Path(__file__).parent / "golden"
EXT = {"text": "txt", "json": "json", "github": "github.txt", "sarif": "sarif.json", "junit": "junit.xml"}


@pytest.fixture(scope="module")
def diagnostics():
    return api.check(EVERYTHING, today=TODAY).diagnostics


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_report_matches_golden(fmt, diagnostics):
    out = render(fmt, diagnostics, show_info=True)
    golden = GOLDEN / f"everything.{EXT[fmt]}"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")


def test_every_rule_family_appears_in_the_everything_fixture(diagnostics):
    codes = {d.code for d in diagnostics}
    assert {"L001", "L002", "L003", "L004", "L005", "L006", "L007", "R101", "R102", "R103", "R104", "R105",
            "R106", "R107", "R108", "R109", "K201", "K202", "K203", "K204", "K205", "K206", "S001", "S002"} <= codes


def test_diagnostics_are_sorted_by_path_line_code(diagnostics):
    keys = [(d.location.path, d.location.line, d.code) for d in diagnostics]
    assert keys == sorted(keys)


def test_sarif_loads_into_the_sarif_object_model(diagnostics):
    import sarif_pydantic
    data = json.loads(render("sarif", diagnostics))
    log = sarif_pydantic.Sarif.model_validate(data)
    run = log.runs[0]
    assert run.tool.driver.name == "citekb"
    assert {r.id for r in run.tool.driver.rules} >= {"L001", "K201", "R108"}
    assert len(run.results) == len(diagnostics)
    first = run.results[0].locations[0].physical_location
    assert first.artifact_location.uri == diagnostics[0].location.path


def test_github_annotations_carry_file_and_line(diagnostics):
    lines = render("github", diagnostics).splitlines()
    assert len(lines) == len(diagnostics)
    k201 = next(l for l in lines if "K201" in l and "claim-with-typo" in l)
    assert k201.startswith("::error file=kb/claims/claim-with-typo.yaml,line=7,")


def test_json_has_the_documented_shape(diagnostics):
    data = json.loads(render("json", diagnostics))
    assert set(data[0]) == {"code", "name", "severity", "message", "fix", "location"}
    assert set(data[0]["location"]) == {"path", "line", "column"}


def test_junit_is_well_formed_xml(diagnostics):
    import xml.etree.ElementTree as ET

    root = ET.fromstring(render("junit", diagnostics))
    assert root.tag == "testsuites"
    assert int(root.get("failures")) > 0
