"""The content-keyed parse cache and the two-process split give the same knowledge base."""
from __future__ import annotations

from citekb.kb import load_kb
from citekb.load import bibcache
from citekb.load.bibcache import Cache

from kbtest import write_tree

BIB = "".join(f"@string{{v{i} = {{Venue {i}}}}}\n@misc{{k{i}, author = {{A{i}, B}}, title = {{T{i}}}, year = 2020,\n"
              f"  howpublished = v{i % 3}, url = {{https://e.org/{i}}}}}\n\n" for i in range(400))


def _summary(kb):
    return [(w.key, w.location.line, w.end_line, dict(w.field_lines), dict(w.fields)) for w in kb.works], kb.problems


def test_parallel_split_matches_single_process(tmp_path, monkeypatch):
    write_tree(tmp_path, {"references/a.bib": BIB + "@misc{broken,\n title = {x\n"})
    single = _summary(load_kb(tmp_path, cache=Cache(None)))
    monkeypatch.setattr(bibcache, "PARALLEL_MIN_BYTES", 100)
    split = _summary(load_kb(tmp_path, cache=Cache(None)))
    assert split == single
    assert single[0][-1][4]["howpublished"] == "Venue 0"


def test_cache_hit_gives_the_same_records_and_a_change_misses(tmp_path):
    write_tree(tmp_path, {"references/a.bib": BIB})
    cache = Cache(tmp_path / "cache")
    first = _summary(load_kb(tmp_path, cache=cache))
    assert len(list((tmp_path / "cache").glob("*.json"))) == 1
    assert _summary(load_kb(tmp_path, cache=cache)) == first
    (tmp_path / "references/a.bib").write_text(BIB.replace("T7}", "Changed}"))
    assert "Changed" in [w[4]["title"] for w in _summary(load_kb(tmp_path, cache=cache))[0]][7]


def test_unwritable_cache_is_only_slower(tmp_path):
    write_tree(tmp_path, {"references/a.bib": BIB, "cache": "a file, not a directory"})
    assert len(load_kb(tmp_path, cache=Cache(tmp_path / "cache" / "sub")).works) == 400
