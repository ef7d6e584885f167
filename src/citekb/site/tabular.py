"""CSV downloads that a spreadsheet cannot turn into formulas.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is run as a formula by
Excel, LibreOffice and Google Sheets (CSV injection). As OWASP recommends, such a text cell gets a
leading single quote and every text cell is double-quoted; numbers and booleans are left as they
are, so a negative number stays a number.
"""
from __future__ import annotations

import csv

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value):
    """A text cell that cannot start a formula; anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_text(df: pd.DataFrame) -> str:
    safe = df.copy()
    for col in safe.columns:
        if safe[col].dtype == object or pd.api.types.is_string_dtype(safe[col]):
            safe[col] = safe[col].map(neutralize)
    safe.columns = [neutralize(str(c)) for c in safe.columns]
    return safe.to_csv(index=False, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
