"""`citekb.lock`: the canonical record of every KB work, which source said so, when, and a hash.

Locking resolves each work of `references/*.bib` through the configured sources (local index,
online resolvers) once; afterwards `citekb check` compares the KB against the lockfile offline and
deterministically. The file is sorted JSON with no timestamps but the injected as-of date, so the
same KB and the same answers give a byte-identical file, and a re-lock's diff is what changed.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .. import normalize as nz
from . import LOCKFILE
from .records import UPDATE_FIELD, Rec, families, make_rec, person, to_work
from ..model import Work
from .compare import title_matches, valid_years, venue_family
from ..load.persons import work_authors

FILENAME = LOCKFILE
VERSION = 1
RECORD_FIELDS = ("id", "title", "authors", "year", "venue", "doi", "arxiv")
ONLINE = ("crossref", "arxiv", "openalex", "dblp")  # the services of citekb.online, listed here: it imports this module


class LockError(Exception):
    """The lockfile cannot be read; reported with its path and line (exit 2). `detail` is the
    message without the location, for a finding that carries the location itself."""

    def __init__(self, path: Path, detail: str, line: int = 0):
        super().__init__(f"{path}:{line}: {detail}" if line else f"{path}: {detail}")
        self.path, self.detail, self.line = path, detail, line


@dataclass(frozen=True)
class Locked:
    """One work's lock entry: status resolved | unresolved | not-checked."""

    key: str
    hash: str
    status: str
    source: str = ""
    checked: str = ""
    record: dict | None = None
    update: dict | None = None  # retracted | corrected: {"status", "type", "date", "notice", "source"}

    def as_json(self) -> dict:
        out = {"hash": self.hash, "status": self.status, "source": self.source, "checked": self.checked}
        if self.record is not None:
            out["record"] = self.record
        if self.update is not None:
            out["update"] = self.update
        return out


def entry_hash(work: Work) -> str:
    """A content hash of the BibTeX entry: its type and fields, independent of layout and order."""
    body = json.dumps([work.entry_type, sorted((k, " ".join(v.split())) for k, v in work.raw_fields.items())],
                      ensure_ascii=False)
    return "sha256:" + hashlib.sha256(body.encode()).hexdigest()


def record_of(work: Work) -> dict:
    """The canonical metadata a lock keeps for a resolved work."""
    authors = [person(p.family if not p.von else f"{p.von} {p.family}", p.given) if not p.literal else "{" + p.family + "}"
               for p in work_authors(work)]
    venue = work.venue if work.venue != "arXiv" or not work.arxiv else ""
    return {"id": work.key, "title": work.title, "authors": authors, "year": work.year, "venue": venue,
            "doi": work.doi, "arxiv": work.arxiv}


def record_work(record: dict, *, path: str, update: dict | None = None, source: str = "") -> Work:
    rec = make_rec(title=record.get("title"), authors=" and ".join(record.get("authors") or []),
                   year=record.get("year"), venue=record.get("venue") or "", doi=record.get("doi"),
                   arxiv=record.get("arxiv"))
    work = to_work(rec or Rec(title=""), key=record.get("id"), path=path)
    if isinstance(update, dict):  # check-doc against a lock reports a retracted work offline
        work.fields[UPDATE_FIELD] = json.dumps(update, sort_keys=True)
    service, _, detail = source.partition(" (")
    if service in ONLINE and detail.endswith(")"):  # findings name the record, as they did online
        work.fields.update({"x-online": service, "source": detail[:-1]})
    return work


def update_of(work: Work) -> dict | None:
    """The retraction or correction an online source found for the work (see online.sources)."""
    try:
        value = json.loads(work.fields.get(UPDATE_FIELD) or "null")
    except json.JSONDecodeError:
        return None
    return value if isinstance(value, dict) else None


# ---- resolving ------------------------------------------------------------------------------

def source_name(work: Work) -> str:
    origin, detail = work.location.path, work.fields.get("source", "")
    return origin if not detail or detail == origin else f"{origin} ({detail})"


def _failures(sources) -> int:
    return sum(getattr(s, "failures", 0) for s in sources)


def resolve_work(work: Work, sources: tuple) -> tuple[Work | None, bool]:
    """(canonical record, not checked?): identifiers first; a record found by identifier whose
    title disagrees gives way to a record found by the entry's own title."""
    before = _failures(sources)
    by_id = None
    for kind, value in (("doi", work.doi), ("arxiv", work.arxiv), ("isbn", work.isbn)):
        by_id = _first(sources, f"find_{kind}", value) if value else None
        if by_id is not None:
            break
    if by_id is not None and title_matches(by_id.title, work):
        return by_id, False
    names = tuple(p.family for p in work_authors(work) if not p.is_others)
    context = {"year": work.year, "venue": work.venue}  # online sources prefer the version cited
    by_title = _first(sources, "find_title", work.title, names, context=context) if work.title else None
    hit = by_title or by_id
    return hit, hit is None and _failures(sources) > before


def _first(sources, method: str, *args, context: dict | None = None) -> Work | None:
    for s in sources:
        extra = context if context and getattr(s, "takes_context", False) else {}
        hit = getattr(s, method)(*args, **extra)
        if hit is not None:
            return hit
    return None


def needs_lock(old, work: Work) -> bool:
    """Does `citekb lock --update` resolve this work again (new, edited, or not checked last time)?"""
    return old is None or old.status == "not-checked" or old.hash != entry_hash(work)


def build_lock(works: Iterable[Work], sources: tuple, *, today: dt.date,
               previous: dict[str, Locked] | None = None) -> tuple[dict[str, Locked], list[str]]:
    """(lock entries by key, keys not checked this run). An entry whose record did not change keeps
    its old date; a work that could not be checked keeps its previous entry when there is one."""
    previous = previous or {}
    out: dict[str, Locked] = {}
    unchecked: list[str] = []
    for work in sorted(works, key=lambda w: w.key):
        hit, not_checked = resolve_work(work, sources)
        old = previous.get(work.key)
        if not_checked:
            unchecked.append(work.key)
            out[work.key] = old or Locked(work.key, entry_hash(work), "not-checked", checked=today.isoformat())
            continue
        entry = Locked(work.key, entry_hash(work), "resolved" if hit else "unresolved",
                       source_name(hit) if hit else "", today.isoformat(), record_of(hit) if hit else None,
                       update_of(hit) if hit else None)
        if old and (old.status, old.source, old.record, old.hash, old.update) == \
                (entry.status, entry.source, entry.record, entry.hash, entry.update):
            entry = old
        out[work.key] = entry
    return out, unchecked


# ---- the file ---------------------------------------------------------------------------------

def dumps(entries: dict[str, Locked]) -> str:
    doc = {"citekb-lock": VERSION, "entries": {k: entries[k].as_json() for k in sorted(entries)}}
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def read(path: str | Path) -> dict[str, Locked]:
    """The entries of a lockfile; anything malformed is a `LockError` naming the file, the line
    of the entry and what is wrong with it (a lockfile is data others can edit, never trusted)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        doc = json.loads(text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise LockError(path, f"cannot read the lockfile: {exc}", getattr(exc, "lineno", 0)) from None
    if not isinstance(doc, dict) or doc.get("citekb-lock") != VERSION or not isinstance(doc.get("entries"), dict):
        raise LockError(path, f"not a citekb lockfile (version {VERSION})", 1)
    out = {}
    for key, e in doc["entries"].items():
        why = _malformed(e)
        if why:
            raise LockError(path, f"entry {key!r}: {why}; re-create it with `citekb lock`", _line_of(text, key))
        update = e.get("update") if isinstance(e.get("update"), dict) else None
        out[key] = Locked(key, e["hash"], e.get("status", ""), e.get("source", ""), e.get("checked", ""),
                          e.get("record"), update)
    return out


_STR_OR_NULL = (str, type(None))
_RECORD_TYPES = {"id": _STR_OR_NULL, "title": str, "venue": _STR_OR_NULL, "doi": _STR_OR_NULL,
                 "arxiv": _STR_OR_NULL, "year": (int, type(None))}


def _malformed(e) -> str | None:
    """What is wrong with one entry, in the lockfile's own terms; None when it is well formed."""
    if not isinstance(e, dict) or not isinstance(e.get("hash"), str):
        return "expected an object with a 'hash' string"
    if e.get("status", "resolved") not in ("resolved", "unresolved", "not-checked"):
        return f"status {e.get('status')!r} is not resolved, unresolved or not-checked"
    for name in ("source", "checked"):
        if not isinstance(e.get(name, ""), str):
            return f"'{name}' must be a string"
    record = e.get("record")
    if record is None:
        return None
    if not isinstance(record, dict):
        return "'record' must be an object"
    for name, types in _RECORD_TYPES.items():
        if name in record and (not isinstance(record[name], types) or isinstance(record[name], bool)):
            return f"record.{name} has the wrong type ({type(record[name]).__name__})"
    year = record.get("year")
    if year is not None and not 1000 <= year <= 9999:
        return "record.year is not a four-digit year"
    authors = record.get("authors", [])
    if not isinstance(authors, list) or not all(isinstance(a, str) for a in authors):
        return "record.authors must be a list of names"
    return None


def _line_of(text: str, key: str) -> int:
    needle = json.dumps(key, ensure_ascii=False) + ":"
    at = text.find(needle)
    return text.count("\n", 0, at) + 1 if at >= 0 else 1


def lock_works(path: str | Path) -> list[Work]:
    """The locked canonical records as Works, for `check-doc --canon citekb.lock`."""
    return [record_work(e.record, path=f"lock:{Path(path).name}", update=e.update, source=e.source)
            for e in read(path).values() if e.record]


def annotate(works: list[Work], path: str | Path) -> None:
    """Give KB works the update (retraction, correction) their repository's lock records, so that
    `check-doc --canon KB` reports a retracted reference offline. No or an unreadable lock: nothing."""
    try:
        entries = read(path) if Path(path).is_file() else {}
    except LockError:
        return  # the KB's own `citekb check` reports an unreadable lock (C323)
    for work in works:
        locked = entries.get(work.key)
        if locked is not None and locked.update:
            work.fields[UPDATE_FIELD] = json.dumps(locked.update, sort_keys=True)


def diff(old: dict[str, Locked], new: dict[str, Locked]) -> list[str]:
    """Readable lines: added, removed, and per-field changes of the canonical records."""
    lines = []
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key), new.get(key)
        if a is None:
            lines.append(f"+ {key}: {b.status}" + (f" by {b.source}" if b.source else "")
                         + (f"; {_update(b.update)}" if b.update else ""))
        elif b is None:
            lines.append(f"- {key}: no longer in the KB")
        else:
            lines.extend(f"~ {key}: {line}" for line in _changes(a, b))
    return lines


def _changes(a: Locked, b: Locked) -> list[str]:
    out = []
    if a.status != b.status:
        out.append(f"status {a.status} -> {b.status}")
    ra, rb = a.record or {}, b.record or {}
    for name in RECORD_FIELDS:
        if ra.get(name) != rb.get(name) and (ra or rb):
            out.append(f"{name} {_show(ra.get(name))} -> {_show(rb.get(name))}")
    if a.update != b.update:
        out.append(f"update {_update(a.update)} -> {_update(b.update)}")
    if a.source != b.source and b.source:
        out.append(f"source {a.source or '-'} -> {b.source}")
    if a.hash != b.hash:
        out.append("entry changed since the last lock")
    return out


def _update(u: dict | None) -> str:
    return f"{u.get('status')} {u.get('date') or ''}".strip() if u else "-"


def _show(value) -> str:
    if isinstance(value, list):
        value = "; ".join(value[:4]) + (f"; ... ({len(value)})" if len(value) > 4 else "")
    return json.dumps(value, ensure_ascii=False) if value not in (None, "") else "-"


# ---- comparing ----------------------------------------------------------------------------------

def compare(work: Work, locked: Work) -> list[tuple[str, str, str]]:
    """(bib field, entry value, locked value) for every field where the entry disagrees."""
    out = []
    if locked.title and not title_matches(locked.title, work):
        out.append(("title", work.title, locked.title))
    if work.year and locked.year and not (valid_years(work) & valid_years(locked)):
        out.append(("year", str(work.year), str(locked.year)))
    if work.doi and locked.doi and work.doi != locked.doi:
        out.append(("doi", work.doi, locked.doi))
    if work.arxiv and locked.arxiv and work.arxiv != locked.arxiv:
        out.append(("eprint", work.arxiv, locked.arxiv))
    ours, theirs = families(work), families(locked)
    truncated = any(p.is_others for p in (*work_authors(work), *work_authors(locked)))
    if ours and theirs and (_first_family(work) != _first_family(locked) or (not truncated and ours != theirs)):
        out.append(("author", _names(work), _names(locked)))
    va, vb = venue_family(work.venue), venue_family(locked.venue)
    if va and vb and va != vb:
        out.append(("journal" if "journal" in work.fields else "booktitle", work.venue, locked.venue))
    return out


def _first_family(work: Work) -> str:
    return nz.fold_name(work_authors(work)[0].family) if work_authors(work) else ""


def _names(work: Work) -> str:
    names = [p.family for p in work_authors(work) if not p.is_others]
    return ", ".join(names[:4]) + (" et al." if len(names) > 4 else "")
