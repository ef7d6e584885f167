"""Assess a document's references and in-text citations against canonical records.

Each reference gets one verdict: verified, mismatch, fabricated (likely) or unverifiable, with
the exact differing fields as issues. In-text citations are checked against the document's own
bibliography and, for prose such as "Vaswani et al. (2017) proposed X" or a quoted title followed
by (Author, Year), against what the canonical records say each work introduced.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass, field, replace

from .. import normalize as nz
from ..load.documents import QUOTE, Document, InText, Reference
from ..model import Location, Work
from ..load.refparse import with_title_span
from ..resolve import (PREPRINT, Canon, author_problems, describe, locate_title, resolve, title_matches,
                       valid_years, venue_families, venue_family)



@dataclass(frozen=True)
class Issue:
    code: str
    message: str
    fix: str
    location: Location
    field: str | None = None
    old: str | None = None
    new: str | None = None


@dataclass(frozen=True)
class Assessment:
    ref: Reference
    verdict: str  # verified | mismatch | fabricated | unverifiable | not-checked
    work: Work | None = None
    issues: tuple[Issue, ...] = ()


@dataclass
class DocAssessment:
    doc: Document
    references: list[Assessment] = field(default_factory=list)
    intext: list[Issue] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        out = {"verified": 0, "mismatch": 0, "fabricated": 0, "unverifiable": 0, "not-checked": 0}
        for a in self.references:
            out[a.verdict] += 1
        return out


def _loc(ref: Reference, name: str) -> Location:
    if ref.work is not None:
        return ref.work.loc(name)
    return ref.location


def _names(ref: Reference, stranger: list[str]) -> str:
    names = stranger or list(ref.signals.names[:3])
    return " & ".join(names[:3]) + (" et al." if len(names) > 3 else "")


def _authors(ref: Reference, work: Work, head: str) -> list[Issue]:
    stranger, first_wrong = author_problems(ref, work)
    if not stranger and not first_wrong:
        return []
    first = work.authors[0].family
    if stranger:
        msg = f"{head} but the entry names {_names(ref, stranger)}, who {'is' if len(stranger) == 1 else 'are'} not among its authors"
    else:
        msg = f"{head} but its first author is {first}, not {ref.signals.names[0] if ref.signals.names else '?'}"
    authors = " and ".join(f"{p.family}, {p.given}".strip(", ") for p in work.authors)
    return [Issue("C304", msg, f"Use the authors of {work.key}: {authors[:200]}.", _loc(ref, "author"), "author",
                  None, authors)]


def _year(ref: Reference, work: Work, head: str, today: dt.date) -> list[Issue]:
    y = ref.signals.year
    ok = valid_years(work)
    if y is None or not ok or y in ok:
        return []
    want = work.year or min(ok)
    when = f", which is after today ({today.isoformat()})" if y > today.year else ""
    return [Issue("C305", f"{head} but the entry gives year {y}{when}; expected {' or '.join(map(str, sorted(ok)))}",
                  f"Change the year to {want}.", _loc(ref, "year"), "year", str(y), str(want))]


def _venue(ref: Reference, work: Work, head: str) -> list[Issue]:
    text = ref.signals.venue_text or ""
    named, theirs = venue_families(text), venue_family(work.venue)
    mine = named[0] if named else None
    if not mine or not theirs or theirs in named or PREPRINT.search(text) and work.arxiv:
        return []
    field_name = next((f for f in ("booktitle", "journal") if ref.work and f in ref.work.fields), "venue")
    return [Issue("C307", f"{head} but the entry gives venue {mine}", f"Cite the venue as {work.venue}.",
                  _loc(ref, field_name), field_name, None, work.venue)]


def _identifiers(ref: Reference, work: Work, canon: Canon, head: str) -> list[Issue]:
    s = ref.signals
    out = []
    for label, mine, theirs, find, name in (("DOI", s.doi, work.doi, canon.find_doi, "doi"),
                                            ("arXiv id", s.arxiv, work.arxiv, canon.find_arxiv, "eprint")):
        if mine and theirs and mine != theirs:
            other = find(mine)
            whose = f"; {mine} belongs to {describe(other)}" if other and other is not work else ""
            out.append(Issue("C308", f"{head} but the entry's {label} is {mine}{whose}", f"Use {label} {theirs}.",
                             _loc(ref, name), name, mine, theirs))
    if s.arxiv_raw and not s.arxiv and work.arxiv:
        out.append(Issue("C308", f"{head} but '{s.arxiv_raw}' is not a valid arXiv id", f"Use arXiv id {work.arxiv}.",
                         _loc(ref, "eprint"), "eprint", s.arxiv_raw, work.arxiv))
    return out


def _title(ref: Reference, work: Work, head: str) -> list[Issue]:
    t = ref.signals.title
    if not t or title_matches(t, work):
        return []
    return [Issue("C306", f"{head} but the entry's title is '{t[:120]}'", f"Use the title '{work.title}'.",
                  _loc(ref, "title"), "title", t, work.title)]


def _impossible_ids(ref: Reference, today: dt.date) -> str | None:
    """What makes a reference impossible, offline: an identifier that cannot exist or a date that
    has not happened yet."""
    s = ref.signals
    if s.arxiv_raw and not s.arxiv:
        return f"arXiv id {s.arxiv_raw} cannot exist"
    if s.arxiv and nz.arxiv_month(s.arxiv) > (today.year, today.month):
        return f"arXiv id {s.arxiv} would be assigned after today ({today.isoformat()})"
    # an id's month is the month it was announced: a paper submitted on the last days of December gets
    # January's id (arXiv 2301.00234 was submitted on 31 Dec 2022), so a January id allows the year before
    if s.arxiv and s.year and nz.arxiv_year(s.arxiv) > s.year and nz.arxiv_month(s.arxiv) != (s.year + 1, 1):
        return f"arXiv id {s.arxiv} was assigned after the entry's year {s.year}"
    if s.year and s.year > today.year:
        return f"its year {s.year} is after today ({today.isoformat()})"
    raw_doi = s.doi or ""
    if raw_doi and not nz.doi(raw_doi):
        return f"DOI {raw_doi} is malformed"
    return None


def _failures(canon: Canon) -> int:
    return sum(getattr(s, "failures", 0) for s in canon.sources)


def assess_reference(ref: Reference, canon: Canon, today: dt.date | None = None) -> Assessment:
    before = _failures(canon)
    work, how, by_id = resolve(canon, ref)
    if work is None and _failures(canon) > before:  # a source did not answer: no verdict, never "fabricated"
        return Assessment(ref, "not-checked", None, (Issue(
            "C324", f"{ref.label} was not checked: a source that could hold it did not answer",
            "Run again when the sources are reachable, or check against a lockfile (`citekb lock --online`).",
            ref.location),))
    if work is None:
        bogus = _impossible_ids(ref, today or dt.date.today())
        if bogus:
            return Assessment(ref, "fabricated", None, (Issue(
                "C310", f"{ref.label} looks fabricated: {bogus}, and no canonical record matches its title",
                "Find the real source of this statement, or remove the reference.", ref.location),))
        return Assessment(ref, "unverifiable", None, (Issue(
            "C311", f"{ref.label} could not be checked: no canonical record matches it",
            "Add the work to the canonical records (references/ or an index) to check it.", ref.location),))
    if how in ("title in text", "fuzzy title") and ref.work is None:
        span = locate_title(ref.signals.text, work)
        if span:  # now the text before the title is the authors, and after it the venue
            ref = replace(ref, signals=with_title_span(ref.signals, *span))
    head = f"{ref.label} matches {describe(work)} by {how}"
    if by_id is not None and by_id is not work and ref.signals.title and not title_matches(ref.signals.title, by_id):
        label, value = ("DOI", ref.signals.doi) if canon.find_doi(ref.signals.doi) is by_id else ("arXiv id", ref.signals.arxiv)
        issues = [Issue("C308", f"{ref.label}: {label} {value} belongs to {describe(by_id)}, but the entry describes "
                        f"{describe(work)}", f"Use the {label} of {work.key}.", _loc(ref, "doi" if label == "DOI" else "eprint"),
                        "doi" if label == "DOI" else "eprint", value, work.doi if label == "DOI" else work.arxiv)]
    else:
        issues = _identifiers(ref, work, canon, head)
        if how in ("doi", "arxiv", "isbn", "fuzzy title"):
            issues += _title(ref, work, head)
    issues += _authors(ref, work, head) + _year(ref, work, head, today or dt.date.today()) + _venue(ref, work, head)
    return Assessment(ref, "mismatch" if issues else "verified", work, tuple(issues))


def _ref_for(doc: Document, cite: InText) -> Reference | None:
    if cite.kind in ("key", "number"):
        return next((r for r in doc.references if r.id == cite.target), None)
    return None


def _author_matches(cited: str, listed: str) -> bool:
    """Cited name vs a list entry's first name; Chinese names may have text run into them."""
    a, b = nz.fold_name(cited), nz.fold_name(listed)
    if not a or not b:
        return False
    return a == b or (len(b) >= 2 and re.search(r"[\u4e00-\u9fff]", b) is not None and a.endswith(b))


def _first_names(r: Reference) -> list[str]:
    names = list(r.signals.names[:1])
    if r.work and r.work.authors:
        names.append(r.work.authors[0].family)
    if not names and r.signals.author_text:
        names.append(r.signals.author_text.rstrip(". 。"))
    return names


def _authoryear_refs(doc: Document, cite: InText) -> list[Reference]:
    return [r for r in doc.references if any(_author_matches(cite.author or "", n) for n in _first_names(r))]


_VERB = (r"(?:propos|introduc|present|develop|invent|creat|design|pioneer|describ|devis|coin|formulat)\w*"
         r"|提出|引入|发明|设计|开发|首创|创造")
_HEAD = (r"(?:model|models|architecture|architectures|network|networks|method|methods|algorithm|framework|"
         r"optimizer|technique|approach|layer|layers|mechanism|family|模型|架构|网络|方法|算法|框架|优化器|技术|机制|系列)")
ACTIVE = re.compile(rf"^\W{{0,3}}(?:(?:who|which|that|also|first|originally|initially|have|has|had|famously|"
                    rf"首次|最早|率先|最先|首先|也|还|等人?)\s*)*(?:{_VERB})(?:了|出)?", re.I)
PASSIVE = re.compile(rf"(?:(?:was|were|is|are|been|being|first|originally|initially)\s+)*(?:{_VERB})\s+"
                     rf"(?:by|in)\s+(?:the\s+)?(?:[\w.'’\-]+\s+){{0,5}}(?:[\w.'’\-]+\s*)?\W{{0,3}}$", re.I)
# Each word but the last ends in a space: one long word can no longer be split in exponentially many ways.
PASSIVE_ZH = re.compile(r"(?:是|最早|最初|首先|最先)?(?:由|被)\s*(?:文献|论文|工作|研究|团队|作者|[^\s，。；、]{1,12}?(?:等人?)?)?\s*$")
ZH_VERB_AFTER = re.compile(rf"^\W{{0,3}}(?:等人?)?(?:所)?(?:首次|最早|率先|最先|首先)?(?:{_VERB})")
ADJACENT = re.compile(rf"(?:\s*{_HEAD})?[\s\"'“”‘’(（《》]*$", re.I)


def _concept_spans(text: str, canon: Canon) -> list[tuple[int, int, str, list[Work]]]:
    """Named contributions in a text, leftmost first (longest name at a position wins)."""
    rx, lookup = _concept_matcher(canon)
    if rx is None:
        return []
    low = unicodedata.normalize("NFKC", text).casefold()
    out = []
    for m in rx.finditer(low):
        concept = lookup.get(re.sub(r"[\s\-]+", " ", m.group(0)).strip())
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
                 if len(cite.left[c[1]: passive.start()].split()) <= 6]
        if found:
            return found[-1][2], found[-1][3]
    adjacent = ADJACENT.search(cite.left)
    if adjacent is not None:
        found = [c for c in _concept_spans(cite.left, canon) if c[1] >= adjacent.start() - 1 and c[1] <= adjacent.start() + 1]
        if found:
            return found[-1][2], found[-1][3]
    return None


def _concept_issue(cite: InText, cited: Work, canon: Canon, group: list[Work] = ()) -> Issue | None:
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
    return Issue("C309", f"the text credits '{concept}' to {describe(cited)}, but it was introduced in "
                 f"{describe(who)}", f"Cite {who.key} for {concept}.", cite.location)


def _nearest_title(cite: InText) -> str | None:
    """A quoted title right before the citation, or right after it."""
    before = list(QUOTE.finditer(cite.left))
    if before and len(cite.left) - before[-1].end() <= 12:
        m = before[-1]
        return next(g for g in m.groups() if g)
    after = QUOTE.search(cite.right)
    if after and after.start() <= 12:
        return next(g for g in after.groups() if g)
    return None


def _cited_work(doc: Document, cite: InText, by_ref: dict[int, Assessment], canon: Canon) -> Work | None:
    ref = _ref_for(doc, cite)
    if ref is not None:
        a = by_ref.get(id(ref))
        return a.work if a else None
    if cite.kind == "key":
        return canon.by_key.get(cite.target)
    if cite.kind == "authoryear" and cite.author and cite.year:
        refs = [r for r in _authoryear_refs(doc, cite) if r.signals.year == cite.year]
        if refs:
            a = by_ref.get(id(refs[0]))
            return a.work if a else None
        hits = canon.by_author_year.get((nz.fold_name(cite.author), cite.year), [])
        return hits[0] if len(hits) == 1 else None
    return None


def check_intext(doc: Document, canon: Canon, by_ref: dict[int, Assessment]) -> list[Issue]:
    out: list[Issue] = []
    ids = {r.id for r in doc.references}
    numbered = [r for r in doc.references if r.id.isdigit()]
    for cite in doc.citations:
        if cite.kind == "key" and cite.target not in ids and cite.target not in canon.by_key:
            out.append(Issue("C301", f"[@{cite.target}] has no entry in the bibliography",
                             "Fix the key or add the entry.", cite.location))
        elif cite.kind == "number" and numbered and cite.target not in ids:
            out.append(Issue("C302", f"citation [{cite.target}] is out of range: the reference list has "
                             f"{len(numbered)} entries", "Fix the number or add the missing reference.", cite.location))
        elif cite.kind == "authoryear" and any(r.id not in doc.listed for r in doc.references):
            out.extend(_authoryear_issue(doc, cite, by_ref, canon))
        cited = _cited_work(doc, cite, by_ref, canon)
        if cited is None:
            continue
        title = _nearest_title(cite)
        work = canon.by_title_text(title)[0] if title else None
        if work is not None and not canon.same(work, cited):
            out.append(Issue("C309", f"the quoted title '{title[:80]}' is {describe(work)}, but the citation points "
                             f"to {describe(cited)}", f"Cite {work.key} for this title.", cite.location))
            continue
        group = [w for c in doc.citations if c.location == cite.location and c is not cite
                 for w in (_cited_work(doc, c, by_ref, canon),) if w is not None]
        issue = _concept_issue(cite, cited, canon, group)
        if issue:
            out.append(issue)
    return out + _uncited(doc)


def _resolved_match(cite: InText, by_ref: dict[int, Assessment], canon: Canon) -> bool:
    """A reference whose canonical work (or the original it translates) is by this author, this year."""
    for a in by_ref.values():
        if a.work is None or canon.original(a.work) is a.work:
            continue  # only a translation may be cited by its original's author and year
        orig = canon.original(a.work)
        if orig.authors and _author_matches(cite.author or "", orig.authors[0].family) and cite.year in valid_years(orig):
            return True
    return False


def _authoryear_issue(doc: Document, cite: InText, by_ref: dict[int, Assessment], canon: Canon) -> list[Issue]:
    if cite.linked:  # "[Ma et al. (2023)](https://arxiv.org/abs/...)" names its source itself
        return []
    refs = _authoryear_refs(doc, cite)
    if any(r.signals.year == cite.year for r in refs) or _resolved_match(cite, by_ref, canon):
        return []
    if refs:
        years = sorted({r.signals.year for r in refs if r.signals.year})
        return [Issue("C312", f"{cite.author} ({cite.year}) cites year {cite.year}, but the reference list has "
                      f"{cite.author} with {', '.join(map(str, years)) or 'no year'}",
                      "Make the in-text year match the reference entry.", cite.location)]
    if _unnamed_list_with_ids(doc, by_ref):
        return []  # the list names no authors; its unresolved ids may be this work (a title-only linked list)
    return [Issue("C312", f"{cite.author} ({cite.year}) has no matching entry in the reference list",
                  "Add the reference or fix the author name.", cite.location)]


def _unnamed_list_with_ids(doc: Document, by_ref: dict[int, Assessment]) -> bool:
    """A list of linked titles (`- [Title](https://arxiv.org/abs/...)`) names no author, so an author-year
    mention cannot be declared missing from it while one of its identifiers is unresolved."""
    free = [r for r in doc.references if r.work is None]
    return bool(free) and not any(r.signals.names or r.signals.author_text for r in free) and any(
        a.work is None and (a.ref.signals.arxiv or a.ref.signals.doi) for a in by_ref.values())


def _uncited(doc: Document) -> list[Issue]:
    """References the text never cites. An unlabelled entry (no number, no key) can only be cited by
    author and year; in a list whose unlabelled entries are mostly not cited that way, it is further
    reading (the text links its sources inline), not a bibliography with forgotten entries."""
    if doc.kind == "bibtex" or not doc.citations:
        return []
    cited = {c.target for c in doc.citations if c.kind in ("key", "number")}
    by_year = [(c.author or "", c.year) for c in doc.citations if c.kind == "authoryear"]

    def by_author_year(r: Reference) -> bool:
        firsts = _first_names(r)
        return any(y == r.signals.year and any(_author_matches(a, n) for n in firsts) for a, y in by_year)

    unlabelled = [r for r in doc.references if r.work is None and r.signals.number is None
                  and re.fullmatch(r"ref\d+", r.id)]  # a plain list item: no number, no key
    further_reading = len([r for r in unlabelled if by_author_year(r)]) * 2 < len(unlabelled)
    out = []
    for r in doc.references:
        if r.id in cited or r.id in doc.listed or by_author_year(r) or (further_reading and r in unlabelled):
            continue
        out.append(Issue("C303", f"reference {r.label} is never cited in the text", "Cite it or remove it.", r.location))
    return out


def assess_document(doc: Document, canon: Canon, *, today: dt.date | None = None) -> DocAssessment:
    result = DocAssessment(doc, [assess_reference(r, canon, today) for r in doc.references])
    by_ref = {id(r): a for r, a in zip(doc.references, result.references)}  # a.ref may be a refined copy
    result.intext = check_intext(doc, canon, by_ref)
    return result
