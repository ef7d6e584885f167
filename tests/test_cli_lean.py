"""`citekb` without the site extra (what pre-commit and the Action install): every command is
listed and checking works; a command that needs the extra says what to install, exit 2.

The extra's modules are made unimportable in a subprocess, so this runs in the test venv, which
has them; tests/ci/test_wheel.py checks the same on a real lean wheel install.
"""
from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

BLOCK = textwrap.dedent("""
    import importlib.abc, sys
    class Block(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path, target=None):
            if name.split(".")[0] in {"pandas", "pyarrow", "mkdocs", "material"}:
                raise ModuleNotFoundError(f"No module named {name!r}", name=name)
    sys.meta_path.insert(0, Block())
    from citekb.cli import run
    sys.argv = ["citekb", *sys.argv[1:]]
    run()
""")


def _citekb(*args, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", BLOCK, *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def test_help_lists_every_command_without_the_site_extra(tmp_path):
    proc = _citekb("--help", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    listed = proc.stdout.split("Commands:")[1]
    for name in ("brief", "check", "check-doc", "fmt", "index", "lock", "site", "stats"):
        assert f"\n  {name} " in listed, name
    assert "site       (needs pip install 'citekb[site]')" in listed
    assert "Traceback" not in proc.stdout + proc.stderr


@pytest.mark.parametrize("args", [("site",), ("site", "--help"), ("site", "export", "out", "--strict")])
def test_a_command_that_needs_the_extra_says_what_to_install(tmp_path, args):
    proc = _citekb(*args, cwd=tmp_path)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "needs pandas" in proc.stderr and "pip install 'citekb[site]'" in proc.stderr
    assert "Traceback" not in proc.stderr and not (tmp_path / "out").exists()


def test_checking_runs_without_the_site_extra(tmp_path):
    (tmp_path / "references").mkdir()
    (tmp_path / "references/refs.bib").write_text("@misc{bad, title = {No Author, No Year}}\n", encoding="utf-8")
    proc = _citekb("--cache-dir", "off", "check", cwd=tmp_path)
    assert proc.returncode == 1 and "R101" in proc.stdout, proc.stdout + proc.stderr
