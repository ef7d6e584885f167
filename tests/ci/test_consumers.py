"""citekb's CI outputs as their real consumers read them (see consumers.py for what is installed).

SARIF: the official 2.1.0 schema (check-jsonschema) and the SARIF Multitool with its GitHub
ingestion rules, on a repository with hostile file names and a document outside the repository.
JUnit: junitparser. GitLab: GitLab's documented report shape. KB files: check-jsonschema with
schemas/. The Action and the workflows: actionlint; the Action's shell steps: shellcheck."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from ci_helpers import GOOD_BIB, ROOT, citekb, init_repo
import consumers

ODD = "odd, name: 100%.bib"
BAD_ENTRY = "@misc{bad, title = {No Author, No Year}}\n"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A repository whose findings sit in a file with a comma, a colon, a space and a percent sign,
    plus a document outside it (an absolute path in the report) with a correction (SARIF `fixes`)."""
    base = tmp_path_factory.mktemp("hostile")
    repo = init_repo(base / "repo", {f"references/{ODD}": GOOD_BIB + BAD_ENTRY})
    outside = base / "elsewhere" / "draft notes.md"
    outside.parent.mkdir()
    outside.write_text("Transformers [@nosuchkey2017] changed everything, said Good (2021).\n\n## References\n\n"
                       "- Good, G. (2021). A Good Work. Web page.\n", encoding="utf-8")  # a year with a fix
    logs = {"check": base / "check.sarif", "check-doc": base / "check-doc.sarif"}
    assert citekb("check", "-f", "sarif", "-o", str(logs["check"]), "--show-info", cwd=repo).returncode == 1
    citekb("check-doc", str(outside), "-f", "sarif", "-o", str(logs["check-doc"]), "--canon", str(repo), cwd=repo)
    return repo, logs


def _locations(log: Path) -> list[dict]:
    return [r["locations"][0]["physicalLocation"]["artifactLocation"]
            for r in json.loads(log.read_text())["runs"][0]["results"]]


def test_sarif_of_hostile_names_validates_against_the_official_schema(hostile):
    _, logs = hostile
    proc = consumers.check_jsonschema(consumers.sarif_schema(), *logs.values())
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert {"uri": "references/odd%2C%20name%3A%20100%25.bib", "uriBaseId": "%SRCROOT%"} in _locations(logs["check"])
    fixed = [r["fixes"] for r in json.loads(logs["check-doc"].read_text())["runs"][0]["results"] if "fixes" in r]
    assert fixed and fixed[0][0]["artifactChanges"][0]["replacements"][0]["insertedContent"] == {"text": "0"}
    absolute = _locations(logs["check-doc"])
    assert absolute and all(loc["uri"].startswith("file:///") and "draft%20notes.md" in loc["uri"]
                            and "uriBaseId" not in loc for loc in absolute)


def test_sarif_passes_the_multitools_sarif_and_github_rules(hostile, tmp_path):
    """One Multitool run (it is slow to start) on citekb's reports and, as a control that the
    consumer is not a rubber stamp, on the old output: a raw URI with a base."""
    _, logs = hostile
    log = json.loads(logs["check"].read_text())
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"] = {
        "uri": ODD, "uriBaseId": "%SRCROOT%"}
    old = tmp_path / "old.sarif"
    old.write_text(json.dumps(log))
    found = consumers.multitool_results(*logs.values(), old, out=tmp_path / "validation.sarif")
    by_file: dict[str, set] = {}
    for r in found:
        if r.get("level", "warning") in ("error", "warning"):
            uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            by_file.setdefault(Path(uri).name, set()).add(r["ruleId"])
    assert by_file.pop("old.sarif", set()) >= {"SARIF1002"}  # "not a valid URI reference"
    assert by_file == {}


def test_fingerprints_are_stable_when_lines_move(tmp_path):
    repo = init_repo(tmp_path / "repo", {"references/refs.bib": GOOD_BIB + BAD_ENTRY})

    def results():
        out = tmp_path / "r.sarif"
        citekb("check", "-f", "sarif", "-o", str(out), cwd=repo)
        return {r["partialFingerprints"]["citekb/v1"]: r["locations"][0]["physicalLocation"]["region"]["startLine"]
                for r in json.loads(out.read_text())["runs"][0]["results"]}

    before = results()
    bib = repo / "references/refs.bib"
    bib.write_text("% moved down by a comment\n\n\n" + bib.read_text(encoding="utf-8"), encoding="utf-8")
    after = results()
    assert set(before) == set(after) and before
    assert all(after[fp] == before[fp] + 3 for fp in before)


def test_junitparser_counts_one_failure_per_failing_finding(tmp_path):
    from junitparser import Failure, JUnitXml

    two_errors = "% citekb: ignore[R105] -- an unused suppression is a warning\n" \
                 "@misc{a2020x, title = {T}, year = 2020, url = {https://example.org}}\n" \
                 "@misc{b2020y, title = {U}, year = 2020, url = {https://example.org/u}}\n"
    repo = init_repo(tmp_path / "repo", {"references/refs.bib": two_errors})
    out = tmp_path / "junit.xml"
    report = json.loads(citekb("check", "-f", "json", cwd=repo).stdout)
    failing = [d for d in report if d["severity"] == "error"]
    assert len([d for d in failing if d["code"] == "R101"]) == 2  # one rule, one file, two findings
    citekb("check", "-f", "junit", "-o", str(out), cwd=repo)
    xml = JUnitXml.fromfile(str(out))
    cases = [case for suite in xml for case in suite]
    assert sum(isinstance(r, Failure) for case in cases for r in case.result) == len(failing)
    assert xml.failures == len(failing)
    warnings = [d for d in report if d["severity"] == "warning"]
    assert warnings  # the unused suppression (S002) passes without --strict, fails with it
    citekb("check", "-f", "junit", "-o", str(out), "--strict", cwd=repo)
    assert JUnitXml.fromfile(str(out)).failures == len(failing) + len(warnings)


# GitLab's documented Code Quality report (docs.gitlab.com, "Code Quality report format"): an
# array of issues with these required fields and severities.
GITLAB_SHAPE = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {"type": "object", "required": ["path", "lines"], "properties": {
                "path": {"type": "string", "minLength": 1},
                "lines": {"type": "object", "required": ["begin"], "properties": {"begin": {"type": "integer", "minimum": 1}}},
            }},
        },
    },
}


def test_gitlab_code_quality_has_the_documented_shape_and_unique_fingerprints(hostile, tmp_path):
    repo, _ = hostile
    report = tmp_path / "gl-code-quality-report.json"
    assert citekb("check", "-f", "gitlab", "-o", str(report), "--show-info", cwd=repo).returncode == 1
    shape = tmp_path / "gitlab.schema.json"
    shape.write_text(json.dumps(GITLAB_SHAPE))
    proc = consumers.check_jsonschema(shape, report)
    assert proc.returncode == 0, proc.stdout
    issues = json.loads(report.read_text())
    assert issues and len({i["fingerprint"] for i in issues}) == len(issues)
    assert {i["location"]["path"] for i in issues} == {f"references/{ODD}"}  # a path, not a URI


KINDS = {"organization": "organizations", "model": "models", "framework": "frameworks", "claim": "claims",
         "review": "reviews", "scenario": "scenarios"}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_check_jsonschema_accepts_the_whole_shipped_kb(kind):
    files = sorted((ROOT / "kb" / KINDS[kind]).glob("*.yaml"))
    assert files
    proc = consumers.check_jsonschema(ROOT / "schemas" / f"{kind}.schema.json", *files)
    assert proc.returncode == 0, proc.stdout


def _action_as_workflow() -> str:
    """The composite action's steps as a reusable workflow job, so that actionlint checks their
    expressions, the inputs of the actions they use, and the contexts they read."""
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    inputs = {name: {"type": "string", "required": False, "default": str(spec.get("default", ""))}
              for name, spec in action["inputs"].items()}
    workflow = {"name": "action", "on": {"workflow_call": {"inputs": inputs}},
                "jobs": {"citekb": {"runs-on": "ubuntu-latest", "steps": action["runs"]["steps"]}}}
    return yaml.safe_dump(workflow, sort_keys=False)


def _doc_workflows() -> list[str]:
    """The workflow examples of docs/ci.md, completed into whole workflows where they are steps."""
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    out = []
    for block in re.findall(r"```yaml\n(.*?)```", text, re.S):
        data = yaml.safe_load(block)
        if isinstance(data, dict) and "jobs" in data:
            out.append(block)
        elif isinstance(data, list) and data and "uses" in data[0]:
            steps = [{"uses": "actions/checkout@v4"}, *data]
            out.append(yaml.safe_dump({"on": "push", "jobs": {"j": {"runs-on": "ubuntu-latest", "steps": steps}}}))
    return out


def test_actionlint_accepts_the_action_the_workflows_and_the_documented_examples():
    sources = {"action.yml (as a workflow)": _action_as_workflow()}
    sources |= {str(p.relative_to(ROOT)): p.read_text(encoding="utf-8") for p in (ROOT / ".github/workflows").glob("*.yml")}
    sources |= {f"docs/ci.md example {i}": w for i, w in enumerate(_doc_workflows())}
    assert len(sources) >= 4
    sources["control"] = _action_as_workflow().replace("${{ inputs.python-version }}",
                                                        "${{ inputs.python-versoin }}", 1)
    problems = {k: v for k, v in consumers.actionlint(sources).items() if v}
    assert any("python-versoin" in p["message"] for p in problems.pop("control", []))  # not a rubber stamp
    assert problems == {}


def test_shellcheck_accepts_the_actions_shell_steps(tmp_path):
    shellcheck = shutil.which("shellcheck")
    if shellcheck is None:
        pytest.skip("shellcheck (Debian package shellcheck) is not installed")
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    for i, step in enumerate(s for s in action["runs"]["steps"] if "run" in s):
        script = tmp_path / f"step{i}.sh"
        script.write_text("#!/bin/bash\n" + step["run"], encoding="utf-8")
        proc = subprocess.run([shellcheck, "--severity=warning", str(script)], capture_output=True, text=True)
        assert proc.returncode == 0, f"{step['name']}:\n{proc.stdout}"
