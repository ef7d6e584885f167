"""A hostile environment: missing optional dependency, unreadable file, read-only output, full disk.

Each gives a clear message and a non-zero exit, never a traceback. The CLI runs in-process with
`catch_exceptions=False`, so an escaping exception fails the test with its traceback.
Permissions are simulated (root ignores chmod), and so is the full disk.
"""
from __future__ import annotations

import builtins
import errno
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from citekb.cli import main
from kbtest import write_tree

GOOD = {
    "references/a.bib": "@misc{good2020,\n  author = {Doe, Jane},\n  title = {Good},\n  year = {2020},\n"
                        "  url = {https://example.org/g}\n}\n",
    "references/b.bib": "@misc{other2020,\n  author = {Doe, Jane},\n  title = {Other},\n  year = {2020},\n"
                        "  doi = {not-a-doi}\n}\n",
    "kb/models/tiny.yaml": "name: Tiny\nid: tiny\n",
}


def invoke(*args: str, cwd: Path):
    old = os.getcwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)
    assert "Traceback" not in result.output
    return result


def test_missing_optional_dependency_for_yaml_formatting(tmp_path, monkeypatch):
    repo = write_tree(tmp_path, GOOD)
    real_import = builtins.__import__

    def no_ruamel(name, *args, **kwargs):
        if name.startswith("ruamel"):
            raise ImportError(f"No module named '{name}'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_ruamel)
    result = invoke("fmt", "kb", cwd=repo)
    assert result.exit_code == 2
    assert "formatting YAML needs ruamel.yaml: pip install" in result.stderr
    assert invoke("check", ".", cwd=repo).exit_code == 1  # everything else still works without it


def test_unreadable_file_is_a_located_problem_and_the_rest_is_checked(tmp_path, monkeypatch):
    repo = write_tree(tmp_path, GOOD)
    real = Path.read_bytes

    def deny(self):
        if self.name == "a.bib":
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", deny)
    result = invoke("check", ".", cwd=repo)
    assert result.exit_code == 1
    assert "references/a.bib:1:1: L007 [error] cannot read file: Permission denied" in result.output
    assert "references/b.bib:5:1: R102" in result.output  # the readable file was still checked
    fmt = invoke("fmt", "references", cwd=repo)
    assert fmt.exit_code == 2 and "references/a.bib: cannot read file: Permission denied" in fmt.stderr


def _deny_temp_files(monkeypatch):
    def read_only(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr("tempfile.mkstemp", read_only)


def test_read_only_output_directory(tmp_path, monkeypatch):
    repo = write_tree(tmp_path, GOOD)
    (repo / "out").mkdir()
    _deny_temp_files(monkeypatch)
    result = invoke("check", ".", "-o", "out/report.txt", cwd=repo)
    assert result.exit_code == 2
    assert "cannot write out/report.txt: Permission denied" in result.stderr
    fmt = invoke("fmt", "kb", cwd=repo)
    assert fmt.exit_code == 2
    assert "kb/models/tiny.yaml: cannot write file: Permission denied; the file is unchanged" in fmt.stderr
    assert (repo / "kb/models/tiny.yaml").read_text(encoding="utf-8") == GOOD["kb/models/tiny.yaml"]


class _FullDisk:
    """A file object whose writes fail the way a full disk does (ENOSPC)."""

    def __init__(self, fh):
        self.fh = fh

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.fh.close()

    def write(self, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name):
        return getattr(self.fh, name)


@pytest.mark.parametrize("command", [["check", ".", "-o", "report.txt"], ["fmt", "kb"]])
def test_full_disk_leaves_the_previous_file_and_no_temp_file(tmp_path, monkeypatch, command):
    repo = write_tree(tmp_path, {**GOOD, "report.txt": "previous report\n"})
    real_fdopen = os.fdopen
    monkeypatch.setattr("citekb.atomic.os.fdopen", lambda *a, **k: _FullDisk(real_fdopen(*a, **k)))
    result = invoke(*command, cwd=repo)
    assert result.exit_code == 2
    assert "No space left on device" in result.stderr
    assert (repo / "report.txt").read_text(encoding="utf-8") == "previous report\n"
    assert (repo / "kb/models/tiny.yaml").read_text(encoding="utf-8") == GOOD["kb/models/tiny.yaml"]
    leftovers = [p for p in repo.rglob(".*.tmp")]
    assert leftovers == []


def test_cache_on_a_full_disk_only_costs_speed(tmp_path, monkeypatch):
    repo = write_tree(tmp_path, GOOD)
    monkeypatch.setenv("CITEKB_CACHE_DIR", str(tmp_path / "cache"))
    real_fdopen = os.fdopen
    monkeypatch.setattr("citekb.atomic.os.fdopen", lambda *a, **k: _FullDisk(real_fdopen(*a, **k)))
    result = invoke("check", ".", cwd=repo)
    assert result.exit_code == 1 and "R102" in result.output
    written = [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]
    assert written == []  # no half-written entry (parse or result cache), no leaked temporary file
