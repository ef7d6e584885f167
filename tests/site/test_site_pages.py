"""Every built page renders as intended: no Markdown table left as text, no empty table, no
unresolved `[@key]` (on the fixture KB and the shipped KB)."""
from __future__ import annotations

import pytest

from pagecheck import problems


@pytest.mark.parametrize("which", ["fixture_site", "shipped_site"])
def test_no_page_shows_raw_tables_empty_tables_or_unresolved_citations(request, which):
    site = request.getfixturevalue(which)
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    found = {p.relative_to(site).as_posix(): problems(p.read_text(encoding="utf-8")) for p in pages}
    assert {k: v[:3] for k, v in found.items() if v} == {}


@pytest.mark.parametrize("html, expected", [
    ("<p>Intro. | Claim | Favours |\n|---|---|\n| a | b |</p>", "raw table syntax"),
    ("<p>| Claim | Favours | Strength |</p>", "raw table row"),
    ("<table><thead><tr><th>A</th></tr></thead><tbody></tbody></table>", "an empty table"),
    ("<p>As shown [@smith2020open].</p>", "unresolved citation"),
])
def test_the_checker_sees_each_defect(html, expected):
    assert any(p.startswith(expected) for p in problems(html))


def test_code_may_show_table_syntax_and_citations():
    assert problems("<pre><code>| a | b |\n|---|---|\n[@key]</code></pre><p>x <code>[@key]</code></p>") == []
