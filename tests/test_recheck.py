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


def _cli(repo: Path, cache: Path, *args: str) -> subprocess.CompletedProcess:
    env = {"CITEKB_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-m", "citekb", "check", str(repo), *args],
                          capture_output=True, env=env, timeout=120)


def test_a_warm_run_serves_the_rendered_report_of_the_same_options_only(repo, tmp_path):
    # the report cache keys each rendered report by the run and every report option: a warm run
    # gives the cold run's bytes, exit code and summary, and other options never get them
    cache = tmp_path / "cli-cache"
    options = [("-f", "json"), ("-f", "sarif"), ("-f", "junit"), ("--show-info",), ("--strict",),
               ("--exit-zero", "--strict"), ("-q",), ("--statistics",), ("-f", "github", "--show-info")]
    cold = {o: _cli(repo, cache, *o) for o in options}
    warm = {o: _cli(repo, cache, *o) for o in options}
    fresh = {o: _cli(repo, Path("off"), *o) for o in options[:3]}
    for o in options:
        assert (warm[o].returncode, warm[o].stdout, warm[o].stderr) == \
               (cold[o].returncode, cold[o].stdout, cold[o].stderr), o
    for o in fresh:
        assert fresh[o].stdout == cold[o].stdout, o
    outcomes = {(cold[o].returncode, cold[o].stdout, cold[o].stderr) for o in options}
    assert len(outcomes) == len(options)  # each option set has its own report (--exit-zero: its own exit code)
    assert len(list((cache / "reports").glob("*.report"))) == min(len(options), recheck.KEEP)


def test_a_report_to_a_file_keeps_its_summary_on_stdout(repo, tmp_path):
    cache = tmp_path / "cli-cache"
    runs = [_cli(repo, cache, "-f", "json", "-o", str(tmp_path / f"out{i}.json")) for i in range(2)]
    assert runs[0].stdout == runs[1].stdout and b"Found" in runs[1].stdout
    assert (tmp_path / "out0.json").read_bytes() == (tmp_path / "out1.json").read_bytes()


@pytest.mark.parametrize("damage", ["truncated", "bad-code", "not-utf8", "pickle"])
def test_a_damaged_report_entry_is_a_miss(repo, tmp_path, damage):
    cache = tmp_path / "cli-cache"
    cold = _cli(repo, cache, "-f", "json")
    (entry,) = (cache / "reports").glob("*.report")
    data = entry.read_bytes()
    head, _, body = data.partition(b"\n")
    entry.write_bytes({"truncated": data[:-10],
                       "not-utf8": head + b"\n" + b"\xff" * len(body),
                       "bad-code": head.replace(b'"code":1', b'"code":7').replace(b'"code":0', b'"code":7') + b"\n" + body,
                       "pickle": pickle.dumps({"body": "x"})}[damage])
    assert damage != "bad-code" or b'"code":7' in entry.read_bytes()
    again = _cli(repo, cache, "-f", "json")
    assert b"Traceback" not in again.stderr
    assert (again.returncode, again.stdout) == (cold.returncode, cold.stdout)


def test_baseline_and_changed_runs_render_afresh(repo, tmp_path):
    cache = tmp_path / "cli-cache"
    _cli(repo, cache, "-f", "json")
    baseline = tmp_path / "base.json"
    wrote = _cli(repo, cache, "--write-baseline", str(baseline))
    assert wrote.returncode == 0 and baseline.is_file()
    filtered = _cli(repo, cache, "-f", "json", "--baseline", str(baseline))
    assert filtered.returncode == 0 and b"K205" not in filtered.stdout  # every finding is in the baseline
    assert len(list((cache / "reports").glob("*.report"))) == 1  # the plain run's report only
