"""Re-parse only the entries of a changed .bib file whose text changed.

A file is cut into chunks at lines starting with '@'. After a clean parse of a file (no problem
found, no key used twice, every @string block clean), the works of each chunk are stored, with
lines counted from the chunk's first line, in one JSON document per file path in the parse cache
directory, keyed by each chunk's text and by the file's @string blocks. When the file changes,
unchanged chunks are taken from that store and moved to their new lines; only the others are
parsed (each with the file's @string blocks before it). Anything unusual falls back to parsing the
whole file: a problem in any chunk, a key used twice, an @string in an entry's chunk, a store that
is missing, for other @string blocks, corrupted or not of the expected shape. The store is plain
typed JSON decoded by msgspec: a planted or truncated file is a miss, never code that runs.
"""
from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path

import msgspec

from .. import __version__, atomic
from ..checks.diagnostic import Diagnostic
from ..model import Location, Work
from .bibcache import _FINGERPRINT, _WorkRow, parse_bib
from .bibtex import load_bibtex

log = logging.getLogger(__name__)
FORMAT = "citekb-bib-chunks/1"
_CHUNK_START = re.compile(r"^@", re.M)
_STRING_HEAD = re.compile(r"@string\s*[{(]", re.I)
_ANY_STRING = re.compile(r"@\s*string", re.I)


class _Store(msgspec.Struct):
    format: str
    path: str
    strings: str  # hash of the file's @string blocks
    chunks: dict[str, list[_WorkRow]]  # chunk hash -> work rows, lines from the chunk's first line


_DECODE = msgspec.json.Decoder(_Store)
_ENCODE = msgspec.json.Encoder()


def chunks(text: str) -> list[tuple[int, str]]:
    """(0-based first line, text) of each chunk, in file order; their texts join to `text`."""
    starts = [m.start() for m in _CHUNK_START.finditer(text)]
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    out, line = [], 0
    for i, start in enumerate(starts):
        piece = text[start: starts[i + 1] if i + 1 < len(starts) else len(text)]
        out.append((line, piece))
        line += piece.count("\n")
    return out


def _hash(*parts: str) -> str:
    h = hashlib.blake2b(digest_size=16)
    for p in parts:
        h.update(p.encode("utf-8", "surrogatepass") + b"\0")
    return h.hexdigest()


def _split(text: str) -> tuple[str, list[tuple[int, str]]] | None:
    """The @string blocks (joined) and the other chunks, or None when an @string sits elsewhere."""
    strings, rest = [], []
    for line, piece in chunks(text):
        if _STRING_HEAD.match(piece):
            strings.append(piece)
        elif _ANY_STRING.search(piece):
            return None
        else:
            rest.append((line, piece))
    prefix = "".join(strings)
    if prefix and not prefix.endswith("\n"):
        prefix += "\n"
    return prefix, rest


def _unique_keys(works: list[Work]) -> bool:
    keys = {w.key.lower() for w in works}
    return len(keys) == len(works)


def _row(w: Work, offset: int) -> tuple:
    """A work as a stored row, its lines moved by `offset`."""
    loc = w.location
    return (w.key, w.entry_type, loc.path, loc.line + offset, loc.column, w.end_line + offset, dict(w.fields),
            dict(w.raw_fields), {k: v + offset for k, v in w.field_lines.items()}, w.title, list(w.alttitles),
            w.year, w.doi, w.arxiv, w.isbn, w.url, w.raw)


def _moved(row: tuple, rel: str, offset: int) -> Work:
    (key, etype, _path, line, col, end, fields, raw_fields, lines, title, alts, year, doi, arxiv, isbn, url,
     raw) = row
    return Work(key, etype, Location(rel, line + offset, col), end + offset, fields, raw_fields,
                {k: v + offset for k, v in lines.items()}, title, tuple(alts), year, doi, arxiv, isbn, url, raw)


class ChunkStore:
    """Per-file chunk results in `directory` (None: no store, every parse is whole-file)."""

    def __init__(self, directory: Path | None):
        self.dir = directory

    def _file(self, rel: str) -> Path | None:
        if self.dir is None:
            return None
        return self.dir / f"chunks-{_hash(__version__, rel, _FINGERPRINT.hex())}.json"

    def _read(self, rel: str, strings: str) -> dict[str, list] | None:
        path = self._file(rel)
        if path is None:
            return None
        try:
            store = _DECODE.decode(path.read_bytes())
        except (OSError, msgspec.DecodeError, RecursionError):
            return None
        if store.format != FORMAT or store.path != rel or store.strings != strings:
            return None
        return store.chunks

    def _write(self, rel: str, strings: str, table: dict[str, list]) -> None:
        path = self._file(rel)
        if path is None:
            return
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            atomic.write_bytes(path, _ENCODE.encode(_Store(FORMAT, rel, strings, table)))
        except OSError as exc:  # a read-only or full disk only costs speed
            log.debug("chunk store write failed: %s", exc)

    def parse(self, text: str, rel: str) -> tuple[list[Work], list[Diagnostic]]:
        """Works and problems of one file, equal to `parse_bib(text, rel)`."""
        cut = _split(text) if self.dir is not None and "\r" not in text else None  # lines: as parse_bib counts
        if cut is None:
            return parse_bib(text, rel)
        prefix, pieces = cut
        strings = _hash(prefix)
        known = self._read(rel, strings)
        if known is not None:
            done = self._incremental(prefix, pieces, rel, known)
            if done is not None:
                works, table = done
                self._write(rel, strings, table)
                return works, []
        works, problems = parse_bib(text, rel)
        table = self._table(pieces, works) if not problems and _unique_keys(works) else None
        if table is not None:
            self._write(rel, strings, table)
        return works, problems

    @staticmethod
    def _table(pieces: list[tuple[int, str]], works: list[Work]) -> dict[str, list] | None:
        """Each chunk's works, lines counted from the chunk's first line; None if a work is elsewhere."""
        table: dict[str, list] = {}
        i = 0
        for line, piece in pieces:
            end = line + piece.count("\n") + (0 if piece.endswith("\n") else 1)
            rows = []
            while i < len(works) and line <= works[i].location.line - 1 < end:
                rows.append(_row(works[i], -line))
                i += 1
            table[_hash(piece)] = rows
        return table if i == len(works) else None

    @staticmethod
    def _incremental(prefix: str, pieces: list[tuple[int, str]], rel: str,
                     known: dict[str, list]) -> tuple[list[Work], dict[str, list]] | None:
        works: list[Work] = []
        table: dict[str, list] = {}
        plines = prefix.count("\n")
        for line, piece in pieces:
            h = _hash(piece)
            rows = known.get(h)
            if rows is None:
                found, problems, _ = load_bibtex(prefix + piece, rel)
                if problems or any(w.location.line - 1 < plines for w in found):
                    return None
                rows = [_row(w, -plines) for w in found]
            try:
                works.extend(_moved(r, rel, line) for r in rows)
            except (TypeError, ValueError, AttributeError):  # a row of the wrong shape: not trusted
                return None
            table[h] = rows
        if not _unique_keys(works):
            return None
        return works, table
