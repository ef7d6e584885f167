"""Sensitivity: which single change flips the winner. Everything is enumerated, nothing sampled.

Four checks: (1) for each criterion, the importance at which another option overtakes the winner
(exact, because each total is a ratio linear in one importance); (2) every importance moved one
step up or down on the 0-3 scale; (3) each of the strongest claims left out in turn; (4) each
constraint changed in turn: a knock-out lifted, or a common constraint added.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from ..model import CRITERIA
from .constraints import Operations
from .decide import Scores, totals, winner
from .evidence import ScoredClaim
from .options import Option
from .params import Parameters
from .values import option_values

# Constraints a brief tries adding, and the options each knocks out.
ADDED = {"data_on_premises": ("hosted-open", "closed-api", "closed-private"),
         "offline": ("hosted-open", "closed-api", "closed-private", "hybrid"),
         "open_license": ("closed-api", "closed-private", "hybrid")}

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


def leave_one_out(importance: Mapping[str, float], scored: list[ScoredClaim], options: tuple[Option, ...],
                  params: Parameters, ops: Operations, data_stays: bool, best: str, top: list[ScoredClaim]
                  ) -> list[Flip]:
    flips = []
    for s in top:
        v, _ = option_values([x for x in scored if x.id != s.id], params, ops, data_stays)
        new = winner(importance, v, options, params)
        if new is not None and new != best:
            flips.append(Flip(s.id, "left out", new))
    return flips


def constraint_flips(importance: Mapping[str, float], S: Scores, options: tuple[Option, ...], set_now: set[str],
                     best: str) -> list[Flip]:
    """A knocked-out option that would win were its knock-out lifted; a constraint that would unseat the winner."""
    u = totals(importance, S)
    flips = []
    for o in options:
        if o.knocked_out and u[o.id] > u[best] + 1e-9:
            flips.append(Flip("; ".join(o.knocked_out), "lifted", o.id))
    for name, out in sorted(ADDED.items()):
        if name in set_now or best not in out:
            continue
        rest = [o for o in options if o.available and o.id not in out]
        if rest:
            new = max(rest, key=lambda o: (round(u[o.id], 9), o.id))
            flips.append(Flip(name, "added", new.id))
    return flips
