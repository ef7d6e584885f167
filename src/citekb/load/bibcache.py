"""Fast BibTeX loading for big files: a content-keyed cache and a two-process split.

A re-check with nothing changed loads each file's parsed works from the cache (keyed by the file's
bytes, its path and the citekb version) instead of parsing again. A large file is cut at entry
boundaries and the halves are parsed at the same time, the parent taking one half and a forked
worker the other, so that only one half crosses a process boundary.
"""
from __future__ import annotations

import hashlib
import logging
import multiprocessing as mp
import os
import pickle
import re
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .. import __version__, atomic
from ..model import Location, LoadProblem, Work
from .bibtex import load_bibtex

log = logging.getLogger(__name__)
PARALLEL_MIN_BYTES = 2_000_000
_BLOCK_START = re.compile(r"^@", re.M)
_STRING_BLOCK = re.compile(r"^@string\s*[{(].*?[})]\s*$", re.M | re.I | re.S)


def _code_fingerprint() -> bytes:
    """Parse results depend on this code; a change to it must not serve stale pickles."""
    here = Path(__file__).resolve().parent
    h = hashlib.blake2b(digest_size=16)
    for path in (here / "bibtex.py", here / "bibcache.py", here.parent / "model.py", here.parent / "normalize.py"):
        try:
            h.update(path.read_bytes())
        except OSError:
            h.update(path.name.encode())
    return h.digest()


_FINGERPRINT = _code_fingerprint()


class Cache:
    """Pickled parse results in a directory; any failure to read or write just means a miss."""

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
            with open(self.dir / f"{key}.pickle", "rb") as fh:
                return pickle.load(fh)
        except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError):
            return None

    def put(self, key: str, value) -> None:
        if self.dir is None:
            return
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            # atomic: a failed write (full disk) removes its temporary file instead of leaking it
            atomic.write_bytes(self.dir / f"{key}.pickle", pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError as exc:  # a read-only or full disk only costs speed
            log.debug("cache write failed: %s", exc)


def _shift(works: list[Work], problems: list[LoadProblem], offset: int):
    """Move locations of a parsed chunk to their lines in the whole file."""
    if not offset:
        return works, problems
    from dataclasses import replace

    moved = [replace(w, location=Location(w.location.path, w.location.line + offset), end_line=w.end_line + offset,
                     field_lines={k: v + offset for k, v in w.field_lines.items()}) for w in works]
    return moved, [replace(p, location=Location(p.location.path, p.location.line + offset)) for p in problems]


def _parse_chunk(text: str, rel: str, offset: int):
    works, problems, _ = load_bibtex(text, rel)
    return _shift(works, problems, offset)


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


def parse_bib(text: str, rel: str) -> tuple[list[Work], list[LoadProblem]]:
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
