"""A re-check with nothing changed reads its findings back; any change to what they depend on misses.

The result cache must never serve a stale report: each test changes one input (a byte of a file,
the configuration, the date, the lockfile, citekb's own code) and checks that the findings follow.
"""
from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from citekb import api, recheck
from citekb.config import load_config

from kbtest import write_tree

BIB = ("@article{good2020, author = {Doe, Jane}, title = {A Good Title}, journal = {J}, year = 2020,\n"
       "  verified = {test}}\n"
       "@article{other2021, author = {Roe, Ann}, title = {Another Title}, journal = {J}, year = 2021,\n"
       "  verified = {test}}\n")


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.setenv("CITEKB_CACHE_DIR", str(tmp_path / "cache"))
    return write_tree(tmp_path / "repo", {"references/a.bib": BIB, "references/b.bib": "",
                                           "pyproject.toml": "[tool.citekb]\n"})


def _codes(root: Path, **kw) -> list[tuple[str, str, int]]:
    return [(d.code, d.location.path, d.location.line)
            for d in api.check_diagnostics(root, config=load_config(root, **kw))]


def _no_full_run(monkeypatch):
    def boom(*a, **k):
        raise AssertionError("the run was computed again although nothing changed")
    monkeypatch.setattr(api, "check", boom)


def test_nothing_changed_reads_the_findings_back(repo, monkeypatch):
    first = api.check_diagnostics(repo, config=load_config(repo))
    assert first, "the fixture has findings (orphan works)"
    _no_full_run(monkeypatch)
    assert api.check_diagnostics(repo, config=load_config(repo)) == first


@pytest.mark.parametrize("change", ["byte", "new-file", "removed-file", "lockfile", "config", "today", "code"])
def test_any_change_misses(repo, monkeypatch, change):
    before = _codes(repo)
    bib = repo / "references/a.bib"
    if change == "byte":  # the year of one entry: a different finding set must come out
        bib.write_text(BIB.replace("year = 2021", "year = 2O21"))
    elif change == "new-file":
        (repo / "references/c.bib").write_text("@misc{third, title = {T}, year = 2020, verified = {x}}\n")
    elif change == "removed-file":
        bib.unlink()
    elif change == "lockfile":
        (repo / "citekb.lock").write_text("not a lockfile\n")
    elif change == "config":
        (repo / "pyproject.toml").write_text("[tool.citekb]\nignore = ['K205']\n")
    elif change == "today":
        (repo / "pyproject.toml").write_text("[tool.citekb]\ntoday = '2031-01-01'\n")
    else:
        monkeypatch.setattr(recheck, "code_fingerprint", lambda: "another citekb")
    calls = []
    real = api.check
    monkeypatch.setattr(api, "check", lambda *a, **k: calls.append(1) or real(*a, **k))
    after = _codes(repo)
    assert calls == [1], "a changed input must be checked again"
    fresh = [(d.code, d.location.path, d.location.line) for d in real(repo, config=load_config(repo)).diagnostics]
    assert after == fresh
    if change in ("byte", "new-file", "removed-file", "config"):
        assert after != before


def test_a_planted_entry_is_a_miss_and_never_runs(repo, tmp_path, monkeypatch):
    config = load_config(repo)
    api.check_diagnostics(repo, config=config)
    results = tmp_path / "cache" / "results"
    (entry,) = results.glob("*.json")
    marker = tmp_path / "pwned"

    class Payload:
        def __reduce__(self):
            return (Path.touch, (marker,))

    entry.write_bytes(pickle.dumps(Payload()))
    again = api.check_diagnostics(repo, config=config)
    assert not marker.exists()
    assert [d.code for d in again] == [d.code for d in api.check(repo, config=config).diagnostics]
    entry.write_text('{"format": "citekb-results/1", "key": "%s", "diagnostics": [["K205", "x", 9, "m", "", '
                     '"a.bib", 1, 1]]}' % entry.stem)  # our shape, a severity we never write
    assert all(d.code != "K205" or d.name != "x" for d in api.check_diagnostics(repo, config=config))


def test_the_cache_keeps_only_the_newest_entries(repo, tmp_path):
    for i in range(recheck.KEEP + 3):
        (repo / "references/b.bib").write_text(f"@misc{{k{i}, title = {{T{i}}}, year = 2020, verified = {{x}}}}\n")
        api.check_diagnostics(repo, config=load_config(repo))
    assert len(list((tmp_path / "cache" / "results").glob("*.json"))) == recheck.KEEP


def test_off_writes_no_cache(repo, tmp_path, monkeypatch):
    monkeypatch.setenv("CITEKB_CACHE_DIR", "off")
    api.check_diagnostics(repo, config=load_config(repo))
    assert not (tmp_path / "cache").exists()


def test_cold_and_warm_reports_are_byte_identical(repo, tmp_path):
    env = {"CITEKB_CACHE_DIR": str(tmp_path / "cli-cache"), "PATH": "/usr/bin:/bin"}
    outs = []
    for fmt in ("json", "json", "sarif", "sarif", "text", "text"):
        proc = subprocess.run([sys.executable, "-m", "citekb", "check", str(repo), "-f", fmt, "--show-info"],
                              capture_output=True, env=env, timeout=120)
        outs.append((proc.returncode, proc.stdout))
    assert outs[0] == outs[1] and outs[2] == outs[3] and outs[4] == outs[5]
    assert b"K205" in outs[4][1]
    assert len(list((tmp_path / "cli-cache" / "results").glob("*.json"))) == 1
