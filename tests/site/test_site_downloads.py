"""The download files: CSV that a spreadsheet cannot run, data that keeps its types."""
from __future__ import annotations

import csv
import io

import pandas as pd

from citekb.site.tabular import csv_text


def test_csv_cells_that_start_a_formula_get_a_leading_quote():
    df = pd.DataFrame({"name": ["=1+1", "+SUM(A1)", "-2", "@cmd", "\t=1", "\r=1", "plain", "a=b"],
                       "n": [-1, 2, 3, 4, 5, 6, 7, 8]})
    rows = list(csv.reader(io.StringIO(csv_text(df))))
    assert [r[0] for r in rows[1:]] == ["'=1+1", "'+SUM(A1)", "'-2", "'@cmd", "'\t=1", "'\r=1", "plain", "a=b"]
    assert pd.read_csv(io.StringIO(csv_text(df)))["n"].tolist() == [-1, 2, 3, 4, 5, 6, 7, 8]  # numbers stay numbers
