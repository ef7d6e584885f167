"""Formatted references, author-year labels and the BibTeX download for works (CSL-JSON: csl.py)."""
from __future__ import annotations

from ..model import Person, Work
from .csl import csl_item, csl_json  # noqa: F401  (re-exported: callers import them from here)
from .text import ext_link, md
from ..load.persons import work_authors


def _authors(work: Work) -> list[Person]:
    return [p for p in work_authors(work) if not p.is_others]


def short_label(work: Work) -> str:
    """`Touvron et al. 2023`, `Hochreiter and Schmidhuber 1997`, or the key when there is no author."""
    people = _authors(work)
    year = work.year or "n.d."
    if not people:
        return f"{work.key} {year}" if not work.title else f"{work.title[:40]} {year}"
    if len(people) == 1 and len(work_authors(work)) == 1:
        return f"{people[0].family} {year}"
    if len(people) == 2 and len(work_authors(work)) == 2:
        return f"{people[0].family} and {people[1].family} {year}"
    return f"{people[0].family} et al. {year}"


def author_list(work: Work, *, limit: int = 10) -> str:
    people = _authors(work)
    names = [p.display for p in people[:limit]]
    more = len(people) > limit or len(people) < len(work_authors(work))
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
