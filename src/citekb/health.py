"""Which works and records have open findings: the site badges them, briefs refuse to lean on them."""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from .checks.diagnostic import Diagnostic, Severity
from .kb import KnowledgeBase


def findings_by_work(kb: KnowledgeBase, diagnostics: Iterable[Diagnostic]) -> dict[str, list[Diagnostic]]:
    """Diagnostics located inside each BibTeX entry, by key."""
    spans = defaultdict(list)
    for w in kb.works:
        spans[w.location.path].append((w.location.line, w.end_line, w.key))
    out: dict[str, list[Diagnostic]] = defaultdict(list)
    for d in diagnostics:
        for start, end, key in spans.get(d.location.path, ()):
            if start <= d.location.line <= end:
                out[key].append(d)
                break
    return dict(out)


def findings_by_record(kb: KnowledgeBase, diagnostics: Iterable[Diagnostic]) -> dict[tuple[str, str], list[Diagnostic]]:
    """Diagnostics located in each YAML record's file, by (kind, id)."""
    files = {r.location.path: (r.kind, r.id) for r in kb.all_records()}
    out: dict[tuple[str, str], list[Diagnostic]] = defaultdict(list)
    for d in diagnostics:
        if d.location.path in files:
            out[files[d.location.path]].append(d)
    return dict(out)


def broken_works(kb: KnowledgeBase, diagnostics: Iterable[Diagnostic]) -> set[str]:
    """Keys of works with an open error or warning (info does not count), or that do not exist."""
    bad = {k for k, ds in findings_by_work(kb, diagnostics).items() if any(d.severity >= Severity.WARNING for d in ds)}
    return bad
