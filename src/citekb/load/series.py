"""Dated series the site charts (`kb/series/<id>.yaml`), such as the open-closed capability lag.

A series is a list of published estimates, each with its value, unit, the date it was published,
the window it averages over and its source. Validation uses the same specs as the record kinds,
so a bad file is a located problem (L005), never an exception. The JSON Schema comes from the
same definition (`citekb schema`).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from ..checks.diagnostic import Diagnostic
from ..model import Location
from .compound import F, ListOf, Obj
from .numbers import Number
from .specs import INVALID, Ctx, Date, Enum, Id, Source, Str, kind_of
from .yamlfile import load_yaml

SERIES_DIR = "series"
SERIES_UNITS = ("months", "eci-points")

POINT = Obj({
    "published": F(Date(), True, "Date the estimate was published"),
    "window_start": F(Date(), False, "First day of the period the estimate averages over"),
    "window_end": F(Date(), False, "Last day of that period"),
    "value": F(Number(), True, "The estimate, in the series' unit"),
    "low": F(Number(), False, "Lower bound of the published confidence interval"),
    "high": F(Number(), False, "Upper bound of the published confidence interval"),
    "interval": F(Str(), False, "What the bounds are, e.g. '90% confidence interval'"),
    "basis": F(Str(), True, "What the estimate is measured on, e.g. 'Epoch Capabilities Index'"),
    "source": F(Source(), True, "BibTeX key or URL of the publisher's own page"),
    "note": F(Str()),
})

SERIES = Obj({
    "id": F(Id(), True, "Series id; equals the file name without .yaml"),
    "title": F(Str(), True),
    "description": F(Str(max_len=2000)),
    "unit": F(Enum(SERIES_UNITS), True, "Unit of every value in the series"),
    "points": F(ListOf(POINT, min_items=1, coerce=False), True),
    "verified": F(Str(), True, "What the values were checked against"),
    "last_verified": F(Date()),
    "notes": F(Str()),
})


@dataclass(frozen=True)
class Series:
    id: str
    title: str
    unit: str
    points: tuple[dict[str, Any], ...]
    location: Location
    data: dict[str, Any]

    def get(self, name: str, default: Any = None) -> Any:
        return self.data.get(name, default)


def _point_problems(points: Iterable[dict], rel: str, line: int) -> list[Diagnostic]:
    out = []
    for i, p in enumerate(points):
        low, high, value = p.get("low"), p.get("high"), p.get("value")
        if (low is None) != (high is None):
            out.append(Diagnostic("L005", f"points.{i}: give both `low` and `high`, or neither", Location(rel, line)))
        elif low is not None and not low <= value <= high:
            out.append(Diagnostic("L005", f"points.{i}: value {value} is outside [{low}, {high}]", Location(rel, line)))
        start, end = p.get("window_start"), p.get("window_end")
        if start and end and str(start) > str(end):
            out.append(Diagnostic("L005", f"points.{i}: window_start is after window_end", Location(rel, line)))
    return out


def parse_series(text: str, rel: str, work_keys: set[str]) -> tuple[Series | None, list[Diagnostic]]:
    """One series file -> a Series and its problems (unknown BibTeX keys included)."""
    data, problems = load_yaml(text, rel)
    if data is None:
        return None, problems or [Diagnostic("L005", "empty series file", Location(rel, 0),
                                               "Add the series or delete the file.")]
    ctx = Ctx(rel)
    line = getattr(data, "line", 1)
    if not isinstance(data, dict):
        ctx.error(f"a series file must hold one mapping, not {kind_of(data)}", line)
        return None, problems + ctx.problems
    out = SERIES(data, line, ctx)
    problems = problems + ctx.problems
    if out is INVALID or any(k not in out for k in ("id", "title", "unit", "points")):
        return None, problems  # the problems say what is wrong; a half-valid series is not charted
    problems += [Diagnostic("L005", f"unknown BibTeX key '{r.target}' in a series source", Location(rel, r.line),
                             "Add the work to references/ or cite its URL.")
                 for r in ctx.refs if r.kind == "work" and r.target not in work_keys]
    problems += _point_problems(out["points"], rel, line)
    points = tuple(sorted(out["points"], key=lambda p: (str(p.get("window_end") or p["published"]), str(p["published"]))))
    series = Series(out["id"], out["title"], out["unit"], points, Location(rel, line), out)
    return series, problems


def json_schema() -> dict:
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "https://citekb.dev/schemas/series.schema.json", "title": "citekb series", **SERIES.schema()}
