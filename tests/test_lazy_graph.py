"""`citekb check` builds the knowledge graph only when something reads it: the derivation-cycle rule
(K206) reads only the `base_model` edges, and its findings are those read from the whole graph."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from citekb import api
from citekb.checks import runner
from citekb.checks.rules import integrity
from citekb.config import load_config
from citekb.graph import build, queries

CASES = Path(__file__).parent / "rules" / "K206"


@pytest.mark.parametrize("case", ["fail", "pass"])
def test_check_does_not_build_the_graph_and_finds_the_same_cycles(tmp_path, monkeypatch, case):
    root = tmp_path / case
    shutil.copytree(CASES / case, root)
    monkeypatch.setenv("CITEKB_CACHE_DIR", "off")
    kb, config = api.load(root, load_config(root))
    assert queries.derivation_cycles(integrity._lineage(kb)) == queries.derivation_cycles(build.build_graph(kb))
    want = [d.as_dict() for d in runner.run_checks(kb, config, graph=build.build_graph(kb))]
    monkeypatch.setattr(build, "build_graph", lambda kb: pytest.fail("the graph was built"))
    got = [d.as_dict() for d in api.check_diagnostics(root, config=config)]
    assert got == want
    assert any(d["code"] == "K206" for d in got) == (case == "fail")


def test_the_graph_is_built_when_read(tmp_path):
    shutil.copytree(CASES / "fail", tmp_path / "kb")
    result = api.check(tmp_path / "kb")
    assert queries.derivation_cycles(result.graph)
