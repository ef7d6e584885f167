"""Data-driven cases for document rules: `tests/rules/<CODE>/cases.yaml`, several failing and passing
examples per rule beside the rule's fixture pair.

Each case is a small document checked with check-doc, offline, as of the file's `today`:

    today: 2026-12-01
    cases:
      - name: what the case shows
        doc: |                       # the document (doc.md unless `file:` names another)
          ...
        files: {refs.bib: "..."}     # optional companions (a .bib the document names)
        canon: own | shipped         # own: only references/ given in `files` (default); shipped: the KB
        expect: {C310: "cannot exist"}   # code -> a fragment of its message (or null: any message)
        absent: [C311]               # codes that must not be reported

Misses and false alarms found on real documents become cases here, written in general terms.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from citekb.api import check_docs

RULES = Path(__file__).resolve().parent / "rules"


def _cases():
    for path in sorted(RULES.glob("*/cases.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            yield pytest.param(path.parent.name, str(data["today"]), case, id=f"{path.parent.name}: {case['name']}")


@pytest.mark.parametrize("code,today,case", list(_cases()))
def test_rule_case(tmp_path, code, today, case):
    (tmp_path / "citekb.toml").write_text(f'today = "{today}"\n', encoding="utf-8")
    for rel, text in (case.get("files") or {}).items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    doc = tmp_path / case.get("file", "doc.md")
    doc.write_text(case["doc"], encoding="utf-8")
    canon = None if case.get("canon") == "shipped" else [tmp_path]
    diagnostics, _, _ = check_docs([doc], canon_sources=canon, root=tmp_path)
    shown = "\n".join(f"{d.location}: {d.code} {d.message}" for d in diagnostics)
    for want, fragment in (case.get("expect") or {}).items():
        hits = [d for d in diagnostics if d.code == want and (fragment is None or fragment in d.message)]
        assert hits, f"expected {want} ({fragment!r}); got:\n{shown}"
    for unwanted in case.get("absent") or ():
        assert not [d for d in diagnostics if d.code == unwanted], f"{unwanted} must not be reported; got:\n{shown}"


def test_every_case_file_names_a_document_rule():
    from citekb.checks.registry import load_builtin_rules

    rules = load_builtin_rules()
    for path in RULES.glob("*/cases.yaml"):
        assert path.parent.name in rules and rules[path.parent.name].scope == "document", path


def test_every_document_rule_has_several_failing_and_passing_cases():
    """At least three cases that expect each rule of the verdict classes and two that must not see it."""
    from citekb.checks.runner import VERDICT_CLASS

    for code in VERDICT_CLASS:
        cases = yaml.safe_load((RULES / code / "cases.yaml").read_text(encoding="utf-8"))["cases"]
        failing = [c for c in cases if code in (c.get("expect") or {})]
        passing = [c for c in cases if code in (c.get("absent") or ())]
        assert len(failing) >= 3 and len(passing) >= 2, (code, len(failing), len(passing))
