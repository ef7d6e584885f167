"""Property-based tests (hypothesis) past the loaders: schema validation, the graph, configuration
loading and the document pipeline never raise on any input; every problem is located in its file;
and whatever validation keeps can be built into a graph."""
from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citekb.checks.runner import check_document
from citekb.config import Config, ConfigError, from_mapping, load_config
from citekb.graph.build import build_graph
from citekb.kb import KnowledgeBase
from citekb.load.documents import load_document
from citekb.load.schema import SPECS, validate
from citekb.load.yamlfile import load_yaml
from citekb.resolve import Canon

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# YAML-shaped values: what yaml.safe_load can give, including the numbers that used to crash.
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.integers(10**300, 10**400),
                    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30),
                    st.sampled_from(["7B", "undisclosed", "2023-09-27", "open-weights-unrestricted", "supports",
                                     "cost", "open", "MIT", "yes", "https://example.org", "doe2020work", "acme"]))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(st.text(max_size=12), inner, max_size=4)),
                      max_leaves=20)


@st.composite
def records(draw):
    """A mapping over a kind's own field names (so validation goes deep), with any values."""
    kind = draw(st.sampled_from(sorted(SPECS)))
    names = sorted(SPECS[kind].fields)
    data = draw(st.dictionaries(st.sampled_from(names), values, max_size=len(names)))
    data["id"] = draw(st.sampled_from(["x", "a-b", "Bad Id", 3]))
    return kind, data


@SETTINGS
@given(records())
def test_validate_never_raises_and_its_records_build_a_graph(case):
    kind, data = case
    record, problems = validate(kind, data, f"kb/{kind}/x.yaml")
    assert all(p.location.path == f"kb/{kind}/x.yaml" and p.location.line >= 0 for p in problems)
    if record is None:
        return
    kb = KnowledgeBase(root=Path("."), records={kind: (record,)})
    G = build_graph(kb)  # refs name the item they came from, even after an invalid item was dropped
    assert f"{kind}:{record.id}" in G


yaml_lines = st.lists(st.sampled_from(["id: x", "name: X", "evidence:", "  - cite: k", "  - 5", "    stance: supports",
                                       "  - [a, b]", "weights:", "  cost: .nan", "  capability: 1e400",
                                       "magnitude: " + "9" * 50, "parameters: {total: 99999999999999999999}",
                                       "statement: s", "criterion: cost", "favours: open", "as_of: 2024"]),
                      max_size=14).map("\n".join)


@SETTINGS
@given(st.sampled_from(sorted(SPECS)), yaml_lines)
def test_yaml_then_validate_then_graph_never_raises(kind, text):
    data, problems = load_yaml(text, "f.yaml")
    if data is None:
        return
    record, problems = validate(kind, data, "f.yaml")
    lines = text.count("\n") + 2
    assert all(0 <= p.location.line <= lines for p in problems)
    if record is not None:
        build_graph(KnowledgeBase(root=Path("."), records={kind: (record,)}))


toml_values = st.one_of(st.text(max_size=10), st.integers(), st.booleans(), st.lists(st.text(max_size=6), max_size=3),
                        st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2),
                        st.sampled_from(["R101", "R10l", "yesterday", "2026-01-02", "warning", "loud"]))


@SETTINGS
@given(st.dictionaries(st.sampled_from(["select", "extend-select", "ignore", "severity", "today", "fail-on", "references",
                                        "kb", "docs", "online", "bogus"]), toml_values, max_size=5))
def test_config_is_a_config_or_a_located_config_error(table):
    try:
        config = from_mapping(table, "citekb.toml")
    except ConfigError as exc:
        assert str(exc).startswith("citekb.toml")
        return
    assert config.source == "citekb.toml"


@SETTINGS
@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_any_config_file_text_loads_or_fails_with_a_config_error(text):
    with tempfile.TemporaryDirectory() as d:
        Path(d, "citekb.toml").write_text(text, encoding="utf-8")
        try:
            load_config(Path(d))
        except ConfigError as exc:
            assert str(exc).startswith("citekb.toml")


doc_chunks = st.sampled_from(["# T\n", "As shown [@k1; @k2, p. 3]", " (Smith et al., 2020)", " [1]", " [2-4]",
                              " introduced by ", "x" * 40, " Transformer", "\\cite{k1,k2}", "\\bibitem{k1} A. B. Title. 2020.\n",
                              "\n\n## References\n", "[1] Smith, J. (2020). A title here. doi:10.1/x\n", "参考文献\n",
                              "[2] 张三. 标题[J]. 2020.\n", "```\n", "`[@k3]`", "\u200b", "mu\u0308ller", "\n", ". "])


@SETTINGS
@given(st.sampled_from([".md", ".tex", ".txt"]), st.lists(doc_chunks, max_size=40).map("".join))
def test_the_document_pipeline_never_raises_and_locates_what_it_finds(suffix, text):
    with tempfile.TemporaryDirectory() as d:
        path = Path(d, "doc" + suffix)
        path.write_text(text, encoding="utf-8")
        doc = load_document(path, display="doc" + suffix)
    n_lines = text.count("\n") + 1
    assert all(1 <= c.location.line <= n_lines for c in doc.citations)
    assert all(1 <= r.location.line <= n_lines for r in doc.references)
    found, assessment = check_document(doc, Canon(()), Config())
    assert not [d.message for d in found if d.code == "X001"]  # a crash would be reported, not raised
    assert len(assessment.references) == len(doc.references)
