"""Citations in documents others wrote (`citekb check-doc`): linkage, metadata, attribution."""
from __future__ import annotations

from ..diagnostic import Finding
from ..registry import rule

VERDICT_CLASS = {"C301": "linkage", "C302": "linkage", "C303": "linkage", "C312": "linkage",
                 "C304": "mismatch", "C305": "mismatch", "C306": "mismatch", "C307": "mismatch",
                 "C308": "mismatch", "C309": "misattributed", "C310": "fabricated", "C311": "unverifiable"}


def _issues(dctx, code):
    for a in dctx.assessment.references:
        for i in a.issues:
            if i.code == code:
                yield Finding(i.location, i.message, i.fix)
    for i in dctx.assessment.intext:
        if i.code == code:
            yield Finding(i.location, i.message, i.fix)
    for p in dctx.assessment.doc.problems:
        if p.code == code:
            yield Finding(p.location, p.message, p.fix)


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
    return _issues(dctx, "C301")


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
    return _issues(dctx, "C302")


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
    return _issues(dctx, "C303")


@rule("C304", "author-mismatch", "error", scope="document")
def author_mismatch(dctx):
    """A reference gives authors that are not the work's authors.

    What it checks:
        The names in a reference are authors of the canonical record its title or identifier
        matches, and its first author is the record's first author.

    Why it matters:
        A real title with the wrong authors is the commonest error of language-model-written
        references; it credits the work to people who did not write it.

    Example:
        Song, Y., & Ermon, S. (2020). Denoising diffusion probabilistic models. In Advances in Neural Information Processing Systems.

    Fix:
        Copy the author list from the canonical record named in the message.
    """
    return _issues(dctx, "C304")


@rule("C305", "year-mismatch", "error", scope="document")
def year_mismatch(dctx):
    """A reference gives a year the work does not have.

    What it checks:
        The year is the canonical record's venue year or its arXiv year.

    Why it matters:
        A shifted year makes the work hard to find and misdates the evidence.

    Example:
        Vaswani, A., Shazeer, N., Parmar, N., et al. (2019). Attention is all you need. In Advances in Neural Information Processing Systems.

    Fix:
        Use the year named in the message.
    """
    return _issues(dctx, "C305")


@rule("C306", "title-mismatch", "error", scope="document")
def title_mismatch(dctx):
    """A reference's identifier points to a work with another title.

    What it checks:
        When a DOI or arXiv id identifies the work, the reference's title is that work's title
        (or one of its known titles, such as a retitled proceedings version).

    Why it matters:
        A near-miss or chimeric title suggests the reference was reconstructed from memory.

    Example:
        [1] A. Vaswani et al., “Attention is what you need,” arXiv:1706.03762, 2017.

    Fix:
        Use the title named in the message.
    """
    return _issues(dctx, "C306")


@rule("C307", "venue-mismatch", "warning", scope="document")
def venue_mismatch(dctx):
    """A reference names another venue than the work's.

    What it checks:
        When both the reference and the canonical record name a known venue (NeurIPS, ICML,
        ICLR, CVPR, ACL, ...), they agree. An arXiv or CoRR venue is accepted for a work with an
        arXiv version.

    Why it matters:
        A wrong venue misstates how the work was reviewed and makes it hard to find.

    Example:
        [1] A. Vaswani et al., “Attention is all you need,” in Proc. ICML, 2017.

    Fix:
        Use the venue named in the message.
    """
    return _issues(dctx, "C307")


@rule("C308", "identifier-mismatch", "error", scope="document")
def identifier_mismatch(dctx):
    """A reference's DOI or arXiv id is wrong or belongs to another work.

    What it checks:
        The DOI and arXiv id of a reference are those of the work it describes.

    Why it matters:
        An identifier is what readers and tools follow; a wrong one silently leads to another
        paper.

    Example:
        [1] A. Vaswani et al., “Attention is all you need,” in NeurIPS, 2017, arXiv:1810.04805.

    Fix:
        Use the identifier named in the message.
    """
    return _issues(dctx, "C308")


@rule("C309", "misattributed-contribution", "error", scope="document")
def misattributed_contribution(dctx):
    """The text credits a work with another work's contribution.

    What it checks:
        When a sentence says a cited work proposed or introduced something the canonical records
        attribute to another work, or quotes a title that belongs to another work than the one
        cited.

    Why it matters:
        Crediting a famous architecture to the wrong paper is a factual error even when every
        reference entry is well formed.

    Example:
        Devlin et al. (2019) proposed the Transformer architecture.

    Fix:
        Cite the work named in the message for that contribution.
    """
    return _issues(dctx, "C309")


@rule("C310", "likely-fabricated", "error", scope="document")
def likely_fabricated(dctx):
    """A reference looks fabricated.

    What it checks:
        A reference whose identifier cannot exist (an arXiv id with month 13, an id assigned after
        the cited year, a malformed DOI) and whose title matches no canonical record.

    Why it matters:
        Invented references are the signature failure of language-model-written text. citekb
        says "likely fabricated" only on positive evidence; a reference it merely cannot find is
        "unverifiable" instead.

    Example:
        [4] J. Smith and L. Wang, “Scaling sparse experts for edge devices,” arXiv:2313.04567, 2023.

    Fix:
        Find the real source for the statement, or remove it.
    """
    return _issues(dctx, "C310")


@rule("C311", "unverifiable-reference", "info", scope="document")
def unverifiable_reference(dctx):
    """A reference has no canonical record to compare with.

    What it checks:
        Nothing is wrong that citekb can prove: no canonical record matches the reference by
        identifier or title. Reported as info by default, never as an error, unless the policy
        (`fail-on`) says so.

    Why it matters:
        "Could not check" is not "wrong"; mixing the two is how other checkers lose trust.

    Example:
        [5] Internal memo on GPU procurement, 2021.

    Fix:
        Add the work to the canonical records (references/ or the local index) to check it.
    """
    return _issues(dctx, "C311")


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
    return _issues(dctx, "C312")
