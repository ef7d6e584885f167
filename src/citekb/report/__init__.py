"""Renderers: pure functions from a list of diagnostics to text. One shape, many formats.

Each renderer's module loads when its format is asked for (a run renders one format).
"""
from __future__ import annotations

import importlib
from typing import Callable, Sequence

from ..checks.diagnostic import Diagnostic

Renderer = Callable[..., str]
FORMATS: dict[str, str] = {  # format -> module in this package whose `render` writes it
    "text": "text",
    "json": "jsonfmt",
    "github": "github",
    "sarif": "sarif",
    "junit": "junit",
    "gitlab": "gitlab",
    "diff": "diff",
}


def renderer(fmt: str) -> Renderer:
    return importlib.import_module(f"{__name__}.{FORMATS[fmt]}").render


def render(fmt: str, diagnostics: Sequence[Diagnostic], **options) -> str:
    """Options every renderer takes: show_info (default False), strict (default False), summary,
    and sources (path -> text of the checked files, which the diff renderer applies edits to)."""
    return renderer(fmt)(diagnostics, **options)
