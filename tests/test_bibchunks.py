"""A changed .bib file: only the entries whose text changed are parsed again, and the works and the
report (lines included) are those of a run without any cache."""
from __future__ import annotations

from pathlib import Path

import pytest

from citekb import api
from citekb.config import load_config
from citekb.load import bibchunks
from citekb.load.bibcache import _work_row
from citekb.load.bibchunks import ChunkStore

from kbtest import write_tree

STRINGS = "@string{jml = {Journal of Machine Learning}}\n\n"


def _entry(i: int, title: str = "") -> str:
    return (f"@article{{key{i}, author = {{Doe, Jane and Roe, Rick}}, title = {{{title or f'Work number {i}'}}},\n"
            f"  journal = jml, year = 20{i % 20:02d}, doi = {{10.1000/w{i}}},\n  verified = {{test}}}}\n\n")


def _bib(n: int = 12) -> str:
    return STRINGS + "".join(_entry(i) for i in range(n))


def _edit(text: str, change: str) -> str:
    if change == "edit":  # one title changed, also to a duplicate-title finding
        return text.replace("Work number 5}", "Work number 2}")
    if change == "insert-above":  # every entry below moves down
        return text.replace("@article{key1,", _entry(99, "A new entry\nover two lines") + "@article{key1,")
    if change == "delete":
        return text.replace(_entry(3), "")
    if change == "strings":  # another @string value: every entry re-parsed
        return text.replace("Journal of Machine", "Journal for Machine")
    if change == "broken":  # a parse problem: the whole file is parsed again
        return text.replace("title = {Work number 4},", "title = {Work number 4,")
    return text.replace(_entry(7), _entry(1))  # a key used twice


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.setenv("CITEKB_CACHE_DIR", str(tmp_path / "cache"))
    return write_tree(tmp_path / "repo", {"references/a.bib": _bib(), "references/b.bib": _entry(50),
                                           "pyproject.toml": "[tool.citekb]\n"})


def _report(root: Path) -> list[dict]:
    return [d.as_dict() for d in api.check_diagnostics(root, config=load_config(root))]


def _cold(root: Path, monkeypatch) -> list[dict]:
    with monkeypatch.context() as m:
        m.setenv("CITEKB_CACHE_DIR", "off")
        return _report(root)


def _same(text: str, store: ChunkStore) -> bool:
    """The store's works and problems are those of a whole-file parse (works compare by identity)."""
    (works, problems), (want, want_problems) = store.parse(text, "a.bib"), bibchunks.parse_bib(text, "a.bib")
    return [_work_row(w) for w in works] == [_work_row(w) for w in want] and problems == want_problems


def _count_parses(monkeypatch) -> list[str]:
    calls: list[str] = []
    real = bibchunks.load_bibtex
    monkeypatch.setattr(bibchunks, "load_bibtex", lambda text, rel: calls.append(text) or real(text, rel))
    return calls


@pytest.mark.parametrize("change", ["edit", "insert-above", "delete", "strings", "broken", "duplicate-key"])
def test_changed_file_reports_what_a_cold_run_reports(repo, monkeypatch, change):
    assert _report(repo) == _cold(repo, monkeypatch)
    bib = repo / "references/a.bib"
    bib.write_text(_edit(bib.read_text(), change))
    calls = _count_parses(monkeypatch)
    assert _report(repo) == _cold(repo, monkeypatch)
    if change in ("edit", "insert-above"):
        assert len(calls) == 1, "only the new or changed entry is parsed"
    if change == "delete":
        assert calls == []


@pytest.mark.parametrize("change", ["edit", "insert-above", "delete"])
def test_works_and_their_lines_equal_a_whole_file_parse(tmp_path, change):
    store = ChunkStore(tmp_path / "cache")
    text = _bib()
    assert _same(text, store)
    changed = _edit(text, change)
    assert _same(changed, store)
    again = _edit(changed, "edit") if change != "edit" else changed.replace("Work number 9}", "Ninth")
    assert _same(again, store)


@pytest.mark.parametrize("content", [b"", b"{not json", b"\x80\x04\x95pickle", b'{"format": "citekb-bib-chunks/1"}',
                                     None])
def test_corrupt_or_planted_store_is_a_miss(tmp_path, monkeypatch, content):
    store = ChunkStore(tmp_path / "cache")
    text = _bib()
    store.parse(text, "a.bib")
    (path,) = (tmp_path / "cache").glob("chunks-*.json")
    if content is None:  # the right shape, with a row whose line is not a number
        content = path.read_bytes().replace(b'"a.bib",', b'"a.bib","x",', 1)
    path.write_bytes(content)
    changed = _edit(text, "edit")
    calls = _count_parses(monkeypatch)
    assert _same(changed, store)
    assert calls == [], "a store that is not trusted means one whole-file parse"


def test_chunks_join_to_the_text():
    text = "% comment\n" + _bib(3) + "trailing text"
    pieces = bibchunks.chunks(text)
    assert "".join(p for _, p in pieces) == text
    assert [line for line, _ in pieces] == [0, 1, 3, 7, 11]


def test_carriage_returns_are_parsed_whole(tmp_path):
    store = ChunkStore(tmp_path / "cache")
    text = _bib().replace("\n", "\r\n")
    assert _same(text, store) and _same(text.replace("Work number 5}", "Fifth"), store)
    assert not list((tmp_path / "cache").glob("*.json"))
