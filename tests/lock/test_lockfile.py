"""citekb.lock: deterministic, readable diffs, offline checks; fake sources, no network."""
from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from citekb.sources import lockfile as lf
from citekb.sources.records import make_rec, to_work
from citekb.load.bibtex import load_bibtex

DATA = Path(__file__).parents[1] / "index" / "data"
BIB = r"""@article{hochreiter1997long,
  title = {Long Short-Term Memory},
  author = {Hochreiter, Sepp and Schmidhuber, J{\"u}rgen},
  journal = {Neural Computation},
  year = {1997},
  doi = {10.1162/neco.1997.9.8.1735},
}
"""


class FakeSource:
    """A `sources.Source` with fixed answers; `down` makes it count failures like an online one."""

    def __init__(self, year=1997, down=False):
        self.year, self.down, self.failures = year, down, 0
        self.name = "fake"

    def _rec(self):
        if self.down:
            self.failures += 1
            return None
        rec = make_rec(title="Long Short-Term Memory", authors="Hochreiter, Sepp and Schmidhuber, Jürgen",
                       year=self.year, venue="Neural Computation", doi="10.1162/neco.1997.9.8.1735", source="fake")
        return to_work(rec, path="fake")

    def find_doi(self, doi):
        return self._rec() if doi == "10.1162/neco.1997.9.8.1735" else None

    def find_arxiv(self, arxiv_id):
        return None

    def find_isbn(self, isbn):
        return None

    def find_title(self, title, authors):
        return self._rec() if title == "Long Short-Term Memory" else None


def _works(text=BIB):
    return load_bibtex(text, "references/refs.bib")[0]


def test_entry_hash_ignores_layout_but_not_content():
    same = _works(BIB.replace("  title = ", "    title   =  ").replace("\n}", ",\n}").replace(",,", ","))
    assert lf.entry_hash(same[0]) == lf.entry_hash(_works()[0])
    assert lf.entry_hash(_works(BIB.replace("1997", "1998"))[0]) != lf.entry_hash(_works()[0])


def test_lock_is_sorted_deterministic_and_round_trips(tmp_path):
    entries, unchecked = lf.build_lock(_works(), (FakeSource(),), today=dt.date(2026, 11, 20))
    text = lf.dumps(entries)
    assert text == lf.dumps(lf.build_lock(_works(), (FakeSource(),), today=dt.date(2026, 11, 20))[0])
    doc = json.loads(text)
    entry = doc["entries"]["hochreiter1997long"]
    assert (entry["status"], entry["source"], entry["checked"], unchecked) == ("resolved", "fake", "2026-11-20", [])
    assert entry["record"]["authors"] == ["Hochreiter, Sepp", "Schmidhuber, Jürgen"]
    (tmp_path / "citekb.lock").write_text(text)
    assert lf.read(tmp_path / "citekb.lock") == entries


def test_relocking_keeps_dates_of_unchanged_entries_and_diffs_changes():
    first, _ = lf.build_lock(_works(), (FakeSource(),), today=dt.date(2026, 11, 20))
    again, _ = lf.build_lock(_works(), (FakeSource(),), today=dt.date(2026, 12, 1), previous=first)
    assert again == first and lf.diff(first, again) == []
    moved, _ = lf.build_lock(_works(), (FakeSource(year=1998),), today=dt.date(2026, 12, 1), previous=first)
    assert lf.diff(first, moved) == ["~ hochreiter1997long: year 1997 -> 1998"]
    assert moved["hochreiter1997long"].checked == "2026-12-01"
    assert lf.diff(first, {}) == ["- hochreiter1997long: no longer in the KB"]


def test_an_unreachable_source_keeps_the_previous_entry():
    first, _ = lf.build_lock(_works(), (FakeSource(),), today=dt.date(2026, 11, 20))
    kept, unchecked = lf.build_lock(_works(), (FakeSource(down=True),), today=dt.date(2026, 12, 1), previous=first)
    assert (kept, unchecked) == (first, ["hochreiter1997long"])
    fresh, _ = lf.build_lock(_works(), (FakeSource(down=True),), today=dt.date(2026, 12, 1))
    assert fresh["hochreiter1997long"].status == "not-checked"


@pytest.mark.parametrize("text", ["{", "[]", '{"citekb-lock": 1, "entries": {"k": 3}}', '{"citekb-lock": 99, "entries": {}}'])
def test_a_broken_lockfile_is_a_finding_not_a_traceback(tmp_path, cli, text):
    (tmp_path / "references").mkdir()
    (tmp_path / "references" / "refs.bib").write_text(BIB)
    (tmp_path / "citekb.lock").write_text(text)
    with pytest.raises(lf.LockError):
        lf.read(tmp_path / "citekb.lock")
    code, out, _ = cli("check", str(tmp_path), "--select", "C32")
    assert "citekb.lock:1:1: C323" in out and "Traceback" not in out
    code, _, err = cli("check-doc", str(tmp_path / "references" / "refs.bib"), "--canon", str(tmp_path / "citekb.lock"))
    assert code == 2 and "citekb.lock" in err


def test_lock_cli_with_an_index_then_check_and_check_doc_offline(tmp_path, cli):
    repo = tmp_path / "repo"
    (repo / "references").mkdir(parents=True)
    (repo / "references" / "refs.bib").write_text(BIB.replace("{1997}", "{1995}"))
    assert cli("index", "add", str(DATA / "crossref.json"), cwd=repo)[0] == 0
    code, out, err = cli("lock", "--date", "2026-11-20", cwd=repo)
    assert code == 0, err
    assert out == "+ hochreiter1997long: resolved by index:.citekb-index.sqlite (crossref)\n"
    assert cli("lock", "--check", "--date", "2026-11-21", cwd=repo)[0] == 0  # nothing would change
    code, out, _ = cli("check", ".", "--select", "C32", cwd=repo)
    assert code == 1 and "C321 [error] hochreiter1997long: year '1995' differs" in out
    code, out, _ = cli("check-doc", "references/refs.bib", "--canon", "citekb.lock", cwd=repo)
    assert code == 1 and "C305" in out
    (repo / "references" / "refs.bib").write_text(BIB)
    code, out, _ = cli("check", ".", "--select", "C32", cwd=repo)
    assert "C322 [warning] hochreiter1997long changed since it was locked on 2026-11-20" in out and "C321" not in out
    code, out, _ = cli("lock", "--check", cwd=repo)
    assert code == 1 and out == "~ hochreiter1997long: entry changed since the last lock\n"


def test_the_shipped_kb_has_no_lock_findings_without_a_lockfile(tmp_path, cli):
    root = Path(__file__).parents[2]
    if (root / lf.FILENAME).exists():
        pytest.skip("the shipped KB has a lockfile")
    code, out, _ = cli("check", str(root), "--select", "C32")
    assert "C32" not in out


def test_locking_the_shipped_kb_against_a_small_index_is_deterministic(tmp_path):
    from citekb import api
    from citekb.sources.index import Index, IndexSource
    from citekb.sources.index.importer import import_file

    root = Path(__file__).parents[2]
    with Index(tmp_path / "i.sqlite", create=True) as idx:
        for f in sorted(DATA.iterdir()):
            import_file(idx, f)
    kb, _ = api.load(root)
    source = (IndexSource(tmp_path / "i.sqlite"),)
    first, unchecked = lf.build_lock(kb.works, source, today=dt.date(2026, 11, 20))
    assert unchecked == [] and len(first) == len({w.key for w in kb.works})
    assert lf.dumps(first) == lf.dumps(lf.build_lock(kb.works, source, today=dt.date(2026, 11, 20))[0])
    resolved = {k for k, e in first.items() if e.status == "resolved"}
    assert {w.key for w in kb.works if w.arxiv == "1706.03762"} <= resolved
