"""SARIF 2.1.0 for code scanning, with rule metadata taken from the registry.

GitHub's ingestion rules shape it: relative paths are percent-encoded URI references against
%SRCROOT% (a file named `odd, name: 100%.bib` included); an absolute path (a document outside the
repository) is a `file:` URI with no base; every result has a line-independent
`partialFingerprints` entry (the baseline's identity), so an alert survives an edit above it; info
findings are not results unless asked for, since code scanning makes every result an alert.
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import PurePosixPath
from typing import Sequence
from urllib.parse import quote

from .. import __version__
from ..checks.diagnostic import Diagnostic, Severity
from ..checks.registry import load_builtin_rules
from ..exitcode import fails
from .rules import help_uri

LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
URI = "https://github.com/citekb/citekb"
FINGERPRINT = "citekb/v1"


def artifact(path: str) -> dict:
    """An artifactLocation: relative against %SRCROOT%, or an absolute `file:` URI."""
    if PurePosixPath(path).is_absolute():
        return {"uri": "file://" + quote(path, safe="/")}
    return {"uri": quote(path, safe="/"), "uriBaseId": "%SRCROOT%"}


def _rule(rule) -> dict:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.doc("What it checks")},
        "helpUri": help_uri(rule.code),
        "help": {"text": rule.doc("Fix"), "markdown": f"**Why it matters.** {rule.doc('Why it matters')}\n\n"
                                                      f"**Fix.** {rule.doc('Fix')}"},
        "defaultConfiguration": {"level": LEVEL[rule.severity], "enabled": rule.default_enabled},
        "properties": {"family": rule.family},
    }


def fingerprints(diagnostics: Sequence[Diagnostic]) -> list[str]:
    """The baseline's identity (code, path, message with line numbers blanked) hashed, with an
    occurrence number so that two identical findings in one file stay two alerts."""
    from ..checks.baseline import fingerprint  # imported here: checks.baseline imports report

    seen: Counter[str] = Counter()
    out = []
    for d in diagnostics:
        digest = hashlib.sha256("\0".join(fingerprint(d)).encode("utf-8")).hexdigest()[:32]
        seen[digest] += 1
        out.append(f"{digest}:{seen[digest]}")
    return out


def _utf16(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2  # SARIF counts columns in UTF-16 code units by default


def fixes(d: Diagnostic, sources) -> list[dict]:
    """SARIF 2.1.0 `fixes` (3.55): the edit as one replacement of the changed part of its line."""
    from .diff import line_change  # the diff renderer knows how an edit applies to a line

    text = sources.get(d.edit.location.path) if d.edit is not None else None
    change = line_change(text, d.edit.location.path, d.edit) if text is not None else None
    if change is None:
        return []
    line, old, new = change
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    start, end = _utf16(old[:head]) + 1, _utf16(old[:len(old) - tail]) + 1
    replacement = {"deletedRegion": {"startLine": line, "startColumn": start, "endLine": line, "endColumn": end},
                   "insertedContent": {"text": new[head:len(new) - tail]}}
    return [{"description": {"text": d.fix or d.edit.summary},
             "artifactChanges": [{"artifactLocation": artifact(d.edit.location.path), "replacements": [replacement]}]}]


def level(d: Diagnostic, strict: bool) -> str:
    """A finding that fails the run is an error, as the exit code counts it (--strict: warnings)."""
    return "error" if fails(d, strict=strict) or d.severity == Severity.ERROR else LEVEL[d.severity]


def render(diagnostics: Sequence[Diagnostic], *, show_info: bool = False, strict: bool = False,
           sources=None, **_: object) -> str:
    rules = load_builtin_rules()
    index = {code: i for i, code in enumerate(rules)}
    shown = [d for d in diagnostics if show_info or d.severity != Severity.INFO]
    results = []
    for d, fp in zip(shown, fingerprints(shown)):
        region = {"startLine": max(d.location.line, 1)}
        if d.location.column:
            region["startColumn"] = d.location.column
        result = {
            "ruleId": d.code,
            "level": level(d, strict),
            "message": {"text": d.message + (f" Fix: {d.fix}" if d.fix else "")},
            "locations": [{"physicalLocation": {"artifactLocation": artifact(d.location.path), "region": region}}],
            "partialFingerprints": {FINGERPRINT: fp},
            "properties": {"severity": str(d.severity)},
        }
        if d.code in index:
            result["ruleIndex"] = index[d.code]
        if fix := fixes(d, sources or {}):
            result["fixes"] = fix
        results.append(result)
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "citekb", "version": __version__, "informationUri": URI,
                                "rules": [_rule(r) for r in rules.values()]}},
            "results": results,
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
