"""Fast BibTeX loading for big files: a content-keyed cache and a two-process split.

A re-check with nothing changed loads each file's parsed works from the cache (keyed by the file's
bytes, its path and the citekb version; plain JSON data in the user's cache directory, never inside
the checked tree unless asked) instead of parsing again. A large file is cut at entry
boundaries and the halves are parsed at the same time, the parent taking one half and a forked
worker the other, so that only one half crosses a process boundary.
"""
from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing as mp
import os
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


class Cache:
    """Parse results as JSON data in a directory: reading an entry can fail (a miss), never run code.

    An entry is a plain JSON document naming its format and its key; anything else found there (a
    truncated file, another program's file, a pickle planted by someone) is a miss, never trusted.
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
            doc = json.loads((self.dir / f"{key}.json").read_bytes())
            if doc["format"] != FORMAT or doc["key"] != key:
                return None
            return [_work(w) for w in doc["works"]], [_problem(p) for p in doc["problems"]]
        except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError):
            return None

    def put(self, key: str, value) -> None:
        if self.dir is None:
            return
        works, problems = value
        doc = {"format": FORMAT, "key": key, "works": [_work_row(w) for w in works],
               "problems": [[p.code, p.message, *_loc_row(p.location), p.fix] for p in problems]}
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            # atomic: a failed write (full disk) removes its temporary file instead of leaking it
            atomic.write_bytes(self.dir / f"{key}.json",
                               json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        except OSError as exc:  # a read-only or full disk only costs speed
            log.debug("cache write failed: %s", exc)


def _loc_row(loc: Location) -> list:
    return [loc.path, loc.line, loc.column]


def _work_row(w: Work) -> list:
    return [w.key, w.entry_type, *_loc_row(w.location), w.end_line, dict(w.fields), dict(w.raw_fields),
            dict(w.field_lines), w.title, list(w.alttitles), w.year, w.doi, w.arxiv, w.isbn, w.url, w.raw]


def _str(v) -> str:
    if not isinstance(v, str):
        raise TypeError("not text")
    return v


def _int(v) -> int:
    if not isinstance(v, int) or isinstance(v, bool):
        raise TypeError("not an integer")
    return v


def _opt(check, v):
    return None if v is None else check(v)


def _str_map(m) -> dict[str, str]:
    return {_str(k): _str(v) for k, v in m.items()}


def _work(row) -> Work:
    """A Work from its cached row, every field type-checked (a foreign entry raises, i.e. misses)."""
    (key, etype, path, line, col, end, fields, raw_fields, lines, title, alts, year, doi, arxiv, isbn,
     url, raw) = row
    return Work(key=_str(key), entry_type=_str(etype), location=Location(_str(path), _int(line), _int(col)),
                end_line=_int(end), fields=_str_map(fields), raw_fields=_str_map(raw_fields),
                field_lines={_str(k): _int(v) for k, v in lines.items()}, title=_str(title),
                alttitles=tuple(_str(a) for a in alts), year=_opt(_int, year), doi=_opt(_str, doi),
                arxiv=_opt(_str, arxiv), isbn=_opt(_str, isbn), url=_opt(_str, url), raw=_str(raw))


def _problem(row) -> LoadProblem:
    code, message, path, line, col, fix = row
    return LoadProblem(_str(code), _str(message), Location(_str(path), _int(line), _int(col)), _str(fix))


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
