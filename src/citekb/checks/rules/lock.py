"""The KB against its lockfile (`citekb.lock`), offline; and references that could not be checked.

The lock rules say nothing when a repository has no lockfile. They compare each BibTeX entry with
the canonical record locked for its key (`citekb lock`), so CI needs no network.
"""
from __future__ import annotations

from pathlib import Path

from ... import lockfile as lf
from ...model import Location
from ..diagnostic import Finding
from ..registry import rule


def _lock(kb):
    path = Path(kb.root) / lf.FILENAME
    if not path.is_file():
        return None, None
    try:
        return lf.read(path), None
    except lf.LockError as exc:
        return None, exc


@rule("C321", "lock-mismatch", "error")
def lock_mismatch(kb, ctx):
    """A BibTeX field differs from the canonical record locked for the entry.

    What it checks:
        When the repository has a `citekb.lock`, each entry's title, authors, year, DOI, arXiv id
        and venue agree with the canonical record the lock holds for its key (the arXiv year and
        the venue year both count; an author list ending in `others` is compared by first author).

    Why it matters:
        The lock records what a bibliographic source (a DBLP, Crossref, arXiv or OpenAlex record)
        says about the work; an entry that disagrees carries a wrong year, title or author list
        into every page and brief that cites it.

    Example:
        @article{hochreiter1997long,
          title = {Long Short-Term Memory},
          author = {Hochreiter, Sepp and Schmidhuber, J{\\"u}rgen},
          year = {1995},

    Fix:
        Use the locked value; if the source itself was wrong or has changed, re-lock with
        `citekb lock` and review the diff.
    """
    entries, _ = _lock(kb)
    for work in kb.works if entries else ():
        locked = entries.get(work.key)
        if locked is None or locked.record is None:
            continue
        canonical = lf.record_work(locked.record, path=lf.FILENAME)
        for name, ours, theirs in lf.compare(work, canonical):
            yield Finding(work.loc(name if name in work.field_lines else None),
                          f"{work.key}: {name} '{ours[:80]}' differs from the locked canonical record "
                          f"'{theirs[:80]}' ({locked.source}, {locked.checked})",
                          f"Set {name} as in the lock ({theirs[:80]}), or re-lock with `citekb lock` if the source changed.")


@rule("C322", "lock-stale", "warning")
def lock_stale(kb, ctx):
    """A BibTeX entry changed after it was locked.

    What it checks:
        The content hash of each entry (its type and fields, whatever the layout) equals the hash
        `citekb lock` recorded for its key.

    Why it matters:
        The locked canonical record was looked up for the entry as it was; an edited DOI or title
        may now describe another work, so the offline check is comparing against stale evidence.

    Example:
        @inproceedings{vaswani2017attention,
          title = {Attention Is All You Need},
          author = {Vaswani, Ashish and Shazeer, Noam and others},
          booktitle = {Advances in Neural Information Processing Systems},
          year = {2017},

    Fix:
        Re-lock with `citekb lock` (add `--online` or build an index) and commit the new lockfile.
    """
    entries, _ = _lock(kb)
    for work in kb.works if entries else ():
        locked = entries.get(work.key)
        if locked is not None and locked.hash != lf.entry_hash(work):
            yield Finding(work.loc(), f"{work.key} changed since it was locked on {locked.checked}",
                          "Re-lock with `citekb lock` and commit citekb.lock.")


@rule("C323", "lock-incomplete", "warning")
def lock_incomplete(kb, ctx):
    """An entry is missing from the lockfile, was not checked when locked, or the lockfile is unreadable.

    What it checks:
        When the repository has a `citekb.lock`, every BibTeX entry has a lock entry that a source
        answered for (resolved, or looked up and not found), and the lockfile itself parses.

    Why it matters:
        An entry outside the lock is never compared offline, and an entry locked while its sources
        were unreachable was never checked: CI would pass without evidence.

    Example:
        @article{kaplan2020scaling,
          title = {Scaling Laws for Neural Language Models},

    Fix:
        Run `citekb lock` (with `--online` or an index that holds the work) and commit citekb.lock.
    """
    entries, error = _lock(kb)
    if error:
        yield Finding(Location(lf.FILENAME, max(error.line, 1)), error.detail, "Re-create it with `citekb lock`.")
        return
    for work in kb.works if entries is not None else ():
        locked = entries.get(work.key)
        if locked is None:
            yield Finding(work.loc(), f"{work.key} is not in {lf.FILENAME}", "Run `citekb lock` and commit citekb.lock.")
        elif locked.status == "not-checked":
            yield Finding(work.loc(), f"{work.key} was not checked when it was locked on {locked.checked}: "
                          "its sources did not answer", "Re-lock when the sources are reachable.")


@rule("C324", "reference-not-checked", "error", scope="document")
def reference_not_checked(dctx):
    """A reference could not be checked because a source it needed did not answer.

    What it checks:
        With online resolvers on (`--online`), a reference that no KB work or index record matches
        and for which an online source was unreachable (connection refused, timeout, server error
        after the retries) gets the verdict "not checked" instead of unverifiable or fabricated.

    Why it matters:
        A network failure is not evidence: calling the reference fabricated would be false, and
        passing it silently would let CI succeed without checking. `check-doc` exits 3.

    Example:
        Nakamura, T. and Lindqvist, A. (2024). Sparse mixture routing for frugal inference.

    Fix:
        Run again when the sources are reachable; for CI without network, lock the references
        (`citekb lock --online`) and check against the lockfile (`--canon citekb.lock`).
    """
    for a in dctx.assessment.references:
        for i in a.issues:
            if i.code == "C324":
                yield Finding(i.location, i.message, i.fix)
