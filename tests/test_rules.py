"""Every rule has a failing and a passing fixture; its doc example is that failing case."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from citekb import api
from citekb.checks.registry import SECTIONS, load_builtin_rules

from kbtest import TODAY

FIXTURES = Path(__file__).parent / "rules"
RULES = load_builtin_rules()
RUNNER_ONLY = {"X001"}  # reported by the runner itself; tested in test_runner.py


def _findings(root: Path, code: str) -> list[str]:
    if RULES[code].scope == "document":
        docs = sorted(p for p in root.iterdir() if p.is_file() and p.stem == "doc")
        diagnostics, _, _ = api.check_docs(docs, canon_sources=[root], root=root)
    else:
        diagnostics = api.check(root, today=TODAY).diagnostics
    return sorted(f"{d.location.path}:{d.location.line}" for d in diagnostics if d.code == code)


@pytest.mark.parametrize("code", [c for c in RULES if c not in RUNNER_ONLY])
def test_failing_fixture_reports_the_expected_locations(code):
    expected = (FIXTURES / code / "expected.txt").read_text().split()
    assert _findings(FIXTURES / code / "fail", code) == sorted(expected)


@pytest.mark.parametrize("code", [c for c in RULES if c not in RUNNER_ONLY])
def test_passing_fixture_is_clean_for_the_rule(code):
    assert _findings(FIXTURES / code / "pass", code) == []


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("code", sorted(RULES))
def test_rule_is_documented_and_its_example_is_the_failing_fixture(code):
    rule = RULES[code]
    assert all(rule.doc(s) for s in SECTIONS), f"{code} lacks a doc section"
    if code in RUNNER_ONLY:
        return
    fixture = FIXTURES / code / "fail"
    assert fixture.is_dir(), f"{code} has no failing fixture"
    example = rule.doc("Example")
    if example.startswith("("):  # a described case (binary file, hostile bytes): no literal text
        return
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in fixture.rglob("*") if p.is_file()]
    assert any(_squash(example) in _squash(t) for t in texts), f"{code}'s doc example is not in its failing fixture"


def test_every_fixture_directory_belongs_to_a_rule():
    assert {p.name for p in FIXTURES.iterdir() if p.is_dir()} <= set(RULES)
