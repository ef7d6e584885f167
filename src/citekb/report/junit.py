"""JUnit XML for test dashboards: one test suite per file, one test case per finding.

A finding that fails the run (the exit code's rule: errors, and warnings with --strict) is a
<failure>, so the failure count equals the number of failing findings; citekb's own crash is an
<error>; a reference that could not be checked is <skipped>; other findings pass with their text.
"""
from __future__ import annotations

from itertools import groupby
from typing import Sequence
from xml.sax.saxutils import escape, quoteattr

from ..checks.diagnostic import Diagnostic, Severity
from ..exitcode import INTERNAL_ERROR, NOT_CHECKED, fails
from .xmltext import clean


def _outcome(d: Diagnostic, strict: bool) -> str:
    if d.code == INTERNAL_ERROR:
        return "error"
    if d.code in NOT_CHECKED:
        return "skipped"
    return "failure" if fails(d, strict=strict) else "passed"


def _case(d: Diagnostic, outcome: str) -> list[str]:
    loc = d.location
    name = quoteattr(clean(f"{d.code} {d.name} (line {loc.line})"))
    text = clean(f"{loc.path}:{loc.line}:{loc.column}: {d.code} [{d.severity}] {d.message}"
                 + (f"\nhelp: {d.fix}" if d.fix else "") + (f"\nedit: {d.edit.summary}" if d.edit else ""))
    out = [f"    <testcase classname={quoteattr(clean(loc.path))} name={name}>"]
    if outcome == "passed":
        out.append(f"      <system-out>{escape(text)}</system-out>")
    else:
        out.append(f"      <{outcome} message={quoteattr(clean(d.message))} type={quoteattr(d.code)}>"
                   f"{escape(text)}</{outcome}>")
    return out + ["    </testcase>"]


def render(diagnostics: Sequence[Diagnostic], *, show_info: bool = False, strict: bool = False,
           **_: object) -> str:
    shown = sorted((d for d in diagnostics if show_info or d.severity != Severity.INFO), key=lambda d: d.sort_key)
    outcomes = [_outcome(d, strict) for d in shown]
    total = {k: outcomes.count(k) for k in ("failure", "error", "skipped")}
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<testsuites name="citekb" tests="{max(len(shown), 1)}" failures="{total["failure"]}" '
           f'errors="{total["error"]}" skipped="{total["skipped"]}">']
    if not shown:
        out += ['  <testsuite name="citekb" tests="1" failures="0" errors="0" skipped="0">',
                '    <testcase classname="citekb" name="all checks"/>', "  </testsuite>"]
    pairs = list(zip(shown, outcomes))
    for path, group in groupby(pairs, key=lambda p: p[0].location.path):
        group = list(group)
        kinds = [o for _, o in group]
        out.append(f"  <testsuite name={quoteattr(clean(path))} tests=\"{len(group)}\" "
                   f"failures=\"{kinds.count('failure')}\" errors=\"{kinds.count('error')}\" "
                   f"skipped=\"{kinds.count('skipped')}\">")
        for d, outcome in group:
            out += _case(d, outcome)
        out.append("  </testsuite>")
    out.append("</testsuites>")
    return "\n".join(out) + "\n"
