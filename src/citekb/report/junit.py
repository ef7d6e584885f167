"""JUnit XML: one test case per rule and file with findings, so CI dashboards can show them."""
from __future__ import annotations

from collections import defaultdict
from typing import Sequence
from xml.sax.saxutils import escape, quoteattr

from ..checks.diagnostic import Diagnostic, Severity


def render(diagnostics: Sequence[Diagnostic], **_: object) -> str:
    groups: dict[tuple[str, str], list[Diagnostic]] = defaultdict(list)
    for d in diagnostics:
        groups[(d.location.path, d.code)].append(d)
    failures = sum(1 for ds in groups.values() if any(d.severity >= Severity.WARNING for d in ds))
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<testsuites name="citekb" tests="{max(len(groups), 1)}" failures="{failures}">',
           f'  <testsuite name="citekb check" tests="{max(len(groups), 1)}" failures="{failures}">']
    if not groups:
        out.append('    <testcase classname="citekb" name="all checks"/>')
    for (path, code), ds in sorted(groups.items()):
        name = quoteattr(f"{code} {ds[0].name}")
        out.append(f"    <testcase classname={quoteattr(path)} name={name}>")
        body = escape("\n".join(f"{d.location.path}:{d.location.line}: {d.message}" for d in ds))
        tag = "failure" if any(d.severity >= Severity.WARNING for d in ds) else "system-out"
        if tag == "failure":
            out.append(f"      <failure message={quoteattr(ds[0].message)} type={quoteattr(code)}>{body}</failure>")
        else:
            out.append(f"      <system-out>{body}</system-out>")
        out.append("    </testcase>")
    out += ["  </testsuite>", "</testsuites>"]
    return "\n".join(out) + "\n"
