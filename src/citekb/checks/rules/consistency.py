"""Identifiers a document contradicts itself about (`citekb check-doc`). Offline and without any
canonical record: one reference that writes one arXiv id and links another, or two references with
different titles that give the same identifier. Either way one of the identifiers points to the
wrong paper, the error a copied or generated reference list makes most often.
"""
from __future__ import annotations

import re

from rapidfuzz import fuzz

from ... import data
from ... import normalize as nz
from ..diagnostic import finding
from ..registry import rule

# "arXiv:2310.0053", "arXiv preprint arXiv:2310.00535", "arXiv 2106.09685", but not an address
_WRITTEN = re.compile(r"(?<![/\w.])arxiv(?:\s+preprint)?(?:\s*:\s*|\s+)(?:arxiv\s*:\s*)?(\d{4}\.\d{4,5})(?:v\d+)?(?![\d.]\d)",
                      re.I)
_LINKED = re.compile(r"arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5})", re.I)
_MIN_WORDS = 3  # a title this short ("GPT-4", "BERT") names a model, not one paper


def _title_words(title: str | None) -> int:
    return len((title or "").split()) + len(re.findall(r"[\u4e00-\u9fff]", title or "")) // 3


def _written_and_linked(text: str) -> tuple[str, str] | None:
    """The one arXiv id a reference writes and the one it links, when they differ."""
    written = {m.group(1) for m in _WRITTEN.finditer(text)}
    linked = {m.group(1) for m in _LINKED.finditer(text)}
    if len(written) == 1 and len(linked) == 1 and written != linked:
        return next(iter(written)), next(iter(linked))
    return None


def _key(ref) -> tuple[str, str] | None:
    s = ref.signals
    if s.doi and nz.doi(s.doi):
        return "DOI", nz.doi(s.doi)
    if s.arxiv:
        return "arXiv", s.arxiv
    return None


@rule("C313", "conflicting-identifiers", "warning", scope="document")
def conflicting_identifiers(dctx):
    """A document gives one identifier for two papers, or two identifiers for one.

    What it checks:
        A reference that writes one arXiv id and links another, and two references with different
        titles that give the same DOI or arXiv id. Neither needs a canonical record: the document
        contradicts itself. References a canonical record resolves are left to C306 and C308.

    Why it matters:
        Reference lists assembled by copying, or written by a language model, reuse the identifier
        of the entry above or drop a digit; a reader who follows the link lands on another paper.

    Example:
        [2] B. Tian et al., “Joint dynamics of attention layers,” arXiv:2310.0053, 2023. https://arxiv.org/abs/2310.00535

    Fix:
        Open the identifier's page and keep the one whose title is the reference's.
    """
    limit = data.threshold("identifier", "other_title")
    first: dict[tuple[str, str], object] = {}
    for ref in dctx.doc.references:
        res = dctx.by_ref.get(id(ref))
        if res is not None and res.work is not None:
            continue  # a canonical record judges this reference's identifiers (C306, C308)
        pair = _written_and_linked(ref.signals.text or "")
        if pair:
            yield finding(ref.location, f"{ref.label} writes arXiv:{pair[0]} but links arXiv {pair[1]}: one of them "
                          "is another paper, or no paper", "Open both abstract pages and keep the id of this reference's title.")
        key = _key(ref)
        if key is None or _title_words(ref.signals.title) < _MIN_WORDS:
            continue
        earlier = first.setdefault(key, ref)
        if earlier is ref:
            continue
        score = fuzz.token_set_ratio(nz.fold(earlier.signals.title), nz.fold(ref.signals.title))
        if score < limit:
            yield finding(ref.location, f"{ref.label} gives {key[0]} {key[1]}, which {earlier.label} (line "
                          f"{earlier.location.line}) gives for another title: one of them points to the wrong paper",
                          f"Open the {key[0]} page and correct the reference whose title it does not show.")
