"""A repository under check is untrusted: nothing committed to it may run as a cache entry.

The parse cache lives in the user's cache directory (or where `--cache-dir` / $CITEKB_CACHE_DIR
says), holds JSON data, and treats anything it cannot read as its own as a miss.
"""
from __future__ import annotations

import os
import pickle
from pathlib import Path

from click.testing import CliRunner

from citekb.cli import main
from citekb.kb import load_kb
from citekb.load.bibcache import Cache

from kbtest import write_tree

BIB = ("@misc{good2020work, author = {Good, Gina}, title = {A Good Work}, year = {2020},\n"
       "  howpublished = {Web page}, url = {https://example.org/good}, verified = {test}}\n")


class _Payload:
    """Unpickling this runs `os.system`: the attack a pickle cache allowed."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def _plant(directory: Path, key: str, marker: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    body = pickle.dumps(_Payload(marker))
    for name in (f"{key}.pickle", f"{key}.json"):  # under the old name and under the new one
        (directory / name).write_bytes(body)


def _tree(path: Path) -> dict[str, bytes]:
    return {p.relative_to(path).as_posix(): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


def _check(repo: Path, env: dict[str, str]):
    old = os.getcwd()
    os.chdir(repo)
    try:
        return CliRunner().invoke(main, ["check", "."], env=env, catch_exceptions=False)
    finally:
        os.chdir(old)


def test_a_cache_committed_to_the_checked_repository_is_never_read(tmp_path):
    repo = write_tree(tmp_path / "repo", {"references/refs.bib": BIB})
    marker = tmp_path / "pwned"
    key = Cache(None).key(BIB.encode(), "references/refs.bib")
    _plant(repo / ".citekb-cache", key, marker)
    before = _tree(repo)
    result = _check(repo, {"CITEKB_CACHE_DIR": None, "HOME": str(tmp_path / "home"),
                           "XDG_CACHE_HOME": str(tmp_path / "home" / ".cache")})
    assert result.exit_code == 0, result.output
    assert not marker.exists()
    assert _tree(repo) == before  # nothing written inside the checked tree
    assert list((tmp_path / "home" / ".cache" / "citekb" / "parse").glob("*.json"))  # it went here instead


def test_a_planted_or_foreign_entry_in_the_cache_directory_is_a_miss(tmp_path):
    repo = write_tree(tmp_path / "repo", {"references/refs.bib": BIB})
    cache_dir, marker = tmp_path / "cache", tmp_path / "pwned"
    key = Cache(None).key(BIB.encode(), "references/refs.bib")
    _plant(cache_dir, key, marker)
    kb = load_kb(repo, cache=Cache(cache_dir))
    assert not marker.exists()
    assert [w.key for w in kb.works] == ["good2020work"]

    for foreign in ('{"format": "other", "key": "%s", "works": [], "problems": []}' % key,
                    '{"format": "citekb-parse-cache/1", "key": "%s", "works": [["x"]], "problems": []}' % key,
                    '{"format": "citekb-parse-cache/1", "key": "another", "works": [], "problems": []}',
                    '[1, 2, 3]', '{"format": ', ""):
        (cache_dir / f"{key}.json").write_text(foreign, encoding="utf-8")
        assert Cache(cache_dir).get(key) is None, foreign
        assert [w.key for w in load_kb(repo, cache=Cache(cache_dir)).works] == ["good2020work"]


def test_cache_dir_option_is_the_way_to_put_the_cache_somewhere(tmp_path):
    repo = write_tree(tmp_path / "repo", {"references/refs.bib": BIB})
    old = os.getcwd()
    os.chdir(repo)
    try:
        result = CliRunner().invoke(main, ["--cache-dir", str(tmp_path / "here"), "check", "."],
                                    env={"CITEKB_CACHE_DIR": None}, catch_exceptions=False)
    finally:
        os.chdir(old)
        os.environ["CITEKB_CACHE_DIR"] = "off"  # the option exports it for the run; restore the tests' setting
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "here").glob("*.json"))) == 1
