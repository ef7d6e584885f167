"""Where a run's inputs and caches are, found without loading anything (a cached re-check needs
no more than this)."""
from __future__ import annotations

import os
from pathlib import Path

from ..checks.diagnostic import Diagnostic
from ..model import KIND_DIRS
from .walk import find_files


def cache_dir(kind: str) -> Path | None:
    """Where cache `kind` (parse, results, reports, rules) lives: under `$CITEKB_CACHE_DIR` when set (`off`
    disables caching), else under the user's cache directory. Never a folder inside the checked
    tree unless asked for, so that nothing committed to a repository under check is ever read
    back as a cache entry."""
    setting = os.environ.get("CITEKB_CACHE_DIR")
    if setting == "off":
        return None
    if setting:
        return Path(setting) if kind == "parse" else Path(setting) / kind
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("citekb", appauthor=False)) / kind


def input_paths(root: Path, *, references: str = "references", kb_dir: str = "kb",
                docs: str = "docs") -> tuple[list[Path], list[Diagnostic]]:
    """Every file `load_kb` reads, in its order, and what discovery skipped (links out of the tree)."""
    problems: list[Diagnostic] = []
    paths = list(_found(root / references, ("*.bib",), root, problems))
    for sub in KIND_DIRS.values():
        paths.extend(_found(root / kb_dir / sub, ("*.yaml", "*.yml"), root, problems))
    paths.extend(_found(root / docs, ("*.md",), root, problems))
    return paths, problems


def _found(directory: Path, patterns: tuple[str, ...], root: Path, problems: list[Diagnostic]) -> list[Path]:
    found, skipped = find_files(directory, patterns, root)
    problems.extend(skipped)
    return found
