"""Match a reference to canonical records and compare its fields.

Identifiers first (DOI, arXiv id without version, ISBN), then the folded title (case, accents,
LaTeX, full-width CJK forms), then a fuzzy title guarded by author overlap, then a canonical
title found inside the raw reference text. A work may have several titles (`alttitle`) and several
valid years (the venue year and the arXiv year).
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable

from rapidfuzz import fuzz, process

from . import data
from . import normalize as nz
from .load.documents import Reference
from .model import Record, Work
from .sources import Source
from .sources.compare import titles_of, valid_years, venue_family
from .load.persons import work_authors

FUZZY_TITLE = data.threshold("title", "fuzzy")
FUZZY_MIN_LENGTH = data.threshold("title", "fuzzy_min_length")
_EDITION = re.compile(r"\s+(?:\d+(?:st|nd|rd|th)|second|third|fourth|fifth|revised)\s+edition$")


def describe(work: Work) -> str:
    """`ho2020denoising (Ho, Jain & Abbeel, NeurIPS 2020)`: how messages name a canonical record."""
    fams = [p.family for p in work_authors(work) if not p.is_others]
    if len(fams) > 3 or any(p.is_others for p in work_authors(work)):
        who = f"{fams[0]} et al." if fams else "?"
    elif len(fams) > 1:
        who = ", ".join(fams[:-1]) + f" & {fams[-1]}"
    else:
        who = fams[0] if fams else "?"
    venue = venue_family(work.venue) or ("arXiv" if work.arxiv and not work.venue else work.venue[:40])
    text = f"{work.key} ({who}, {venue} {work.year or ''})".replace(" )", ")")
    if work.fields.get("x-online"):  # an online record: name the service and the record that decided
        text = f"{text[:-1]}; {work.fields['x-online']} record {work.fields.get('source', '')})"
    return text


@dataclass
class Canon:
    """Canonical records, indexed for lookup by identifier, title, author-year and concept."""

    works: tuple[Work, ...]
    sources: tuple[Source, ...] = ()

    def find_doi(self, doi: str | None) -> Work | None:
        return self._find("doi", doi)

    def find_arxiv(self, arxiv_id: str | None) -> Work | None:
        return self._find("arxiv", arxiv_id)

    def find_isbn(self, isbn: str | None) -> Work | None:
        return self._find("isbn", isbn)

    def _find(self, kind: str, value: str | None) -> Work | None:
        if not value:
            return None
        hit = getattr(self, f"by_{kind}").get(value)
        for source in self.sources if hit is None else ():
            hit = getattr(source, f"find_{kind}")(value)
            if hit is not None:
                break
        return hit

    def __post_init__(self) -> None:
        self.by_key = {w.key: w for w in self.works}
        self.by_doi, self.by_arxiv, self.by_isbn = {}, {}, {}
        self.by_title: dict[str, list[Work]] = defaultdict(list)
        self.by_author_year: dict[tuple[str, int], list[Work]] = defaultdict(list)
        self.concepts: dict[str, list[Work]] = defaultdict(list)
        # One-word names written with capitals that are also ordinary words ("align", "comet", "performer")
        # count only as written; model names from the KB (add_concepts) match in any case.
        self.exact_forms: dict[str, set[str]] = {}
        self.families: dict[str, set[str]] = {}  # work key -> model families it reports (add_concepts)
        for w in self.works:
            for index, value in ((self.by_doi, w.doi), (self.by_arxiv, w.arxiv), (self.by_isbn, w.isbn)):
                if value:
                    index.setdefault(value, w)
            for t in titles_of(w):
                self.by_title[nz.fold(t)].append(w)
                bare = _EDITION.sub("", nz.fold(t))
                if bare != nz.fold(t):
                    self.by_title[bare].append(w)  # "Deep Learning with Python, Second Edition"
            if work_authors(w):
                for y in valid_years(w):
                    self.by_author_year[(nz.fold_name(work_authors(w)[0].family), y)].append(w)
            for concept in nz.split_list(w.fields.get("introduces", "")):
                self.concepts[nz.fold(concept)].append(w)
                written = nz.latex_to_text(concept)
                if " " not in written and written != written.lower():  # "ALIGN", "COMET", "Performer": as written
                    self.exact_forms.setdefault(nz.fold(concept), set()).add(unicodedata.normalize("NFKC", written))
        self._titles = list(self.by_title)

    def original(self, work: Work) -> Work:
        """The original of a translation (`origkey`), else the work itself."""
        return self.by_key.get(work.fields.get("origkey", ""), work)

    def same(self, a: Work | None, b: Work | None) -> bool:
        """One work, allowing for a translation and its original."""
        return a is not None and b is not None and (a is b or self.original(a) is self.original(b))

    def reports_family(self, work: Work, name: str) -> bool:
        """Whether `work` reports a model of the family `name` ("Llama" for the Llama 3 report): crediting
        a family to a later member's report is citing the version used, not a misattribution."""
        return nz.fold(name) in self.families.get(work.key, set())

    def add_concepts(self, records: Iterable[Record]) -> None:
        """Model and framework names introduced by the work their `paper` names; model families by paper."""
        for r in records:
            work = self.by_key.get(r.get("paper") or "")
            if work is None:
                continue
            family = r.get("family")
            if isinstance(family, str) and family_base(family):
                self.families.setdefault(work.key, set()).add(family_base(family))
            for name in (r.get("name"), *(r.get("aliases") or ())):
                if name and len(nz.fold(name)) >= 3 and work not in self.concepts[nz.fold(name)]:
                    self.concepts[nz.fold(name)].append(work)
                if name:
                    self.exact_forms.pop(nz.fold(name), None)

    @staticmethod
    def _pick(works: list[Work], year: int | None) -> Work:
        """Among works sharing a title (editions, versions), the one whose year matches."""
        return next((w for w in works if year and year in valid_years(w)), works[0])

    def by_title_text(self, title: str, *, authors: Iterable[str] = (), year: int | None = None,
                      venue: str | None = None) -> tuple[Work | None, bool]:
        """(work, exact) for a title; fuzzy matches need an author in common when authors are known.
        Online sources also get the year and venue, to prefer the version the reference cites."""
        folded = nz.fold(title)
        if folded in self.by_title:
            return self._pick(self.by_title[folded], year), True
        bare = _EDITION.sub("", folded)
        if bare != folded and bare in self.by_title:
            return self._pick(self.by_title[bare], year), True
        for source in self.sources:
            context = {"year": year, "venue": venue} if getattr(source, "takes_context", False) else {}
            hit = source.find_title(title, tuple(authors), **context)
            if hit is not None:
                return hit, nz.fold(hit.title) == folded
        if not self._titles or len(folded) < FUZZY_MIN_LENGTH:
            return None, False
        hit = process.extractOne(folded, self._titles, scorer=fuzz.ratio, score_cutoff=FUZZY_TITLE)
        if not hit:
            return None, False
        work = self.by_title[hit[0]][0]
        names = {nz.fold_name(a) for a in authors}
        if names and not names & family_tokens(work):
            return None, False
        return work, False

    def in_text(self, text: str) -> Work | None:
        """A canonical title (of 3+ words) that stands as a title inside a raw reference text.

        Standing as a title means not being part of a longer one: "Improved Denoising Diffusion
        Probabilistic Models" contains the DDPM title but is another work."""
        folded = f" {nz.fold(text)} "
        found = sorted((title for title in self.by_title if title.count(" ") >= 2 and f" {title} " in folded),
                       key=len, reverse=True)
        return next((self.by_title[t][0] for t in found if title_stands_alone(text, t)), None)


def family_base(family: str) -> str:
    """A family's name without versions or asides: "Llama 3.1" and "LLaMA (Llama 1)" are "llama"."""
    words = nz.fold(re.sub(r"[(（][^)）]*[)）]", " ", family)).split()
    return " ".join(w for w in words if not re.search(r"\d", w))


_LEAD_OUT = {"by", "et", "arxiv", "in", "from", "accessed", "retrieved", "available", "online", "url", "doi"}


def title_stands_alone(text: str, folded_title: str) -> bool:
    """Whether a (folded) title occurs in `text` delimited as a title: not run on from a word before
    it ("Improved ..."), nor into words after it ("... Models for Speech") other than a lead-out
    such as "by" or "arXiv". Punctuation, brackets, quotes, emphasis and line ends delimit."""
    words = folded_title.split()
    pattern = re.compile(r"[\W_]+".join(map(re.escape, words)), re.I)
    plain = nz.latex_to_text(text) if "\\" in text else text
    matches = list(pattern.finditer(unicodedata.normalize("NFKC", plain)))
    if not matches:  # folding changed the letters (accents, LaTeX): no boundary to judge, keep the match
        return True
    for m in matches:
        before = m.string[: m.start()]
        after = m.string[m.end():]
        runs_in = re.search(r"[^\W_][-‐‑]?\s*$", before) is not None
        follow = re.match(r"(?:\s+|[-‐‑](?=[^\W_]))?([^\W_]+)", after)  # "Memory-Networks" runs on
        runs_on = follow is not None and follow.group(1).casefold() not in _LEAD_OUT
        if not runs_in and not runs_on:
            return True
    return False


def family_tokens(work: Work) -> set[str]:
    return {nz.fold_name(p.family) for p in work_authors(work) if not p.is_others}


def author_versions(work: Work) -> list[tuple]:
    """The work's author list, and those of other versions recorded in `altauthor`."""
    from .load.bibtex import parse_persons

    lists = [work_authors(work)]
    for alt in nz.split_list(work.fields.get("altauthor", "")):
        lists.append(parse_persons(alt))
    return [tuple(p for p in persons if not p.is_others) for persons in lists]


def person_tokens(p) -> set[str]:
    words = {nz.fold_name(p.family)} | {nz.fold_name(w) for w in re.split(r"[\s\-]+", f"{p.family} {p.von}") if w}
    words |= {nz.fold_name(w) for w in re.split(r"[\s\-.]+", p.given) if len(w) > 1}
    words |= {nz.fold_name(w) for w in p.given.split() if "-" in w}  # "Ming-Wei" as one word too
    return {w for w in words if w}


def name_tokens(work: Work) -> dict[str, int]:
    """Folded family and given-name words of every version's authors -> the author's position."""
    out: dict[str, int] = {}
    for persons in author_versions(work):
        for i, p in enumerate(persons):
            for w in person_tokens(p):
                out[w] = min(out.get(w, i), i)
    return out


def first_author_tokens(work: Work) -> set[str]:
    """Who may stand first: each version's first author, or the first person after a group name."""
    out: set[str] = set()
    for persons in author_versions(work):
        for p in persons[:2]:
            out |= person_tokens(p)
            if not p.literal:
                break
    return out


def resolve(canon: Canon, ref: Reference) -> tuple[Work | None, str, Work | None]:
    """(work the reference describes, how it was found, work its identifier points to)."""
    s = ref.signals
    by_id = None
    how = ""
    for find, value, label in ((canon.find_doi, s.doi, "doi"), (canon.find_arxiv, s.arxiv, "arxiv"),
                               (canon.find_isbn, s.isbn, "isbn")):
        hit = find(value)
        if hit is not None:
            by_id, how = hit, label
            break
    by_title = None
    if s.title:
        venue = s.venue_text or ("arXiv" if s.arxiv else None)  # an arXiv id alone cites the preprint
        by_title, exact = canon.by_title_text(s.title, authors=s.names, year=s.year, venue=venue)
        if by_title and not exact:
            how_title = "fuzzy title"
        else:
            how_title = "title"
    if by_title is None and not (s.title and by_id):
        by_title = canon.in_text(s.text)
        how_title = "title in text"
    if by_title is not None and not (how_title == "fuzzy title" and by_id is not None and by_id is not by_title):
        return by_title, how_title, by_id  # a fuzzy title is weaker than an identifier that names a work
    if by_id is not None:
        return by_id, how, by_id
    return None, "", None


def locate_title(text: str, work: Work) -> tuple[int, int] | None:
    """Where one of the work's titles occurs in a raw reference text (punctuation and case free)."""
    for t in titles_of(work):
        words = re.findall(r"\w+", nz.latex_to_text(t))
        if len(words) < 2:
            continue
        m = re.search(r"\W+".join(map(re.escape, words)), text, re.I)
        if m:
            return m.span()
    return None


def author_problems(ref: Reference, work: Work) -> tuple[list[str], bool]:
    """(names in the reference that are not authors of the work, first author wrong?)

    Group names ("Gemma Team", "DeepSeek-AI") are compared loosely; initials and two-letter
    words never count as strangers; other versions' author lists (`altauthor`) are accepted."""
    persons = [p for p in work_authors(work) if not p.is_others]
    if not persons or all(p.literal for p in persons):
        return [], False
    tokens = name_tokens(work)
    firsts = first_author_tokens(work)
    names = list(ref.signals.names)
    if not names or all(nz.has_cjk(n) for n in names):
        return [], False  # no names, or names in a script the canonical record does not use
    if ref.work is not None:
        mine = [p for p in work_authors(ref.work) if not p.is_others]
        stranger = [p.family for p in mine if not p.literal and len(nz.fold_name(p.family)) > 2
                    and not person_tokens(p) & tokens.keys()]
        first_wrong = bool(mine) and not person_tokens(mine[0]) & firsts
    else:
        stranger = [n for n in names if len(nz.fold_name(n)) > 2 and nz.fold_name(n) not in tokens and not nz.has_cjk(n)]
        known = [nz.fold_name(n) for n in names if nz.fold_name(n) in tokens]
        first_wrong = not known or known[0] not in firsts
    truncated = any(p.is_others for p in work_authors(work))
    return ([] if truncated else stranger), first_wrong
