"""SARIF 2.1.0, with rule metadata taken from the registry."""
from __future__ import annotations

import json
from typing import Sequence

from .. import __version__
from ..checks.diagnostic import Diagnostic, Severity
from ..checks.registry import load_builtin_rules

LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
URI = "https://github.com/citekb/citekb"


def _rule(rule) -> dict:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.doc("What it checks")},
        "help": {"text": rule.doc("Fix"), "markdown": f"**Why it matters.** {rule.doc('Why it matters')}\n\n"
                                                      f"**Fix.** {rule.doc('Fix')}"},
        "defaultConfiguration": {"level": LEVEL[rule.severity], "enabled": rule.default_enabled},
        "properties": {"family": rule.family},
    }


def render(diagnostics: Sequence[Diagnostic], **_: object) -> str:
    rules = load_builtin_rules()
    index = {code: i for i, code in enumerate(rules)}
    results = []
    for d in diagnostics:
        region = {"startLine": max(d.location.line, 1)}
        if d.location.column:
            region["startColumn"] = d.location.column
        result = {
            "ruleId": d.code,
            "level": LEVEL[d.severity],
            "message": {"text": d.message + (f" Fix: {d.fix}" if d.fix else "")},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": d.location.path,
                                                                     "uriBaseId": "%SRCROOT%"},
                                                "region": region}}],
        }
        if d.code in index:
            result["ruleIndex"] = index[d.code]
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
