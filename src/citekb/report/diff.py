"""Suggested corrections as a unified diff of the user's files: the renderer of diagnostics' edits.

Pure like every renderer: the caller hands in the text of the files (`sources`, path -> text); a
diagnostic whose file is not among them, or that carries no edit, adds nothing. citekb never
writes the files.
"""
from __future__ import annotations

import difflib
import re
from typing import Mapping, Sequence

from ..checks.diagnostic import Diagnostic, Edit

BIB_FIELDS = ("year", "doi", "eprint", "title", "author", "booktitle", "journal")


def _bib_replace(line: str, field: str, new: str) -> str:
    rx = re.compile(rf"(\b{re.escape(field)}\s*=\s*)(\{{(?:[^{{}}]|\{{[^{{}}]*\}})*\}}|\"[^\"]*\"|\w+)", re.I)
    return rx.sub(lambda m: m.group(1) + "{" + new.replace("\\", "\\\\") + "}", line, count=1)


def apply(lines: list[str], path: str, edits: Sequence[Edit]) -> list[str]:
    """The lines with each edit applied on its line; an edit that no longer fits is skipped."""
    changed = list(lines)
    for edit in edits:
        if not edit.new or not edit.field or not (1 <= edit.location.line <= len(lines)):
            continue
        i = edit.location.line - 1
        if path.endswith(".bib") and edit.field in BIB_FIELDS:
            changed[i] = _bib_replace(changed[i], edit.field, edit.new)
        elif edit.old and edit.old in changed[i]:
            changed[i] = changed[i].replace(edit.old, edit.new, 1)
    return changed


def line_change(text: str, path: str, edit: Edit) -> tuple[int, str, str] | None:
    """(line, the line as it is, the line with `edit` applied), without line endings, or None when
    the edit does not apply to `text`."""
    lines = text.splitlines(keepends=True)
    changed = apply(lines, path, [edit])
    if changed == lines:
        return None
    i = edit.location.line - 1
    return edit.location.line, lines[i].rstrip("\r\n"), changed[i].rstrip("\r\n")


def suggest(text: str, path: str, edits: Sequence[Edit]) -> str:
    """A unified diff applying `edits` to `text`, or '' when none apply."""
    lines = text.splitlines(keepends=True)
    changed = apply(lines, path, edits)
    if changed == lines:
        return ""
    return "".join(difflib.unified_diff(lines, changed, fromfile=f"a/{path}", tofile=f"b/{path}"))


def render(diagnostics: Sequence[Diagnostic], *, sources: Mapping[str, str] | None = None, **_: object) -> str:
    by_path: dict[str, list[Edit]] = {}
    for d in diagnostics:
        if d.edit is not None:
            by_path.setdefault(d.edit.location.path, []).append(d.edit)
    sources = sources or {}
    return "".join(suggest(sources[p], p, edits) for p, edits in sorted(by_path.items()) if p in sources)
