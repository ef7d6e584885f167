"""The capability-lag series: the shipped file loads clean and is charted; a broken file is a
located problem from `citekb check`, never a traceback or a silent gap."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from citekb import api
from citekb.site import render_all
from citekb.site.numbers import PATH, lag_svg
from citekb.site.provenance import Provenance
from kbtest import ROOT, write_tree

GOOD = """id: lag
title: Lag
unit: months
points:
  - {published: 2025-10-30, window_start: 2023-01, window_end: 2025-10, value: 3.5, low: 1.1, high: 5.3,
     basis: Epoch Capabilities Index, source: https://epoch.ai/data-insights/x}
  - {published: 2024-11-04, value: 12, basis: benchmarks, source: https://epoch.ai/blog/y}
verified: test
"""


def _check(tmp_path, text: str):
    write_tree(tmp_path, {"kb/series/lag.yaml": text, "references/x.bib": ""})
    return api.check(tmp_path)


def test_the_shipped_series_is_valid_dated_and_sourced():
    kb = api.check(ROOT).kb
    series = {s.id: s for s in kb.series}["open-closed-lag"]
    assert series.unit == "months" and len(series.points) >= 3
    assert all(p["source"] in kb.work_by_key or p["source"].startswith("https://") for p in series.points)
    assert [p["published"] for p in series.points] == sorted(p["published"] for p in series.points)
    assert not [p for p in kb.problems if p.location.path.startswith("kb/series/")]


def test_a_valid_file_loads_with_points_in_date_order(tmp_path):
    result = _check(tmp_path, GOOD)
    assert [p for p in result.kb.problems] == []
    assert [p["value"] for p in result.kb.series[0].points] == [12, 3.5]


@pytest.mark.parametrize("change, message", [
    (("unit: months", "unit: weeks"), "unit: 'weeks' is not one of: months, eci-points"),
    (("low: 1.1, high: 5.3", "low: 4, high: 5.3"), "points.0: value 3.5 is outside [4, 5.3]"),
    (("low: 1.1, high: 5.3", "low: 1.1"), "points.0: give both `low` and `high`, or neither"),
    (("window_start: 2023-01", "window_start: 2026-01"), "points.0: window_start is after window_end"),
    (("source: https://epoch.ai/blog/y", "source: nosuchkey2020"), "unknown BibTeX key 'nosuchkey2020'"),
    (("id: lag", "id: other"), "id 'other' does not match the file name 'lag.yaml'"),
])
def test_a_broken_file_is_a_located_finding(tmp_path, change, message):
    result = _check(tmp_path, GOOD.replace(*change))
    found = [d for d in result.diagnostics if d.location.path == "kb/series/lag.yaml"]
    assert any(message in d.message for d in found), [d.message for d in found]
    assert all(d.location.line >= 1 for d in found)


def test_a_series_missing_its_unit_is_reported_and_not_charted(tmp_path):
    result = _check(tmp_path, GOOD.replace("unit: months\n", ""))
    assert result.kb.series == ()
    assert any("unit" in d.message for d in result.diagnostics if d.location.path == "kb/series/lag.yaml")


def test_the_chart_draws_each_estimate_with_its_window_interval_and_label(tmp_path):
    series = _check(tmp_path, GOOD).kb.series[0]
    svg = lag_svg(series)
    assert svg.count("<circle") == 1 and svg.count('width="12" height="12"') == 1  # shape tells the basis
    assert "3.5 months (Oct 2025)" in svg and "12 months (Nov 2024)" in svg
    assert svg.count("<path") == 1  # one published interval, one whisker
    assert 'fill="currentColor"' in svg and "stroke=\"#" not in svg  # text and strokes follow the theme
    assert lag_svg(series) == svg


def test_the_numbers_page_is_dated_and_lists_the_lag_and_the_models():
    result = api.check(ROOT)
    pages, _ = render_all(result.kb, result.graph, result.diagnostics, provenance=Provenance(dt.date(2026, 12, 2), "abc1234"))
    page = pages[PATH]
    assert "Data as of 2026\\-12\\-02" in page
    assert "citekb-lag" in page and "| Published | Window | Lag |" in page
    rows = re.findall(r"<tr data-open=\"(true|false)\">", page)
    priced = [m for m in result.kb.of("model") if m.get("pricing") or m.get("context_window") or m.get("capability")]
    assert len(rows) == len(priced) > 0
    assert ">150<" in page  # GPT-5's ECI anchor reaches the table
