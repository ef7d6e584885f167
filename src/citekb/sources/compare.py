"""How two records of one work are compared: same title, overlapping years, same venue family.

The resolver (`citekb.resolve`), the lockfile and the document rules all ask these questions, so
they live beside the record shape every source speaks, and no source imports the resolver.
"""
from __future__ import annotations

import re

from rapidfuzz import fuzz

from .. import data
from .. import normalize as nz
from ..model import Work

VENUES = data.venues()  # data/venues.toml
PREPRINT = re.compile(r"arxiv|corr\b|preprint|预印本", re.I)
SAME_TITLE = data.threshold("title", "same")  # spaceless fold ratio: typos and hyphenation pass, a changed word does not


def venue_family(text: str) -> str | None:
    found = venue_families(text)
    return found[0] if found else None


def venue_families(text: str) -> list[str]:
    """Every known venue a text names, in table order ("NAACL ... Minneapolis: ACL" names both)."""
    low = nz.fold(text)
    return [name for name, rx in VENUES if re.search(rx, low)]


def valid_years(work: Work) -> set[int]:
    """The years a citation of this work may give: its own, its arXiv id's, and any recorded
    original or alternative year."""
    years = {work.year} if work.year else set()
    if work.arxiv:
        years.add(nz.arxiv_year(work.arxiv))
    for y in re.findall(r"\d{4}", work.fields.get("origyear", "") + " " + work.fields.get("altyear", "")):
        years.add(int(y))
    return years


def titles_of(work: Work) -> list[str]:
    return [t for t in (work.title, *work.alttitles) if t]


def title_matches(title: str, work: Work) -> bool:
    """The same title as one of the work's (not merely a similar one: "zero-shot" is not "few-shot")."""
    mine = nz.fold(title).replace(" ", "")
    return any(mine == (theirs := nz.fold(t).replace(" ", "")) or fuzz.ratio(mine, theirs) >= SAME_TITLE
               for t in titles_of(work))
