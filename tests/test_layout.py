"""Which way imports flow in src/citekb (the layout in README.md), read from the source with ast.

Function-level (lazy) imports count too: a lazy import is still a dependency.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "citekb"


def _module(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every module `path` imports (absolute names; `from X import name` counts X and X.name)."""
    mod = _module(path)
    package = mod if path.name == "__init__.py" else mod.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            found.add(prefix)
            found.update(f"{prefix}.{a.name}" for a in node.names)
    return found


MODULES = {_module(p): _imports(p) for p in sorted(SRC.rglob("*.py"))}


def _importers(target: str) -> set[str]:
    return {m for m, imps in MODULES.items() if any(i == target or i.startswith(target + ".") for i in imps)}


def _in(package: str, module: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_the_walk_sees_relative_and_lazy_imports():
    # guards the helper itself: cli/__init__ imports exitcode relatively; api imports the graph lazily
    assert "citekb.exitcode" in MODULES["citekb.cli"]
    assert "citekb.graph.build" in MODULES["citekb.api"]


def test_model_imports_nothing_of_ours():
    assert {i for i in MODULES["citekb.model"] if _in("citekb", i)} == set()


def test_only_the_cli_imports_api():
    assert {m for m in _importers("citekb.api") if not _in("citekb.cli", m)} == set()


@pytest.mark.parametrize("package", ["citekb.site", "citekb.briefs"])
def test_site_and_briefs_read_the_graph_through_graph_queries(package):
    direct = {m for m in _importers("networkx") if _in(package, m)}
    assert direct == set(), "use citekb.graph.queries (and graph.layout / graph.export)"


@pytest.mark.parametrize("source,others", [
    ("citekb.sources.lockfile", ("citekb.sources.index", "citekb.sources.online")),
    ("citekb.sources.index", ("citekb.sources.lockfile", "citekb.sources.online")),
    ("citekb.sources.online", ("citekb.sources.lockfile", "citekb.sources.index")),
])
def test_canonical_sources_do_not_import_each_other(source, others):
    mine = {m: imps for m, imps in MODULES.items() if _in(source, m)}
    crossing = {(m, i) for m, imps in mine.items() for i in imps for o in others if _in(o, i)}
    assert crossing == set(), "share code through citekb.sources instead"


def test_canonical_sources_sit_in_one_package_below_the_resolver():
    # lockfile, local index and online resolvers live in citekb.sources; none of them reaches back
    # up into the resolver or the rules (comparisons they share are in citekb.sources.compare)
    assert {"citekb.sources.lockfile", "citekb.sources.index", "citekb.sources.online"} <= set(MODULES)
    assert not {"citekb.lockfile", "citekb.index", "citekb.online"} & set(MODULES)
    upward = {(m, i) for m, imps in MODULES.items() if _in("citekb.sources", m) for i in imps
              if any(_in(p, i) for p in ("citekb.resolve", "citekb.checks", "citekb.api", "citekb.cli"))}
    assert upward == set()


def test_one_citation_grammar():
    # the [@key] patterns are compiled in citesyntax.py only; the KB loader, the site and
    # check-doc's in-text scanner all import them from there
    for user in ("citekb.load.repository", "citekb.site.citations", "citekb.load.intext"):
        assert "citekb.citesyntax" in MODULES[user], user
    defining = {p.relative_to(SRC).as_posix() for p in SRC.rglob("*.py")
                if "PANDOC_GROUP = " in p.read_text(encoding="utf-8")}
    assert defining == {"citesyntax.py"}


def test_kb_only_assembles_the_value():
    assert not {"gc", "re"} & MODULES["citekb.kb"]  # file discovery and the collector live in load/


def test_no_module_over_350_lines():
    long = {p.relative_to(SRC).as_posix(): n for p in SRC.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 350}
    assert long == {}
