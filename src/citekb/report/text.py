"""Human-readable report: `path:line:col: CODE [severity] message`, a `help:` line, a summary."""
from __future__ import annotations

from collections import Counter
from typing import Sequence

from ..checks.diagnostic import Diagnostic, Severity


def summary(diagnostics: Sequence[Diagnostic]) -> str:
    counts = Counter(d.severity for d in diagnostics)
    parts = [f"{counts.get(s, 0)} {label}" for s, label in
             ((Severity.ERROR, "error(s)"), (Severity.WARNING, "warning(s)"), (Severity.INFO, "info"))]
    return ", ".join(parts)


def render(diagnostics: Sequence[Diagnostic], *, show_info: bool = True, **_: object) -> str:
    lines = []
    for d in diagnostics:
        if d.severity == Severity.INFO and not show_info:
            continue
        loc = d.location
        lines.append(f"{loc.path}:{loc.line}:{loc.column}: {d.code} [{d.severity}] {d.message}")
        if d.fix:
            lines.append(f"  help: {d.fix}")
    hidden = "" if show_info else " (info hidden; --show-info to list)"
    lines.append(f"Found {summary(diagnostics)}{hidden}.")
    return "\n".join(lines) + "\n"
