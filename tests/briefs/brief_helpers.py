from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from citekb import api
from citekb.briefs import default_parameters, evaluate

FIXTURE = Path(__file__).resolve().parent / "fixture"
AS_OF = dt.date(2026, 1, 1)
COMMIT = "0123456789abcdef0123456789abcdef01234567"


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    """A writable copy of the fixture KB, for tests that change one file."""
    root = tmp_path / "kb-root"
    shutil.copytree(FIXTURE, root)
    return root


def brief_for(root: Path, scenario_id: str, *, as_of: dt.date = AS_OF):
    result = api.check(root, today=dt.date(2026, 11, 24))
    scenario = result.kb.get("scenario", scenario_id)
    assert scenario is not None, result.kb.problems
    return evaluate(scenario, result.kb, result.diagnostics, params=default_parameters(), as_of=as_of), result


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def cli():
    """Run the citekb CLI in-process; returns (exit code, stdout, stderr)."""
    from click.testing import CliRunner

    from citekb.cli import main

    def run(*args: str):
        result = CliRunner().invoke(main, list(args), catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr

    return run
