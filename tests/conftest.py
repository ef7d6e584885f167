from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # makes tests/kbtest.py importable from subfolders

import pytest
from click.testing import CliRunner


@pytest.fixture
def cli():
    """Run the citekb CLI in-process; returns (exit_code, stdout, stderr)."""
    from citekb.cli import main

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


# Tests never leave a cache in the source tree; test_cache.py turns it on in a temporary folder.
import os  # noqa: E402

os.environ.setdefault("CITEKB_CACHE_DIR", "off")
