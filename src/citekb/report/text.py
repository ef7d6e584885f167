"""Human-readable report: `path:line:col: CODE [severity] message`, a `help:` line, a summary."""
from __future__ import annotations

from collections import Counter
from typing import Sequence

from ..checks.diagnostic import Diagnostic, Severity


def counts(diagnostics: Sequence[Diagnostic]) -> str:
    n = Counter(d.severity for d in diagnostics)
    parts = [f"{n.get(s, 0)} {label}" for s, label in
             ((Severity.ERROR, "error(s)"), (Severity.WARNING, "warning(s)"), (Severity.INFO, "info"))]
    return ", ".join(parts)


def render(diagnostics: Sequence[Diagnostic], *, show_info: bool = False, summary: bool = True, **_: object) -> str:
    lines = []
    for d in diagnostics:
        if d.severity == Severity.INFO and not show_info:
            continue
        loc = d.location
        lines.append(f"{loc.path}:{loc.line}:{loc.column}: {d.code} [{d.severity}] {d.message}")
        if d.fix:
            lines.append(f"  help: {d.fix}")
        if d.edit is not None:
            lines.append(f"  edit: {d.edit.summary}")
    if summary:
        hidden = "" if show_info else " (info hidden; --show-info to list)"
        lines.append(f"Found {counts(diagnostics)}{hidden}.")
    return "".join(line + "\n" for line in lines)
