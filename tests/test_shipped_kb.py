"""The knowledge base we ship: clean, complete enough, and every work followable and verified."""
from __future__ import annotations

from collections import Counter

import pytest

from citekb import api
from citekb.checks.diagnostic import Severity
from citekb.model import CRITERIA

from kbtest import ROOT

MINIMUMS = {"works": 150, "models": 60, "frameworks": 20, "organizations": 25, "claims": 60, "reviews": 3,
            "scenarios": 6}


@pytest.fixture(scope="module")
def result():
    return api.check(ROOT)


def test_shipped_kb_checks_clean(result):
    bad = [f"{d.location.path}:{d.location.line} {d.code} {d.message}" for d in result.diagnostics
           if d.severity >= Severity.WARNING]
    assert bad == []


def test_shipped_kb_meets_the_minimums(result):
    counts = result.kb.counts()
    short = {k: (counts[k], n) for k, n in MINIMUMS.items() if counts[k] < n}
    assert short == {}


def test_every_work_is_followable_and_records_its_verification(result):
    for w in result.kb.works:
        assert w.doi or w.arxiv or w.url or w.isbn, w.key
        assert w.verified.strip(), w.key


def test_claims_cover_every_criterion_and_many_have_both_sides(result):
    claims = result.kb.of("claim")
    assert set(CRITERIA) <= {c.criterion for c in claims}
    both = [c for c in claims if {"supports"} & {e["stance"] for e in c.evidence}
            and {"contradicts", "qualifies"} & {e["stance"] for e in c.evidence}]
    assert len(both) >= 20


def test_models_span_open_and_closed_and_years(result):
    models = result.kb.of("model")
    access = Counter(m.is_open for m in models)
    assert access[True] >= 20 and access[False] >= 15
    years = {str(m.value("released"))[:4] for m in models}
    assert {"2018", "2019", "2023", "2024", "2025"} <= years


def test_the_seed_article_review_is_contradicted_where_it_is_wrong(result):
    found = [d for d in result.diagnostics if d.code == "A401" and "seed-open-vs-closed-roles" in d.location.path]
    assert any("bert-base openness = closed" in d.message for d in found)
