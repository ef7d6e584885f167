"""The runner: crashing rules, suppressions, configuration."""
from __future__ import annotations

from pathlib import Path

from citekb import api
from citekb.checks import registry
from citekb.checks.registry import Rule, RegistryError, parse_doc
from citekb.checks.diagnostic import Severity
from citekb.config import Config

from kbtest import TODAY, write_tree

DOC = '''Summary.

What it checks:
    x

Why it matters:
    y

Example:
    z

Fix:
    w
'''


def test_a_crashing_rule_becomes_an_internal_error(monkeypatch, tmp_path):
    def boom(kb, ctx):
        raise ValueError("bad state")

    summary, sections = parse_doc(DOC)
    monkeypatch.setitem(registry.REGISTRY, "K299", Rule("K299", "test-crash", Severity.ERROR, summary, sections, boom))
    result = api.check(tmp_path, today=TODAY)
    internal = [d for d in result.diagnostics if d.code == "X001"]
    assert internal and "K299" in internal[0].message and "bad state" in internal[0].message
    assert api.exit_code(result.diagnostics) == 2


def test_registry_rejects_bad_rules():
    summary, sections = parse_doc(DOC)
    for code, name, secs in (("bad", "a-b", sections), ("K298", "Bad_Name", sections), ("K297", "ok-name", {})):
        try:
            registry.register(Rule(code, name, Severity.ERROR, summary, secs, None))
        except RegistryError:
            continue
        raise AssertionError(f"{code} {name} was accepted")


def test_reasoned_suppression_hides_the_finding_and_unused_one_is_reported(tmp_path):
    write_tree(tmp_path, {
        "references/a.bib": "% citekb: ignore[R106] -- a memo with no identifier\n"
                            "@misc{memo1997, author = {Memo, M.}, title = {Memo}, year = 1997}\n\n"
                            "% citekb: ignore[R105] -- nothing wrong here\n"
                            "@misc{ok2020, author = {Ok, O.}, title = {Ok}, year = 2020, url = {https://example.org}}\n"})
    codes = [(d.code, d.location.line) for d in api.check(tmp_path, today=TODAY).diagnostics]
    assert ("R106", 2) not in codes
    assert ("S002", 4) in codes


def test_yaml_file_level_suppression(tmp_path):
    write_tree(tmp_path, {"kb/claims/c.yaml": "# citekb: ignore[K203] -- drafted, evidence being collected\n"
                          "id: c\nstatement: S.\ncriterion: cost\nfavours: open\nas_of: 2025-01-01\n"})
    codes = {d.code for d in api.check(tmp_path, today=TODAY).diagnostics}
    assert "K203" not in codes and "S002" not in codes


def test_select_and_ignore(tmp_path):
    write_tree(tmp_path, {"references/a.bib": "@misc{x2020y, title = {T}, year = 2301}\n"})
    only = api.check(tmp_path, config=Config(select=("R105",)), today=TODAY).diagnostics
    assert {d.code for d in only} == {"R105"}
    ignored = api.check(tmp_path, config=Config(ignore=("R",)), today=TODAY).diagnostics
    assert not any(d.code.startswith("R") for d in ignored)


def test_severity_override(tmp_path):
    write_tree(tmp_path, {"references/a.bib": "@misc{x2020y, author = {X, Y}, title = {T}, year = 2020, url = {https://e.org}}\n"})
    result = api.check(tmp_path, config=Config(severity={"K205": Severity.ERROR}), today=TODAY)
    assert [d.severity for d in result.diagnostics if d.code == "K205"] == [Severity.ERROR]
