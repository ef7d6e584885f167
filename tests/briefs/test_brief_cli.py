"""`citekb brief`: exit codes, located errors for bad scenario files, outputs."""
from __future__ import annotations

from pathlib import Path

import pytest
from brief_helpers import FIXTURE, cli  # noqa: F401  (fixture)

ROOT = str(FIXTURE)
GOOD = str(FIXTURE / "kb/scenarios/neutral-team.yaml")


def scenario(tmp_path: Path, body: str) -> str:
    path = tmp_path / "mine.yaml"
    path.write_text("id: mine\ntitle: Mine\ndescription: A test scenario.\n" + body, encoding="utf-8")
    return str(path)


def test_brief_to_stdout(cli):
    code, out, err = cli("brief", "--root", ROOT, "--as-of", "2026-01-01", GOOD)
    assert code == 0, err
    assert out.startswith("# Decision brief: A product team without hard constraints")
    assert "a hybrid that routes protected work" in out.split("## Scenario")[0]


def test_same_command_twice_gives_the_same_bytes(cli):
    first = cli("brief", "--root", ROOT, GOOD)
    second = cli("brief", "--root", ROOT, GOOD)
    assert first == second and first[0] == 0


def test_html_to_a_file(cli, tmp_path):
    target = tmp_path / "out" / "brief.html"
    code, _, err = cli("brief", "--root", ROOT, "--format", "html", "-o", str(target), GOOD)
    assert code == 0, err
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_all_writes_one_file_per_shipped_scenario(cli, tmp_path):
    code, _, err = cli("brief", "--all", "--root", ROOT, "-o", str(tmp_path))
    assert code == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["neutral-team.md", "regulated-clinic.md", "tiny-device.md"]


@pytest.mark.parametrize("body, line, message", [
    ("weights:\n  capabilty: 2\n", 5, "'capabilty' is not one of"),
    ("weights:\n  cost: -1\n", 5, "-1 is below the minimum 0"),
    ("weights:\n  cost: 4\n", 5, "4 is above the maximum 3"),
    ("weights: {cost: 1}\nconstraints:\n  ofline: true\n", 6, "unknown field 'ofline'"),
    ("weights:\n  cost: 0\n", 5, "every criterion weighs 0"),
    ("weights: [cost\n", 5, "YAML syntax error"),
])
def test_a_scenario_with_a_mistake_gets_a_located_usage_error(cli, tmp_path, body, line, message):
    path = scenario(tmp_path, body)
    code, out, err = cli("brief", "--root", ROOT, path)
    assert code == 2 and out == ""
    assert f"{path}:{line}: error:" in err and message in err
    assert "Traceback" not in err


@pytest.mark.parametrize("constraints", [
    "  offline: true\n  options: [closed-api]\n",
    "  data_on_premises: true\n  options: [closed-api]\n",
    "  offline: true\n  max_memory_gb: 0.5\n",
])
def test_impossible_constraints_are_located(cli, tmp_path, constraints):
    path = scenario(tmp_path, "weights: {cost: 2}\nconstraints:\n" + constraints)
    code, out, err = cli("brief", "--root", ROOT, path)
    assert code == 1 and out == ""
    assert f"{path}:6: error: no option can meet these constraints" in err


def test_usage_errors(cli, tmp_path):
    assert cli("brief", "--root", ROOT)[0] == 2
    assert cli("brief", "--root", ROOT, "--all", GOOD)[0] == 2
    assert cli("brief", "--root", ROOT, "--as-of", "2026-13-01", GOOD)[0] == 2
    code, _, err = cli("brief", "--root", ROOT, str(tmp_path / "missing.yaml"))
    assert code == 2 and "cannot read file" in err
    bad = tmp_path / "params.yaml"
    bad.write_text("method_version: x\n", encoding="utf-8")
    code, _, err = cli("brief", "--root", ROOT, "--params", str(bad), GOOD)
    assert code == 2 and "missing parameter" in err
