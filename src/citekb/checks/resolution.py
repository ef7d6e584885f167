"""The value document rules judge: what one reference resolved to.

Resolution is input to the rules, like parsing: it runs for every reference whatever is selected,
and it decides nothing. A rule over references receives a `Resolution` (the canonical record it
matched, how, the record its identifier names if that is another one, whether a source failed to
answer) and yields the diagnostics it finds.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, replace

from ..load.documents import Reference
from ..load.refparse import with_title_span
from ..model import Location, Work
from ..resolve import Canon, describe, locate_title, resolve
from ..sources.compare import title_matches

# How a reference matched, from the strongest evidence to the weakest: an identifier the canonical
# record also has, a title found whole in the entry, a title close enough (resolve.FUZZY_TITLE).
CONFIDENCE = {"doi": "identifier", "arxiv": "identifier", "isbn": "identifier", "key": "key",
              "title": "title", "title in text": "title", "fuzzy title": "fuzzy"}


@dataclass(frozen=True)
class Resolution:
    """One reference, resolved. `ref` is the document's reference, refined once its title's place in
    the text is known; `original` is the reference as loaded (the key in-text rules look it up by)."""

    ref: Reference
    original: Reference
    work: Work | None = None
    how: str = ""
    by_id: Work | None = None  # the record the reference's DOI or arXiv id names
    not_checked: bool = False  # no match, and a source that could hold it did not answer

    @property
    def confidence(self) -> str:
        return CONFIDENCE.get(self.how, "none") if self.work is not None else "none"

    @property
    def head(self) -> str:
        """How messages about a matched reference begin: what it matched, and how."""
        return f"{self.ref.label} matches {describe(self.work)} by {self.how}"

    @functools.cached_property
    def id_conflict(self) -> bool:
        """Its identifier names one record and its title another: the identifier is the error."""
        t = self.ref.signals.title
        return self.by_id is not None and self.by_id is not self.work and bool(t) and not title_matches(t, self.by_id)

    def loc(self, name: str) -> Location:
        """Where a field of the entry is: its BibTeX line when the reference is an entry."""
        if self.ref.work is not None:
            return self.ref.work.loc(name)
        return self.ref.location


def _failures(canon: Canon) -> int:
    return sum(getattr(s, "failures", 0) for s in canon.sources)


def resolve_reference(ref: Reference, canon: Canon) -> Resolution:
    before = _failures(canon)
    work, how, by_id = resolve(canon, ref)
    if work is None:  # a source that did not answer is no evidence: "not checked", never "fabricated"
        return Resolution(ref, ref, not_checked=_failures(canon) > before)
    refined = ref
    if how in ("title in text", "fuzzy title") and ref.work is None:
        span = locate_title(ref.signals.text, work)
        if span:  # now the text before the title is the authors, and after it the venue
            refined = replace(ref, signals=with_title_span(ref.signals, *span))
    return Resolution(refined, ref, work, how, by_id)
