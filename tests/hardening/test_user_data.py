"""Never lose or rewrite user data: exports refuse folders they did not write, writes go through
symbolic links instead of replacing them, and concurrent imports never duplicate records."""
from __future__ import annotations

import json
import os
import subprocess
import sys

from hardening_helpers import ROOT, run_cli
from kbtest import write_tree

BIB = ("@misc{doe2020work,\n  author = {Doe, Jane},\n  title = {A Work},\n  year = {2020},\n"
       "  url = {https://example.org/a}\n}\n")


def _repo(tmp_path):
    return write_tree(tmp_path / "repo", {"references/a.bib": BIB, "docs/index.md": "# My hand-written home\n"})


def test_site_export_refuses_the_folder_of_hand_written_pages(tmp_path):
    repo = _repo(tmp_path)
    proc = run_cli("site", "export", "docs", "--root", ".", cwd=repo)
    assert proc.returncode == 2
    assert "refusing to export: docs is the folder of the hand-written pages" in proc.stderr
    assert (repo / "docs" / "index.md").read_text() == "# My hand-written home\n"


def test_site_export_refuses_a_folder_holding_files_it_did_not_write(tmp_path):
    repo = _repo(tmp_path)
    out = tmp_path / "public"
    out.mkdir()
    (out / "notes.txt").write_text("mine\n")
    proc = run_cli("site", "export", str(out), "--root", str(repo))
    assert proc.returncode == 2
    assert f"refusing to export: {out} holds files citekb did not write (notes.txt)" in proc.stderr
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]


def test_site_export_writes_again_into_its_own_folder(tmp_path):
    repo = _repo(tmp_path)
    out = tmp_path / "public"
    assert run_cli("site", "export", str(out), "--root", str(repo)).returncode == 0
    assert "papers/doe2020work.md" in json.loads((out / ".citekb-export").read_text())["files"]
    assert run_cli("site", "export", str(out), "--root", str(repo)).returncode == 0  # its own files: fine
    (out / "extra.md").write_text("added by hand\n")
    proc = run_cli("site", "export", str(out), "--root", str(repo))
    assert proc.returncode == 2 and "(extra.md)" in proc.stderr


def test_fmt_writes_through_a_symlink(tmp_path):
    real = tmp_path / "shared" / "refs.bib"
    real.parent.mkdir()
    real.write_text("@MISC{doe2020work, title = {A Work}, author={Doe, Jane}, year=2020, url={https://example.org/a}}\n")
    link = write_tree(tmp_path / "repo", {"references/.keep": ""}) / "references" / "refs.bib"
    os.symlink(real, link)
    proc = run_cli("fmt", str(link), cwd=tmp_path)
    assert proc.returncode == 0
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text().startswith("@misc{doe2020work,\n  author        = {Doe, Jane},")


def test_report_output_writes_through_a_symlink(tmp_path):
    repo = _repo(tmp_path)
    target = tmp_path / "reports" / "latest.json"
    target.parent.mkdir()
    target.write_text("old\n")
    os.symlink(target, repo / "report.json")
    run_cli("check", str(repo), "-f", "json", "-o", str(repo / "report.json"))
    assert (repo / "report.json").is_symlink()
    assert json.loads(target.read_text()) is not None and target.read_text() != "old\n"


def _dump(path, n: int) -> None:
    rows = ({"display_name": f"A fairly long title number {i} about things", "publication_year": 2020,
             "doi": f"10.1000/{i}", "authorships": [{"author": {"display_name": "Jane Doe"}}]} for i in range(n))
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))


def test_two_concurrent_imports_of_one_dump_never_duplicate_records(tmp_path):
    dump, index = tmp_path / "works.jsonl", tmp_path / "i.sqlite"
    _dump(dump, 6000)
    cmd = [sys.executable, "-m", "citekb", "index", "add", str(dump), "--index", str(index), "--batch", "500"]
    env = {**os.environ, "CITEKB_CACHE_DIR": "off"}
    procs = [subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert sorted("already imported" in out for out, _ in outs) == [False, True]
    stats = json.loads(run_cli("index", "stats", "--index", str(index), "--json").stdout)
    assert (stats["works"], stats["dois"]) == (6000, 6000)


def test_lock_writes_through_a_symlink(tmp_path):
    repo = _repo(tmp_path)
    dump = tmp_path / "canon.bib"
    dump.write_text(BIB)
    assert run_cli("index", "add", str(dump), "--index", str(tmp_path / "i.sqlite")).returncode == 0
    real = tmp_path / "locks" / "citekb.lock"
    real.parent.mkdir()
    real.write_text(json.dumps({"citekb-lock": 1, "entries": {}}) + "\n")
    os.symlink(real, repo / "citekb.lock")
    proc = run_cli("lock", str(repo), "--index", str(tmp_path / "i.sqlite"), "--date", "2026-11-24")
    assert proc.returncode == 0, proc.stderr
    assert (repo / "citekb.lock").is_symlink()
    assert json.loads(real.read_text())["entries"]["doe2020work"]["status"] in ("resolved", "unresolved")
