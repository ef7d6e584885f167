"""Option values per criterion: the MAVT value functions, each fed by evidence about that option.

A scored claim k (weight w, effective direction d in [-1, 1], + favours open) is evidence about a
set of options with a reach r_ko in [0, 1]: the options its `options` field names, else those its
option conditions name (`api`, `self-hosted`, `on-premises`), else the options on the side it
favours (reach table). Its sign for option o is +d when o sits on the side the claim speaks for and
-d otherwise. With F and A the reached weight for and against o on criterion c,

    v_oc = 0.5 + 0.5 x (F - A) / (F + A + k)            (k = prior_mass; 0.5 = no evidence)

The hybrid is not evidenced directly: its value combines the self-hosted and closed-API values
by the per-criterion rule of parameters.yaml, less an overhead for running two stacks. Options the
team runs itself keep `Operations.factor` of their value on the readiness criteria.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

from ..model import CRITERIA
from .constraints import Operations
from .evidence import ScoredClaim
from .params import OPTIONS, SIDE, Parameters

DIRECT = tuple(o for o in OPTIONS if o != "hybrid")
SELF_RUN = ("self-hosted",)


@dataclass(frozen=True)
class Tally:
    pro: float = 0.0          # F: reached weight for the option
    con: float = 0.0          # A: reached weight against it
    claims: tuple[str, ...] = ()


def reach(s: ScoredClaim, params: Parameters) -> dict[str, tuple[float, int]]:
    """option -> (reach, polarity): +1 when the claim, if true, speaks for the option, -1 against it."""
    favoured = "open" if s.direction > 0 else "closed"
    named = s.claim.get("options")
    if named:
        return {o: (1.0, 1 if SIDE[o] == favoured else -1) for o in named if o in DIRECT}
    conds = sorted(c for c in s.claim.get("conditions") or () if c in params["option_conditions"])
    if conds:
        # The claim is about a way of deploying: good for every option that deploys so when it
        # favours the side that way belongs to, bad for them otherwise.
        out: dict[str, tuple[float, int]] = {}
        for c in conds:
            polarity = 1 if params["option_condition_side"][c] == favoured else -1
            for o, r in params["option_conditions"][c].items():
                if float(r) > out.get(o, (0.0, 0))[0]:
                    out[o] = (float(r), polarity)
        if any(p < 0 for _, p in out.values()):
            # Against that way of deploying is for the side the claim favours, where it reaches.
            for o, r in params["reach"][favoured][s.claim.criterion].items():
                out.setdefault(o, (float(r), 1))
        return out
    return {o: (float(r), 1) for o, r in params["reach"][favoured][s.claim.criterion].items()}


def tallies(scored: Iterable[ScoredClaim], params: Parameters) -> dict[str, dict[str, Tally]]:
    """option -> criterion -> Tally over the claims with weight and a direction."""
    acc = {o: {c: [0.0, 0.0, []] for c in CRITERIA} for o in DIRECT}
    for s in sorted(scored, key=lambda s: s.id):
        if s.weight <= 0 or s.direction == 0 or s.stance == 0:
            continue
        for o, (r, polarity) in sorted(reach(s, params).items()):
            signed = polarity * s.stance       # mostly contradicting evidence turns the claim around
            cell = acc[o][s.claim.criterion]
            cell[0 if signed > 0 else 1] += s.weight * r * abs(signed)
            cell[2].append(s.id)
    return {o: {c: Tally(v[0], v[1], tuple(v[2])) for c, v in row.items()} for o, row in acc.items()}


def value(t: Tally, params: Parameters) -> float:
    return 0.5 + 0.5 * (t.pro - t.con) / (t.pro + t.con + float(params["prior_mass"]))


def _combine(rule: str, own: float, api: float, rho: float) -> float:
    if rule == "best":
        return max(own, api)
    if rule == "worst":
        return min(own, api)
    if rule == "protected":
        return own
    return (1 - rho) * own + rho * api


def public_share(ops: Operations, data_stays: bool, params: Parameters) -> float:
    """rho: the declared share of public work; when data must stay in-house nothing is assumed public."""
    if ops.public_share is not None:
        return float(ops.public_share)
    return 0.0 if data_stays else float(params["default_public_share"])


def option_values(scored: Iterable[ScoredClaim], params: Parameters, ops: Operations, c_stays: bool = False
                  ) -> tuple[dict[str, dict[str, float]], dict[str, dict[str, Tally]]]:
    """(option -> criterion -> v in [0, 1], the tallies behind the direct options)."""
    t = tallies(scored, params)
    v = {o: {c: value(t[o][c], params) for c in CRITERIA} for o in DIRECT}
    factor = ops.factor(params)
    for o in SELF_RUN:
        for c in params["readiness_criteria"]:
            v[o][c] *= factor
    rho = public_share(ops, c_stays, params)
    overhead = params["hybrid_overhead"]
    v["hybrid"] = {c: max(0.0, _combine(params["hybrid_rule"][c], v["self-hosted"][c], v["closed-api"][c], rho)
                          - float(overhead.get(c, 0.0))) for c in CRITERIA}
    return v, t


def replace_claim(scored: list[ScoredClaim], claim_id: str) -> list[ScoredClaim]:
    """The scored claims without one claim (for leave-one-out sensitivity)."""
    return [s for s in scored if s.id != claim_id]


def totals(weights: Mapping[str, float], v: Mapping[str, Mapping[str, float]]) -> dict[str, float]:
    return {o: sum(weights[c] * row[c] for c in CRITERIA) for o, row in v.items()}
