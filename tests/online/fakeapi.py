"""A local stand-in for Crossref, arXiv, OpenAlex and DBLP, answering in each API's own format.

Served on 127.0.0.1 from a daemon thread; `/crossref`, `/arxiv`, `/openalex` and `/dblp` are the
base URLs the tests configure. Every request is recorded (path, User-Agent) so that tests can
assert caching and politeness; `fail_next` makes the next N requests answer 503.
"""
from __future__ import annotations

import json
import urllib.parse
from xml.sax.saxutils import escape

from localserver import LocalServer

LSTM = {"DOI": "10.1162/neco.1997.9.8.1735", "type": "journal-article", "title": ["Long Short-Term Memory"],
        "author": [{"given": "Sepp", "family": "Hochreiter", "sequence": "first"},
                   {"given": "Jürgen", "family": "Schmidhuber", "sequence": "additional"}],
        "container-title": ["Neural Computation"], "issued": {"date-parts": [[1997, 11, 1]]},
        "URL": "https://doi.org/10.1162/neco.1997.9.8.1735"}
ATTENTION = {"id": "1706.03762", "title": "Attention Is All You Need", "published": "2017-06-12T17:57:34Z",
             "authors": ["Ashish Vaswani", "Noam Shazeer", "Niki Parmar", "Jakob Uszkoreit", "Llion Jones",
                         "Aidan N. Gomez", "Lukasz Kaiser", "Illia Polosukhin"]}
DEEP = {"id": "https://openalex.org/W2919115771", "doi": "https://doi.org/10.1038/nature14539", "title": "Deep learning",
        "display_name": "Deep learning", "publication_year": 2015, "type": "article",
        "ids": {"openalex": "https://openalex.org/W2919115771", "doi": "https://doi.org/10.1038/nature14539"},
        "primary_location": {"landing_page_url": "https://doi.org/10.1038/nature14539", "source": {"display_name": "Nature"}},
        "authorships": [{"author_position": "first", "author": {"display_name": "Yann LeCun"}},
                        {"author_position": "middle", "author": {"display_name": "Yoshua Bengio"}},
                        {"author_position": "last", "author": {"display_name": "Geoffrey E. Hinton"}}]}
BERT = {"authors": {"author": [{"@pid": "69/4071", "text": "Jacob Devlin"}, {"@pid": "3", "text": "Ming-Wei Chang"},
                               {"@pid": "4", "text": "Kenton Lee"}, {"@pid": "5", "text": "Kristina Toutanova"}]},
        "title": "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding.",
        "venue": "NAACL-HLT (1)", "pages": "4171-4186", "year": "2019", "type": "Conference and Workshop Papers",
        "access": "open", "key": "conf/naacl/DevlinCLT19", "doi": "10.18653/V1/N19-1423",
        "ee": "https://doi.org/10.18653/v1/n19-1423", "url": "https://dblp.org/rec/conf/naacl/DevlinCLT19"}


def _words(text: str) -> set[str]:
    return {w for w in "".join(c.lower() if c.isalnum() else " " for c in text).split() if len(w) > 3}


def _like(query: str, title: str) -> bool:
    q, t = _words(query), _words(title)
    return bool(q) and len(q & t) >= max(1, len(q) // 2)


def atom(entries: list[dict]) -> bytes:
    body = "".join(
        f"<entry><id>http://arxiv.org/abs/{e['id']}v7</id><published>{e['published']}</published>"
        f"<title>{escape(e['title'])}</title>"
        + "".join(f"<author><name>{escape(a)}</name></author>" for a in e["authors"])
        + "</entry>" for e in entries)
    return ('<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom" '
            'xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">'
            f"<title>arXiv Query</title><opensearch:totalResults>{len(entries)}</opensearch:totalResults>"
            f"{body}</feed>").encode()


class FakeApi(LocalServer):
    def __init__(self) -> None:
        super().__init__()
        self.requests: list[tuple[str, str]] = []
        self.fail_next = 0

    def handle(self, path: str, user_agent: str) -> tuple[int, dict, bytes]:
        self.requests.append((path, user_agent))
        if self.fail_next:
            self.fail_next -= 1
            return 503, {"Content-Type": "text/plain"}, b"busy"
        status, body, kind = self.answer(path)
        return status, {"Content-Type": kind}, body

    def config(self, **extra) -> str:
        """The `[online]` table of a citekb.toml pointing every resolver at this server."""
        lines = ["[online]", *(f'{n} = "{self.base}/{n}"' for n in ("crossref", "arxiv", "openalex", "dblp")),
                 "retries = 1", "backoff = 0", "interval = 0", "timeout = 5",
                 *(f"{k} = {json.dumps(v)}" for k, v in extra.items())]
        return "\n".join(lines) + "\n"

    def answer(self, raw: str) -> tuple[int, bytes, str]:
        url = urllib.parse.urlsplit(raw)
        q = {k: v[0] for k, v in urllib.parse.parse_qs(url.query).items()}
        path = urllib.parse.unquote(url.path)
        js = lambda doc: (200, json.dumps(doc).encode(), "application/json")  # noqa: E731
        if path.startswith("/crossref/works/"):
            doi = path.removeprefix("/crossref/works/").lower()
            if doi == LSTM["DOI"]:
                return js({"status": "ok", "message-type": "work", "message-version": "1.0.0", "message": LSTM})
            return 404, b"Resource not found.", "text/plain"
        if path == "/crossref/works":
            items = [LSTM] if _like(q.get("query.bibliographic", ""), LSTM["title"][0]) else []
            return js({"status": "ok", "message-type": "work-list",
                       "message": {"total-results": len(items), "items": items, "items-per-page": 5}})
        if path == "/arxiv/query":
            if "id_list" in q:
                return 200, atom([ATTENTION] if q["id_list"] == ATTENTION["id"] else []), "application/atom+xml"
            terms = q.get("search_query", "").replace("ti:", " ").replace(" AND ", " ")
            return 200, atom([ATTENTION] if _like(terms, ATTENTION["title"]) else []), "application/atom+xml"
        if path.startswith("/openalex/works/doi:"):
            if path.lower().endswith("10.1038/nature14539"):
                return js(DEEP)
            return 404, json.dumps({"error": "Not found"}).encode(), "application/json"
        if path == "/openalex/works":
            return js({"meta": {"count": 1}, "results": [DEEP] if _like(q.get("search", ""), DEEP["title"] + " deep learning") else []})
        if path == "/dblp/search/publ/api":
            hits = [{"@score": "9", "@id": "1", "info": BERT}] if _like(q.get("q", ""), BERT["title"]) else []
            return js({"result": {"query": q.get("q", ""), "status": {"@code": "200", "text": "OK"},
                                  "hits": {"@total": str(len(hits)), "@sent": str(len(hits)), "hit": hits}}})
        return 404, b"no such endpoint", "text/plain"
