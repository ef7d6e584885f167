"""The one exit-code contract of every `citekb` command, and the one rule for what fails a run.

0 clean; 1 findings that fail the run; 2 a usage, configuration or environment error (a failed
write, an unreadable baseline, citekb's own crash); 3 something could not be checked (a source did
not answer) and nothing else failed. Renderers use `fails` too, so a JUnit failure, a SARIF error
and a GitLab "major" mean exactly what exit code 1 means.
"""
from __future__ import annotations

from enum import IntEnum
from typing import Iterable

from .checks.diagnostic import Diagnostic, Severity

INTERNAL_ERROR = "X001"       # a rule or loader crashed: citekb's bug, never a finding
NOT_CHECKED = ("C324",)       # a reference whose sources did not answer


class Exit(IntEnum):
    CLEAN = 0
    FINDINGS = 1
    ERROR = 2
    NOT_CHECKED = 3
    INTERRUPTED = 130  # the shell's convention for a run stopped by Ctrl-C


def fails(d: Diagnostic, *, strict: bool = False) -> bool:
    """Does this finding fail the run? Errors always; warnings with `strict`; info never."""
    if d.code in NOT_CHECKED:
        return False
    return d.severity == Severity.ERROR or (strict and d.severity == Severity.WARNING)


def for_diagnostics(diagnostics: Iterable[Diagnostic], *, strict: bool = False) -> Exit:
    """The exit code of a run that reported `diagnostics` (after baselines and --changed)."""
    diagnostics = list(diagnostics)
    if any(d.code == INTERNAL_ERROR for d in diagnostics):
        return Exit.ERROR
    if any(fails(d, strict=strict) for d in diagnostics):
        return Exit.FINDINGS
    if any(d.code in NOT_CHECKED for d in diagnostics):
        return Exit.NOT_CHECKED
    return Exit.CLEAN
