"""Per-file findings of the rules that look at one BibTeX entry at a time, kept between runs.

Most record-hygiene rules (a missing field, a malformed DOI, arXiv id or ISBN, an implausible
year, ...) decide each entry on its own fields, so their findings for one `.bib` file are a
function of that file's text, the configuration, the date and citekb's code. When one of four
files changes, the findings of the other three are read back instead of computed again; the
rules that compare entries with each other (duplicate works, confusable keys, citations,
records, the graph) still run over everything, so a cross-file finding is never stale.

Entries are msgspec-typed JSON in the user's cache directory, as in citekb.recheck: a planted,
truncated or foreign file is a miss, never code that runs.
"""
from __future__ import annotations

import hashlib

from ..recheck import ResultCache, code_fingerprint, config_text
from .diagnostic import Diagnostic

FORMAT = "citekb-file-findings/1"
KEEP = 256  # entries kept: a few branches' worth of files; the least recently used go first
# Rules whose findings on an entry depend only on that entry (and the date and configuration).
PER_ENTRY = frozenset({"R101", "R102", "R103", "R104", "R105", "R106", "R108", "R109", "R111"})


class _FileView:
    """What a per-entry rule reads of the knowledge base: the works of one file."""

    def __init__(self, works):
        self.works = works


class FileFindings(ResultCache):
    """Findings of the per-entry rules, one cache entry per `.bib` file, pruned once a run."""

    format = FORMAT
    keep = KEEP
    prune_on_put = False

    def key(self, rel: str, text: str, codes: list[str], config, today) -> str:
        h = hashlib.blake2b(digest_size=20)
        h.update(f"{FORMAT}\0{code_fingerprint()}\0{today.isoformat()}\0{','.join(codes)}\0".encode())
        h.update(config_text(config).encode() + b"\0" + rel.encode() + b"\0")
        h.update(text.encode("utf-8", "surrogatepass"))
        return h.hexdigest()


def per_entry_findings(kb, rules, run_one, cache: FileFindings, config, today) -> list[Diagnostic]:
    """The findings of `rules` (all per-entry) over every `.bib` file of `kb`, file by file, read
    back from `cache` for files whose text has not changed. `run_one(rule, view)` runs one rule
    over a view holding one file's works and returns its stamped findings."""
    by_file: dict[str, list] = {}
    for w in kb.works:
        by_file.setdefault(w.location.path, []).append(w)
    texts = {f.path: f.text for f in kb.files if f.kind == "bibtex"}
    codes = [r.code for r in rules]
    out: list[Diagnostic] = []
    for rel, works in by_file.items():
        text = texts.get(rel)
        key = cache.key(rel, text, codes, config, today) if text is not None else None
        found = cache.get(key) if key is not None else None
        if found is None:
            view = _FileView(tuple(works))
            found = [d for rule in rules for d in run_one(rule, view)]
            if key is not None and not any(d.code == "X001" for d in found):  # a crash is never kept
                cache.put(key, found)
        out.extend(found)
    cache.prune()
    return out
