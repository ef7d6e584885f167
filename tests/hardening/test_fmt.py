"""`citekb fmt`: normalizes, loses nothing, is idempotent, `--check` writes nothing, writes are atomic."""
from __future__ import annotations

import os
import shutil
import stat
import threading
from pathlib import Path

import pytest

from citekb import atomic
from citekb.fmt import format_bibtex
from citekb.fmt_yaml import format_yaml
from citekb.kb import load_kb
from citekb.load.bibcache import Cache
from hardening_helpers import ROOT, run_cli

MESSY_BIB = """% Curated by hand; keep this note.
@string{nips = "Advances in Neural Information Processing Systems"}
@preamble{"\\newcommand{\\noop}[1]{}"}

@comment{explicit comment, kept}
@InProceedings{smith2020data,
  Year = 2020,
  TITLE = "A {Study} of Things",
  booktitle = nips # " 33",
  Author = {Smith, Jane and M{\\"u}ller, J{\\"o}rg},
  zzz_custom = {kept},
  url = {https://example.org/x},
}
Free text between entries.


@misc{lee2019,title={Only a title},year={2019}}
"""

FORMATTED_BIB = """% Curated by hand; keep this note.

@string{nips = "Advances in Neural Information Processing Systems"}

@preamble{"\\newcommand{\\noop}[1]{}"}

@comment{explicit comment, kept}

@inproceedings{smith2020data,
  author        = {Smith, Jane and M{\\"u}ller, J{\\"o}rg},
  title         = {A {Study} of Things},
  booktitle     = nips # " 33",
  year          = {2020},
  url           = {https://example.org/x},
  zzz_custom    = {kept}
}

Free text between entries.

@misc{lee2019,
  title         = {Only a title},
  year          = {2019}
}
"""

MESSY_YAML = """# A model record; this comment stays.
name: Tiny   # inline comment stays
id: tiny
weights: {url: https://x.org, available: true}
license:
    url: https://l.org
    id: MIT
    commercial_use: yes
zzz_unknown: 1
organization: [acme]
released: {note: from the blog, value: 2024-01-02}
notes: last words
verified: model card   \n"""

FORMATTED_YAML = """# A model record; this comment stays.
id: tiny
name: Tiny   # inline comment stays
organization: [acme]
released: {value: 2024-01-02, note: from the blog}
license:
  id: MIT
  commercial_use: yes
  url: https://l.org
weights: {available: true, url: https://x.org}
verified: model card
notes: last words
zzz_unknown: 1
"""


def test_bibtex_is_normalized_and_nothing_is_lost():
    assert format_bibtex(MESSY_BIB, "f.bib") == FORMATTED_BIB
    assert format_bibtex(FORMATTED_BIB, "f.bib") == FORMATTED_BIB


def test_yaml_is_normalized_and_comments_survive():
    assert format_yaml(MESSY_YAML, "kb/models/tiny.yaml") == FORMATTED_YAML
    assert format_yaml(FORMATTED_YAML, "kb/models/tiny.yaml") == FORMATTED_YAML


def _repo(tmp_path: Path) -> Path:
    (tmp_path / "references").mkdir()
    (tmp_path / "kb" / "models").mkdir(parents=True)
    (tmp_path / "references" / "a.bib").write_text(MESSY_BIB, encoding="utf-8")
    (tmp_path / "kb" / "models" / "tiny.yaml").write_text(MESSY_YAML, encoding="utf-8")
    return tmp_path


def test_check_prints_a_diff_exits_1_and_writes_nothing(tmp_path):
    repo = _repo(tmp_path)
    proc = run_cli("fmt", "--check", cwd=repo)
    assert proc.returncode == 1
    assert "--- a/references/a.bib" in proc.stdout and "+  year          = {2020}," in proc.stdout
    assert "--- a/kb/models/tiny.yaml" in proc.stdout
    assert (repo / "references" / "a.bib").read_text(encoding="utf-8") == MESSY_BIB
    assert "2 file(s) would reformat" in proc.stderr


def test_fmt_writes_then_a_second_run_changes_nothing(tmp_path):
    repo = _repo(tmp_path)
    assert run_cli("fmt", cwd=repo).returncode == 0
    assert (repo / "references" / "a.bib").read_text(encoding="utf-8") == FORMATTED_BIB
    assert (repo / "kb" / "models" / "tiny.yaml").read_text(encoding="utf-8") == FORMATTED_YAML
    again = run_cli("fmt", "--check", cwd=repo)
    assert again.returncode == 0 and again.stdout == ""


def test_a_file_that_does_not_parse_is_reported_and_left_alone(tmp_path):
    bad = tmp_path / "bad.bib"
    text = "@misc{a, title = {unbalanced}\n@misc{b, title = {x}}\n"
    bad.write_text(text, encoding="utf-8")
    yml = tmp_path / "kb" / "models" / "dup.yaml"
    yml.parent.mkdir(parents=True)
    yml.write_text("id: dup\nid: again\n", encoding="utf-8")
    proc = run_cli("fmt", str(bad), str(yml), cwd=tmp_path)
    assert proc.returncode == 1
    assert "bad.bib:1: L001" in proc.stderr and "kb/models/dup.yaml:2: L003" in proc.stderr
    assert bad.read_text(encoding="utf-8") == text


def test_non_utf8_files_are_not_rewritten(tmp_path):
    path = tmp_path / "latin1.bib"
    path.write_bytes(b"@misc{a, title = {Caf\xe9}}\n")
    assert run_cli("fmt", str(path), cwd=tmp_path).returncode == 1
    assert path.read_bytes() == b"@misc{a, title = {Caf\xe9}}\n"


def test_shipped_kb_round_trips_in_a_temporary_copy(tmp_path):
    """The shipped references/ and kb/ are only ever formatted in a copy."""
    for sub in ("references", "kb"):
        shutil.copytree(ROOT / sub, tmp_path / sub)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    before = load_kb(tmp_path, cache=Cache(None))
    assert run_cli("fmt", cwd=tmp_path, timeout=300).returncode == 0
    assert run_cli("fmt", "--check", cwd=tmp_path, timeout=300).stdout == ""
    after = load_kb(tmp_path, cache=Cache(None))
    assert {w.key: w.raw_fields for w in after.works} == {w.key: w.raw_fields for w in before.works}
    assert {(r.kind, r.id): r.data for r in after.all_records()} == {(r.kind, r.id): r.data for r in before.all_records()}
    assert sorted(p.code for p in after.problems) == sorted(p.code for p in before.problems)


def test_interrupted_write_leaves_the_file_intact(tmp_path, monkeypatch):
    path = tmp_path / "a.bib"
    path.write_text(MESSY_BIB, encoding="utf-8")

    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr("os.replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic.write_text(path, FORMATTED_BIB)
    assert path.read_text(encoding="utf-8") == MESSY_BIB
    assert [p.name for p in tmp_path.iterdir()] == ["a.bib"]  # no temporary file left behind


def test_atomic_write_keeps_the_file_mode(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("x: 1\n", encoding="utf-8")
    path.chmod(0o640)
    atomic.write_text(path, "x: 2\n")
    assert (path.stat().st_mode & 0o777, path.read_text(encoding="utf-8")) == (0o640, "x: 2\n")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_report_written_to_a_pipe_or_device_leaves_it_a_pipe(tmp_path):
    # `-o /dev/null` run as root must never rename a regular file over the device; a named pipe is
    # the same case without touching the machine's /dev
    fifo = tmp_path / "report.pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    atomic.write_text(fifo, "report\n")
    reader.join(timeout=30)
    assert (stat.S_ISFIFO(fifo.stat().st_mode), got, sorted(p.name for p in tmp_path.iterdir())) == \
        (True, [b"report\n"], ["report.pipe"])


def test_a_repository_path_formats_only_its_data(tmp_path):
    repo = _repo(tmp_path)
    (repo / "mkdocs.yml").write_text("site_name:   x\n", encoding="utf-8")
    proc = run_cli("fmt", "--check", ".", cwd=repo)
    assert "2 file(s) would reformat" in proc.stderr and "mkdocs.yml" not in proc.stdout
