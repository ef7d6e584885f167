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


# A document whose sentence credits the Transformer to BERT's authors: C309's analysis has work to do.
MISCREDIT = ("# Notes\n\nDevlin et al. (2019) proposed the Transformer architecture.\n\n## References\n\n"
             "- Devlin, J., Chang, M.-W., Lee, K., & Toutanova, K. (2019). BERT: Pre-training of Deep "
             "Bidirectional Transformers for Language Understanding. NAACL.\n")


def _check_doc(tmp_path, **selection):
    from citekb.checks.runner import check_documents
    from citekb.api import load_canon

    doc = tmp_path / "doc.md"
    doc.write_text(MISCREDIT, encoding="utf-8")
    canon, _ = load_canon(None, start=tmp_path)
    diagnostics, _ = check_documents([doc], canon, Config(today="2026-12-01", **selection), root=tmp_path)
    return {d.code for d in diagnostics}


def _spy(monkeypatch, module, name):
    calls = []
    real = getattr(module, name)

    def spy(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, spy)
    return calls


def test_an_ignored_document_rule_does_not_run(monkeypatch, tmp_path):
    from citekb.checks.rules import attribution

    calls = _spy(monkeypatch, attribution, "credited_concept")
    assert "C309" in _check_doc(tmp_path) and calls  # selected by default: the analysis runs and finds it
    calls.clear()
    assert "C309" not in _check_doc(tmp_path, ignore=("C309",)) and not calls
    assert "C309" not in _check_doc(tmp_path, select=("C304", "C305")) and not calls
    assert "C309" in _check_doc(tmp_path, select=("C309",)) and calls


def test_reference_rules_run_once_per_reference_only_when_selected(monkeypatch, tmp_path):
    from citekb.checks.rules import metadata

    calls = _spy(monkeypatch, metadata, "author_problems")
    _check_doc(tmp_path, ignore=("C304",))
    assert not calls
    _check_doc(tmp_path, select=("C304",))
    assert len(calls) == 1  # the document has one reference


def test_a_crashing_document_rule_is_one_internal_error_and_the_others_still_report(monkeypatch, tmp_path):
    from citekb.checks.rules import metadata

    def boom(*args):
        raise RuntimeError("bad resolution")

    monkeypatch.setattr(metadata, "author_problems", boom)
    codes = _check_doc(tmp_path)
    assert {"X001", "C309"} <= codes
