"""Golden tests of every output format, on a fixture with one example of every problem, and the
rules every format shares: info hidden unless asked for, --strict decides what fails."""
from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest

from citekb import api
from citekb.checks.diagnostic import Diagnostic, Severity
from citekb.exitcode import Exit, for_diagnostics
from citekb.model import Location
from citekb.report import FORMATS, render

from kbtest import TODAY

EVERYTHING = Path(__file__).parent / "fixtures" / "everything"
GOLDEN = Path(__file__).parent / "golden"
EXT = {"text": "txt", "json": "json", "github": "github.txt", "sarif": "sarif.json", "junit": "junit.xml",
       "gitlab": "gitlab.json", "diff": "diff"}
DOCUMENT = Path(__file__).parent / "fixtures" / "document"  # references with mechanical corrections


@pytest.fixture(scope="module")
def diagnostics():
    return api.check(EVERYTHING, today=TODAY).diagnostics


def finding(code="R101", severity=Severity.ERROR, path="references/a.bib", line=3, message="entry 'a' has no author"):
    return Diagnostic(code, message, Location(path, line, 1), "Add the author.", name="missing-required-field",
                      severity=severity)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_report_matches_golden(fmt, diagnostics):
    out = render(fmt, diagnostics, show_info=True)
    golden = GOLDEN / f"everything.{EXT[fmt]}"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def document():
    """check-doc's diagnostics of a Markdown list and a .bib document, and the files' text."""
    paths = [DOCUMENT / "doc.md", DOCUMENT / "entries.bib"]
    diagnostics, _, _ = api.check_docs(paths, canon_sources=[DOCUMENT], root=DOCUMENT)
    return diagnostics, {p.name: p.read_text(encoding="utf-8") for p in paths}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_document_report_with_edits_matches_golden(fmt, document):
    diagnostics, sources = document
    assert sum(d.edit is not None for d in diagnostics) == 4
    out = render(fmt, diagnostics, show_info=True, sources=sources)
    golden = GOLDEN / f"document.{EXT[fmt]}"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")


def test_sarif_fixes_replace_exactly_what_the_diff_changes(document):
    """Applying a result's SARIF replacement to its file gives the line the diff of its edit shows."""
    diagnostics, sources = document
    results = json.loads(render("sarif", diagnostics, sources=sources))["runs"][0]["results"]
    assert len(results) == len(diagnostics) and sum("fixes" in r for r in results) == 4
    for d, r in zip(diagnostics, results):
        if "fixes" not in r:
            continue
        change = r["fixes"][0]["artifactChanges"][0]
        rep = change["replacements"][0]
        region = rep["deletedRegion"]
        line = sources[change["artifactLocation"]["uri"]].splitlines()[region["startLine"] - 1]
        after = line[:region["startColumn"] - 1] + rep["insertedContent"]["text"] + line[region["endColumn"] - 1:]
        assert after != line and "+" + after in render("diff", [d], sources=sources).splitlines()


def test_every_format_has_a_golden_file():
    assert set(EXT) == set(FORMATS)


def test_every_rule_family_appears_in_the_everything_fixture(diagnostics):
    codes = {d.code for d in diagnostics}
    assert {"L001", "L002", "L003", "L004", "L005", "L006", "L007", "R101", "R102", "R103", "R104", "R105",
            "R106", "R107", "R108", "R109", "K201", "K202", "K203", "K204", "K205", "K206", "S001", "S002"} <= codes


def test_diagnostics_are_sorted_by_path_line_code(diagnostics):
    keys = [(d.location.path, d.location.line, d.code) for d in diagnostics]
    assert keys == sorted(keys)


def test_sarif_loads_into_the_sarif_object_model(diagnostics):
    import sarif_pydantic
    data = json.loads(render("sarif", diagnostics, show_info=True))
    run = sarif_pydantic.Sarif.model_validate(data).runs[0]
    assert run.tool.driver.name == "citekb"
    assert {r.id for r in run.tool.driver.rules} >= {"L001", "K201", "R108"}
    assert len(run.results) == len(diagnostics)
    assert all(r.help_uri.endswith(f"/rules/{r.id}.html") for r in run.tool.driver.rules)


@pytest.mark.parametrize("fmt", ["text", "sarif", "github", "junit", "gitlab"])
def test_info_findings_are_left_out_unless_shown(fmt):
    info = finding(code="C311", severity=Severity.INFO, message="reference 7 has no canonical record")
    assert "reference 7" not in render(fmt, [finding(), info])
    assert "reference 7" in render(fmt, [finding(), info], show_info=True)


def test_sarif_and_github_count_only_shown_findings(diagnostics):
    visible = [d for d in diagnostics if d.severity != Severity.INFO]
    assert len(json.loads(render("sarif", diagnostics))["runs"][0]["results"]) == len(visible)
    assert len(render("github", diagnostics).splitlines()) == len(visible)


def test_github_annotations_carry_file_and_line(diagnostics):
    lines = render("github", diagnostics).splitlines()
    k201 = next(l for l in lines if "K201" in l and "claim-with-typo" in l)
    assert k201.startswith("::error file=kb/claims/claim-with-typo.yaml,line=7,")


def test_json_has_the_documented_shape(diagnostics):
    data = json.loads(render("json", diagnostics))
    assert set(data[0]) == {"code", "name", "severity", "message", "fix", "location"}
    assert set(data[0]["location"]) == {"path", "line", "column"}
    assert len(data) == len(diagnostics)  # json is data: info findings included


def test_junit_counts_one_failure_per_failing_finding():
    two = [finding(line=3), finding(line=9, message="entry 'b' has no author")]
    root = ET.fromstring(render("junit", two))
    assert root.get("failures") == "2" and len(root.findall(".//failure")) == 2


@pytest.mark.parametrize("strict", [False, True])
def test_strict_decides_what_fails_in_every_format_as_in_the_exit_code(strict):
    warn = [finding(code="R105", severity=Severity.WARNING)]
    fails = for_diagnostics(warn, strict=strict) == Exit.FINDINGS
    assert fails == strict
    root = ET.fromstring(render("junit", warn, strict=strict))
    assert root.get("failures") == ("1" if strict else "0")
    sarif = json.loads(render("sarif", warn, strict=strict))["runs"][0]["results"][0]
    assert sarif["level"] == ("error" if strict else "warning") and sarif["properties"]["severity"] == "warning"
    assert render("github", warn, strict=strict).startswith("::error " if strict else "::warning ")
    assert json.loads(render("gitlab", warn, strict=strict))[0]["severity"] == ("major" if strict else "minor")


def test_not_checked_is_skipped_in_junit_and_exit_3():
    c324 = [finding(code="C324", path="doc.md", message="not checked: Crossref did not answer")]
    assert for_diagnostics(c324) == Exit.NOT_CHECKED
    assert ET.fromstring(render("junit", c324)).get("skipped") == "1"
    assert for_diagnostics(c324 + [finding()]) == Exit.FINDINGS


def test_junit_carries_control_characters_as_valid_xml():
    ET.fromstring(render("junit", [finding(message="bad \x00\x1b[31m byte", path="a\x07.bib")]))


def test_sarif_uris_are_percent_encoded_and_absolute_paths_have_no_base():
    log = json.loads(render("sarif", [finding(path="refs/odd, name: 100%.bib"), finding(path="/tmp/paper draft.md")]))
    first, second = (r["locations"][0]["physicalLocation"]["artifactLocation"] for r in log["runs"][0]["results"])
    assert first == {"uri": "refs/odd%2C%20name%3A%20100%25.bib", "uriBaseId": "%SRCROOT%"}
    assert second == {"uri": "file:///tmp/paper%20draft.md"}


def test_fingerprints_ignore_the_line_and_number_identical_findings():
    a, moved, twin = finding(line=3), finding(line=40), finding(line=41)
    fp = lambda ds: [r["partialFingerprints"]["citekb/v1"] for r in  # noqa: E731
                     json.loads(render("sarif", ds))["runs"][0]["results"]]
    assert fp([a]) == fp([moved])
    first, second = fp([moved, twin])
    assert first != second and first.split(":")[0] == second.split(":")[0]
    gitlab = [i["fingerprint"] for i in json.loads(render("gitlab", [moved, twin]))]
    assert gitlab == [first, second]


def test_text_summary_can_be_left_out():
    assert render("text", [finding()], summary=False).count("Found") == 0
    assert render("text", [finding()], show_info=True).rstrip().endswith("Found 1 error(s), 0 warning(s), 0 info.")
