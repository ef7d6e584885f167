"""The optional `snapshots` field of a model record: a closed model's dated versions, each sourced (issue 15)."""
from __future__ import annotations

import copy

from citekb.checks.rules.sources import aggregator_of, model_facts
from citekb.load.schema import validate

BASE = {
    "id": "closed-model", "name": "Closed Model", "organization": ["acme"],
    "released": {"value": "2024-05-13", "source": "https://vendor.example/launch"},
    "modality": {"input": ["text"], "output": ["text"]}, "parameters": "undisclosed",
    "access": {"value": "api", "source": "https://vendor.example/models/closed"},
    "license": {"id": "LicenseRef-Acme", "commercial_use": "yes"}, "weights": {"available": False},
}
SNAPSHOTS = [
    {"id": "closed-model-2024-05-13", "released": "2024-05-13", "source": "https://vendor.example/launch"},
    {"id": "closed-model-2024-08-06", "status": "deprecated", "deprecation_announced": "2026-10-14",
     "retirement": "2027-01-14", "source": "https://vendor.example/deprecations"},
]


def _check(snapshots):
    data = {**copy.deepcopy(BASE), "snapshots": snapshots}
    return validate("model", data, "kb/models/closed-model.yaml")


def test_dated_snapshots_load_with_their_dates_and_status():
    record, problems = _check(SNAPSHOTS)
    assert problems == []
    ids = [s["id"] for s in record.get("snapshots")]
    assert ids == ["closed-model-2024-05-13", "closed-model-2024-08-06"]
    assert record.get("snapshots")[1]["status"] == "deprecated"


def test_a_snapshot_without_a_source_is_a_located_problem():
    _, problems = _check([{"id": "closed-model-2024-05-13", "released": "2024-05-13"}])
    assert problems and all(p.location.path == "kb/models/closed-model.yaml" for p in problems)
    assert any("source" in p.message for p in problems)


def test_a_snapshot_status_outside_the_lifecycle_words_is_refused():
    _, problems = _check([{**SNAPSHOTS[1], "status": "sunset"}])
    assert any("sunset" in p.message for p in problems)


def test_a_snapshot_source_is_a_model_fact_the_aggregator_rule_sees():
    record, _ = _check([{**SNAPSHOTS[0], "source": "https://openrouter.ai/acme/closed-model-2024-05-13"}])
    facts = dict(model_facts(record))
    assert aggregator_of(facts["snapshots[0]"]) == "openrouter.ai"
