"""The winner, confidence and strength: the second half of the scoring.

An option's total is U_o = sum_c w_c v_oc with w_c the scenario's importance normalized to sum 1
and v_oc its value on criterion c (values.py), so totals lie in [0, 1] (additive MAVT).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from ..model import CRITERIA
from .options import Option
from .params import Parameters

Scores = Mapping[str, Mapping[str, float]]   # option -> criterion -> v_oc


def normalized(importance: Mapping[str, float]) -> dict[str, float]:
    total = sum(importance.values())
    return {c: (v / total if total > 0 else 0.0) for c, v in importance.items()}


def totals(importance: Mapping[str, float], S: Scores) -> dict[str, float]:
    w = normalized(importance)
    return {o: sum(w[c] * row.get(c, 0.0) for c in CRITERIA) for o, row in S.items()}


def ranking(importance: Mapping[str, float], S: Scores, options: tuple[Option, ...],
            params: Parameters) -> list[tuple[str, float]]:
    """Available options, best first; ties by lower switching cost, then id (scores rounded to 1e-9)."""
    u = totals(importance, S)
    cost = params["switching_cost"]
    alive = [o.id for o in options if o.available]
    order = sorted(alive, key=lambda o: (-round(u[o], 9), cost[o], o))
    return [(o, u[o]) for o in order]


def winner(importance: Mapping[str, float], S: Scores, options: tuple[Option, ...], params: Parameters) -> str | None:
    ranked = ranking(importance, S, options, params)
    return ranked[0][0] if ranked else None


@dataclass(frozen=True)
class Verdict:
    winner: str | None
    runner_up: str | None
    margin: float
    coverage: float
    contested_share: float
    confidence: str        # High | Moderate | Low | Very low
    strength: str          # Recommend | Suggest | No preference


def confidence(*, coverage: float, margin: float, contested_share: float, flips: bool,
               params: Parameters, alone: bool) -> str:
    """IPCC/GRADE-style confidence from margin, evidence coverage and contested weight.

    A sole surviving option (`alone`) has no margin to speak of: its confidence is about the
    evidence alone, so the margin test is taken as met.
    """
    t = params["confidence"]
    big = alone or margin >= float(t["high"]["margin"])
    if coverage >= t["high"]["coverage"] and big and not flips and contested_share <= t["high"]["max_contested"]:
        return "High"
    if coverage >= t["moderate"]["coverage"] and (alone or margin >= t["moderate"]["margin"]):
        return "Moderate"
    if alone or margin >= t["low"]["margin"] or coverage >= t["low"]["coverage"]:
        return "Low"
    return "Very low"


def strength(conf: str, margin: float, params: Parameters, *, alone: bool) -> str:
    t = params["strength_thresholds"]
    if alone:
        return "Recommend" if conf in ("High", "Moderate") else "Suggest"
    if conf in ("High", "Moderate") and margin >= t["recommend"]:
        return "Recommend"
    if margin >= t["suggest"]:
        return "Suggest"
    return "No preference"


def verdict(ranked: list[tuple[str, float]], *, coverage: float, contested_share: float, flips: bool,
            params: Parameters) -> Verdict:
    if not ranked:
        return Verdict(None, None, 0.0, coverage, contested_share, "Very low", "No preference")
    alone = len(ranked) == 1
    margin = 0.0 if alone else ranked[0][1] - ranked[1][1]
    conf = confidence(coverage=coverage, margin=margin, contested_share=contested_share, flips=flips,
                      params=params, alone=alone)
    return Verdict(ranked[0][0], None if alone else ranked[1][0], margin, coverage, contested_share, conf,
                   strength(conf, margin, params, alone=alone))
