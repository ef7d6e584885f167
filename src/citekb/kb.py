"""The KnowledgeBase: every record of a repository in stable order, with by-id lookup."""
from __future__ import annotations

import gc
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from .load.bibcache import Cache, parse_bib
from .load.bibtex import decode_bytes, size_problem
from .load.inputs import cache_dir, input_paths  # noqa: F401  (input_paths: what load_kb reads)
from .load.documents import PANDOC_GROUP as _BRACKET, PANDOC_KEY as _CITEKEY  # one citation grammar for pages and check-doc
from .load.schema import validate
from .load.walk import find_files
from .load.series import SERIES_DIR, Series, parse_series
from .load.yamlfile import load_yaml
from .checks.diagnostic import Diagnostic
from .model import KIND_DIRS, Location, Record, Work

MAX_YAML_BYTES = 8 * 1024 * 1024
_FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True)
class Citation:
    """A `[@key]` in a Markdown page of the site."""

    key: str
    location: Location


@dataclass(frozen=True)
class SourceFile:
    path: str
    kind: str  # bibtex | yaml | markdown
    text: str


@dataclass
class KnowledgeBase:
    root: Path
    works: tuple[Work, ...] = ()
    records: dict[str, tuple[Record, ...]] = field(default_factory=dict)
    citations: tuple[Citation, ...] = ()
    problems: tuple[Diagnostic, ...] = ()
    files: tuple[SourceFile, ...] = ()
    series: tuple[Series, ...] = ()  # dated series the site charts (kb/series/, citekb.load.series)

    def __post_init__(self) -> None:
        self.work_by_key: dict[str, Work] = {}
        for w in self.works:
            self.work_by_key.setdefault(w.key, w)
        for w in self.works:  # a key typed in NFD finds an entry typed in NFC, and the other way round
            for form in ("NFC", "NFD"):
                self.work_by_key.setdefault(unicodedata.normalize(form, w.key), w)
        self.by_id: dict[str, dict[str, Record]] = {}
        for kind, recs in self.records.items():
            index = self.by_id.setdefault(kind, {})
            for r in recs:
                index.setdefault(r.id, r)

    def of(self, kind: str) -> tuple[Record, ...]:
        return self.records.get(kind, ())

    def get(self, kind: str, id_: str) -> Record | None:
        return self.by_id.get(kind, {}).get(id_)

    def entity(self, id_: str) -> Record | None:
        """A model or framework (or organization) by id, for review assertions."""
        for kind in ("model", "framework", "organization"):
            if id_ in self.by_id.get(kind, {}):
                return self.by_id[kind][id_]
        return None

    def all_records(self) -> Iterator[Record]:
        for kind in KIND_DIRS:
            yield from self.of(kind)

    def counts(self) -> dict[str, int]:
        out = {"works": len(self.works)}
        out.update({KIND_DIRS[k]: len(self.of(k)) for k in KIND_DIRS})
        return out


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _read(path: Path, rel: str, problems: list[Diagnostic]) -> str | None:
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.append(Diagnostic("L007", f"cannot read file: {exc.strerror or exc}", Location(rel, 0),
                                    "Check the file's permissions."))
        return None
    text, decode_problems = decode_bytes(data, rel)
    problems.extend(decode_problems)
    return text


def _files(directory: Path, patterns: Iterable[str], root: Path, problems: list[Diagnostic]) -> list[Path]:
    found, skipped = find_files(directory, tuple(patterns), root)  # links out of the tree and FIFOs are reported
    problems.extend(skipped)
    return found


def markdown_citations(text: str, path: str) -> list[Citation]:
    """Pandoc-style `[@key]` citations outside code blocks and inline code."""
    out: list[Citation] = []
    fenced = False
    for lineno, line in enumerate(text.splitlines(), 1):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        line = re.sub(r"`[^`]*`", "", line)
        for group in _BRACKET.finditer(line):
            for m in _CITEKEY.finditer(group.group(1)):
                out.append(Citation(unicodedata.normalize("NFC", m.group(1)), Location(path, lineno, group.start() + 1)))
    return out


def default_cache() -> Cache:
    """The parse cache (see `citekb.load.inputs.cache_dir`)."""
    return Cache(cache_dir("parse"))


def _load_bib(path: Path, rel: str, cache: Cache, problems: list[Diagnostic],
              files: list[SourceFile]) -> list[Work]:
    try:
        too_big = size_problem(path.stat().st_size, rel)
        if too_big:
            problems.append(too_big)
            return []
        data = path.read_bytes()
    except OSError as exc:
        problems.append(Diagnostic("L007", f"cannot read file: {exc.strerror or exc}", Location(rel, 0),
                                    "Check the file's permissions."))
        return []
    text, decode_problems = decode_bytes(data, rel)
    files.append(SourceFile(rel, "bibtex", text))
    key = cache.key(data, rel)
    cached = cache.get(key)
    if cached is None:
        cached = parse_bib(text, rel)
        cache.put(key, cached)
    works, found = cached
    problems.extend(decode_problems + found)
    return works


def load_kb(root: str | Path, *, references: str = "references", kb_dir: str = "kb",
            docs: str = "docs", cache: Cache | None = None) -> KnowledgeBase:
    """Load a repository: BibTeX under `references/`, YAML under `kb/`, Markdown under `docs/`."""
    root = Path(root)
    cache = cache if cache is not None else default_cache()
    problems: list[Diagnostic] = []
    files: list[SourceFile] = []
    works: list[Work] = []
    enabled = gc.isenabled()
    gc.disable()  # loading allocates millions of long-lived objects; collecting mid-way only costs time
    try:
        for path in _files(root / references, ["*.bib"], root, problems):
            works.extend(_load_bib(path, _rel(path, root), cache, problems, files))
        records: dict[str, list[Record]] = {k: [] for k in KIND_DIRS}
        for kind, sub in KIND_DIRS.items():
            for path in _files(root / kb_dir / sub, ["*.yaml", "*.yml"], root, problems):
                record = _load_record(path, _rel(path, root), kind, problems, files)
                if record is not None:
                    records[kind].append(record)
        series = _load_series(root / kb_dir / SERIES_DIR, root, {w.key for w in works}, problems, files)
        citations: list[Citation] = []
        for path in _files(root / docs, ["*.md"], root, problems):
            rel = _rel(path, root)
            text = _read(path, rel, problems)
            if text is not None:
                files.append(SourceFile(rel, "markdown", text))
                citations.extend(markdown_citations(text, rel))
    finally:
        if enabled:
            gc.enable()
    return KnowledgeBase(root=root, works=tuple(works),
                         records={k: tuple(v) for k, v in records.items()},
                         citations=tuple(citations), problems=tuple(problems), files=tuple(files),
                         series=tuple(series))


def _load_series(directory: Path, root: Path, work_keys: set[str], problems: list[Diagnostic],
                 files: list[SourceFile]) -> list[Series]:
    out = []
    for path in _files(directory, ["*.yaml", "*.yml"], root, problems):
        rel = _rel(path, root)
        if path.stat().st_size > MAX_YAML_BYTES:
            problems.append(Diagnostic("L007", f"file is larger than {MAX_YAML_BYTES} bytes", Location(rel, 0),
                                        "Split the file."))
            continue
        text = _read(path, rel, problems)
        if text is None:
            continue
        files.append(SourceFile(rel, "yaml", text))
        one, found = parse_series(text, rel, work_keys)
        problems.extend(found)
        if one is not None and one.id != path.stem:
            problems.append(Diagnostic("L008", f"id '{one.id}' does not match the file name '{path.name}'",
                                        one.location, f"Rename the file to {one.id}.yaml or fix the id."))
        if one is not None:
            out.append(one)
    return sorted(out, key=lambda s: s.id)


def _load_record(path: Path, rel: str, kind: str, problems: list[Diagnostic],
                 files: list[SourceFile]) -> Record | None:
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    if size > MAX_YAML_BYTES:
        problems.append(Diagnostic("L007", f"file is {size} bytes; YAML records are limited to "
                                    f"{MAX_YAML_BYTES} bytes", Location(rel, 0), "Split the file."))
        return None
    text = _read(path, rel, problems)
    if text is None:
        return None
    files.append(SourceFile(rel, "yaml", text))
    data, p = load_yaml(text, rel)
    problems.extend(p)
    if data is None:
        if not p:
            problems.append(Diagnostic("L005", f"empty {kind} file", Location(rel, 0), "Add the record or delete the file."))
        return None
    record, p = validate(kind, data, rel)
    problems.extend(p)
    if record is not None and record.id != path.stem:
        problems.append(Diagnostic("L008", f"id '{record.id}' does not match the file name '{path.name}'",
                                    record.loc("id"), f"Rename the file to {record.id}.yaml or fix the id."))
    return record
