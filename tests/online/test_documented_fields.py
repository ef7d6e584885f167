"""Each parser reads only fields its service documents: every field access on a recorded answer is
traced and checked against that service's documented field paths (with the page that says so)."""
from __future__ import annotations

import json

import pytest

from citekb.sources.online import parse
from fakeapi import BERT
from replay import RECORDED, body

CROSSREF_DOC = "https://github.com/CrossRef/rest-api-doc/blob/master/api_format.md"
CROSSREF_UPDATES = "https://crossref.gitlab.io/tutorials/get-rw-metadata/"
DATE = ("date-parts",)
DOCUMENTED = {
    "crossref": {  # Work fields of api_format.md; `updated-by` from the Retraction Watch tutorial
        **{f: CROSSREF_DOC for f in ("title", "author", "author[].family", "author[].given", "type", "DOI",
                                     "URL", "ISBN", "container-title", "issued", "published-print",
                                     "published-online", "posted", "message", "message.items")},
        **{f"{d}.{p}": CROSSREF_DOC for d in ("issued", "published-print", "published-online", "posted",
                                               "updated-by[].updated") for p in DATE},
        **{f: CROSSREF_UPDATES for f in ("updated-by", "updated-by[].type", "updated-by[].DOI",
                                         "updated-by[].updated", "updated-by[].source", "updated-by[].label",
                                         "updated-by[].record-id")},
    },
    "openalex": {f: "https://docs.openalex.org/api-entities/works/work-object" for f in (
        "id", "doi", "title", "display_name", "publication_year", "ids", "ids.doi", "ids.openalex",
        "authorships", "authorships[].author", "authorships[].author.display_name", "primary_location",
        "primary_location.source", "primary_location.source.display_name", "primary_location.source.type",
        "primary_location.version", "primary_location.landing_page_url", "locations",
        "locations[].landing_page_url", "is_retracted", "results", "meta")},
    "arxiv": {f: "https://info.arxiv.org/help/api/user-manual.html#_details_of_atom_results_returned" for f in (
        "a:entry", "a:id", "a:title", "a:published", "a:updated", "a:author", "a:name", "a:summary",
        "arxiv:comment", "arxiv:journal_ref", "arxiv:doi", "arxiv:primary_category")},
    # The search API's envelope (FAQ) and the record fields of the DBLP DTD; the FAQ shows the JSON
    # wrapping of authors as authors.author[].text.
    "dblp": {f: "https://dblp.org/faq/How+to+use+the+dblp+search+API.html" for f in (
        "result", "result.hits", "result.hits.hit", "result.hits.hit[].info", "authors", "authors.author",
        "authors.author[].text", "title", "venue", "year", "type", "doi", "ee", "url", "key", "pages")},
}


class Traced(dict):
    """A JSON object that records the path of every field read from it."""

    def __init__(self, data: dict, path: str, seen: set) -> None:
        super().__init__(data)
        self._path, self._seen = path, seen

    def _wrap(self, key, value):
        name = f"{self._path}.{key}" if self._path else str(key)
        self._seen.add(name)
        return trace(value, name, self._seen)

    def get(self, key, default=None):
        return self._wrap(key, super().get(key, default))

    def __getitem__(self, key):
        return self._wrap(key, super().__getitem__(key))

    def __contains__(self, key):
        self._seen.add(f"{self._path}.{key}" if self._path else str(key))
        return super().__contains__(key)


class TracedList(list):
    def __init__(self, data, path, seen):
        super().__init__(trace(v, f"{path}[]", seen) for v in data)


def trace(value, path: str, seen: set):
    if isinstance(value, dict):
        return Traced(value, path, seen)
    if isinstance(value, list):
        return TracedList(value, path, seen)
    return value


def _undocumented(service: str, seen: set) -> set:
    """Paths not documented; Crossref's envelope holds Work objects (`message`, `message.items[]`)."""
    if service == "crossref":
        seen = {p if p in ("message", "message.items") else p.removeprefix("message.items[].").removeprefix("message.")
                for p in seen}
    return {p for p in seen if p not in DOCUMENTED[service]}


JSON_ANSWERS = sorted(p.name for p in (RECORDED / "crossref").glob("*.json")
                      if body(f"crossref/{p.name}").strip().startswith(b"{"))  # not the bare 404/429/503


@pytest.mark.parametrize("name", JSON_ANSWERS)
def test_crossref_parser_reads_documented_fields_only(name):
    text = body(f"crossref/{name}")
    seen: set = set()
    for item in parse.crossref_items(trace(json.loads(text), "", seen)):
        item_seen: set = set()
        parse.crossref(trace(dict(item), "", item_seen))
        seen |= item_seen
    assert _undocumented("crossref", seen) == set()


@pytest.mark.parametrize("name", ["work-documented.json", "list-documented.json", "cursor-documented.json"])
def test_openalex_parser_reads_documented_fields_only(name):
    seen: set = set()
    doc = trace(json.loads(body(f"openalex/{name}")), "", seen)
    for obj in doc.get("results") or [doc]:
        obj_seen: set = set()
        parse.openalex(trace(dict(obj), "", obj_seen))
        seen |= obj_seen
    assert _undocumented("openalex", seen) == set()


def test_dblp_parser_reads_documented_fields_only():
    seen: set = set()
    envelope = {"result": {"hits": {"hit": [{"info": BERT}]}}}
    for info in parse.dblp_hits(trace(envelope, "", seen)):
        info_seen: set = set()
        parse.dblp(trace(dict(info), "", info_seen))
        seen |= info_seen
    assert _undocumented("dblp", seen) == set()


@pytest.mark.parametrize("name", sorted(p.name for p in (RECORDED / "arxiv").glob("*.json")))
def test_arxiv_parser_reads_documented_elements_only(name, monkeypatch):
    seen: set = set()
    text, find_all = parse._text, parse._all
    monkeypatch.setattr(parse, "_text", lambda e, path: seen.add(path) or text(e, path))
    monkeypatch.setattr(parse, "_all", lambda e, path: seen.add(path) or find_all(e, path))
    parse.arxiv_feed(body(f"arxiv/{name}"))
    assert _undocumented("arxiv", seen) == set()


def test_the_tracer_catches_an_undocumented_field():
    seen: set = set()
    trace({"subtype": "preprint"}, "", seen).get("subtype")
    assert _undocumented("crossref", seen) == {"subtype"}
