"""The documents `check-doc` reads: files as given, directories expanded, `-` from stdin."""
from __future__ import annotations

import sys
import tempfile
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Callable, Iterator

import click

SUFFIXES = (".md", ".markdown", ".qmd", ".rmd", ".tex", ".ltx", ".bib", ".txt")


def discover(directory: Path) -> list[Path]:
    """Documents below `directory` in a stable order; hidden folders (.git, .venv) are skipped."""
    found = [p for p in directory.rglob("*")
             if p.suffix.lower() in SUFFIXES and p.is_file()
             and not any(part.startswith(".") for part in p.relative_to(directory).parts[:-1])]
    return sorted(found)


def expand(files: tuple[str, ...]) -> list[Path]:
    paths: list[Path] = []
    for f in files:
        p = Path(f)
        if p.is_dir():
            found = discover(p)
            if not found:
                raise click.UsageError(f"no documents ({', '.join(SUFFIXES)}) in {f}")
            paths.extend(found)
        elif p.is_file():
            paths.append(p)
        else:
            raise click.UsageError(f"not a file or directory: {f}")
    return paths


@contextmanager
def inputs(files: tuple[str, ...], stdin_name: str | None) -> Iterator[tuple[list[Path], Callable]]:
    """(paths, rename): the documents to check, and a function that reports the stdin document
    under its name instead of the temporary file it was read into."""
    if files.count("-") > 1:
        raise click.UsageError("`-` (stdin) can be given once")
    if stdin_name and "-" not in files:
        raise click.UsageError("--stdin-filename needs `-` among the files")
    named = tuple(f for f in files if f != "-")
    paths = expand(named)
    if "-" not in files:
        same = lambda diagnostics: diagnostics  # noqa: E731
        same.path = lambda path: path
        yield paths, same
        return
    with tempfile.TemporaryDirectory(prefix="citekb-stdin-") as tmp:
        suffix = Path(stdin_name).suffix.lower() if stdin_name else ".md"
        temp = Path(tmp) / f"stdin{suffix if suffix in SUFFIXES else '.txt'}"
        temp.write_bytes(sys.stdin.buffer.read())
        shown = stdin_name or "-"
        paths.insert(len(expand(files[:files.index("-")])), temp)  # in the order given

        def moved(loc):
            return replace(loc, path=shown) if loc.path == temp.as_posix() else loc

        def rename(diagnostics: list) -> list:
            return [replace(d, location=moved(d.location), edit=d.edit and replace(d.edit, location=moved(d.edit.location)))
                    for d in diagnostics]
        rename.path = lambda path: shown if path == temp.as_posix() else path  # the diff renderer's sources

        yield paths, rename
