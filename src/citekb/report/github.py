"""GitHub Actions workflow commands: one annotation per finding, with file and line."""
from __future__ import annotations

from typing import Sequence

from ..checks.diagnostic import Diagnostic, Severity

LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_prop(s: str) -> str:
    return _escape_data(s).replace(":", "%3A").replace(",", "%2C")


def render(diagnostics: Sequence[Diagnostic], **_: object) -> str:
    out = []
    for d in diagnostics:
        props = [f"file={_escape_prop(d.location.path)}"]
        if d.location.line:
            props.append(f"line={d.location.line}")
        if d.location.column:
            props.append(f"col={d.location.column}")
        props.append(f"title={_escape_prop(f'{d.code} {d.name}')}")
        message = d.message + (f"\n{d.fix}" if d.fix else "")
        out.append(f"::{LEVEL[d.severity]} {','.join(props)}::{_escape_data(message)}")
    return "\n".join(out) + ("\n" if out else "")
