"""Re-checks with nothing changed: a run's findings, kept under the key of everything they depend on.

What `citekb check` reports is a function of the bytes of every file the run reads (the BibTeX,
YAML and Markdown files the loader discovers, the lockfile, the configuration), the date that
date-dependent rules read, citekb's own code and data, and the versions of the libraries that
parse the files. All of them go into one key. A run whose key has an entry reads the findings
back instead of loading, building the graph and running the rules again; anything that differs,
even one byte of one file, is a different key, so a hit can never be stale.

Entries are JSON of a fixed typed shape decoded by msgspec in the user's cache directory (never
inside the checked tree): a planted or truncated file is a miss, never code that runs.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
import os
import sys
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import msgspec

from . import __version__, atomic
from .checks.diagnostic import Diagnostic, Severity
from .exitcode import Exit
from .model import Location

log = logging.getLogger(__name__)
FORMAT = "citekb-results/1"
KEEP = 8  # entries kept per cache directory: a few branches' worth; older ones are removed
# Libraries whose behaviour decides findings: a new version may parse a file differently.
_LIBRARIES = ("bibtexparser", "pylatexenc", "rapidfuzz", "networkx", "PyYAML", "ruamel.yaml", "msgspec")
_EditRow = tuple[str, int, int, str, str | None, str | None]
_Row = tuple[str, str, int, str, str, str, int, int, _EditRow | None]


class _Entry(msgspec.Struct):
    format: str
    key: str
    diagnostics: list[_Row]


_DECODE = msgspec.json.Decoder(_Entry)
_ENCODE = msgspec.json.Encoder()


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """citekb's own code and package data (not the shipped KB, which `check` does not read)."""
    here = Path(__file__).resolve().parent
    h = hashlib.blake2b(digest_size=20)
    h.update(f"{__version__}\0{sys.version}\0".encode())
    for name in _LIBRARIES:
        try:
            h.update(f"{name}={metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name}=-\0".encode())
    for path in sorted(here.rglob("*")):
        rel = path.relative_to(here).as_posix()
        if "__pycache__" in rel or rel.startswith("shipped_kb") or not path.is_file() or path.suffix == ".pyc":
            continue
        h.update(rel.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def config_text(config) -> str:
    return json.dumps(dataclasses.asdict(config), sort_keys=True, default=str)


def run_key(root: Path, config, today: dt.date, inputs: list[Path], problems) -> str:
    """The key of a run: the checked tree's inputs (path and bytes), configuration, date and code."""
    h = hashlib.blake2b(digest_size=20)
    h.update(f"{FORMAT}\0{code_fingerprint()}\0{root.resolve()}\0{today.isoformat()}\0".encode())
    h.update(config_text(config).encode() + b"\0")
    for p in problems:  # links out of the tree, FIFOs: what discovery skipped is part of the result
        h.update(f"skipped\0{p.code}\0{p.location}\0{p.message}\0".encode())
    prefix = os.path.join(str(root), "")
    for path in inputs:
        name = str(path)
        try:
            with open(name, "rb") as fh:
                data = fh.read()
        except OSError as exc:
            data = f"<unreadable: {exc.errno}>".encode()
        rel = name[len(prefix):] if name.startswith(prefix) else name  # as path.relative_to(root), without pathlib's cost
        h.update(f"{rel.replace(os.sep, '/')}\0{len(data)}\0".encode())
        h.update(data)
    return h.hexdigest()


class ResultCache:
    """Diagnostics kept under a key, one typed JSON file per key; the least recently used beyond
    `keep` are removed. Subclasses (checks.perfile) change the format, the size and when to prune."""

    format = FORMAT
    keep = KEEP
    prune_on_put = True
    suffix = ".json"

    def __init__(self, directory: Path | None):
        self.dir = directory

    def _read(self, key: str) -> bytes | None:
        """The bytes of entry `key`, or None (caching off, or no readable entry)."""
        if self.dir is None:
            return None
        try:
            return (self.dir / f"{key}{self.suffix}").read_bytes()
        except OSError:
            return None

    def _used(self, key: str) -> None:
        try:
            (self.dir / f"{key}{self.suffix}").touch()  # the newest-used entries are the ones kept
        except OSError:
            pass

    def _write(self, key: str, data: bytes) -> bool:
        """Write entry `key`; False when caching is off or the write failed (which only costs speed)."""
        if self.dir is None:
            return False
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            atomic.write_bytes(self.dir / f"{key}{self.suffix}", data)
        except OSError as exc:  # a read-only or full disk
            log.debug("%s cache write failed: %s", self.format, exc)
            return False
        if self.prune_on_put:
            self.prune()
        return True

    def get(self, key: str) -> list[Diagnostic] | None:
        data = self._read(key)
        if data is None:
            return None
        try:
            entry = _DECODE.decode(data)
        except (msgspec.DecodeError, RecursionError):
            return None
        if entry.format != self.format or entry.key != key:
            return None
        try:
            out = [row_diagnostic(row) for row in entry.diagnostics]
        except (KeyError, TypeError, ValueError):  # a severity or an edit that is not ours: not an entry we wrote
            return None
        self._used(key)
        return out

    def put(self, key: str, diagnostics: list[Diagnostic]) -> None:
        if self.dir is not None:
            rows = [diagnostic_row(d) for d in diagnostics]
            self._write(key, _ENCODE.encode(_Entry(self.format, key, rows)))

    def prune(self) -> None:
        if self.dir is None:
            return
        try:
            entries = sorted(self.dir.glob(f"*{self.suffix}"), key=lambda p: (p.stat().st_mtime, p.name), reverse=True)
            for old in entries[self.keep:]:
                old.unlink(missing_ok=True)
        except OSError:
            pass


class _Report(msgspec.Struct):
    """The header line of a report entry; the body's UTF-8 bytes follow it, `size` of them."""

    format: str
    key: str
    line: str
    code: int
    size: int


_DECODE_REPORT = msgspec.json.Decoder(_Report)
_EXIT_CODES = frozenset(int(e) for e in Exit)
REPORT_FORMAT = "citekb-report/1"


def report_key(run: str, spec: dict) -> str:
    """The key of a rendered report: the run's key and every option the rendering reads."""
    text = json.dumps(spec, sort_keys=True)
    return hashlib.blake2b(f"{REPORT_FORMAT}\0{run}\0{text}".encode(), digest_size=20).hexdigest()


class ReportCache(ResultCache):
    """The rendered report of a run (body, summary line, exit code) under the key of the run and
    the report options. Renderers are pure functions of the findings and those options, so a hit
    is byte for byte what rendering the cached findings again would give, without decoding them."""

    format = REPORT_FORMAT
    suffix = ".report"

    def get_report(self, key: str) -> tuple[str, str, int] | None:
        """(body, summary line, exit code), or None: a missing, truncated or foreign entry is a miss."""
        data = self._read(key)
        if data is None:
            return None
        try:
            cut = data.find(b"\n")
            entry = _DECODE_REPORT.decode(data[:cut] if cut >= 0 else b"")
            body = memoryview(data)[cut + 1:]  # no copy of a report that may be tens of megabytes
            size = len(body)
            text = str(body, "utf-8")
        except (msgspec.DecodeError, RecursionError, UnicodeDecodeError):
            return None
        if (entry.format != self.format or entry.key != key or entry.code not in _EXIT_CODES
                or entry.size != size):
            return None
        self._used(key)
        return text, entry.line, entry.code

    def put_report(self, key: str, body: str, line: str, code: int) -> None:
        if self.dir is not None:
            data = body.encode("utf-8")
            self._write(key, _ENCODE.encode(_Report(self.format, key, line, int(code), len(data))) + b"\n" + data)


_SEVERITY = {int(s): s for s in Severity}  # a dict lookup: Severity(n) costs ten times more


def diagnostic_row(d: Diagnostic) -> tuple:
    loc = d.location
    return (d.code, d.name, d.severity.value, d.message, d.fix, loc.path, loc.line, loc.column,
            _edit_row(d.edit))


def row_diagnostic(row) -> Diagnostic:
    """A diagnostic read back; KeyError on a severity that is not ours."""
    code, name, sev, msg, fix, p, line, col, edit = row
    return Diagnostic(code=code, name=name, severity=_SEVERITY[sev], message=msg, fix=fix,
                      location=Location(p, line, col), **_edit_of(edit))


def _edit_row(edit) -> tuple | None:
    if edit is None:
        return None
    loc = edit.location
    return (loc.path, loc.line, loc.column, edit.new, edit.old, edit.field)


def _edit_of(row) -> dict:
    """The `edit` keyword of a diagnostic read back (none when the entry holds none)."""
    if row is None:
        return {}
    from .checks.diagnostic import Edit  # type: ignore[attr-defined]

    path, line, col, new, old, field = row
    return {"edit": Edit(Location(path, line, col), new, old, field)}
