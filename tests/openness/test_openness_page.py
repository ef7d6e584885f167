"""The openness matrix page: dated, one row per open-weight model, every state in words."""
from __future__ import annotations

import datetime as dt
import re

from citekb import api, openness
from citekb.site import render_all
from citekb.site.openness import PATH
from citekb.site.provenance import Provenance
from kbtest import ROOT


def test_the_matrix_has_a_row_per_graded_model_and_says_why():
    result = api.check(ROOT)
    pages, _ = render_all(result.kb, result.graph, result.diagnostics, provenance=Provenance(dt.date(2026, 12, 2), "abc1234"))
    page = pages[PATH]
    grades = openness.grade_all(result.kb.of("model"))
    table = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert table.count("<tr>") == len(grades) > 0
    assert "Data as of 2026\\-12\\-02" in page
    llama = next(r for r in table.split("<tr>") if ">Llama 3.1 405B<" in r)
    assert "is not OSI-approved" in llama and ">not met<" in llama
    assert re.search(r'>OLMo 2 13B<.*?<td data-value="met"[^>]*>met<', table, re.S)
    counts = openness.tally(grades)
    assert f"{counts['osaid']['met']} met" in page
