"""Canonical sources: where the resolver looks a reference up, behind one interface.

The KB's own works (and any `--canon` KB, .bib or lockfile) are consulted first, by `resolve.Canon`;
on a miss it asks each further `Source` in turn: the local index (`citekb.index.IndexSource`), then
the online resolvers (`citekb.online`). `records` is the record shape they all speak; `assemble`
builds the list a run uses. The implementations (lockfile, index, online) import this package,
never each other.
"""
from __future__ import annotations

from typing import Protocol

from ..model import Work

LOCKFILE = "citekb.lock"  # in the repository root; read by citekb.sources.lockfile
INDEX_FILE = ".citekb-index.sqlite"  # the local index's default file; see citekb.sources.index


class Source(Protocol):
    """A further source of canonical records (a local index, an online resolver).

    `name` says where a record came from: the `used` list of check-doc and the `location.path`
    of every `Work` the source returns (its provenance; an online record also names the record
    that decided in `fields["source"]`). Each method returns a `Work` or None and must not raise
    on a lookup that finds nothing.
    """

    name: str

    def find_doi(self, doi: str) -> Work | None: ...
    def find_arxiv(self, arxiv_id: str) -> Work | None: ...
    def find_isbn(self, isbn: str) -> Work | None: ...
    def find_title(self, title: str, authors: tuple[str, ...]) -> Work | None: ...
