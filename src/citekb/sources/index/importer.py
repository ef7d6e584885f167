"""Streaming import of a dump into the index: batched transactions, a resume point per file.

After every batch the file's byte offset (JSON lines) or record count (other formats) is committed
in the same transaction as the records, so an interrupted import continues where it stopped when
run again, and never inserts a record twice. `.gz` files are read through gzip.
"""
from __future__ import annotations

import gzip
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from . import formats as fm
from ..records import Rec
from .store import Index

BATCH = 5000


@dataclass(frozen=True)
class ImportResult:
    path: str
    format: str
    records: int      # records read from the file in total
    added: int        # works added by this run
    resumed_at: int   # records already imported by an earlier run (0: fresh start)
    skipped: bool     # the file was imported completely before


class _Counting(io.RawIOBase):
    """A read-only wrapper that counts the bytes read from the file on disk (for progress)."""

    def __init__(self, fh) -> None:
        self.fh, self.pos = fh, fh.tell()

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        n = self.fh.readinto(b)
        self.pos += n or 0
        return n


def resolve_format(path: Path, fmt: str) -> str:
    if fmt != "auto":
        return fmt
    with _open(path) as fh:
        head = fh.read(65536)
    found = fm.detect(path.name, head)
    if found is None:
        raise fm.FormatError("cannot tell the format; pass --format")
    return found


def _open(path: Path):
    raw = open(path, "rb")
    return gzip.GzipFile(fileobj=raw) if path.name.endswith(".gz") else raw


def _line_format(path: Path, fmt: str) -> str | None:
    """The line reader for a format given as lines (Crossref and CSL can come either way)."""
    if fmt in fm.LINE_FORMATS:
        return fmt
    if fmt in ("crossref-json", "csl-json"):
        with _open(path) as fh:
            found = fm.detect(path.name, fh.read(65536))
        return found if found in fm.LINE_FORMATS else None
    return None


def _records(path: Path, fmt: str, fh, offset: int, done: int) -> Iterator[tuple[Rec | None, int]]:
    """(record, resume offset) pairs, starting after what an earlier run committed."""
    lines = _line_format(path, fmt)
    if lines and not path.name.endswith(".gz"):
        fh.seek(offset)
        pos = offset
        for line in fh:
            pos += len(line)
            yield fm.read_line(lines, line), pos
        return
    if lines:
        stream = (fm.read_line(lines, line) for line in fh)
    elif fmt == "dblp-xml":
        stream = fm.read_dblp(fh)
    elif fmt == "bibtex":
        stream = fm.read_bibtex(fh.read(), path.name)
    elif fmt == "crossref-json":
        stream = fm.read_crossref(fh.read())
    else:
        stream = fm.read_csl(fh.read())
    for i, rec in enumerate(stream):
        if i >= done:  # formats without a byte offset: skip what is already in
            yield rec, 0


def import_file(index: Index, path: str | Path, *, fmt: str = "auto", batch: int = BATCH,
                progress: Callable[[int, int, int], None] | None = None) -> ImportResult:
    """Import one dump; `progress(records, bytes_read, size)` is called after every batch."""
    path = Path(path)
    fmt = resolve_format(path, fmt)
    with index.exclusive():  # a second `index add` of the same dump waits, then finds it imported
        return _import(index, path, fmt, batch, progress)


def _import(index: Index, path: Path, fmt: str, batch: int, progress) -> ImportResult:
    size = path.stat().st_size
    src, offset, done, finished = index.import_state(str(path.resolve()), fmt, size)
    if finished:
        return ImportResult(str(path), fmt, done, 0, done, True)
    raw = open(path, "rb")
    counter = _Counting(raw)
    fh = gzip.GzipFile(fileobj=io.BufferedReader(counter)) if path.name.endswith(".gz") else raw
    added, count, pending, pos = 0, done, [], offset
    try:
        for rec, pos in _records(path, fmt, fh, offset, done):
            count += 1
            if rec is not None:
                pending.append(rec)
            if count % batch == 0:
                added += index.add_batch(src, pending, offset=pos, records=count)
                pending = []
                if progress:
                    progress(count, counter.pos if fh is not raw else raw.tell(), size)
        added += index.add_batch(src, pending, offset=pos, records=count)
        index.finish(src)
    except fm.FormatError as exc:
        raise fm.FormatError(f"{path}: record {count + 1}: {exc}") from None
    finally:
        fh.close()
        raw.close()
    if progress and count % batch:  # the last, partial batch (a full one was reported already)
        progress(count, size, size)
    return ImportResult(str(path), fmt, count, added, done, False)
