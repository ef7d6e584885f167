"""More real answers (recorded/README.md): a title in Chinese, update types that are not corrections,
real 500 and 504 pages, the rate limit Crossref advertises, versioned arXiv ids, and check-doc
--online choosing the version a reference cites and naming the record that decided."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from citekb.sources.online import parse
from citekb.sources.online.http import Http, Policy
from citekb.sources.online.sources import UPDATE_FIELD, Arxiv, Crossref
from replay import body, exchange
from citekb.load.persons import work_authors

ZH = "模糊测试技术研究"


def _http(pauses=None, **policy) -> Http:
    kw = {"retries": 1, "backoff": 0, "interval": 0, "timeout": 5, **policy}
    return Http(Policy(**kw), sleep=(pauses.append if pauses is not None else (lambda s: None)))


def test_a_title_in_chinese_is_read_and_matched_with_its_authors_and_year(replay):
    replay.serve("/crossref/works", "crossref/cursor-page-nonlatin-title.json")
    source = Crossref(f"{replay.base}/crossref", _http())
    work = source.find_title(ZH, ("Yang", "Liu"), year=2014)
    assert (work.doi, work.title, work.year) == ("10.1360/n112014-00137", ZH, 2014)
    assert work.venue == "SCIENTIA SINICA Informationis"
    assert [p.family for p in work_authors(work)] == ["YANG", "LIU", "QI", "LI"]
    assert source.find_title(ZH, ("Wang",), year=2019) is None  # other people, another year: another work
    assert source.find_title("模糊测试技术", ("Yang",), year=2014) is None  # a shorter title is not this one


def test_new_version_is_neither_a_retraction_nor_a_correction():
    items = parse.crossref_items(json.loads(body("crossref/query-new-version-updates.json")))
    updates = {i["DOI"]: parse.crossref(i).update for i in items}
    assert updates["10.1371/journal.ppat.1006930"] is None  # update-to/updated-by: new_version only
    assert updates["10.1371/journal.pgen.1011490"] is None
    assert updates["10.1371/journal.pbio.0050002"] == {
        "status": "corrected", "type": "correction", "date": "2008-11-25", "notice": "10.1371/journal.pbio.0060304",
        "source": "crossref (publisher)"}


def test_a_real_500_and_a_real_504_page_are_not_checked_after_backing_off(replay):
    for name in ("crossref/cursor-500.json", "crossref/gateway-504.json"):
        replay.serve("/crossref/works/10.1371/journal.pone.0033693", name)
        pauses: list[float] = []
        source = Crossref(f"{replay.base}/crossref", _http(pauses, retries=2, backoff=0.5))
        assert source.find_doi("10.1371/journal.pone.0033693") is None
        assert (source.failures, source.down, pauses) == (1, True, [0.5, 1.0]), name


def test_the_rate_limit_crossref_advertises_spaces_the_next_requests(replay):
    headers = exchange("crossref/work-corrected.json")["response"]["headers"]
    assert (headers["x-rate-limit-limit"], headers["x-rate-limit-interval"]) == ("5", "1s")  # as recorded
    replay.serve("/crossref/works/10.1371/journal.pone.0033693", "crossref/work-corrected.json")
    pauses: list[float] = []
    http = Http(Policy(retries=0, interval=0, timeout=5), sleep=pauses.append, clock=lambda: 0.0)
    source = Crossref(f"{replay.base}/crossref", http)
    source.find_doi("10.1371/journal.pone.0033693")
    assert (pauses, http.interval) == ([], 0.2)  # 5 requests a second: one every 0.2 s from now on
    source.find_doi("10.1371/journal.pone.0033693")
    assert pauses == [0.2]


def test_an_advertised_rate_never_speeds_citekb_up_and_bad_headers_change_nothing():
    http = Http(Policy(interval=3.0))
    http._advertised({"X-Rate-Limit-Limit": "50", "X-Rate-Limit-Interval": "1s"})
    assert http.interval == 3.0
    for bad in ({"X-Rate-Limit-Limit": "0", "X-Rate-Limit-Interval": "1s"}, {"X-Rate-Limit-Limit": "ten"},
                {"X-Rate-Limit-Limit": "5", "X-Rate-Limit-Interval": "soon"}):
        fresh = Http(Policy(interval=0.0))
        fresh._advertised(bad)
        assert fresh.interval == 0.0, bad


def test_versioned_arxiv_ids_and_a_title_that_is_a_digit(replay):
    source = Arxiv(f"{replay.base}/arxiv", _http())
    replay.serve("/arxiv/query", "arxiv/id-versioned.json")
    work = source.find_arxiv("2104.12255")  # the feed answers with .../abs/2104.12255v1
    assert (work.arxiv, work.title, work.year) == ("2104.12255", "0", 2021)  # arXiv's record is titled "0"
    replay.serve("/arxiv/query", "arxiv/id-old-style-versioned.json")
    old = source.find_arxiv("quant-ph/0201082")
    assert (old.arxiv, old.year, old.fields["source"]) == ("quant-ph/0201082", 2002, "https://arxiv.org/abs/quant-ph/0201082")
    assert UPDATE_FIELD not in old.fields  # "32 pages" is no withdrawal


DOC = """# Notes

Dispersal slows down after range expansion [1].

## References

1. {authors} ({year}). After the games are over: life-history trade-offs drive dispersal attenuation
   following range expansion. {venue}.
"""


def _check_doc(replay, tmp_path: Path, **ref) -> tuple[int, str]:
    (tmp_path / "references").mkdir(exist_ok=True)
    (tmp_path / "doc.md").write_text(DOC.format(**ref), encoding="utf-8")
    (tmp_path / "citekb.toml").write_text(
        f'[online]\ncrossref = "{replay.base}/crossref"\nsources = ["crossref"]\n'
        "retries = 0\nbackoff = 0\ninterval = 0\ntimeout = 5\n", encoding="utf-8")
    replay.serve("/crossref/works", "crossref/query-many-candidates.json")
    citekb = Path(sys.executable).with_name("citekb")
    run = subprocess.run([str(citekb), "check-doc", "doc.md", "--online"], cwd=tmp_path, capture_output=True,
                         text=True, env={**os.environ, "CITEKB_CACHE_DIR": "off"}, timeout=120)
    return run.returncode, run.stdout


def test_check_doc_online_accepts_the_preprint_a_reference_cites(replay, tmp_path):
    code, out = _check_doc(replay, tmp_path, authors="Perkins, T. A., Boettiger, C., & Phillips, B. L.",
                           year=2015, venue="bioRxiv")
    assert code == 0 and "1 verified" in out  # the 2015 bioRxiv preprint, not a wrong year for the 2016 paper


def test_check_doc_online_names_the_service_and_record_that_decided(replay, tmp_path):
    code, out = _check_doc(replay, tmp_path, authors="Perkins, T. A., & Hastings, A.", year=2016,
                           venue="Ecology and Evolution")
    assert code == 1
    assert "C304" in out and "crossref record https://doi.org/10.1002/ece3.2314" in out
