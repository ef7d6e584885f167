"""A work's authors and editors as persons, split from the BibTeX field on first use.

Most checks never look at persons, so they are parsed lazily and kept on the work (the model
stays plain data and imports no parser).
"""
from __future__ import annotations

from ..model import Person, Work
from .bibtex import parse_persons


def _persons(work: Work, name: str) -> tuple[Person, ...]:
    slot = "_persons_" + name
    cached = work.__dict__.get(slot)
    if cached is None:
        raw = work.raw_fields.get(name)
        cached = parse_persons(raw) if raw else ()
        work.__dict__[slot] = cached  # a frozen dataclass: write past __setattr__, as cached_property does
    return cached


def work_authors(work: Work) -> tuple[Person, ...]:
    return _persons(work, "author")


def work_editors(work: Work) -> tuple[Person, ...]:
    return _persons(work, "editor")
