"""Charts: the price-against-capability scatter plots exactly the models with both numbers, and
no chart's text reaches the search index (its snippets would read as number soup)."""
from __future__ import annotations

import json
import re

import pytest

from citekb.site.pricechart import charted, price_svg


class _Model:
    def __init__(self, ident: str, is_open: bool, **fields):
        self.id, self.name, self.is_open, self._fields = ident, ident.title(), is_open, fields

    def get(self, key, default=None):
        return self._fields.get(key, default)


def _price(i, o, currency="USD"):
    return [{"provider": "p", "input_per_mtok": i, "output_per_mtok": o, "currency": currency, "as_of": "2026-01-01", "source": "s"}]


def _eci(v, as_of="2026-01-01"):
    return {"measure": "epoch-eci", "value": v, "unit": "eci-points", "as_of": as_of, "source": "s"}


MODELS = [
    _Model("both-open", True, pricing=_price(0.2, 0.6), capability=[_eci(120)]),
    _Model("both-closed", False, pricing=_price(5, 25), capability=[_eci(150, "2025-01-01"), _eci(152)]),
    _Model("price-only", False, pricing=_price(1, 2)),
    _Model("score-only", True, capability=[_eci(130)]),
    _Model("other-measure", False, pricing=_price(1, 2), capability=[{"measure": "lmarena-text", "value": 1400}]),
    _Model("broken-price", False, pricing=[{"input_per_mtok": "cheap", "output_per_mtok": 2}], capability=[_eci(140)]),
    _Model("euro", False, pricing=_price(1, 2, "EUR"), capability=[_eci(135)]),
]


def test_only_models_with_a_price_and_an_eci_score_in_the_main_currency_are_charted():
    points = charted(MODELS)
    assert [(m.id, s["value"]) for m, _, s in points] == [("both-open", 120), ("both-closed", 152)]  # the latest score


def test_the_scatter_draws_each_model_by_shape_with_a_label_and_a_tooltip():
    svg = price_svg(charted(MODELS), "2026-02-03")
    assert svg.count("<circle") == 2 and svg.count('width="11" height="11"') == 1  # a legend swatch and the open point
    assert svg.count('class="citekb-point"') == 2 and svg.count("<title>") == 2
    assert ">Both-Open</text>" in svg and ">Both-Closed</text>" in svg
    assert "data as of 2026-02-03" in svg and "data-search-exclude" in svg
    assert ">0.1</text>" in svg and ">10</text>" in svg  # a log price axis spanning both points
    assert price_svg(charted(MODELS), "2026-02-03") == svg


def test_the_fixture_numbers_page_says_how_many_models_are_charted(fixture_site):
    page = (fixture_site / "numbers.html").read_text(encoding="utf-8")
    assert "2 of 3 models in the knowledge base have both a list price and an ECI score" in page
    assert page.count('class="citekb-point"') == 2


_CHART_SVG = re.compile(r'<figure class="citekb-chart[^"]*"><svg([^>]*)>')


@pytest.mark.parametrize("which", ["fixture_site", "shipped_site"])
def test_every_chart_is_left_out_of_the_search_index(request, which):
    site = request.getfixturevalue(which)
    charts = [(p.relative_to(site).as_posix(), attrs) for p in sorted(site.rglob("*.html"))
              for attrs in _CHART_SVG.findall(p.read_text(encoding="utf-8"))]
    assert len(charts) >= 3
    assert [path for path, attrs in charts if "data-search-exclude" not in attrs] == []
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    chart_text = re.compile(r"\d+(\.\d+)? months \(\w{3} \d{4}\)|ECI points; more capable|\d{4}: \d+ (open|closed)")
    assert [d["location"] for d in docs if chart_text.search(d["text"])] == []
