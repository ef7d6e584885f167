"""Load problems of the canonical sources named with `check-doc --canon`.

A `.bib` given as the canon that does not parse cleanly silently shrinks what a document is
compared against: every reference it should have verified becomes "unverifiable" and the run
passes. Its problems are reported with the document's findings instead.
"""
from __future__ import annotations

from pathlib import Path

from ..checks.diagnostic import Diagnostic
from ..model import Location
from .bibtex import decode_bytes, load_bibtex, size_problem


def canon_problems(sources: list[str | Path] | None) -> list[Diagnostic]:
    """Located problems (parse errors, undecodable bytes, too large) of the `.bib` canon files."""
    out: list[Diagnostic] = []
    for src in map(Path, sources or ()):
        if src.suffix.lower() != ".bib" or not src.is_file():
            continue
        name = src.as_posix()
        try:
            too_big = size_problem(src.stat().st_size, name)
            if too_big:
                out.append(too_big)
                continue
            text, problems = decode_bytes(src.read_bytes(), name)
        except OSError as exc:
            out.append(Diagnostic("L007", f"cannot read the canon file: {exc.strerror or exc}",
                                   Location(name, 1), "Check the path and permissions."))
            continue
        out.extend(problems + load_bibtex(text, name)[1])
    return out

