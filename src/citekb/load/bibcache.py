"""Fast BibTeX loading for big files: a content-keyed cache and a two-process split.

A re-check with nothing changed loads each file's parsed works from the cache (keyed by the file's
bytes, its path and the citekb version; plain JSON data in the user's cache directory, never inside
the checked tree unless asked) instead of parsing again. A large file is cut at entry
boundaries and the halves are parsed at the same time, the parent taking one half and a forked
worker the other, so that only one half crosses a process boundary.
"""
from __future__ import annotations

import hashlib
import logging
import multiprocessing as mp
import os
import re
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import msgspec

from .. import __version__, atomic
from ..checks.diagnostic import Diagnostic
from ..model import Location, Work
from .bibtex import load_bibtex

log = logging.getLogger(__name__)
PARALLEL_MIN_BYTES = 2_000_000
_BLOCK_START = re.compile(r"^@", re.M)
_STRING_BLOCK = re.compile(r"^@string\s*[{(].*?[})]\s*$", re.M | re.I | re.S)


def _code_fingerprint() -> bytes:
    """Parse results depend on this code; a change to it must not serve stale entries."""
    here = Path(__file__).resolve().parent
    h = hashlib.blake2b(digest_size=16)
    for path in (here / "bibtex.py", here / "bibcache.py", here.parent / "model.py", here.parent / "normalize.py"):
        try:
            h.update(path.read_bytes())
        except OSError:
            h.update(path.name.encode())
    return h.digest()


_FINGERPRINT = _code_fingerprint()


FORMAT = "citekb-parse-cache/1"
_WorkRow = tuple[str, str, str, int, int, int, dict[str, str], dict[str, str], dict[str, int], str, list[str],
                 int | None, str | None, str | None, str | None, str | None, str]
_ProblemRow = tuple[str, str, str, int, int, str]


class _Entry(msgspec.Struct):
    format: str
    key: str
    works: list[_WorkRow]
    problems: list[_ProblemRow]


_DECODE = msgspec.json.Decoder(_Entry)
_ENCODE = msgspec.json.Encoder()


class Cache:
    """Parse results as JSON data in a directory: reading an entry can fail (a miss), never run code.

    An entry is a JSON document of a fixed, typed shape naming its format and its key; msgspec
    checks every field's type while decoding, so anything else found there (a truncated file,
    another program's file, a pickle planted by someone) is a miss, never trusted.
    """

    def __init__(self, directory: Path | None):
        self.dir = directory

    def key(self, data: bytes, rel: str) -> str:
        h = hashlib.blake2b(digest_size=20)
        h.update(f"{__version__}\0{rel}\0".encode() + _FINGERPRINT)
        h.update(data)
        return h.hexdigest()

    def get(self, key: str):
        if self.dir is None:
            return None
        try:
            entry = _DECODE.decode((self.dir / f"{key}.json").read_bytes())
        except (OSError, msgspec.DecodeError, RecursionError):
            return None
        if entry.format != FORMAT or entry.key != key:
            return None
        return [_work(w) for w in entry.works], [_problem(p) for p in entry.problems]

    def put(self, key: str, value) -> None:
        if self.dir is None:
            return
        works, problems = value
        entry = _Entry(FORMAT, key, [_work_row(w) for w in works],
                       [(p.code, p.message, p.location.path, p.location.line, p.location.column, p.fix)
                        for p in problems])
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            # atomic: a failed write (full disk) removes its temporary file instead of leaking it
            atomic.write_bytes(self.dir / f"{key}.json", _ENCODE.encode(entry))
        except OSError as exc:  # a read-only or full disk only costs speed
            log.debug("cache write failed: %s", exc)


def _work_row(w: Work) -> tuple:
    loc = w.location
    return (w.key, w.entry_type, loc.path, loc.line, loc.column, w.end_line, dict(w.fields), dict(w.raw_fields),
            dict(w.field_lines), w.title, list(w.alttitles), w.year, w.doi, w.arxiv, w.isbn, w.url, w.raw)


def _work(row: tuple) -> Work:
    (key, etype, path, line, col, end, fields, raw_fields, lines, title, alts, year, doi, arxiv, isbn, url, raw) = row
    return Work(key, etype, Location(path, line, col), end, fields, raw_fields, lines, title, tuple(alts), year,
                doi, arxiv, isbn, url, raw)


def _problem(row: tuple) -> Diagnostic:
    code, message, path, line, col, fix = row
    return Diagnostic(code, message, Location(path, line, col), fix)


def shift_lines(works: list[Work], problems: list[Diagnostic], offset: int):
    """Move locations of a parsed chunk to their lines in the whole file (or document)."""
    if not offset:
        return works, problems
    from dataclasses import replace

    moved = [replace(w, location=Location(w.location.path, w.location.line + offset), end_line=w.end_line + offset,
                     field_lines={k: v + offset for k, v in w.field_lines.items()}) for w in works]
    return moved, [replace(p, location=Location(p.location.path, p.location.line + offset)) for p in problems]


def _parse_chunk(text: str, rel: str, offset: int):
    works, problems, _ = load_bibtex(text, rel)
    return shift_lines(works, problems, offset)


def _split(text: str) -> tuple[str, str, int] | None:
    """Cut near the middle at a line starting with '@'; the second half gets the @strings before it."""
    mid = len(text) // 2
    m = _BLOCK_START.search(text, mid)
    if not m:
        return None
    head, tail = text[: m.start()], text[m.start():]
    strings = "\n".join(s.group(0) for s in _STRING_BLOCK.finditer(head))
    prefix = strings + "\n" if strings else ""
    offset = head.count("\n") - prefix.count("\n")
    return head, prefix + tail, offset


def parse_bib(text: str, rel: str) -> tuple[list[Work], list[Diagnostic]]:
    """Parse one file's text, in two processes when it is large and two cores are there."""
    cut = _split(text) if len(text) >= PARALLEL_MIN_BYTES and (os.cpu_count() or 1) > 1 else None
    if cut is None or "fork" not in mp.get_all_start_methods():
        works, problems, _ = load_bibtex(text, rel)
        return works, problems
    head, tail, offset = cut
    with ProcessPoolExecutor(max_workers=1, mp_context=mp.get_context("fork")) as pool:
        future = pool.submit(_parse_chunk, tail, rel, offset)
        w1, p1, _ = load_bibtex(head, rel)
        w2, p2 = future.result()
    return w1 + w2, p1 + p2
