"""Choosing among a service's candidates the way a librarian would.

A candidate must carry the title, and never the title alone: a candidate whose authors and year
both disagree with the reference is another work (many papers are called "Deep learning"), and so
is a merely similar title by other people. An exact title with the right year but other authors is
kept, so that check-doc can report the wrong author list; a year within one counts as agreeing (a
preprint may precede the paper).
Among those that pass, the version the reference cites wins: a reference with a venue prefers the
published version, one citing arXiv (or no venue) prefers the preprint. Ties go to the closer title,
then to the service's own order.
"""
from __future__ import annotations

from rapidfuzz import fuzz

from ... import normalize as nz
from ..records import FUZZY_TITLE, to_work
from ..records import families as work_families
from .parse import Parsed

PREPRINT_VENUES = {"arxiv", "corr", "biorxiv", "medrxiv", "ssrn", "preprint"}


def families(rec) -> set[str]:
    """Folded family names, parsed as BibTeX names are ("Given Family" and "Family, Given")."""
    return work_families(to_work(rec)) if rec.authors else set()


def cites_preprint(venue: str | None) -> bool | None:
    """True: the reference cites a preprint; False: a venue; None: it does not say."""
    if not venue:
        return None
    folded = nz.fold(venue)
    return any(v in folded.split() for v in PREPRINT_VENUES)


def choose(title: str, authors: tuple[str, ...], candidates: list[Parsed], *, year: int | None = None,
           venue: str | None = None) -> Parsed | None:
    folded = nz.fold(title)
    names = {nz.fold_name(a) for a in authors if a}
    wants = cites_preprint(venue)
    best, best_key = None, None
    for order, c in enumerate(candidates):
        score = 100.0 if nz.fold(c.rec.title) == folded else fuzz.ratio(folded, nz.fold(c.rec.title))
        if score < FUZZY_TITLE:
            continue
        theirs = families(c.rec)
        authors_disagree = bool(names and theirs and not names & theirs)
        year_disagrees = bool(year and c.rec.year and abs(c.rec.year - year) > 1)
        if authors_disagree and (score < 100 or year_disagrees):
            continue  # a similar title by other people, or another year: another work
        if not names and year_disagrees:
            continue  # the title alone, and the year says otherwise
        version = 0 if wants is None else int(c.preprint != wants)
        key = (version, -score, order)
        if best_key is None or key < best_key:
            best, best_key = c, key
    return best
