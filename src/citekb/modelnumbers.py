"""The numbers a model record carries (list price, context window, capability score), read the
same way by the models index, the numbers page, the price-against-capability chart and the
models table of the downloads (`graph/tables.py`). Plain data in, plain data out: imports nothing of ours.

A field that failed validation keeps the record's other fields, so every reader here accepts a
value only when it is a real number; anything else counts as unknown and is shown as "–"."""
from __future__ import annotations

from typing import Any

ECI = "epoch-eci"  # the one capability measure charted: scores on different measures do not compare


def number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def _get(mapping: Any, key: str) -> Any:
    return mapping.get(key) if isinstance(mapping, dict) else None


def price(m) -> dict | None:
    """The first listed price with both an input and an output rate (the developer's own page is
    listed first where there is one)."""
    prices = [p for p in m.get("pricing") or ()
              if number(_get(p, "input_per_mtok")) and number(_get(p, "output_per_mtok"))]
    return prices[0] if prices else None


def eci(m) -> dict | None:
    """The latest Epoch Capabilities Index score."""
    scores = [c for c in m.get("capability") or () if _get(c, "measure") == ECI and number(_get(c, "value"))]
    return max(scores, key=lambda c: str(c.get("as_of"))) if scores else None


def context_window(m) -> dict | None:
    window = m.get("context_window")
    return window if number(_get(window, "value")) else None


def lifecycle(m) -> str:
    """The lifecycle status ("active", "deprecated", ...), "" when not recorded."""
    return _get(m.get("lifecycle"), "status") or ""


def money(x: Any) -> str:
    """A rate as a reader writes it: 0.05, 1.25, 30 (never 30.00 or 3e-05)."""
    return f"{x:,.3f}".rstrip("0").rstrip(".") if number(x) else ""


def rate(p: dict | None, field: str) -> str:
    """`5 USD` for a price's input or output rate; "" when unknown."""
    if not p or not number(p.get(field)):
        return ""
    return f"{money(p[field])} {p.get('currency') or ''}".strip()


def raw(x: Any) -> str:
    """A number as a table's data-value (tables.js sorts it numerically); "" when unknown."""
    return str(x) if number(x) else ""
