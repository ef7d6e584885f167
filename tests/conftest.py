from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from citekb.cli import main

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 24)


@pytest.fixture
def cli():
    """Run the citekb CLI in-process; returns (exit_code, stdout, stderr)."""
    runner = CliRunner()

    def run(*args: str, cwd: Path | None = None):
        import os

        old = os.getcwd()
        if cwd:
            os.chdir(cwd)
        try:
            result = runner.invoke(main, list(args), catch_exceptions=False)
        finally:
            os.chdir(old)
        return result.exit_code, result.stdout, result.stderr

    return run


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root
