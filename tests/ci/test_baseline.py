"""Baselines: only findings not in the baseline are shown and fail the run."""
from __future__ import annotations

import json
from collections import Counter

import pytest

from citekb.checks import baseline
from citekb.checks.diagnostic import Diagnostic, Severity
from citekb.model import Location

from ci_helpers import BAD_BIB, GOOD_BIB, ROOT, citekb
from kbtest import write_tree


def diag(code="R101", path="references/a.bib", line=1, message="@misc 'x' has no year"):
    return Diagnostic(code, message, Location(path, line, 1), name="name", severity=Severity.ERROR)


def test_lines_do_not_matter_but_code_path_and_message_do():
    known = baseline.parse(baseline.render([diag(line=3)]), where="b.json")
    assert baseline.compare([diag(line=40)], known).new == ()
    for other in (diag(code="R106"), diag(path="references/b.bib"), diag(message="@misc 'y' has no year")):
        assert baseline.compare([other], known).new == (other,)


def test_line_numbers_quoted_in_messages_are_ignored_too():
    old = diag(message="key 'a' is already used by the entry at references/a.bib:12")
    new = diag(message="key 'a' is already used by the entry at references/a.bib:19")
    assert baseline.compare([new], baseline.parse(baseline.render([old]), where="b")).new == ()


def test_duplicates_are_counted():
    known = baseline.parse(baseline.render([diag(line=1), diag(line=2)]), where="b")
    three = [diag(line=1), diag(line=2), diag(line=9)]
    result = baseline.compare(three, known)
    assert (len(result.new), result.known, result.fixed) == (1, 2, 0)
    assert baseline.compare([diag()], known).fixed == 1


def test_internal_errors_are_never_baselined():
    crash = diag(code="X001", path="<citekb>")
    assert baseline.compare([crash], Counter({baseline.fingerprint(crash): 1})).new == (crash,)


@pytest.mark.parametrize("text, message", [("not json", "not JSON"), ("{}", "a list of findings"),
                                           ('[{"code": "R101"}]', "finding 1 lacks")])
def test_a_malformed_baseline_is_a_clear_error(text, message):
    with pytest.raises(baseline.BaselineError, match=message):
        baseline.parse(text, where="b.json")


def test_cli_fails_only_on_new_findings_and_survives_edits_above_them(tmp_path):
    write_tree(tmp_path, {"references/a.bib": BAD_BIB})
    wrote = citekb("check", "--write-baseline", "citekb-baseline.json", cwd=tmp_path)
    assert wrote.returncode == 0 and "wrote 4 finding(s)" in wrote.stderr
    assert {d["code"] for d in json.loads((tmp_path / "citekb-baseline.json").read_text())} >= {"R101", "R106"}

    known = citekb("check", "--baseline", "citekb-baseline.json", cwd=tmp_path)
    assert known.returncode == 0, known.stdout
    assert "R101" not in known.stdout and "4 known not shown" in known.stderr

    (tmp_path / "references/a.bib").write_text("% moved down\n\n" + GOOD_BIB + BAD_BIB
                                               + "@misc{fresh, title = {New}}\n", encoding="utf-8")
    new = citekb("check", "--baseline", "citekb-baseline.json", cwd=tmp_path)
    assert new.returncode == 1
    assert "'fresh' has no year" in new.stdout and "'bad'" not in new.stdout


def test_cli_reports_fixed_findings_so_the_baseline_can_shrink(tmp_path):
    write_tree(tmp_path, {"references/a.bib": BAD_BIB})
    citekb("check", "--write-baseline", "b.json", cwd=tmp_path)
    (tmp_path / "references/a.bib").write_text(GOOD_BIB, encoding="utf-8")
    proc = citekb("check", "--baseline", "b.json", cwd=tmp_path)
    assert proc.returncode == 0 and "4 baselined finding(s) are gone" in proc.stderr


def test_cli_baseline_errors_exit_2_with_a_message(tmp_path):
    write_tree(tmp_path, {"references/a.bib": BAD_BIB, "broken.json": "{"})
    missing = citekb("check", "--baseline", "nope.json", cwd=tmp_path)
    assert missing.returncode == 2 and "create it with --write-baseline nope.json" in missing.stderr
    broken = citekb("check", "--baseline", "broken.json", cwd=tmp_path)
    assert broken.returncode == 2 and "broken.json: not JSON" in broken.stderr


def test_check_doc_takes_a_baseline(tmp_path):
    canon = (ROOT / "tests/rules/C301/pass/refs.bib").read_text(encoding="utf-8")
    doc = "---\nbibliography: refs.bib\n---\n\nTransformers replaced recurrence [@vaswani2017attenton].\n"
    write_tree(tmp_path, {"refs.bib": canon, "doc.md": doc})
    args = ("check-doc", "doc.md", "--canon", "refs.bib")
    assert citekb(*args, cwd=tmp_path).returncode == 1
    assert citekb(*args, "--write-baseline", "b.json", cwd=tmp_path).returncode == 0
    assert citekb(*args, "--baseline", "b.json", cwd=tmp_path).returncode == 0
    (tmp_path / "doc.md").write_text(doc + "\nAnd again [@vaswani2017atention].\n", encoding="utf-8")
    again = citekb(*args, "--baseline", "b.json", "--format", "json", cwd=tmp_path)
    assert again.returncode == 1
    assert [d["location"]["line"] for d in json.loads(again.stdout) if d["code"] == "C301"] == [7]
