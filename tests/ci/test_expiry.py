"""Suppressions with `until=DATE`: they apply through that day, then the findings come back."""
from __future__ import annotations

import datetime as dt

import pytest

from citekb import api
from citekb.checks.suppress import expired, find_suppressions

from ci_helpers import citekb
from kbtest import write_tree

MEMO = "@misc{memo1997, author = {Memo, M.}, title = {Memo}, year = 1997, howpublished = {Internal memo}}\n"


def _repo(tmp_path, until: str, today: str | None = None):
    files = {"references/a.bib": f"% citekb: ignore[R106] until={until} -- the DOI comes in January\n{MEMO}"}
    if today:
        files["citekb.toml"] = f'today = "{today}"\n'
    return write_tree(tmp_path, files)


def test_the_suppression_applies_through_its_last_day(tmp_path):
    root = _repo(tmp_path, "2027-01-31")
    for day in ("2026-12-01", "2027-01-31"):
        codes = {d.code for d in api.check(root, today=dt.date.fromisoformat(day)).diagnostics}
        assert not codes & {"R106", "S003", "S002"}, day


def test_after_its_last_day_the_finding_returns_with_a_warning(tmp_path):
    found = api.check(_repo(tmp_path, "2027-01-31"), today=dt.date(2027, 2, 1)).diagnostics
    by_code = {d.code: d for d in found}
    assert {"R106", "S003"} <= set(by_code)
    assert str(by_code["S003"].severity) == "warning"
    assert by_code["S003"].message == "suppression of R106 expired after 2027-01-31; what it hid is reported again"


def test_today_comes_from_the_configuration_in_the_cli(tmp_path):
    before = citekb("check", cwd=_repo(tmp_path / "a", "2027-01-31", today="2027-01-31"))
    after = citekb("check", cwd=_repo(tmp_path / "b", "2027-01-31", today="2027-02-01"))
    assert before.returncode == 0 and "S003" not in before.stdout
    assert after.returncode == 1
    assert "references/a.bib:1:17: S003 [warning] suppression of R106 expired after 2027-01-31" in after.stdout
    assert "R106 [error] 'memo1997'" in after.stdout


@pytest.mark.parametrize("until", ["2027-02-30", "31.01.2027", "soon", ""])
def test_an_unreadable_date_counts_as_expired(tmp_path, until):
    found = api.check(_repo(tmp_path, until), today=dt.date(2026, 11, 24)).diagnostics
    s003 = [d for d in found if d.code == "S003"]
    assert len(s003) == 1 and "unreadable expiry" in s003[0].message
    assert any(d.code == "R106" for d in found)


def test_the_reason_is_still_required_and_parsed_after_the_date():
    [s] = find_suppressions("a.bib", "% citekb: ignore[R106] until=2027-01-31 -- waiting\n@misc{x}\n", "bibtex")
    assert (s.codes, s.until, s.reason) == (("R106",), "2027-01-31", "waiting")
    [bare] = find_suppressions("a.bib", "% citekb: ignore[R106] until=2027-01-31\n@misc{x}\n", "bibtex")
    assert bare.reason == "" and bare.until == "2027-01-31"
    [md] = find_suppressions("a.md", "<!-- citekb: ignore[K201] until=2027-01-31 -- later -->\n[@x]\n", "markdown")
    assert (md.until, md.reason) == ("2027-01-31", "later")
    assert not expired(md, dt.date(2027, 1, 31)) and expired(md, dt.date(2027, 2, 1))


def test_markdown_code_shows_suppressions_without_making_them():
    page = ("Write it like this:\n\n```bibtex\n% citekb: ignore[R106] -- reason\n```\n\n"
            "or inline: `% citekb: ignore[R106] -- reason`.\n<!-- citekb: ignore[K201] -- a real one -->\n[@x]\n")
    assert [s.location.line for s in find_suppressions("docs/ci.md", page, "markdown")] == [8]
