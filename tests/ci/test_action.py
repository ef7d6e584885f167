"""The composite GitHub Action, run locally: its shell steps execute as written, in a temporary
repository, with the `${{ ... }}` expressions it uses evaluated here. The `uses:` steps (setting
up Python, uploading SARIF) need GitHub and are not run; their conditions are checked instead."""
from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from ci_helpers import BAD_BIB, GOOD_BIB, ROOT, env, init_repo

ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
STEPS = ACTION["runs"]["steps"]
EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


class Run:
    """One local run of the action: inputs, step outputs, and what each step did."""

    def __init__(self, workspace: Path, inputs: dict[str, str], *, path_dirs: tuple[Path, ...] = ()):
        self.workspace = workspace
        self.inputs = {k: str(v.get("default", "")) for k, v in ACTION["inputs"].items()} | inputs
        self.outputs: dict[str, dict[str, str]] = {}
        self.log: list[tuple[str, str]] = []  # (step name, "ran"/"skipped"/"would run")
        self.path_dirs = path_dirs

    def value(self, expr: str) -> str:
        expr = expr.strip()
        if m := re.fullmatch(r"'([^']*)'", expr):
            return m.group(1)
        if expr.startswith("inputs."):
            return self.inputs[expr[len("inputs."):]]
        if m := re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", expr):
            return self.outputs.get(m.group(1), {}).get(m.group(2), "")
        if expr == "github.action_path":
            return str(ROOT)
        raise AssertionError(f"expression this test does not know: {expr}")

    def condition(self, cond: str | None) -> bool:
        """The `&&` of `always()`, `a == 'b'` and `a != 'b'` terms: all that action.yml uses."""
        for term in (cond or "").split("&&"):
            term = term.strip()
            if not term or term == "always()":
                continue
            m = re.fullmatch(r"(.+?)\s*(==|!=)\s*(.+)", term)
            assert m, f"condition this test does not know: {term}"
            equal = self.value(m.group(1)) == self.value(m.group(3))
            if equal != (m.group(2) == "=="):
                return False
        return True

    def substitute(self, text: str) -> str:
        return EXPR.sub(lambda m: self.value(m.group(1)), str(text))

    def step(self, step: dict) -> subprocess.CompletedProcess | None:
        name = step["name"]
        if not self.condition(EXPR.sub(lambda m: m.group(1), str(step.get("if", "")))):
            self.log.append((name, "skipped"))
            return None
        if "uses" in step:
            self.log.append((name, "would run"))
            return None
        output = self.workspace.parent / f"github-output-{len(self.log)}"
        output.write_text("")
        step_env = env(GITHUB_OUTPUT=str(output), **{k: self.substitute(v) for k, v in step.get("env", {}).items()})
        step_env["PATH"] = os.pathsep.join([*map(str, self.path_dirs), step_env["PATH"]])
        script = self.workspace.parent / f"step-{len(self.log)}.sh"
        script.write_text(step["run"], encoding="utf-8")
        proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],  # as GitHub does
                              cwd=self.workspace, env=step_env, capture_output=True, text=True)
        if "id" in step:
            self.outputs[step["id"]] = dict(l.split("=", 1) for l in output.read_text().splitlines() if "=" in l)
        self.log.append((name, f"exit {proc.returncode}"))
        return proc

    def all_steps(self) -> dict[str, subprocess.CompletedProcess | None]:
        return {s["name"]: self.step(s) for s in STEPS}


def test_action_is_a_composite_with_the_documented_inputs():
    assert ACTION["runs"]["using"] == "composite"
    assert set(ACTION["inputs"]) == {"command", "paths", "format", "sarif-file", "args", "python-version", "version"}
    upload = next(s for s in STEPS if "upload-sarif" in s.get("uses", ""))
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert "always()" in upload["if"]


def test_inputs_never_reach_a_script_unquoted():
    for step in STEPS:
        assert "${{" not in step.get("run", ""), f"{step['name']}: pass inputs through env, not into the script"


@pytest.fixture
def bad_repo(tmp_path):
    return init_repo(tmp_path / "work", {"references/refs.bib": GOOD_BIB + BAD_BIB})


def test_sarif_run_writes_a_valid_report_uploads_it_and_fails_with_citekbs_code(bad_repo):
    run = Run(bad_repo, {"version": "none"})
    results = run.all_steps()
    assert run.outputs["run"]["exit-code"] == "1"
    sarif = json.loads((bad_repo / "citekb.sarif").read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    found = sarif["runs"][0]["results"]
    assert {r["ruleId"] for r in found} >= {"R101", "R106"}
    assert found[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "references/refs.bib"
    assert dict(run.log)["Upload SARIF"] == "would run"
    assert results["Fail on citekb's exit code"].returncode == 1


def test_clean_repository_passes_and_still_uploads(tmp_path):
    repo = init_repo(tmp_path / "work", {"references/refs.bib": GOOD_BIB})
    run = Run(repo, {"version": "none", "sarif-file": "out/report.sarif"})
    run.all_steps()
    assert run.outputs["run"] == {"exit-code": "0", "sarif-file": "out/report.sarif"}
    results = json.loads((repo / "out/report.sarif").read_text())["runs"][0]["results"]
    assert {r["level"] for r in results} <= {"note"}
    assert dict(run.log)["Upload SARIF"] == "would run"
    assert dict(run.log)["Fail on citekb's exit code"] == "skipped"


def test_github_format_prints_annotations_and_skips_the_upload(bad_repo):
    run = Run(bad_repo, {"version": "none", "format": "github", "args": "--select R101"})
    results = run.all_steps()
    lines = results["Run citekb"].stdout.splitlines()
    assert any(l.startswith("::error file=references/refs.bib,line=3,") and "R101" in l for l in lines)
    assert not any("R106" in l for l in lines)  # args reached citekb
    assert dict(run.log)["Upload SARIF"] == "skipped"
    assert results["Fail on citekb's exit code"].returncode == 1


def test_baseline_in_args_makes_known_findings_pass(bad_repo):
    from ci_helpers import citekb

    assert citekb("check", "--write-baseline", "baseline.json", cwd=bad_repo).returncode == 0
    run = Run(bad_repo, {"version": "none", "args": "--baseline baseline.json"})
    run.all_steps()
    assert run.outputs["run"]["exit-code"] == "0"
    assert json.loads((bad_repo / "citekb.sarif").read_text())["runs"][0]["results"] == []  # all known


def test_check_doc_expands_globs_in_paths(tmp_path):
    canon = (ROOT / "tests/rules/C301/pass/refs.bib").read_text(encoding="utf-8")
    doc = "---\nbibliography: refs.bib\n---\n\nTransformers replaced recurrence [@vaswani2017attenton].\n"
    repo = init_repo(tmp_path / "work", {"paper/refs.bib": canon, "paper/intro.md": doc, "paper/notes.txt": "x"})
    run = Run(repo, {"version": "none", "command": "check-doc", "paths": "paper/**/*.md",
                     "args": "--canon paper/refs.bib"})
    run.all_steps()
    results = json.loads((repo / "citekb.sarif").read_text())["runs"][0]["results"]
    assert [r["ruleId"] for r in results if r["level"] == "error"] == ["C301"]
    assert run.outputs["run"]["exit-code"] == "1"


@pytest.mark.parametrize("inputs, message", [
    ({"command": "lint"}, "command must be check or check-doc"),
    ({"format": "junit"}, "format must be sarif or github"),
    ({"command": "check-doc", "paths": "nothing/*.md"}, "check-doc needs documents"),
])
def test_bad_inputs_fail_with_an_annotation(bad_repo, inputs, message):
    proc = Run(bad_repo, {"version": "none", **inputs}).step(next(s for s in STEPS if s.get("id") == "run"))
    assert proc.returncode == 2 and f"::error title=citekb::{message}" in proc.stdout


@pytest.mark.parametrize("version, expected", [("", f"-m pip install --disable-pip-version-check {ROOT}"),
                                               ("0.1.0", "-m pip install --disable-pip-version-check citekb==0.1.0")])
def test_install_step_installs_the_action_source_or_a_release(tmp_path, version, expected):
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "python").write_text(f'#!/bin/sh\necho "$@" >> {tmp_path / "calls"}\n')
    (shim / "python").chmod(0o755)
    workspace = init_repo(tmp_path / "work")
    install = next(s for s in STEPS if s["name"] == "Install citekb")
    proc = Run(workspace, {"version": version}, path_dirs=(shim,)).step(install)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "calls").read_text().strip() == expected


def test_args_carry_a_quoted_value_with_spaces_and_nothing_is_expanded(bad_repo):
    from ci_helpers import citekb

    (bad_repo / "my baselines").mkdir()
    assert citekb("check", "--write-baseline", "my baselines/known $(x).json", cwd=bad_repo).returncode == 0
    run = Run(bad_repo, {"version": "none", "args": "--strict --baseline 'my baselines/known $(x).json'"})
    run.all_steps()
    assert run.outputs["run"]["exit-code"] == "0"  # the file with spaces was found and read


def test_args_with_an_unclosed_quote_fail_with_an_annotation(bad_repo):
    proc = Run(bad_repo, {"version": "none", "args": "--baseline 'oops"}).step(next(s for s in STEPS if s.get("id") == "run"))
    assert proc.returncode == 2 and "::error title=citekb::args is not a list of shell words" in proc.stdout


def test_the_action_uses_current_majors_and_caches_pip():
    uses = {s["uses"].split("@")[0]: s["uses"].split("@")[1] for s in STEPS if "uses" in s}
    assert uses["actions/setup-python"] == "v6" and uses["github/codeql-action/upload-sarif"] == "v4"
    cache = next(s for s in STEPS if s.get("uses", "").startswith("actions/cache@"))
    assert cache["with"]["path"] == "~/.cache/pip" and cache["if"] == "inputs.version != 'none'"
