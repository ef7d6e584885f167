"""Attribution (`citekb check-doc`): does the sentence credit the cited work with what it introduced?

"Devlin et al. (2019) proposed the Transformer", "X was proposed by [2]", "X（由 [2] 提出）", "the X
model [2]", or a quoted title that belongs to another work than the one cited. The named
contributions come from the canonical records (`Canon.concepts`); the verbs and nouns of
attribution, English and Chinese, are the patterns below.
"""
from __future__ import annotations

import re
import unicodedata

from ... import normalize as nz
from ...load.documents import QUOTE
from ...resolve import Canon, describe
from ...sources.records import ARXIV_URL
from ...model import Work
from ...data import threshold, words
from ..diagnostic import finding
from ..registry import rule
from .linkage import authoryear_refs


def _any(*lists) -> str:
    """One alternation of literal words, from the data file's lists (data/attribution.toml)."""
    return "|".join(re.escape(w) for words in lists for w in words)


_VERB = rf"(?:{_any(words('verbs', 'en'))})\w*|{_any(words('verbs', 'zh'))}"
_HEAD = rf"(?:{_any(words('heads', 'en'), words('heads', 'zh'))})"
ACTIVE = re.compile(rf"^\W{{0,3}}(?:(?:{_any(words('leads', 'en'), words('leads', 'zh'))})\s*)*(?:{_VERB})(?:了|出)?", re.I)
PASSIVE = re.compile(rf"(?:(?:{_any(words('passive', 'en'))})\s+)*(?:{_VERB})\s+"
                     rf"(?:by|in)\s+(?:the\s+)?(?:[\w.'’\-]+\s+){{0,5}}(?:[\w.'’\-]+\s*)?\W{{0,3}}$", re.I)
# Each word but the last ends in a space: one long word can no longer be split in exponentially many ways.
PASSIVE_ZH = re.compile(rf"(?:{_any(words('passive', 'zh'))})?(?:由|被)\s*(?:{_any(words('referents', 'zh'))}"
                        r"|[^\s，。；、]{1,12}?(?:等人?)?)?\s*$")
ZH_VERB_AFTER = re.compile(rf"^\W{{0,3}}(?:等人?)?(?:所)?(?:{_any(words('adverbs', 'zh'))})?(?:{_VERB})")
# "trained on ImageNet [1]", "evaluated with BLEU [2]", "在 GLUE [3] 上": the citation is of the work that used
# the named thing, not a credit for it
USED = re.compile(r"(?:\b(?:on|with|using|from|via|over|across)|在|使用|采用|基于)\s*(?:the\s+)?$", re.I)
ADJACENT = re.compile(rf"(?:\s*{_HEAD})?[\s\"'“”‘’(（《》]*$", re.I)
QUOTE_REACH = threshold("attribution", "quote_reach")
PASSIVE_REACH = threshold("attribution", "passive_reach")


def _concept_spans(text: str, canon: Canon) -> list[tuple[int, int, str, list[Work]]]:
    """Named contributions in a text, leftmost first (longest name at a position wins)."""
    rx, lookup = _concept_matcher(canon)
    if rx is None:
        return []
    norm = unicodedata.normalize("NFKC", text)
    low = norm.casefold()
    same_length = len(low) == len(norm)  # casefold may lengthen ("ß" -> "ss"); then spans are not comparable
    out = []
    for m in rx.finditer(low):
        concept = lookup.get(re.sub(r"[\s\-]+", " ", m.group(0)).strip())
        forms = canon.exact_forms.get(concept) if concept else None
        if forms and same_length and norm[m.start():m.end()] not in forms:
            continue  # "to align [3]" is not ALIGN
        if concept:
            out.append((m.start(), m.end(), concept, canon.concepts[concept]))
    return out


def _concept_matcher(canon: Canon) -> tuple[re.Pattern | None, dict[str, str]]:
    """One alternation of every concept name, built once per canon."""
    cached = getattr(canon, "_concept_rx", None)
    if cached is not None:
        return cached
    names = sorted(canon.concepts, key=len, reverse=True)
    lookup = {re.sub(r"[\s\-]+", " ", n): n for n in names}
    body = "|".join(r"[\s\-]*".join(map(re.escape, n.split())) for n in names)
    rx = re.compile(r"(?<![\w.\-])(?:" + body + r")(?![\w\-]|\.\w)") if names else None
    canon._concept_rx = (rx, lookup)
    return canon._concept_rx


def credited_concept(cite: InText, canon: Canon) -> tuple[str, list[Work]] | None:
    """What the sentence credits the citation with: "[2] introduced X", "X was proposed by [2]",
    "X（由 [2] 提出）", or "the X model [2]" (a named contribution right before its citation)."""
    active = ACTIVE.match(cite.right)
    if active:
        clause = re.split(r"[,;:，；：。]|\s(?:and|which|while|building|based|using|whereas|but)\s|基于|使用|并",
                          cite.right[active.end():], maxsplit=1)[0]
        found = _concept_spans(clause, canon)
        if found:
            return found[0][2], found[0][3]
    passive = PASSIVE.search(cite.left)
    if passive is None and ZH_VERB_AFTER.match(cite.right):
        passive = PASSIVE_ZH.search(cite.left)  # "X 由文献[2]提出", "X 最早由 Vaswani 等（2017）提出"
    if passive:
        found = [c for c in _concept_spans(cite.left[: passive.start()], canon)
                 if len(cite.left[c[1]: passive.start()].split()) <= PASSIVE_REACH]
        if found:
            return found[-1][2], found[-1][3]
    adjacent = ADJACENT.search(cite.left)
    if adjacent is not None:
        found = [c for c in _concept_spans(cite.left, canon) if c[1] >= adjacent.start() - 1 and c[1] <= adjacent.start() + 1
                 and not USED.search(cite.left[: c[0]])]
        if found:
            return found[-1][2], found[-1][3]
    return None



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
    doc, canon = dctx.doc, dctx.canon
    for cite in doc.citations:
        cited = cited_work(dctx, cite)
        if cited is None:
            continue
        title = nearest_title(cite)
        work = canon.by_title_text(title)[0] if title else None
        if work is not None and not canon.same(work, cited):
            yield finding(cite.location, f"the quoted title '{title[:80]}' is {describe(work)}, but the citation "
                          f"points to {describe(cited)}", f"Cite {work.key} for this title.")
            continue
        group = [w for c in doc.citations if c.location == cite.location and c is not cite
                 for w in (cited_work(dctx, c),) if w is not None]
        found = concept_finding(cite, cited, canon, group)
        if found is not None:
            yield found


def concept_finding(cite, cited: Work, canon: Canon, group: list[Work] = ()):
    """"X et al. (2017) proposed BERT" when BERT was introduced by another work. Not when the
    introducing work is cited in the same group ("LoRA [@hu2022lora; @dettmers2023qlora]"), nor when
    the cited work reports a later model of the same family ("Llama [@dubey2024llama]")."""
    credited = credited_concept(cite, canon)
    if credited is None:
        return None
    concept, works = credited
    if any(canon.same(c, w) for w in works for c in (cited, *group)) or canon.reports_family(cited, concept):
        return None
    who = works[0]
    return finding(cite.location, f"the text credits '{concept}' to {describe(cited)}, but it was introduced in "
                   f"{describe(who)}", f"Cite {who.key} for {concept}.")


def nearest_title(cite) -> str | None:
    """A quoted title right before the citation, or right after it."""
    before = list(QUOTE.finditer(cite.left))
    if before and len(cite.left) - before[-1].end() <= QUOTE_REACH:
        m = before[-1]
        return next(g for g in m.groups() if g)
    after = QUOTE.search(cite.right)
    if after and after.start() <= QUOTE_REACH:
        return next(g for g in after.groups() if g)
    return None


def _resolution_of(dctx, ref) -> Work | None:
    res = dctx.by_ref.get(id(ref))
    return res.work if res else None


def cited_work(dctx, cite) -> Work | None:
    """The canonical work a citation points to: through its entry, its key, or its author and year."""
    doc, canon = dctx.doc, dctx.canon
    if cite.kind in ("key", "number"):
        ref = next((r for r in doc.references if r.id == cite.target), None)
        if ref is not None:
            return _resolution_of(dctx, ref)
    if cite.kind == "key":
        return canon.by_key.get(cite.target)
    if cite.kind == "authoryear" and cite.author and cite.year:
        refs = [r for r in authoryear_refs(doc, cite) if r.signals.year == cite.year]
        if refs:
            return _resolution_of(dctx, refs[0])
        linked = _linked_identifier(cite.right)
        if linked is not None:  # "[DeBERTa (He et al., 2020)](https://arxiv.org/abs/2006.03654)": the link names
            # the work; another work of the same first author and year must not stand in for it
            kind, value = linked
            return canon.find_arxiv(value) if kind == "arxiv" else canon.find_doi(value)
        hits = canon.by_author_year.get((nz.fold_name(cite.author), cite.year), [])
        return hits[0] if len(hits) == 1 else None
    return None


_LINK_TARGET = re.compile(r"^[^\[\]()]{0,40}?\]\((https?://[^\s()]+)\)")


def _linked_identifier(right: str) -> tuple[str, str] | None:
    """The arXiv id or DOI of the link whose text the citation stands in, if its address has one."""
    m = _LINK_TARGET.match(right)
    if not m:
        return None
    url = m.group(1)
    arxiv = ARXIV_URL.search(url)
    if arxiv and nz.arxiv(arxiv.group(1)):
        return "arxiv", nz.arxiv(arxiv.group(1))
    return ("doi", nz.doi(url)) if nz.doi(url) else None  # a doi.org address
