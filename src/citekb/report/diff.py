"""Suggested corrections as a unified diff of the user's file. citekb never writes the file."""
from __future__ import annotations

import difflib
import re
from typing import Iterable


def _bib_replace(line: str, field: str, new: str) -> str:
    rx = re.compile(rf"(\b{re.escape(field)}\s*=\s*)(\{{(?:[^{{}}]|\{{[^{{}}]*\}})*\}}|\"[^\"]*\"|\w+)", re.I)
    return rx.sub(lambda m: m.group(1) + "{" + new.replace("\\", "\\\\") + "}", line, count=1)


def suggest(text: str, path: str, issues: Iterable) -> str:
    """A unified diff applying each issue's suggested value on its line, or '' when none apply."""
    lines = text.splitlines(keepends=True)
    changed = list(lines)
    for issue in issues:
        if not issue.new or not issue.field or not (1 <= issue.location.line <= len(lines)):
            continue
        i = issue.location.line - 1
        if path.endswith(".bib") and issue.field in ("year", "doi", "eprint", "title", "author", "booktitle", "journal"):
            changed[i] = _bib_replace(changed[i], issue.field, issue.new)
        elif issue.old and issue.old in changed[i]:
            changed[i] = changed[i].replace(issue.old, issue.new, 1)
    if changed == lines:
        return ""
    return "".join(difflib.unified_diff(lines, changed, fromfile=f"a/{path}", tofile=f"b/{path}"))
