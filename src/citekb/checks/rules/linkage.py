"""Linkage between a document's text and its reference list (`citekb check-doc`): keys and numbers
that point nowhere, author-year citations with no entry, entries nothing cites."""
from __future__ import annotations

import re

from ... import normalize as nz
from ...sources.compare import valid_years
from ..diagnostic import finding
from ..registry import rule
from ...load.persons import work_authors

_CJK = re.compile(r"[\u4e00-\u9fff]")


def author_matches(cited: str, listed: str) -> bool:
    """Cited name vs a list entry's first name; Chinese names may have text run into them."""
    a, b = nz.fold_name(cited), nz.fold_name(listed)
    if not a or not b:
        return False
    return a == b or (len(b) >= 2 and _CJK.search(b) is not None and a.endswith(b))


def first_names(r) -> list[str]:
    names = list(r.signals.names[:1])
    if r.work and work_authors(r.work):
        names.append(work_authors(r.work)[0].family)
    if not names and r.signals.author_text:
        names.append(r.signals.author_text.rstrip(". 。"))
    return names


def authoryear_refs(doc, cite) -> list:
    return [r for r in doc.references if any(author_matches(cite.author or "", n) for n in first_names(r))]


@rule("C301", "citation-key-not-found", "error", scope="document")
def citation_key_not_found(dctx):
    """A citation key has no entry in the document's bibliography.

    What it checks:
        Every `[@key]`, `@key` or `\\cite{key}` names an entry of the bibliography the document
        uses (its `.bib`, `.bbl` or `thebibliography`), or a canonical record.

    Why it matters:
        The rendered document shows "?" or a broken link where the evidence should be.

    Example:
        Transformers replaced recurrence [@vaswani2017attenton].

    Fix:
        Correct the key, or add the entry to the bibliography.
    """
    doc, canon = dctx.doc, dctx.canon
    ids = {r.id for r in doc.references}
    # A document that names its own bibliography (a .bib, .bbl) renders only its entries: a key missing
    # there prints "?" even when a canonical record has that key. Without one (KB pages), the canonical
    # records are the bibliography.
    own = any(r.location.path != doc.path for r in doc.references)
    for cite in doc.citations:
        if cite.kind == "key" and cite.target not in ids and (own or cite.target not in canon.by_key):
            yield finding(cite.location, f"[@{cite.target}] has no entry in the bibliography",
                          "Fix the key or add the entry.")


@rule("C302", "citation-number-out-of-range", "error", scope="document")
def citation_number_out_of_range(dctx):
    """A numbered citation points past the reference list.

    What it checks:
        Every `[n]` in the text has an entry `[n]` in the reference list.

    Why it matters:
        Machine-written articles often cite [7] in a list of five; the claim then has no source.

    Example:
        Diffusion models now dominate image synthesis [7].

    Fix:
        Fix the number, or add the missing reference.
    """
    doc = dctx.doc
    ids = {r.id for r in doc.references}
    numbered = [r for r in doc.references if r.id.isdigit()]
    for cite in doc.citations:
        if cite.kind == "number" and numbered and cite.target not in ids:
            yield finding(cite.location, f"citation [{cite.target}] is out of range: the reference list has "
                          f"{len(numbered)} entries", "Fix the number or add the missing reference.")


@rule("C303", "reference-never-cited", "warning", scope="document")
def reference_never_cited(dctx):
    """A reference-list entry is never cited in the text.

    What it checks:
        Each entry of the reference list is cited at least once (by key, number or author-year).

    Why it matters:
        Uncited entries pad a bibliography and are often left over from a different draft.

    Example:
        [3] D. P. Kingma and J. Ba, “Adam: A method for stochastic optimization,” in ICLR, 2015.

    Fix:
        Cite the entry where it supports the text, or remove it.
    """
    doc = dctx.doc
    if doc.kind == "bibtex" or not doc.citations:
        return
    cited = {c.target for c in doc.citations if c.kind in ("key", "number")}
    by_year = [(c.author or "", c.year) for c in doc.citations if c.kind == "authoryear"]

    def by_author_year(r) -> bool:
        firsts = first_names(r)
        return any(y == r.signals.year and any(author_matches(a, n) for n in firsts) for a, y in by_year)

    # An unlabelled entry (no number, no key) can only be cited by author and year; in a list whose
    # unlabelled entries are mostly not cited that way, it is further reading (the text links its
    # sources inline), not a bibliography with forgotten entries.
    unlabelled = [r for r in doc.references if r.work is None and r.signals.number is None
                  and re.fullmatch(r"ref\d+", r.id)]
    further_reading = len([r for r in unlabelled if by_author_year(r)]) * 2 < len(unlabelled)
    for r in doc.references:
        if r.id in cited or r.id in doc.listed or by_author_year(r) or (further_reading and r in unlabelled):
            continue
        yield finding(r.location, f"reference {r.label} is never cited in the text", "Cite it or remove it.")


@rule("C312", "in-text-citation-mismatch", "error", scope="document")
def intext_citation_mismatch(dctx):
    """An author-year citation has no matching reference entry.

    What it checks:
        Each "Author (Year)" or "(Author et al., Year)" in the text matches an entry of the
        reference list by first author and year, in English or Chinese punctuation.

    Why it matters:
        A year or name that differs between text and list means one of them is wrong.

    Example:
        Vaswani et al. (2018) showed that attention alone suffices.

    Fix:
        Make the in-text citation agree with the reference entry.
    """
    doc = dctx.doc
    if not any(r.id not in doc.listed for r in doc.references):
        return
    for cite in doc.citations:
        if cite.kind == "authoryear":
            yield from _authoryear(dctx, cite)


def _resolved_match(cite, dctx) -> bool:
    """A reference whose canonical work (or the original it translates) is by this author, this year."""
    for res in dctx.resolutions:
        if res.work is None or dctx.canon.original(res.work) is res.work:
            continue  # only a translation may be cited by its original's author and year
        orig = dctx.canon.original(res.work)
        if work_authors(orig) and author_matches(cite.author or "", work_authors(orig)[0].family) and cite.year in valid_years(orig):
            return True
    return False


def _unnamed_list_with_ids(dctx) -> bool:
    """A list of linked titles (`- [Title](https://arxiv.org/abs/...)`) names no author, so an author-year
    mention cannot be declared missing from it while one of its identifiers is unresolved."""
    free = [r for r in dctx.doc.references if r.work is None]
    return bool(free) and not any(r.signals.names or r.signals.author_text for r in free) and any(
        res.work is None and (res.ref.signals.arxiv or res.ref.signals.doi) for res in dctx.resolutions)


def _authoryear(dctx, cite):
    if cite.linked:  # "[Ma et al. (2023)](https://arxiv.org/abs/...)" names its source itself
        return
    refs = authoryear_refs(dctx.doc, cite)
    if any(r.signals.year == cite.year for r in refs) or _resolved_match(cite, dctx):
        return
    if refs:
        years = sorted({r.signals.year for r in refs if r.signals.year})
        yield finding(cite.location, f"{cite.author} ({cite.year}) cites year {cite.year}, but the reference list has "
                      f"{cite.author} with {', '.join(map(str, years)) or 'no year'}",
                      "Make the in-text year match the reference entry.")
        return
    if _unnamed_list_with_ids(dctx):
        return  # the list names no authors; its unresolved ids may be this work (a title-only linked list)
    yield finding(cite.location, f"{cite.author} ({cite.year}) has no matching entry in the reference list",
                  "Add the reference or fix the author name.")
