"""The resolvers against responses recorded from the real services (provenance: recorded/README.md)."""
from __future__ import annotations

import json

from citekb.sources.online.http import Http, Policy
from citekb.sources.online.sources import UPDATE_FIELD, Arxiv, Crossref, OpenAlex
from replay import body
from citekb.load.persons import work_authors

GAMES = "After the games are over: life-history trade-offs drive dispersal attenuation following range expansion"


def _http(pauses=None, **policy) -> Http:
    kw = {"retries": 1, "backoff": 0, "interval": 0, "timeout": 5, **policy}
    return Http(Policy(**kw), sleep=(pauses.append if pauses is not None else (lambda s: None)))


def _crossref(replay, **kw) -> Crossref:
    return Crossref(f"{replay.base}/crossref", _http(**kw), contact="curator@example.org")


def test_crossref_single_work_with_a_correction(replay):
    replay.serve("/crossref/works/10.1371/journal.pone.0033693", "crossref/work-corrected.json")
    work = _crossref(replay).find_doi("10.1371/journal.pone.0033693")
    assert work.title.startswith("Methylphenidate Exposure Induces Dopamine Neuron Loss")
    assert (work.year, work.venue, work_authors(work)[0].family) == (2012, "PLoS ONE", "Sadasivan")
    assert work.fields["source"] == "https://doi.org/10.1371/journal.pone.0033693"  # the record that decided
    assert json.loads(work.fields[UPDATE_FIELD]) == {
        "status": "corrected", "type": "correction", "date": "2012-05-08", "source": "crossref (publisher)",
        "notice": "10.1371/annotation/c76da2c1-ccb8-4797-94c1-359d3ceceeda"}


def test_crossref_asks_the_polite_pool(replay):
    replay.serve("/crossref/works/10.1371/journal.pone.0033693", "crossref/work-corrected.json")
    _crossref(replay).find_doi("10.1371/journal.pone.0033693")
    (_, query, agent), = replay.requests
    assert query["mailto"] == "curator@example.org" and "mailto:" in agent


def test_crossref_404_is_not_found_and_a_bad_cursor_too(replay):
    replay.serve("/crossref/works/10.1371/notarealdoi", "crossref/work-not-found.json")
    source = _crossref(replay)
    assert source.find_doi("10.1371/notarealdoi") is None
    assert source.failures == 0  # an answer: the DOI does not exist


def test_editors_are_not_authors(replay):
    replay.serve("/crossref/works", "crossref/query-many-candidates.json")
    title = "From noise to knowledge: how randomness generates novel phenomena and reveals information"
    work = _crossref(replay).find_title(title, ("Boettiger",))
    assert work.doi == "10.1111/ele.13085"
    assert [p.family for p in work_authors(work)] == ["Boettiger"]  # the record's editor, Coulson, is not an author


def test_the_version_the_reference_cites_wins(replay):
    replay.serve("/crossref/works", "crossref/query-many-candidates.json")
    source = _crossref(replay)
    published = source.find_title(GAMES, ("Perkins", "Boettiger"), year=2016, venue="Ecology and Evolution")
    preprint = source.find_title(GAMES, ("Perkins", "Boettiger"), year=2015, venue="bioRxiv")
    assert (published.doi, published.venue) == ("10.1002/ece3.2314", "Ecology and Evolution")
    assert (preprint.doi, preprint.venue) == ("10.1101/014852", "")


def test_never_the_title_alone_when_authors_and_year_disagree(replay):
    replay.serve("/crossref/works", "crossref/query-many-candidates.json")
    source = _crossref(replay)
    assert source.find_title("The forecast trap", ("Smith",), year=2009) is None
    assert source.find_title("The forecast trap", (), year=2009) is None
    kept = source.find_title("The forecast trap", ("Smith",), year=2022)  # same title and year: wrong authors
    assert kept.doi == "10.1111/ele.14024"


def test_a_cursor_page_is_read_like_any_list(replay):
    replay.serve("/crossref/works", "crossref/cursor-first-page.json")
    work = _crossref(replay).find_title("Widget Mania: Using a GUI Widget Framework", ())
    assert work.doi == "10.1007/978-1-4302-0197-7_9" and work.entry_type == "incollection"


def test_429_waits_as_long_as_retry_after_says(replay):
    replay.serve("/crossref/works/10.1371/journal.pone.0033693", "crossref/documented-429.json",
                 "crossref/work-corrected.json")
    pauses = []
    source = Crossref(f"{replay.base}/crossref", _http(pauses, backoff=0.5))
    assert source.find_doi("10.1371/journal.pone.0033693").year == 2012
    assert pauses == [2.0]


def test_5xx_after_the_retries_is_not_checked(replay):
    replay.serve("/crossref/works/10.1109/icdcsw.2003.1203662", "crossref/documented-503.json")
    pauses = []
    source = Crossref(f"{replay.base}/crossref", _http(pauses, retries=2, backoff=0.25))
    assert source.find_doi("10.1109/icdcsw.2003.1203662") is None
    assert (source.failures, source.down, pauses) == (1, True, [0.25, 0.5])


def test_arxiv_single_old_style_and_missing_ids(replay):
    replay.serve("/arxiv/query", "arxiv/id-single.json")
    source = Arxiv(f"{replay.base}/arxiv", _http())
    work = source.find_arxiv("1605.08386")
    assert (work.title, work.year, work.venue, [p.family for p in work_authors(work)]) == (
        "Heat-bath random walks with Markov bases", 2016, "arXiv", ["Stanley", "Windisch"])
    replay.serve("/arxiv/query", "arxiv/id-old-style-journal-ref.json")
    old = source.find_arxiv("astro-ph/0601001")
    assert (old.arxiv, old.year, old.venue) == ("astro-ph/0601001", 2006, "ActaAstron.56:1-50,2006")
    replay.serve("/arxiv/query", "arxiv/id-not-found.json")
    assert source.find_arxiv("0000.0000") is None
    replay.serve("/arxiv/query", "arxiv/id-two-one-found.json")
    assert source.find_arxiv("0808.05394") is None  # the feed answered for the other id only
    assert source.failures == 0


def test_arxiv_malformed_id_is_not_checked(replay):
    replay.serve("/arxiv/query", "arxiv/id-malformed.json")
    source = Arxiv(f"{replay.base}/arxiv", _http())
    assert source.find_arxiv("abc") is None and source.failures == 1


def test_arxiv_pages_parse_whole_and_flag_no_withdrawal():
    from citekb.sources.online import parse

    first, second = (parse.arxiv_feed(body(f"arxiv/query-page-{n}.json")) for n in (1, 2))
    assert len(first) == len(second) == 10
    assert not {p.rec.arxiv for p in first} & {p.rec.arxiv for p in second}
    assert all(p.update is None for p in first + second)  # no entry of the real feeds is withdrawn
    with_doi = [p for p in first if p.rec.doi]
    assert with_doi and all(p.rec.doi.startswith("10.") for p in with_doi)


def test_openalex_documented_work_and_list(replay):
    replay.serve("/openalex/works/doi:10.7717/peerj.4375", "openalex/work-documented.json")
    replay.serve("/openalex/works", "openalex/list-documented.json")
    source = OpenAlex(f"{replay.base}/openalex", _http(), contact="curator@example.org")
    work = source.find_doi("10.7717/peerj.4375")
    assert (work.year, work.doi, work_authors(work)) == (2018, "10.7717/peerj.4375", ())  # the docs dropped authorships
    assert work.fields["source"] == "https://openalex.org/W2741809807"
    hit = source.find_title("Cleavage of Structural Proteins during the Assembly of the Head of Bacteriophage T4", ())
    assert hit.doi == "10.1038/227680a0"
    assert all(q.get("mailto") == "curator@example.org" for _, q, _ in replay.requests)


def test_openalex_429_without_retry_after_backs_off(replay):
    replay.serve("/openalex/works/doi:10.7717/peerj.4375", "openalex/documented-429.json",
                 "openalex/work-documented.json")
    pauses = []
    source = OpenAlex(f"{replay.base}/openalex", _http(pauses, backoff=1.5))
    assert source.find_doi("10.7717/peerj.4375").year == 2018
    assert pauses == [1.5]
