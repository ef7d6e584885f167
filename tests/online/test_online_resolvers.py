"""Online resolvers against a local server that answers in each API's real format; never the network."""
from __future__ import annotations

from pathlib import Path

import pytest

from citekb.sources import online
from citekb.sources.online.http import Http, Policy, Unreachable
from citekb.sources.online.sources import Arxiv, Crossref, Dblp, OpenAlex
from citekb.load.persons import work_authors


def _http(tmp_path: Path | None = None, **policy) -> Http:
    return Http(Policy(**{"retries": 1, "backoff": 0, "interval": 0, "timeout": 5, **policy}),
                cache=tmp_path / "cache" if tmp_path else None)


def test_crossref_resolves_a_doi_and_a_bibliographic_query(fake_api):
    source = Crossref(f"{fake_api.base}/crossref", _http())
    work = source.find_doi("10.1162/neco.1997.9.8.1735")
    assert (work.title, work.year, work.venue) == ("Long Short-Term Memory", 1997, "Neural Computation")
    assert [p.family for p in work_authors(work)] == ["Hochreiter", "Schmidhuber"]
    assert source.find_title("Long short-term memory", ("Hochreiter",)).doi == "10.1162/neco.1997.9.8.1735"
    assert source.find_doi("10.1234/does-not-exist") is None
    assert source.failures == 0


def test_arxiv_reads_the_atom_feed(fake_api):
    source = Arxiv(f"{fake_api.base}/arxiv", _http())
    work = source.find_arxiv("1706.03762")
    assert (work.title, work.year, work.arxiv, work.venue) == ("Attention Is All You Need", 2017, "1706.03762", "arXiv")
    assert work_authors(work)[0].family == "Vaswani"
    assert source.find_title("Attention is all you need", ("Vaswani",)).arxiv == "1706.03762"
    assert source.find_arxiv("1706.99999") is None


def test_openalex_and_dblp_read_their_json(fake_api):
    alex = OpenAlex(f"{fake_api.base}/openalex", _http())
    work = alex.find_doi("10.1038/nature14539")
    assert (work.title, work.year, work.venue) == ("Deep learning", 2015, "Nature")
    assert [p.family for p in work_authors(work)] == ["LeCun", "Bengio", "Hinton"]
    dblp = Dblp(f"{fake_api.base}/dblp", _http())
    bert = dblp.find_title("BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding", ("Devlin",))
    assert (bert.year, bert.doi, bert.venue) == (2019, "10.18653/v1/n19-1423", "NAACL-HLT (1)")


def test_a_fuzzy_title_needs_an_author_in_common(fake_api):
    dblp = Dblp(f"{fake_api.base}/dblp", _http())
    title = "BERT: Pre-training of Deep Bidirectional Transformer for Language Understanding"
    assert dblp.find_title(title, ("Devlin",)) is not None
    assert dblp.find_title(title, ("Smith",)) is None


def test_requests_are_polite_and_cached(fake_api, tmp_path):
    http = _http(tmp_path, contact="curator@example.org")
    source = Crossref(f"{fake_api.base}/crossref", http)
    for _ in range(3):
        source.find_doi("10.1162/neco.1997.9.8.1735")
        source.find_doi("10.1234/missing")  # a 404 is an answer, and is cached too
    assert len(fake_api.requests) == 2
    assert all("citekb/" in ua and "mailto:curator@example.org" in ua for _, ua in fake_api.requests)
    again = Crossref(f"{fake_api.base}/crossref", _http(tmp_path))  # a later run reads the disk cache
    assert again.find_doi("10.1162/neco.1997.9.8.1735").year == 1997
    assert len(fake_api.requests) == 2


def test_busy_server_is_retried_with_exponential_backoff(fake_api):
    pauses = []
    http = Http(Policy(retries=3, backoff=0.5, interval=0), sleep=pauses.append)
    fake_api.fail_next = 2
    assert Crossref(f"{fake_api.base}/crossref", http).find_doi("10.1162/neco.1997.9.8.1735") is not None
    assert pauses == [0.5, 1.0]


def test_rate_limit_spaces_requests_to_one_host(fake_api):
    pauses, now = [], [100.0]
    http = Http(Policy(retries=0, backoff=0, interval=3.0), sleep=pauses.append, clock=lambda: now[0])
    source = Arxiv(f"{fake_api.base}/arxiv", http)
    source.find_arxiv("1706.03762")
    source.find_arxiv("1706.03761")
    assert pauses == [3.0]


def test_an_unreachable_source_fails_honestly_and_fast(fake_api):
    fake_api.stop()
    pauses = []
    source = Crossref(fake_api.base + "/crossref", Http(Policy(retries=2, backoff=0.25, interval=0, timeout=2), sleep=pauses.append))
    assert source.find_doi("10.1162/neco.1997.9.8.1735") is None
    assert source.find_title("Long Short-Term Memory", ()) is None  # down: not asked again
    assert (source.failures, source.down, pauses) == (2, True, [])  # refused: no retries, no waiting
    with pytest.raises(Unreachable):
        Http(Policy(retries=0, interval=0, timeout=2)).get(fake_api.base + "/crossref/works/x")


def test_settings_are_validated(tmp_path):
    from citekb.config import ConfigError

    assert online.settings({}, root=tmp_path).enabled is False  # never on by default
    for bad in ({"crossref": "ftp://x"}, {"sources": ["scholar"]}, {"timeout": "soon"}, {"proxy": "x"}):
        with pytest.raises(ConfigError):
            online.settings(bad, root=tmp_path)
