"""Crossref, arXiv, OpenAlex and DBLP as `resolve.Source`s, reading each API's own format.

Every lookup goes through `_ask`: an unreachable source counts a failure, marks itself down for the
rest of the run (so an offline run fails fast instead of waiting out every timeout) and answers
None. The assessment reads `failures` to call a reference "not checked" rather than unverifiable
or fabricated.
"""
from __future__ import annotations

import json
import logging
import urllib.parse
import xml.etree.ElementTree as ET

from ..index import formats as fm
from ..index.records import Rec, authors_string, best_match, display_name, make_rec, to_work
from ..model import Work
from .http import Http, Unreachable

log = logging.getLogger(__name__)
ATOM = {"a": "http://www.w3.org/2005/Atom", "arxiv": "http://arxiv.org/schemas/atom"}
ROWS = 5


class OnlineSource:
    name = "online"

    def __init__(self, base: str, http: Http) -> None:
        self.base, self.http = base.rstrip("/"), http
        self.failures, self.down = 0, False

    def _ask(self, path: str, params: dict | None = None) -> bytes | None:
        if self.down:
            self.failures += 1
            return None
        url = f"{self.base}{path}" + (f"?{urllib.parse.urlencode(params)}" if params else "")
        try:
            return self.http.get(url)
        except Unreachable as exc:
            log.warning("%s is unreachable: %s", self.name, exc)
            self.failures += 1
            self.down = True
            return None

    def _json(self, path: str, params: dict | None = None):
        body = self._ask(path, params)
        if body is None:
            return None
        try:
            doc = json.loads(body)
        except (json.JSONDecodeError, UnicodeDecodeError, RecursionError):
            doc = None
        if not isinstance(doc, dict):
            return self._garbled("something that is not a JSON object")
        return doc

    def _garbled(self, what: str):
        """A 200 answer that cannot be read is no answer: the lookup was not checked (exit 3),
        which is not the same as "no such record" (unverifiable)."""
        log.warning("%s answered with %s", self.name, what)
        self.failures += 1
        return None

    def _map(self, reader, item) -> Rec | None:
        try:
            return fm.mapped(reader, item)
        except fm.FormatError as exc:
            return self._garbled(str(exc))

    def _work(self, rec: Rec | None) -> Work | None:
        return to_work(rec, path=self.name) if rec else None

    def _best(self, title: str, authors: tuple[str, ...], recs) -> Work | None:
        return best_match(title, authors, [self._work(r) for r in recs if r is not None])

    def find_doi(self, doi: str) -> Work | None:
        return None

    def find_arxiv(self, arxiv_id: str) -> Work | None:
        return None

    def find_isbn(self, isbn: str) -> Work | None:
        return None

    def find_title(self, title: str, authors: tuple[str, ...]) -> Work | None:
        return None


class Crossref(OnlineSource):
    """`/works/{doi}` and `/works?query.bibliographic=` (api.crossref.org)."""

    name = "crossref"

    def find_doi(self, doi):
        doc = self._json(f"/works/{urllib.parse.quote(doi, safe='/')}")
        return self._work(self._map(fm.from_crossref, doc["message"])) if isinstance(doc, dict) and isinstance(doc.get("message"), dict) else None

    def find_title(self, title, authors):
        params = {"query.bibliographic": title, "rows": ROWS}
        if authors:
            params["query.author"] = " ".join(authors[:3])
        doc = self._json("/works", params)
        items = ((doc or {}).get("message") or {}).get("items") or [] if isinstance(doc, dict) else []
        return self._best(title, authors, [self._map(fm.from_crossref, i) for i in items if isinstance(i, dict)])


class OpenAlex(OnlineSource):
    """`/works/doi:{doi}` and `/works?search=` (api.openalex.org)."""

    name = "openalex"

    def find_doi(self, doi):
        doc = self._json(f"/works/doi:{urllib.parse.quote(doi, safe='/')}")
        return self._work(self._map(fm.from_openalex, doc)) if isinstance(doc, dict) and doc.get("id") else None

    def find_title(self, title, authors):
        doc = self._json("/works", {"search": title, "per-page": ROWS})
        results = doc.get("results") or [] if isinstance(doc, dict) else []
        return self._best(title, authors, [self._map(fm.from_openalex, r) for r in results if isinstance(r, dict)])


class Arxiv(OnlineSource):
    """The Atom API `/query?id_list=` and `/query?search_query=ti:` (export.arxiv.org/api)."""

    name = "arxiv"

    def _entries(self, params: dict) -> list[Rec]:
        body = self._ask("/query", params)
        if body is None:
            return []
        try:
            root = ET.fromstring(body)
        except ET.ParseError:
            return self._garbled("malformed Atom") or []
        return [r for r in (_atom_rec(e) for e in root.findall("a:entry", ATOM)) if r is not None]

    def find_arxiv(self, arxiv_id):
        recs = [r for r in self._entries({"id_list": arxiv_id, "max_results": 1}) if r.arxiv == arxiv_id]
        return self._work(recs[0]) if recs else None

    def find_title(self, title, authors):
        words = " AND ".join(f"ti:{w}" for w in title.replace('"', " ").split()[:12])
        return self._best(title, authors, self._entries({"search_query": words, "max_results": ROWS}))


class Dblp(OnlineSource):
    """`/search/publ/api?q=...&format=json` (dblp.org)."""

    name = "dblp"

    def find_title(self, title, authors):
        doc = self._json("/search/publ/api", {"q": title, "format": "json", "h": ROWS})
        hits = (((doc or {}).get("result") or {}).get("hits") or {}).get("hit") or [] if isinstance(doc, dict) else []
        return self._best(title, authors, [self._map(_dblp_rec, h.get("info") or {}) for h in hits if isinstance(h, dict)])


def _atom_rec(entry: ET.Element) -> Rec | None:
    text = lambda path: (entry.findtext(path, "", ATOM) or "").strip()  # noqa: E731
    abs_id = text("a:id").rsplit("/abs/", 1)[-1]
    if not abs_id or text("a:title").lower() == "error":
        return None
    names = [display_name(a.findtext("a:name", "", ATOM)) for a in entry.findall("a:author", ATOM)]
    return make_rec(title=text("a:title"), authors=authors_string(names), year=text("a:published")[:4],
                    venue=text("arxiv:journal_ref"), doi=text("arxiv:doi") or None, arxiv=abs_id,
                    url=f"https://arxiv.org/abs/{abs_id}", source="arxiv")


def _dblp_rec(info: dict) -> Rec | None:
    people = (info.get("authors") or {}).get("author") or []
    people = people if isinstance(people, list) else [people]
    names = [display_name(p.get("text", "") if isinstance(p, dict) else str(p)) for p in people]
    venue = info.get("venue") or ""
    venue = " ".join(venue) if isinstance(venue, list) else venue
    ee = info.get("ee") or ""
    m = fm.ARXIV_URL.search(ee if isinstance(ee, str) else "")
    kind = "inproceedings" if "Conference" in (info.get("type") or "") else "article"
    return make_rec(title=info.get("title"), authors=authors_string(names), year=info.get("year"),
                    venue="" if venue == "CoRR" else venue, doi=info.get("doi"), arxiv=m.group(1) if m else None,
                    url=info.get("url"), entry_type=kind, source="dblp")


SOURCES = {"crossref": Crossref, "arxiv": Arxiv, "openalex": OpenAlex, "dblp": Dblp}
