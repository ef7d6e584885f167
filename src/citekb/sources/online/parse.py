"""Each service's answer read by its documented schema, and nothing else.

Crossref: the Work object of https://github.com/CrossRef/rest-api-doc/blob/master/api_format.md, plus
`updated-by` as Crossref documents it for updates and Retraction Watch data
(https://crossref.gitlab.io/tutorials/get-rw-metadata/). OpenAlex: the Work object of
https://docs.openalex.org/api-entities/works/work-object. arXiv: the Atom entry of
https://info.arxiv.org/help/api/user-manual.html#_details_of_atom_results_returned. DBLP: the search
API of https://dblp.org/faq/How+to+use+the+dblp+search+API.html, whose hit `info` carries the record
fields of the DBLP DTD. `tests/online/test_documented_fields.py` keeps each parser to those fields.

A parse gives a `Parsed`: the record, whether it is a preprint, and its update status (retracted,
withdrawn, corrected) with the date and notice that said so.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from ..records import ARXIV_URL, Rec, authors_string, display_name, make_rec, person

ATOM = {"a": "http://www.w3.org/2005/Atom", "arxiv": "http://arxiv.org/schemas/atom",
        "opensearch": "http://a9.com/-/spec/opensearch/1.1/"}
RETRACTED = {"retraction", "withdrawal", "removal"}       # Crossref update types that void a work
CORRECTED = {"correction", "erratum", "corrigendum", "addendum", "clarification",
             "expression_of_concern", "expression-of-concern", "partial_retraction"}
MARKUP = re.compile(r"</?[A-Za-z][^<>]*>")                # JATS/HTML tags in Crossref titles
WITHDRAWN = re.compile(r"\b(withdrawn|has been withdrawn|withdraw this)\b", re.I)


@dataclass(frozen=True)
class Parsed:
    rec: Rec
    preprint: bool = False
    update: dict | None = None   # {"status": retracted|corrected, "type", "date", "notice", "source"}


def _first(value) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    return value if isinstance(value, str) else ""


def _year(date) -> int | None:
    parts = date.get("date-parts") if isinstance(date, dict) else None
    first = parts[0] if isinstance(parts, list) and parts and isinstance(parts[0], list) else []
    return first[0] if first and isinstance(first[0], int) else None


def _iso(date) -> str:
    parts = date.get("date-parts") if isinstance(date, dict) else None
    first = parts[0] if isinstance(parts, list) and parts and isinstance(parts[0], list) else []
    nums = [p for p in first if isinstance(p, int)]
    return "-".join(f"{n:02d}" if i else str(n) for i, n in enumerate(nums[:3]))


# ---- Crossref -----------------------------------------------------------------------------------

def crossref(item: dict) -> Parsed | None:
    """A Crossref Work (`/works/{doi}` message, or one of `/works?` message.items)."""
    names = [person(a.get("family") or "", a.get("given") or "") for a in item.get("author") or []
             if isinstance(a, dict) and a.get("family")]
    year = None
    for key in ("issued", "published-print", "published-online", "posted"):
        year = year or _year(item.get(key))
    kind = item.get("type") or ""
    entry = {"proceedings-article": "inproceedings", "book": "book", "book-chapter": "incollection"}.get(kind, "article")
    rec = make_rec(title=MARKUP.sub("", _first(item.get("title"))), authors=authors_string(names), year=year,
                   venue=MARKUP.sub("", _first(item.get("container-title"))), doi=item.get("DOI"),
                   isbn=_first(item.get("ISBN")) or None, url=item.get("URL"), entry_type=entry, source="crossref")
    if rec is None:
        return None
    return Parsed(rec, preprint=kind == "posted-content", update=_crossref_update(item.get("updated-by")))


def _crossref_update(updates) -> dict | None:
    """The gravest update in `updated-by`: a retraction outranks a correction; the earliest date wins."""
    found = []
    for u in updates if isinstance(updates, list) else []:
        if not isinstance(u, dict):
            continue
        kind = str(u.get("type") or "").lower()
        status = "retracted" if kind in RETRACTED else "corrected" if kind in CORRECTED else None
        if status:
            found.append((status != "retracted", _iso(u.get("updated")), {
                "status": status, "type": kind, "date": _iso(u.get("updated")),
                "notice": str(u.get("DOI") or "").lower(), "source": f"crossref ({u.get('source') or 'publisher'})"}))
    return min(found, key=lambda f: (f[0], f[1]))[2] if found else None


def crossref_items(doc) -> list[dict]:
    message = doc.get("message") if isinstance(doc, dict) else None
    if isinstance(message, dict) and isinstance(message.get("items"), list):
        return [i for i in message["items"] if isinstance(i, dict)]
    return [message] if isinstance(message, dict) and message.get("DOI") else []


# ---- OpenAlex -----------------------------------------------------------------------------------

def openalex(obj: dict) -> Parsed | None:
    """An OpenAlex Work: `title`/`display_name`, `publication_year`, `authorships[].author.display_name`,
    `primary_location.source`, `locations[].landing_page_url`, `ids`, `is_retracted`."""
    names = [display_name(((a.get("author") or {}).get("display_name")) or "")
             for a in obj.get("authorships") or [] if isinstance(a, dict)]
    primary = obj.get("primary_location") if isinstance(obj.get("primary_location"), dict) else {}
    source = primary.get("source") if isinstance(primary.get("source"), dict) else {}
    arxiv = None
    for loc in [primary, *(obj.get("locations") or [])]:
        m = ARXIV_URL.search((loc or {}).get("landing_page_url") or "") if isinstance(loc, dict) else None
        if m:
            arxiv = m.group(1)
            break
    ids = obj.get("ids") if isinstance(obj.get("ids"), dict) else {}
    preprint = primary.get("version") == "submittedVersion" or source.get("type") == "repository"
    rec = make_rec(title=obj.get("title") or obj.get("display_name"), authors=authors_string(names),
                   year=obj.get("publication_year"), venue="" if preprint else source.get("display_name") or "",
                   doi=obj.get("doi") or ids.get("doi"), arxiv=arxiv, url=obj.get("id") or ids.get("openalex"),
                   source="openalex")
    if rec is None:
        return None
    update = {"status": "retracted", "type": "retraction", "date": "", "notice": "",
              "source": "openalex (is_retracted)"} if obj.get("is_retracted") is True else None
    return Parsed(rec, preprint=preprint, update=update)


# ---- arXiv ----------------------------------------------------------------------------------------

def _text(entry: ET.Element, path: str) -> str:
    return (entry.findtext(path, "", ATOM) or "").strip()


def _all(entry: ET.Element, path: str) -> list[ET.Element]:
    return entry.findall(path, ATOM)


def arxiv_feed(body: bytes) -> list[Parsed] | None:
    """The entries of an Atom feed; None for a body that is not Atom (the caller: not checked)."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError:
        return None
    return [p for p in (arxiv_entry(e) for e in _all(root, "a:entry")) if p is not None]


def arxiv_entry(entry: ET.Element) -> Parsed | None:
    abs_id = _text(entry, "a:id").rsplit("/abs/", 1)[-1]
    if "/abs/" not in _text(entry, "a:id") or _text(entry, "a:title").lower() == "error":
        return None  # the API reports a bad query as one entry titled "Error"
    bare = re.sub(r"v\d+$", "", abs_id)
    names = [display_name(_text(a, "a:name")) for a in _all(entry, "a:author")]
    journal = _text(entry, "arxiv:journal_ref")
    rec = make_rec(title=_text(entry, "a:title"), authors=authors_string(names), year=_text(entry, "a:published")[:4],
                   venue=journal, doi=_text(entry, "arxiv:doi") or None, arxiv=bare,
                   url=f"https://arxiv.org/abs/{bare}", source="arxiv")
    if rec is None:
        return None
    comment = _text(entry, "arxiv:comment")
    update = {"status": "retracted", "type": "withdrawal", "date": _text(entry, "a:updated")[:10], "notice": abs_id,
              "source": "arxiv (comment)"} if WITHDRAWN.search(comment) else None
    return Parsed(rec, preprint=not journal, update=update)


# ---- DBLP -------------------------------------------------------------------------------------------

def dblp_hits(doc) -> list[dict]:
    hits = (((doc.get("result") or {}).get("hits") or {}).get("hit") or []) if isinstance(doc, dict) else []
    hits = hits if isinstance(hits, list) else [hits]
    return [h.get("info") for h in hits if isinstance(h, dict) and isinstance(h.get("info"), dict)]


def dblp(info: dict) -> Parsed | None:
    people = (info.get("authors") or {}).get("author") or [] if isinstance(info.get("authors"), dict) else []
    people = people if isinstance(people, list) else [people]
    names = [display_name(p.get("text", "") if isinstance(p, dict) else str(p)) for p in people]
    venue = info.get("venue") or ""
    venue = " ".join(venue) if isinstance(venue, list) else str(venue)
    ee = info.get("ee") or ""
    ee = ee if isinstance(ee, str) else " ".join(e for e in ee if isinstance(e, str))
    m = ARXIV_URL.search(ee)
    kind = "inproceedings" if "Conference" in str(info.get("type") or "") else "article"
    preprint = venue == "CoRR"
    rec = make_rec(title=info.get("title"), authors=authors_string(names), year=info.get("year"),
                   venue="" if preprint else venue, doi=info.get("doi"), arxiv=m.group(1) if m else None,
                   url=info.get("url"), entry_type=kind, source="dblp")
    return Parsed(rec, preprint=preprint or str(info.get("type") or "").startswith("Informal")) if rec else None
