"""Crossref, arXiv, OpenAlex and DBLP as `sources.Source`s, reading each API's documented format.

Every lookup goes through `_ask`: an unreachable source counts a failure, marks itself down for the
rest of the run (so an offline run fails fast instead of waiting out every timeout) and answers
None; so does a source once the run's total deadline (`Deadline`) has passed. The assessment reads
`failures` to call a reference "not checked" rather than unverifiable or fabricated; a later run
answers from the cache what this one fetched, so an interrupted lock resumes where it stopped.

The Work a source returns says which service and which record decided it (`fields["source"]`, the
record's address) and carries the record's update status (`fields["x-update"]`, JSON: retracted or
corrected, date, notice, who said so).
"""
from __future__ import annotations

import json
import logging
import time
import urllib.parse

from ..records import UPDATE_FIELD, to_work
from ...model import Work
from . import parse
from .choose import choose
from .http import Http, Unreachable

log = logging.getLogger(__name__)
ROWS = 5


class Deadline:
    """A total time budget shared by every source of one run (None: no limit)."""

    def __init__(self, seconds: float | None, clock=time.monotonic) -> None:
        self.clock = clock
        self.until = None if seconds is None else clock() + seconds

    def passed(self) -> bool:
        return self.until is not None and self.clock() >= self.until


class OnlineSource:
    name = "online"
    takes_context = True  # find_title takes the entry's year and venue (lockfile.resolve_work)

    def __init__(self, base: str, http: Http, *, deadline: Deadline | None = None, contact: str = "") -> None:
        self.base, self.http = base.rstrip("/"), http
        self.deadline, self.contact = deadline or Deadline(None), contact
        self.failures, self.down = 0, False

    def _ask(self, path: str, params: dict | None = None) -> bytes | None:
        if self.down or self.deadline.passed():
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
            log.warning("%s answered with something that is not a JSON object", self.name)
            self.failures += 1  # an answer we cannot read checked nothing: not checked (exit 3)
            return None
        return doc

    def _polite(self, params: dict) -> dict:
        """Crossref's and OpenAlex's polite pools want the contact as `mailto` too."""
        return {**params, "mailto": self.contact} if self.contact else params

    def _work(self, parsed: parse.Parsed | None) -> Work | None:
        if parsed is None:
            return None
        work = to_work(parsed.rec, path=self.name)
        work.fields["source"] = parsed.rec.url or parsed.rec.id  # the record that decided
        work.fields["x-online"] = self.name  # findings name the service (resolve.describe)
        if parsed.update:
            work.fields[UPDATE_FIELD] = json.dumps(parsed.update, sort_keys=True)
        return work

    def _choose(self, title, authors, candidates, year=None, venue=None) -> Work | None:
        return self._work(choose(title, tuple(authors), [c for c in candidates if c is not None],
                                 year=year, venue=venue))

    def find_doi(self, doi: str) -> Work | None:
        return None

    def find_arxiv(self, arxiv_id: str) -> Work | None:
        return None

    def find_isbn(self, isbn: str) -> Work | None:
        return None

    def find_title(self, title: str, authors: tuple[str, ...], year: int | None = None,
                   venue: str | None = None) -> Work | None:
        return None


class Crossref(OnlineSource):
    """`/works/{doi}` and `/works?query.bibliographic=` (api.crossref.org)."""

    name = "crossref"

    def find_doi(self, doi):
        items = parse.crossref_items(self._json(f"/works/{urllib.parse.quote(doi, safe='/')}", self._polite({})))
        return self._work(parse.crossref(items[0])) if items else None

    def find_title(self, title, authors, year=None, venue=None):
        params = {"query.bibliographic": title, "rows": ROWS}
        if authors:
            params["query.author"] = " ".join(authors[:3])
        items = parse.crossref_items(self._json("/works", self._polite(params)))
        return self._choose(title, authors, [parse.crossref(i) for i in items], year, venue)


class OpenAlex(OnlineSource):
    """`/works/doi:{doi}` and `/works?search=` (api.openalex.org)."""

    name = "openalex"

    def find_doi(self, doi):
        doc = self._json(f"/works/doi:{urllib.parse.quote(doi, safe='/')}", self._polite({}))
        return self._work(parse.openalex(doc)) if isinstance(doc, dict) and doc.get("id") else None

    def find_title(self, title, authors, year=None, venue=None):
        doc = self._json("/works", self._polite({"search": title, "per-page": ROWS}))
        results = doc.get("results") or [] if isinstance(doc, dict) else []
        return self._choose(title, authors, [parse.openalex(r) for r in results if isinstance(r, dict)], year, venue)


class Arxiv(OnlineSource):
    """The Atom API `/query?id_list=` and `/query?search_query=ti:` (export.arxiv.org/api)."""

    name = "arxiv"

    def _entries(self, params: dict) -> list[parse.Parsed]:
        body = self._ask("/query", params)
        entries = parse.arxiv_feed(body) if body is not None else []
        if entries is None:
            log.warning("arxiv answered with malformed Atom")
            self.failures += 1
            return []
        return entries

    def find_arxiv(self, arxiv_id):
        found = [p for p in self._entries({"id_list": arxiv_id, "max_results": 1}) if p.rec.arxiv == arxiv_id]
        return self._work(found[0]) if found else None

    def find_title(self, title, authors, year=None, venue=None):
        words = " AND ".join(f"ti:{w}" for w in title.replace('"', " ").split()[:12])
        return self._choose(title, authors, self._entries({"search_query": words, "max_results": ROWS}), year, venue)


class Dblp(OnlineSource):
    """`/search/publ/api?q=...&format=json` (dblp.org)."""

    name = "dblp"

    def find_title(self, title, authors, year=None, venue=None):
        doc = self._json("/search/publ/api", {"q": title, "format": "json", "h": ROWS})
        return self._choose(title, authors, [parse.dblp(i) for i in parse.dblp_hits(doc)], year, venue)


SOURCES = {"crossref": Crossref, "arxiv": Arxiv, "openalex": OpenAlex, "dblp": Dblp}
