"""The library API the CLI calls: one function per command, no printing, no exiting."""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path

from typing import TYPE_CHECKING

from .checks.diagnostic import Diagnostic, Severity  # noqa: F401  (Severity re-exported)
from .config import Config, load_config
if TYPE_CHECKING:  # networkx and the resolver load only when a run needs them (a cached re-check does not)
    import networkx as nx

    from .kb import KnowledgeBase
    from .resolve import Canon


@dataclass(frozen=True)
class CheckResult:
    """A check's knowledge base, findings and configuration; the graph is built when first read."""

    kb: KnowledgeBase
    diagnostics: list[Diagnostic]
    config: Config

    @functools.cached_property
    def graph(self) -> nx.MultiDiGraph:
        return build_graph(self.kb)


def load(root: str | Path, config: Config | None = None) -> tuple[KnowledgeBase, Config]:
    from .kb import load_kb

    root = Path(root)
    config = config or load_config(root)
    return load_kb(root, references=config.references, kb_dir=config.kb, docs=config.docs), config


def check(root: str | Path = ".", *, config: Config | None = None, today: dt.date | None = None,
          file_cache=None) -> CheckResult:
    """Load the repository at `root` and run every enabled rule (`file_cache`:
    per-file findings kept between runs, see citekb.checks.perfile)."""
    from .checks.runner import run_checks

    kb, config = load(root, config)
    return CheckResult(kb, run_checks(kb, config, today=today, file_cache=file_cache), config)


def result_key(root: str | Path, config: Config, today: dt.date | None = None) -> str | None:
    """The key of everything a `check` of `root` depends on (see citekb.recheck), or None when
    caching is off."""
    from .config import today_from
    from .load.inputs import cache_dir, input_paths
    from .recheck import run_key
    from .sources import LOCKFILE

    if cache_dir("results") is None:
        return None
    root = Path(root)
    inputs, skipped = input_paths(root, references=config.references, kb_dir=config.kb, docs=config.docs)
    return run_key(root, config, today or today_from(config), inputs + [root / LOCKFILE], skipped)


def cached_report(key: str | None, spec: dict) -> tuple[str, str, int] | None:
    """A report rendered before for the run `key` with the same report options: (body, summary
    line, exit code); None on a miss or with caching off."""
    from .load.inputs import cache_dir
    from .recheck import ReportCache, report_key

    return ReportCache(cache_dir("reports")).get_report(report_key(key, spec)) if key else None


def keep_report(key: str | None, spec: dict, body: str, line: str, code: int) -> None:
    from .load.inputs import cache_dir
    from .recheck import ReportCache, report_key

    if key:
        ReportCache(cache_dir("reports")).put_report(report_key(key, spec), body, line, code)


_UNSET = object()


def check_diagnostics(root: str | Path = ".", *, config: Config | None = None,
                      today: dt.date | None = None, key=_UNSET) -> list[Diagnostic]:
    """What `check` reports, read back from the result cache when nothing it depends on changed
    (see citekb.recheck); computed and kept otherwise. `key`: the run's `result_key`, when the
    caller has it already."""
    from .config import today_from
    from .load.inputs import cache_dir
    from .recheck import ResultCache

    root = Path(root)
    config = config or load_config(root)
    today = today or today_from(config)
    cache = ResultCache(cache_dir("results"))
    if key is _UNSET:
        key = result_key(root, config, today)
    if cache.dir is not None and key is not None:
        found = cache.get(key)
        if found is not None:
            return found
    from .checks.perfile import FileFindings

    rules_dir = cache_dir("rules")
    diagnostics = check(root, config=config, today=today,
                        file_cache=FileFindings(rules_dir) if rules_dir is not None else None).diagnostics
    if key is not None:
        cache.put(key, diagnostics)
    return diagnostics


def exit_code(diagnostics: list[Diagnostic], *, strict: bool = False) -> int:
    """The exit code of a run that reported `diagnostics`: see citekb.exitcode."""
    from .exitcode import for_diagnostics

    return for_diagnostics(diagnostics, strict=strict)


def build_graph(kb: "KnowledgeBase") -> "nx.MultiDiGraph":
    """The knowledge graph of a loaded knowledge base (see citekb.graph.build)."""
    from .graph.build import build_graph as build

    return build(kb)


def export_graph(G: nx.MultiDiGraph, fmt: str) -> str:
    """The graph as GraphML, GEXF or node-link JSON text (deterministic, valid XML); see graph.export."""
    from .graph.export import export_graph as export

    return export(G, fmt)


def export_site(root: str | Path, out_dir: str | Path) -> list[str]:
    """Check the repository and write its site to `out_dir` (see citekb.site.export); returns the
    errors that failed the export, as lines."""
    from .site.export import export_site as write

    result = check(root)
    return write(result.kb, result.graph, result.diagnostics, Path(root), result.config.docs, Path(out_dir))


def bundled_kb_root() -> Path | None:
    """The knowledge base shipped with citekb: package data in an installed wheel (`shipped_kb/`,
    copied there by the build), else the source checkout of an editable install."""
    from importlib.resources import files

    data = files("citekb") / "shipped_kb"
    if data.is_dir():
        return Path(str(data))
    root = Path(__file__).resolve().parents[2]
    return root if (root / "references").is_dir() and (root / "pyproject.toml").is_file() else None


def find_repo_root(start: Path) -> Path | None:
    from .config import find_repo_root as find

    return find(start)


def load_canon(sources: list[str | Path] | None = None, *, start: Path | None = None,
               bundled: bool = True, index: str | Path | None = None,
               extra: tuple = ()) -> tuple["Canon", list[str]]:
    """Canonical records from KB directories, .bib files and lockfiles; by default the current
    repository's KB and the KB shipped with citekb. The KB is consulted first, then the local
    index (`index`, else `.citekb-index.sqlite` in the repository root when it exists), then the
    `extra` sources (online resolvers). Returns the canon and the sources used."""
    from .resolve import Canon
    from .sources.assemble import canonical_works, index_sources

    roots: list[Path] = [Path(s) for s in sources or ()]
    if not sources:
        here = find_repo_root(start or Path.cwd())
        roots = [p for p in (here, bundled_kb_root() if bundled else None) if p is not None]
    works, records, used = canonical_works(roots)
    further = index_sources(index, start) + tuple(extra)
    used.extend(getattr(s, "name", type(s).__name__) for s in further)
    canon = Canon(tuple(works), sources=further)
    canon.add_concepts(records)
    return canon, used


@dataclass(frozen=True)
class LockRun:
    """What `citekb lock` found: the new entries, the changes since the last lock, the works not checked."""

    entries: dict
    changes: list[str]
    unchecked: list
    target: Path


def lock(root: Path, *, index: Path | None = None, online: bool = False, as_of: dt.date | None = None,
         incremental: bool = False) -> LockRun | None:
    """Resolve the works of `root`'s references through the index (and online resolvers) into lock
    entries; None when there is no source to resolve against. Writes nothing."""
    from .sources import lockfile as lf
    from .sources.assemble import index_sources

    config = load_config(root)
    sources = index_sources(index, root) + online_sources(config, root, online=online)
    if not sources:
        return None
    kb, _ = load(root, config)
    target = root / lf.FILENAME
    previous = lf.read(target) if target.is_file() else {}
    today = as_of or (dt.date.fromisoformat(config.today) if config.today else dt.date.today())
    works = [w for w in kb.works if not incremental or lf.needs_lock(previous.get(w.key), w)]
    entries, unchecked = lf.build_lock(works, sources, today=today, previous=previous)
    if incremental:  # what did not change keeps its entry; what left the KB leaves the lock
        keys = {w.key for w in kb.works}
        entries = {**{k: v for k, v in previous.items() if k in keys}, **entries}
    return LockRun(entries, lf.diff(previous, entries), unchecked, target)


def online_sources(config: Config, root: Path, *, online: bool = False) -> tuple:
    """The online resolvers when asked for (`online`, or `enabled` in [tool.citekb.online])."""
    from .sources.assemble import online_sources as build

    return build(config, root, online=online)


def check_docs(paths: list[str | Path], *, canon_sources: list[str | Path] | None = None,
               config: Config | None = None, root: Path | None = None, index: str | Path | None = None,
               online: bool = False):
    """Check documents others wrote; returns (diagnostics, assessments, canon sources used)."""
    from .checks.runner import check_documents

    root = root or Path.cwd()
    config = config or load_config(find_repo_root(root) or root)
    extra = online_sources(config, find_repo_root(root) or root, online=online)
    canon, used = load_canon(canon_sources, start=root, index=index, extra=extra)
    diagnostics, assessments = check_documents([Path(p) for p in paths], canon, config, root=root)
    if canon_sources:  # a --canon file that does not parse would silently shrink the canon
        from .checks.runner import load_diagnostics
        from .load.canon import canon_problems

        diagnostics = sorted(diagnostics + load_diagnostics(canon_problems(canon_sources), config),
                             key=lambda d: d.sort_key)
    return diagnostics, assessments, used
