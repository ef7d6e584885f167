"""GitLab Code Quality (`artifacts:reports:codequality`): a JSON array of issues, each with
description, check_name, fingerprint, severity and location.path + location.lines.begin.

Severity follows the exit code: a finding that fails the run is "major" ("critical" for citekb's
own crash), other warnings "minor", info "info" (shown only with --show-info). Fingerprints are the
SARIF ones, line-independent, so an issue keeps its identity across merge requests.
"""
from __future__ import annotations

import json
from typing import Sequence

from ..checks.diagnostic import Diagnostic, Severity
from ..exitcode import INTERNAL_ERROR, fails
from .sarif import fingerprints


def _severity(d: Diagnostic, strict: bool) -> str:
    if d.code == INTERNAL_ERROR:
        return "critical"
    if fails(d, strict=strict) or d.severity == Severity.ERROR:
        return "major"
    return "minor" if d.severity == Severity.WARNING else "info"


def render(diagnostics: Sequence[Diagnostic], *, show_info: bool = False, strict: bool = False,
           **_: object) -> str:
    shown = [d for d in diagnostics if show_info or d.severity != Severity.INFO]
    issues = [{
        "description": f"{d.code} {d.message}" + (f" Fix: {d.fix}" if d.fix else ""),
        "check_name": f"{d.code} {d.name}",
        "fingerprint": fp,
        "severity": _severity(d, strict),
        "location": {"path": d.location.path, "lines": {"begin": max(d.location.line, 1)}},
    } for d, fp in zip(shown, fingerprints(shown))]
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
