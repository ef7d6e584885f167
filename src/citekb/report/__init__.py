"""Renderers: pure functions from a list of diagnostics to text. One shape, many formats."""
from __future__ import annotations

from typing import Callable, Sequence

from ..checks.diagnostic import Diagnostic
from . import diff, github, gitlab, jsonfmt, junit, sarif, text

Renderer = Callable[..., str]
FORMATS: dict[str, Renderer] = {
    "text": text.render,
    "json": jsonfmt.render,
    "github": github.render,
    "sarif": sarif.render,
    "junit": junit.render,
    "gitlab": gitlab.render,
    "diff": diff.render,
}


def render(fmt: str, diagnostics: Sequence[Diagnostic], **options) -> str:
    """Options every renderer takes: show_info (default False), strict (default False), summary,
    and sources (path -> text of the checked files, which the diff renderer applies edits to)."""
    return FORMATS[fmt](diagnostics, **options)
