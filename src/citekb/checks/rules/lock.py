"""The KB against its lockfile (`citekb.lock`), offline; and references that could not be checked.

The lock rules say nothing when a repository has no lockfile. They compare each BibTeX entry with
the canonical record locked for its key (`citekb lock`), so CI needs no network.
"""
from __future__ import annotations

from pathlib import Path

from ...sources import lockfile as lf
from ...model import Location
from ..diagnostic import finding
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
            yield finding(work.loc(name if name in work.field_lines else None),
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
            yield finding(work.loc(), f"{work.key} changed since it was locked on {locked.checked}",
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
        yield finding(Location(lf.FILENAME, max(error.line, 1)), error.detail, "Re-create it with `citekb lock`.")
        return
    for work in kb.works if entries is not None else ():
        locked = entries.get(work.key)
        if locked is None:
            yield finding(work.loc(), f"{work.key} is not in {lf.FILENAME}", "Run `citekb lock` and commit citekb.lock.")
        elif locked.status == "not-checked":
            yield finding(work.loc(), f"{work.key} was not checked when it was locked on {locked.checked}: "
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
    for res in dctx.resolutions:
        if res.not_checked:
            yield finding(res.ref.location, f"{res.ref.label} was not checked: a source that could hold it did not answer",
                          "Run again when the sources are reachable, or check against a lockfile (`citekb lock --online`).")


def _updated(kb, status: str):
    """(work, locked update) for every KB entry whose lock records an update of that status."""
    entries, _ = _lock(kb)
    for work in kb.works if entries else ():
        locked = entries.get(work.key)
        if locked is not None and locked.update and locked.update.get("status") == status:
            yield work, locked.update


def _notice(update: dict) -> str:
    date = f" on {update['date']}" if update.get("date") else ""
    notice = f" (notice {update['notice']})" if update.get("notice") else ""
    return f"{update.get('type') or update.get('status')}{date}{notice}, according to {update.get('source', '?')}"


@rule("C325", "retracted-work", "error")
def retracted_work(kb, ctx):
    """The KB cites a work that has been retracted or withdrawn.

    What it checks:
        When the repository has a `citekb.lock`, no entry's locked record carries a retraction,
        withdrawal or removal: Crossref's `updated-by` relations (the publisher's notices and the
        Retraction Watch data Crossref carries), OpenAlex's `is_retracted`, an arXiv withdrawal.
        `citekb lock --online` records the status with its date and notice; CI reads it offline.

    Why it matters:
        A retracted paper is not evidence. A page or brief that rests on it tells readers something
        the authors or the journal have taken back.

    Example:
        @article{wakefield1998ileal,
          title = {Ileal-lymphoid-nodular hyperplasia, non-specific colitis, and pervasive developmental disorder in children},

    Fix:
        Remove the citation, or cite the retraction notice itself where the retraction is the point;
        find the claim's support in work that stands.
    """
    for work, update in _updated(kb, "retracted"):
        yield finding(work.loc("doi" if "doi" in work.field_lines else None),
                      f"{work.key} is retracted: {_notice(update)}",
                      "Stop citing it as evidence; cite work that stands, or the notice where the retraction is the point.")


@rule("C326", "corrected-work", "info")
def corrected_work(kb, ctx):
    """The KB cites a work that has been corrected since it was published.

    What it checks:
        When the repository has a `citekb.lock`, an entry whose locked record carries a correction,
        erratum or expression of concern (Crossref `updated-by`) is noted with the notice's date.

    Why it matters:
        A correction can change the figure or claim the KB cites; whoever cites it should read the
        notice once. It is a note, not an error: the work stands.

    Example:
        @article{sadasivan2012methylphenidate,
          title = {Methylphenidate Exposure Induces Dopamine Neuron Loss and Activation of Microglia in the Basal Ganglia of Mice},

    Fix:
        Read the notice and check the cited claim against the corrected work.
    """
    for work, update in _updated(kb, "corrected"):
        yield finding(work.loc("doi" if "doi" in work.field_lines else None),
                      f"{work.key} was corrected: {_notice(update)}", "Read the notice; check the cited claim.")


@rule("C327", "reference-retracted", "error", scope="document")
def reference_retracted(dctx):
    """A document's reference resolves to a retracted or withdrawn work.

    What it checks:
        The work a reference matched (in the KB given as `--canon`, its `citekb.lock`, or online with
        `--online`) carries a retraction, withdrawal or removal with its date and notice.

    Why it matters:
        Citing a retracted paper as support is a citation error readers cannot see from the
        reference list; journals ask authors to catch it before submission.

    Example:
        [1] Wakefield, A. J. et al. (1998). Ileal-lymphoid-nodular hyperplasia, non-specific colitis, and pervasive developmental disorder in children. The Lancet.

    Fix:
        Remove the reference or cite it as retracted (with the notice); support the claim with work that stands.
    """
    for a in dctx.resolutions:
        update = lf.update_of(a.work) if a.work is not None else None
        if update and update.get("status") == "retracted":
            yield finding(a.ref.location, f"reference {a.ref.id} is retracted: {_notice(update)}",
                          "Remove it or cite it as retracted; support the claim with work that stands.")
