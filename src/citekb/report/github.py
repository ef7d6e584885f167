"""GitHub Actions workflow commands: one annotation per finding, with file and line.

GitHub shows only a few annotations of each level per step, so info findings are left out unless
asked for (--show-info), and a finding that fails the run is an `::error` (--strict: warnings too).
"""
from __future__ import annotations

from typing import Sequence

from ..checks.diagnostic import Diagnostic, Severity
from ..exitcode import fails

LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_prop(s: str) -> str:
    return _escape_data(s).replace(":", "%3A").replace(",", "%2C")


def render(diagnostics: Sequence[Diagnostic], *, show_info: bool = False, strict: bool = False,
           **_: object) -> str:
    out = []
    for d in diagnostics:
        if d.severity == Severity.INFO and not show_info:
            continue
        props = [f"file={_escape_prop(d.location.path)}"]
        if d.location.line:
            props.append(f"line={d.location.line}")
        if d.location.column:
            props.append(f"col={d.location.column}")
        props.append(f"title={_escape_prop(f'{d.code} {d.name}')}")
        message = d.message + (f"\n{d.fix}" if d.fix else "") + (f"\nEdit: {d.edit.summary}" if d.edit else "")
        level = "error" if fails(d, strict=strict) else LEVEL[d.severity]
        out.append(f"::{level} {','.join(props)}::{_escape_data(message)}")
    return "\n".join(out) + ("\n" if out else "")
