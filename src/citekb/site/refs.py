"""Formatted references, author-year labels and CSL-JSON for BibTeX works."""
from __future__ import annotations

import json

from ..model import Person, Work
from .text import ext_link, md

_CSL_TYPES = {
    "article": "article-journal", "inproceedings": "paper-conference", "conference": "paper-conference",
    "book": "book", "incollection": "chapter", "inbook": "chapter", "techreport": "report",
    "phdthesis": "thesis", "mastersthesis": "thesis", "online": "webpage", "manual": "report",
}


def _authors(work: Work) -> list[Person]:
    return [p for p in work.authors if not p.is_others]


def short_label(work: Work) -> str:
    """`Touvron et al. 2023`, `Hochreiter and Schmidhuber 1997`, or the key when there is no author."""
    people = _authors(work)
    year = work.year or "n.d."
    if not people:
        return f"{work.key} {year}" if not work.title else f"{work.title[:40]} {year}"
    if len(people) == 1 and len(work.authors) == 1:
        return f"{people[0].family} {year}"
    if len(people) == 2 and len(work.authors) == 2:
        return f"{people[0].family} and {people[1].family} {year}"
    return f"{people[0].family} et al. {year}"


def author_list(work: Work, *, limit: int = 10) -> str:
    people = _authors(work)
    names = [p.display for p in people[:limit]]
    more = len(people) > limit or len(people) < len(work.authors)
    if more:
        return ", ".join(names) + " et al."
    if len(names) > 1:
        return ", ".join(names[:-1]) + " and " + names[-1]
    return names[0] if names else ""


def formatted(work: Work) -> str:
    """A one-line reference in Markdown: authors (year). *Title*. Venue. DOI/arXiv links."""
    parts = []
    authors = author_list(work)
    if authors:
        parts.append(f"{md(authors)} ({work.year or 'n.d.'}).")
    else:
        parts.append(f"({work.year or 'n.d.'}).")
    parts.append(f"*{md(work.title or work.key)}*.")
    if work.venue:
        parts.append(f"{md(work.venue)}.")
    parts.extend(identifier_links(work))
    return " ".join(parts)


def identifier_links(work: Work) -> list[str]:
    out = []
    if work.doi:
        out.append(ext_link(f"doi:{work.doi}", f"https://doi.org/{work.doi}"))
    if work.arxiv:
        out.append(ext_link(f"arXiv:{work.arxiv}", f"https://arxiv.org/abs/{work.arxiv}"))
    if work.url and not (work.doi or work.arxiv):
        out.append(ext_link("link", work.url))
    return out


def _csl_name(p: Person) -> dict:
    if p.literal or not p.given:
        return {"literal": " ".join(x for x in (p.von, p.family) if x)}
    name = {"family": p.family, "given": p.given}
    if p.von:
        name["non-dropping-particle"] = p.von
    if p.jr:
        name["suffix"] = p.jr
    return name


def csl_item(work: Work) -> dict:
    f = work.fields
    item: dict = {"id": work.key, "type": _CSL_TYPES.get(work.entry_type, "article"), "title": work.title}
    if work.authors:
        item["author"] = [_csl_name(p) for p in _authors(work)]
    if work.year:
        item["issued"] = {"date-parts": [[work.year]]}
    container = f.get("journal") or f.get("booktitle")
    if container:
        item["container-title"] = container
    publisher = f.get("publisher") or f.get("institution") or f.get("school")
    if publisher:
        item["publisher"] = publisher
    for src, dst in (("volume", "volume"), ("number", "issue"), ("pages", "page")):
        if f.get(src):
            item[dst] = f[src].replace("--", "-") if src == "pages" else f[src]
    if work.doi:
        item["DOI"] = work.doi
    if work.url:
        item["URL"] = work.url
    elif work.arxiv:
        item["URL"] = f"https://arxiv.org/abs/{work.arxiv}"
    if work.arxiv:
        item["number"] = f"arXiv:{work.arxiv}"
    return item


def csl_json(works) -> str:
    items = [csl_item(w) for w in sorted(works, key=lambda w: w.key)]
    return json.dumps(items, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def bibtex(works) -> str:
    return "\n\n".join(w.raw.strip() for w in sorted(works, key=lambda w: w.key)) + "\n"


def fence(code: str, lang: str = "") -> str:
    """A fenced code block that the code cannot close: the fence is longer than any backtick run."""
    longest = max((len(run) for run in code.split("\n") for run in _runs(run)), default=0)
    ticks = "`" * max(3, longest + 1)
    return f"{ticks}{lang}\n{code.rstrip()}\n{ticks}\n"


def _runs(line: str):
    run = 0
    for ch in line + " ":
        if ch == "`":
            run += 1
        else:
            if run:
                yield "`" * run
            run = 0
