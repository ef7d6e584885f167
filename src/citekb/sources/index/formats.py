"""Readers for bibliographic dumps in their published formats, one record at a time.

Each reader maps the format's own field names to a `Rec` and skips what is not a work (DBLP person
pages, records without a title). JSON-lines formats are read line by line and DBLP XML is fed to
expat in chunks, so memory stays flat however large the dump; Crossref and CSL-JSON documents and
BibTeX files are read whole (Crossref's dumps come split into small files).
"""
from __future__ import annotations

import html.entities
import json
import re
import xml.etree.ElementTree as ET
from typing import IO, Iterator

from ..records import ARXIV_URL, Rec, authors_string, display_name, make_rec, person

FORMATS = ("dblp-xml", "arxiv-oai-jsonl", "openalex-jsonl", "crossref-json", "bibtex", "csl-json")
LINE_FORMATS = ("arxiv-oai-jsonl", "openalex-jsonl", "crossref-jsonl", "csl-jsonl")
DBLP_WORKS = {"article", "inproceedings", "incollection", "book", "phdthesis", "mastersthesis"}
_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")


class FormatError(ValueError):
    """The file is not in the format it claims; the CLI reports it with the record number."""


# ---- JSON lines -------------------------------------------------------------------------------

def from_arxiv(obj: dict) -> Rec | None:
    """An arXiv OAI metadata snapshot line (`id`, `title`, `authors_parsed`, `versions`, ...)."""
    parsed = obj.get("authors_parsed") or []
    if parsed:
        names = [person(p[0], " ".join(x for x in p[1:] if x)) for p in parsed if p]
    else:
        names = [display_name(n) for n in re.split(r",\s*|\s+and\s+", obj.get("authors") or "")]
    versions = obj.get("versions") or []
    created = versions[0].get("created", "") if versions and isinstance(versions[0], dict) else ""
    year = _first_year(created) or _arxiv_id_year(obj.get("id") or "") or _first_year(obj.get("update_date", ""))
    return make_rec(title=obj.get("title"), authors=authors_string(names), year=year,
                    venue=obj.get("journal-ref") or "", doi=(obj.get("doi") or "").split()[0] if obj.get("doi") else None,
                    arxiv=obj.get("id"), url=f"https://arxiv.org/abs/{obj.get('id')}", source="arxiv")


def from_openalex(obj: dict) -> Rec | None:
    """An OpenAlex work (`display_name`, `publication_year`, `authorships`, `primary_location`)."""
    names = [display_name(((a or {}).get("author") or {}).get("display_name") or "") for a in obj.get("authorships") or []]
    primary = obj.get("primary_location") or {}
    venue = ((primary.get("source") or {}).get("display_name")) or ""
    arxiv = None
    for loc in [primary, *(obj.get("locations") or [])]:
        m = ARXIV_URL.search((loc or {}).get("landing_page_url") or "")
        if m:
            arxiv = m.group(1)
            break
    ids = obj.get("ids") or {}
    kind = {"proceedings-article": "inproceedings", "book": "book"}.get(obj.get("type_crossref") or "", "article")
    return make_rec(title=obj.get("title") or obj.get("display_name"), authors=authors_string(names),
                    year=obj.get("publication_year"), venue=venue, doi=obj.get("doi") or ids.get("doi"),
                    arxiv=arxiv, url=ids.get("openalex") or obj.get("id"), entry_type=kind, source="openalex")


def from_crossref(item: dict) -> Rec | None:
    """A Crossref work (`DOI`, `title[]`, `author[].family/given`, `issued.date-parts`)."""
    names = [person(a.get("family") or a.get("name") or "", a.get("given") or "") for a in item.get("author") or []]
    parts = ((item.get("issued") or item.get("published") or {}).get("date-parts") or [[None]])[0] or [None]
    kind = {"proceedings-article": "inproceedings", "book": "book", "book-chapter": "incollection"}.get(
        item.get("type") or "", "article")
    isbn = (item.get("ISBN") or [None])[0]
    return make_rec(title=_first(item.get("title")), authors=authors_string(names), year=parts[0],
                    venue=_first(item.get("container-title")), doi=item.get("DOI"), isbn=isbn,
                    url=item.get("URL"), entry_type=kind, source="crossref")


def from_csl(item: dict) -> Rec | None:
    """A CSL-JSON item (`title`, `author[].family/given/literal`, `issued`, `container-title`)."""
    names = [person(a.get("family") or "", a.get("given") or "") if a.get("family") else
             "{" + (a.get("literal") or "") + "}" for a in item.get("author") or [] if isinstance(a, dict)]
    issued = item.get("issued") or {}
    parts = (issued.get("date-parts") or [[None]])[0] or [None]
    year = parts[0] or _first_year(str(issued.get("literal") or issued.get("raw") or ""))
    url = item.get("URL") or ""
    m = ARXIV_URL.search(url)
    kind = {"paper-conference": "inproceedings", "book": "book", "chapter": "incollection"}.get(item.get("type") or "", "article")
    return make_rec(title=item.get("title"), authors=authors_string(names), year=year,
                    venue=_first(item.get("container-title")) or item.get("publisher") or "", doi=item.get("DOI"),
                    arxiv=m.group(1) if m else None, isbn=_first(item.get("ISBN")), url=url or None,
                    entry_type=kind, source="csl-json")


LINE_READERS = {"arxiv-oai-jsonl": from_arxiv, "openalex-jsonl": from_openalex,
                "crossref-jsonl": from_crossref, "csl-jsonl": from_csl}


def read_line(fmt: str, line: bytes) -> Rec | None:
    line = line.strip()
    if not line:
        return None
    try:
        obj = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise FormatError(f"not a JSON line: {exc}") from None
    if not isinstance(obj, dict):
        raise FormatError("a JSON line is not an object")
    return mapped(LINE_READERS[fmt], obj)


def mapped(reader, item: dict) -> Rec | None:
    """`reader(item)`, with a field of the wrong type (a number where the format has a list, a
    string where it has an object) reported as a malformed record rather than a crash."""
    try:
        return reader(item)
    except (AttributeError, TypeError, KeyError, IndexError, ValueError) as exc:
        raise FormatError(f"malformed record: a field has an unexpected type or shape ({exc})") from None


# ---- whole JSON documents and BibTeX --------------------------------------------------------

def read_crossref(data: bytes) -> Iterator[Rec | None]:
    """A Crossref API response (`message.items[]` or one `message`) or a dump file (`items[]`)."""
    doc = _json(data)
    message = doc.get("message", doc) if isinstance(doc, dict) else {"items": doc}
    items = message.get("items") if isinstance(message, dict) and "items" in message else [message]
    for item in items or []:
        yield mapped(from_crossref, item) if isinstance(item, dict) else None


def read_csl(data: bytes) -> Iterator[Rec | None]:
    doc = _json(data)
    for item in doc if isinstance(doc, list) else [doc]:
        yield mapped(from_csl, item) if isinstance(item, dict) else None


def read_bibtex(data: bytes, name: str) -> Iterator[Rec | None]:
    from ...load.bibtex import decode_bytes, load_bibtex

    text, _ = decode_bytes(data, name)
    for w in load_bibtex(text, name)[0]:
        yield make_rec(title=w.title, authors=w.raw_fields.get("author", ""), year=w.year, venue=w.venue if w.venue != "arXiv" else "",
                       doi=w.doi, arxiv=w.arxiv, isbn=w.isbn, url=w.url, entry_type=w.entry_type, source="bibtex")


# ---- DBLP XML ---------------------------------------------------------------------------------

class _DblpTarget:
    """Expat target that turns `<article>`, `<inproceedings>`, ... into records as they close."""

    def __init__(self) -> None:
        self.depth, self.tag, self.fields, self.buf, self.out = 0, "", {}, [], []

    def start(self, tag, attrib):
        self.depth += 1
        if self.depth == 2:
            self.tag, self.fields = tag, {}
        elif self.depth == 3:
            self.buf = []

    def data(self, text):
        if self.depth >= 3:
            self.buf.append(text)

    def end(self, tag):
        if self.depth == 3:
            self.fields.setdefault(tag, []).append("".join(self.buf).strip())
        elif self.depth == 2:
            self.out.append(self._record() if self.tag in DBLP_WORKS else None)
        self.depth -= 1

    def close(self):
        return None

    def _record(self) -> Rec | None:
        f = self.fields
        doi = arxiv = None
        for ee in f.get("ee", []):
            if "doi.org/" in ee and doi is None:
                doi = ee
            m = ARXIV_URL.search(ee)
            if m and arxiv is None:
                arxiv = m.group(1)
        venue = _first(f.get("journal")) or _first(f.get("booktitle")) or _first(f.get("publisher"))
        if venue == "CoRR":
            venue = ""  # DBLP files arXiv preprints under the journal "CoRR"
        return make_rec(title=_first(f.get("title")), authors=authors_string(display_name(a) for a in f.get("author", [])),
                        year=_first(f.get("year")), venue=venue, doi=doi, arxiv=arxiv, isbn=_first(f.get("isbn")),
                        url=_first(f.get("ee")), entry_type=self.tag if self.tag != "phdthesis" else "phdthesis",
                        source="dblp")


def read_dblp(fh: IO[bytes], chunk: int = 1 << 20) -> Iterator[Rec | None]:
    """DBLP XML fed in 1 MiB chunks; the DTD's named character entities are known to the parser."""
    target = _DblpTarget()
    parser = ET.XMLParser(target=target)
    parser.entity.update({k: chr(v) for k, v in html.entities.name2codepoint.items()})
    while True:
        data = fh.read(chunk)
        try:
            parser.feed(data) if data else parser.close()
        except ET.ParseError as exc:
            raise FormatError(f"malformed XML: {exc}") from None
        yield from target.out
        target.out.clear()
        if not data:
            return


# ---- detection --------------------------------------------------------------------------------

def detect(name: str, head: bytes) -> str | None:
    """The format of a dump from its name and first bytes; None when it cannot tell."""
    low = name.lower().removesuffix(".gz")
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    if low.endswith(".xml") or text.startswith("<?xml") or text.startswith("<dblp"):
        return "dblp-xml"
    if low.endswith((".bib", ".bibtex")) or text.startswith("@"):
        return "bibtex"
    if text.startswith("["):
        return "csl-json"
    first = text.split("\n", 1)[0]
    try:
        obj = json.loads(first)
    except json.JSONDecodeError:
        return "crossref-json" if '"message"' in text[:2000] or '"items"' in text[:2000] else None
    if not isinstance(obj, dict):
        return None
    if "message" in obj or "items" in obj:
        return "crossref-json"
    if "authors_parsed" in obj or ("versions" in obj and "id" in obj):
        return "arxiv-oai-jsonl"
    if "authorships" in obj or "publication_year" in obj:
        return "openalex-jsonl"
    if "DOI" in obj and "container-title" in obj and isinstance(obj.get("title"), list):
        return "crossref-jsonl"
    if "type" in obj and "title" in obj:
        return "csl-jsonl"
    return None


def _json(data: bytes):
    try:
        return json.loads(data.decode("utf-8-sig"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise FormatError(f"not a JSON document: {exc}") from None


def _first(value) -> str:
    if isinstance(value, list):
        return str(value[0]) if value else ""
    return str(value or "")


def _first_year(text: str) -> int | None:
    m = _YEAR.search(text or "")
    return int(m.group(1)) if m else None


def _arxiv_id_year(arxiv_id: str) -> int | None:
    from ... import normalize as nz

    norm = nz.arxiv(arxiv_id)
    return nz.arxiv_year(norm) if norm else None
