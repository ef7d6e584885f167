"""Renderers: pure functions from a list of diagnostics to text. One shape, many formats."""
from __future__ import annotations

from typing import Callable, Sequence

from ..checks.diagnostic import Diagnostic
from . import github, junit, sarif, text, jsonfmt

Renderer = Callable[..., str]
FORMATS: dict[str, Renderer] = {
    "text": text.render,
    "json": jsonfmt.render,
    "github": github.render,
    "sarif": sarif.render,
    "junit": junit.render,
}


def render(fmt: str, diagnostics: Sequence[Diagnostic], **options) -> str:
    return FORMATS[fmt](diagnostics, **options)
