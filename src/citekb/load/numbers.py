"""Numeric specs: plain numbers with bounds, and parameter counts like `7B`.

YAML reads `.nan`, `.inf` and a 400-digit literal as numbers; each is reported at its line
instead of reaching a comparison, a float conversion or a page.
"""
from __future__ import annotations

import math
import re
from typing import Any

from .specs import Spec

class Number(Spec):
    def __init__(self, *, minimum: float | None = None, maximum: float | None = None, integer: bool = False):
        self.minimum, self.maximum, self.integer = minimum, maximum, integer

    def __call__(self, value, line, ctx):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return ctx.error(f"expected a number, got '{_short(value)}'", line)
        out_of_range = _out_of_range(value)
        if out_of_range:
            return ctx.error(out_of_range, line)
        if self.integer and not float(value).is_integer():
            return ctx.error(f"expected a whole number, got {value}", line)
        if self.minimum is not None and value < self.minimum:
            return ctx.error(f"{value} is below the minimum {self.minimum}", line)
        if self.maximum is not None and value > self.maximum:
            return ctx.error(f"{value} is above the maximum {self.maximum}", line)
        return value

    def schema(self):
        out: dict = {"type": "integer" if self.integer else "number"}
        if self.minimum is not None:
            out["minimum"] = self.minimum
        if self.maximum is not None:
            out["maximum"] = self.maximum
        return out


MAX_NUMBER = 10**15  # no count, weight, price or size in the KB comes near; beyond it floats lose digits


def _out_of_range(value: int | float) -> str | None:
    """Why a YAML number cannot be used: `.nan`/`.inf`, or too large to compare or print as a float."""
    if isinstance(value, float) and not math.isfinite(value):
        return f"expected a finite number, got {value}"
    if abs(value) > MAX_NUMBER:
        digits = f"a {len(str(abs(int(value))))}-digit number" if isinstance(value, int) else f"{value:g}"
        return f"{digits} is out of range (at most {MAX_NUMBER:.0e})"
    return None


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "..."


_SIZE_RE = re.compile(r"^(\d+(?:\.\d+)?)\s*([KMBT])$", re.I)
_SCALE = {"K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12}


class Count(Spec):
    """A parameter count: an integer, or `7B`, `1.5M`, `1T`."""

    def __call__(self, value, line, ctx):
        if isinstance(value, (int, float)) and not isinstance(value, bool) and _out_of_range(value):
            return ctx.error(_out_of_range(value), line)
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return value
        m = _SIZE_RE.match(str(value).strip()) if isinstance(value, str) and len(value) < 40 else None
        count = int(round(float(m.group(1)) * _SCALE[m.group(2).upper()])) if m else 0
        if not 0 < count <= MAX_NUMBER:
            return ctx.error(f"'{_short(value)}' is not a parameter count like 7B, 1.5M or 70000000000", line)
        return count

    def schema(self):
        return {"oneOf": [{"type": "integer", "minimum": 1}, {"type": "string", "pattern": _SIZE_RE.pattern}]}
