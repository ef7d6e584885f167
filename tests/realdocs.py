"""Where a finding on a real document points, as the hand labels and counts of tests/realworld and
tests/realworld_heldout name it: a file under the corpus's docs/ and a line (inside a BibTeX entry,
the entry's first line)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from citekb.load.bibtex import load_bibtex


@lru_cache(maxsize=None)
def entry_spans(docs: Path, rel: str) -> tuple[tuple[int, int], ...]:
    works, _, _ = load_bibtex((docs / rel).read_text(encoding="utf-8"), Path(rel).name)
    return tuple((w.location.line, w.end_line) for w in works)


def place(docs: Path, doc_id: str, path: str, line: int) -> tuple[str, int]:
    """The docs-relative file (a companion .bib may be reported by its own name) and the labelled line."""
    rel = path if (docs / path).is_file() else (Path(doc_id).parent / Path(path).name).as_posix()
    if rel.endswith(".bib") and (docs / rel).is_file():
        for start, end in entry_spans(docs, rel):
            if start <= line <= end:
                return rel, start
    return rel, line
