"""Sensitivity: which single change flips the winner. Everything is enumerated, nothing sampled.

Three checks: (1) for each criterion, the importance at which another option overtakes the winner
(exact, because each total is a ratio linear in one importance); (2) every importance moved one
step up or down on the 0-3 scale; (3) each of the strongest claims left out in turn.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from ..model import CRITERIA
from .decide import Scores, exposures, winner
from .evidence import CriterionEvidence, ScoredClaim, criterion_evidence
from .options import Option
from .params import Parameters

SCALE_MAX = 3.0


@dataclass(frozen=True)
class Tipping:
    criterion: str
    importance: float
    down: tuple[float, str] | None     # (importance at or below which, new winner)
    up: tuple[float, str] | None       # (importance at or above which, new winner)


@dataclass(frozen=True)
class Flip:
    what: str          # criterion id or claim id
    change: str        # "+1", "-1", "left out"
    new_winner: str


def _threshold(importance: Mapping[str, float], S: Scores, c: str, best: str, other: str) -> float | None:
    """Importance t of `c` at which `other` ties `best`; None when they never tie for t >= 0."""
    rest = {k: v for k, v in importance.items() if k != c}
    a = sum(v * (S[best].get(k, 0.0) - S[other].get(k, 0.0)) for k, v in sorted(rest.items()))
    slope = S[best].get(c, 0.0) - S[other].get(c, 0.0)
    if slope == 0:
        return None
    t = -a / slope
    return t if t >= 0 else None


def _nearest(importance: Mapping[str, float], S: Scores, options: tuple[Option, ...], params: Parameters,
             c: str, best: str, upward: bool) -> tuple[float, str] | None:
    current = importance.get(c, 0.0)
    found: list[tuple[float, str]] = []
    for o in options:
        if not o.available or o.id == best:
            continue
        t = _threshold(importance, S, c, best, o.id)
        if t is None or not (0 <= t <= SCALE_MAX) or (t > current) != upward or t == current:
            continue
        # Step just past the tie so the tie-break cannot hide the flip, then confirm it.
        probe = min(SCALE_MAX, t + 1e-6) if upward else max(0.0, t - 1e-6)
        new = winner({**importance, c: probe}, S, options, params)
        if new is not None and new != best:
            found.append((round(t, 2), new))
    if not found:
        return None
    return min(found, key=lambda f: (abs(f[0] - current), f[1]))


def tipping_points(importance: Mapping[str, float], S: Scores, options: tuple[Option, ...],
                   params: Parameters, best: str) -> list[Tipping]:
    out = []
    for c in CRITERIA:
        down = _nearest(importance, S, options, params, c, best, upward=False)
        up = _nearest(importance, S, options, params, c, best, upward=True)
        out.append(Tipping(c, importance.get(c, 0.0), down, up))
    return out


def one_step(importance: Mapping[str, float], S: Scores, options: tuple[Option, ...], params: Parameters,
             best: str) -> list[Flip]:
    flips = []
    for c in CRITERIA:
        for step in (-1, 1):
            value = min(SCALE_MAX, max(0.0, importance.get(c, 0.0) + step))
            changed = {**importance, c: value}
            if value == importance.get(c, 0.0) or sum(changed.values()) == 0:
                continue
            new = winner(changed, S, options, params)
            if new is not None and new != best:
                flips.append(Flip(c, f"{step:+d}", new))
    return flips


def leave_one_out(importance: Mapping[str, float], evidence: Mapping[str, CriterionEvidence],
                  options: tuple[Option, ...], params: Parameters, best: str, top: list[ScoredClaim]) -> list[Flip]:
    flips = []
    for s in top:
        c = s.claim.criterion
        rest = [x for x in evidence[c].claims if x.id != s.id]
        net = {k: e.net for k, e in evidence.items()}
        net[c] = criterion_evidence(c, rest, params).net
        new = winner(importance, exposures(net, options, params), options, params)
        if new is not None and new != best:
            flips.append(Flip(s.id, "left out", new))
    return flips
