"""JSON report: a list of findings with code, name, severity, message, fix and location."""
from __future__ import annotations

import json
from typing import Sequence

from ..checks.diagnostic import Diagnostic


def render(diagnostics: Sequence[Diagnostic], **_: object) -> str:
    return json.dumps([d.as_dict() for d in diagnostics], indent=2, ensure_ascii=False, sort_keys=True) + "\n"
