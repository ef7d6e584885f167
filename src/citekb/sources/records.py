"""A canonical record as found in a bibliographic dump or an API response, and its `Work` form.

Every source (index, lockfile, online resolver) speaks `Rec`; the resolver speaks `Work`, built the
way the BibTeX loader builds one, so that every comparison in `resolve.py` and `compare.py` works unchanged.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from .. import data
from .. import normalize as nz
from ..model import Location, Work
from ..load.persons import work_authors

FUZZY_TITLE = data.threshold("title", "fuzzy")  # data/thresholds.toml, as the resolver's
UPDATE_FIELD = "x-update"  # the Work field online sources put a retraction or correction in
ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/([^\s?#]+?)(?:v\d+)?(?:\.pdf)?$", re.I)
_DBLP_HOMONYM = re.compile(r"\s+\d{4}$")  # DBLP disambiguates "Wei Wang 0001"


@dataclass(frozen=True)
class Rec:
    """Canonical metadata; `authors` is a BibTeX author string ("Family, Given and ...")."""

    title: str
    authors: str = ""
    year: int | None = None
    venue: str = ""
    doi: str | None = None
    arxiv: str | None = None
    isbn: str | None = None
    url: str | None = None
    entry_type: str = "article"
    source: str = ""

    @property
    def id(self) -> str:
        """A stable identifier: the DOI, else the arXiv id, else the folded title and year."""
        if self.doi:
            return f"doi:{self.doi}"
        if self.arxiv:
            return f"arXiv:{self.arxiv}"
        return f"title:{nz.fold(self.title)[:60]}:{self.year or ''}"


def person(family: str, given: str = "") -> str:
    """One name in BibTeX syntax; braces keep a name with a comma or " and " in one piece."""
    family, given = (family or "").strip(), (given or "").strip()
    if not family:
        family, given = given, ""
    if re.search(r",|\band\b", family):
        family = "{" + family + "}"
    if re.search(r",|\band\b", given):
        given = "{" + given + "}"
    return f"{family}, {given}" if given else family


def display_name(name: str) -> str:
    """A "Given Family" display name kept in BibTeX syntax (the BibTeX parser splits it later)."""
    name = _DBLP_HOMONYM.sub("", (name or "").strip())
    return "{" + name + "}" if re.search(r",|\band\b", name) else name


def authors_string(names) -> str:
    return " and ".join(n for n in names if n)


def make_rec(*, title, authors="", year=None, venue="", doi=None, arxiv=None, isbn=None, url=None,
             entry_type="article", source="") -> Rec | None:
    """A `Rec` with normalized identifiers and decoded text; None without a title."""
    title = nz.latex_to_text(" ".join(str(title or "").split())).rstrip(".") if title else ""
    if not title:
        return None
    return Rec(title=title, authors=authors or "", year=nz.year(year), venue=" ".join(str(venue or "").split()),
               doi=nz.doi(doi), arxiv=nz.arxiv(arxiv), isbn=nz.isbn(isbn), url=nz.url(url),
               entry_type=entry_type, source=source)


def to_work(rec: Rec, *, key: str | None = None, path: str = "<index>") -> Work:
    """The record as a `Work`, as if it had been written in BibTeX."""
    raw: dict[str, str] = {"title": rec.title}
    if rec.authors:
        raw["author"] = rec.authors
    if rec.year:
        raw["year"] = str(rec.year)
    if rec.venue:
        raw["booktitle" if rec.entry_type == "inproceedings" else "journal"] = rec.venue
    for name, value in (("doi", rec.doi), ("isbn", rec.isbn), ("url", rec.url)):
        if value:
            raw[name] = value
    if rec.arxiv:
        raw.update(eprint=rec.arxiv, archiveprefix="arXiv")
    if rec.source:
        raw["source"] = rec.source
    fields = {k: (nz.latex_to_text(v) if k in ("title", "journal", "booktitle") else v) for k, v in raw.items()}
    return Work(key=key or rec.id, entry_type=rec.entry_type, location=Location(path, 0), end_line=0,
                fields=fields, raw_fields=raw, field_lines={}, title=rec.title, year=rec.year, doi=rec.doi,
                arxiv=rec.arxiv, isbn=rec.isbn, url=rec.url)


def families(work: Work) -> set[str]:
    return {nz.fold_name(p.family) for p in work_authors(work) if not p.is_others and p.family}


def best_match(title: str, authors: tuple[str, ...], works) -> Work | None:
    """The candidate whose folded title is closest (>= FUZZY_TITLE), sharing an author when the
    query names any: the same guard the KB's fuzzy title match uses."""
    folded = nz.fold(title)
    names = {nz.fold_name(a) for a in authors if a}
    best, best_score = None, 0.0
    for work in works:
        score = 100.0 if nz.fold(work.title) == folded else fuzz.ratio(folded, nz.fold(work.title))
        if score < FUZZY_TITLE or score <= best_score:
            continue
        if names and score < 100 and not names & families(work):
            continue
        best, best_score = work, score
    return best
