"""One decision brief as a value: `evaluate()` is a pure function of scenario, KB, parameters, date."""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Mapping

from ..checks.diagnostic import Diagnostic
from ..kb import KnowledgeBase
from ..model import CRITERIA, Record
from . import sensitivity as sens
from .candidates import Candidate, Rejection, find_candidates
from .constraints import Constraints
from .decide import Verdict, exposures, normalized, ranking, totals, verdict
from .evidence import CriterionEvidence, ScoredClaim, criterion_evidence, make_context, parse_date, score_claim
from .options import Option, decide_options
from .params import Parameters


@dataclass(frozen=True)
class Brief:
    scenario: Record
    constraints: Constraints
    params: Parameters
    as_of: dt.date
    importance: Mapping[str, float]             # every criterion, 0 when omitted
    weights: Mapping[str, float]                # normalized importance
    evidence: Mapping[str, CriterionEvidence]   # every criterion
    options: tuple[Option, ...]
    scores: Mapping[str, Mapping[str, float]]   # option -> criterion -> S_oc
    totals: Mapping[str, float]                 # every option, knocked out or not
    ranked: tuple[tuple[str, float], ...]       # available options, best first
    verdict: Verdict
    tipping: tuple[sens.Tipping, ...]
    step_flips: tuple[sens.Flip, ...]
    claim_flips: tuple[sens.Flip, ...]
    top_claims: tuple[ScoredClaim, ...]
    open_candidates: tuple[Candidate, ...]
    closed_candidates: tuple[Candidate, ...]
    rejections: tuple[Rejection, ...]
    valid_until: dt.date

    @property
    def id(self) -> str:
        return self.scenario.id

    def option(self, oid: str) -> Option:
        return next(o for o in self.options if o.id == oid)

    @property
    def weighted(self) -> tuple[str, ...]:
        """Criteria with importance above 0, most important first."""
        return tuple(sorted((c for c in CRITERIA if self.importance[c] > 0),
                            key=lambda c: (-self.importance[c], CRITERIA.index(c))))


def add_months(day: dt.date, months: float) -> dt.date:
    whole = int(months)
    y, m = divmod(day.month - 1 + whole, 12)
    year, month = day.year + y, m + 1
    base = dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
    return base + dt.timedelta(days=round((months - whole) * 30.44))


def importance_of(scenario: Record) -> dict[str, float]:
    given = scenario.get("weights") or {}
    return {c: float(given.get(c, 0)) for c in CRITERIA}


def _valid_until(as_of: dt.date, top: list[ScoredClaim], params: Parameters) -> dt.date:
    limit = add_months(as_of, float(params["validity_months"]))
    for s in top:
        half = add_months(parse_date(s.claim.get("as_of")), float(params["half_life_months"][s.claim.criterion]))
        if as_of < half < limit:
            limit = half
    return limit


def evaluate(scenario: Record, kb: KnowledgeBase, diagnostics: list[Diagnostic], *, params: Parameters,
             as_of: dt.date) -> Brief:
    constraints = Constraints.of(scenario)
    importance = importance_of(scenario)
    ctx = make_context(kb, diagnostics, params=params, as_of=as_of, tags=scenario.get("tags") or ())
    scored = [score_claim(c, ctx) for c in sorted(kb.of("claim"), key=lambda r: r.id)]  # type: ignore[arg-type]
    evidence = {c: criterion_evidence(c, scored, params) for c in CRITERIA}
    opened, closed, rejected = find_candidates(kb, constraints, params)
    options = decide_options(constraints, n_open=len(opened), n_closed=len(closed))
    S = exposures({c: e.net for c, e in evidence.items()}, options, params)
    ranked = ranking(importance, S, options, params)
    best = ranked[0][0] if ranked else None
    weights = normalized(importance)
    top = sorted((s for s in scored if s.weight > 0 and importance[s.claim.criterion] > 0),
                 key=lambda s: (-s.weight * weights[s.claim.criterion], s.id))[:int(params["validity_top_claims"])]
    tipping = sens.tipping_points(importance, S, options, params, best) if best else []
    steps = sens.one_step(importance, S, options, params, best) if best else []
    claim_flips = sens.leave_one_out(importance, evidence, options, params, best, top) if best else []
    min_mass = float(params["min_evidence_mass"])
    coverage = sum(weights[c] for c in CRITERIA if evidence[c].mass >= min_mass)
    contested = sum(weights[c] for c in CRITERIA if evidence[c].contested)
    v = verdict(ranked, coverage=coverage, contested_share=contested, flips=bool(steps), params=params)
    return Brief(scenario, constraints, params, as_of, importance, weights, evidence, options, S,
                 totals(importance, S), tuple(ranked), v, tuple(tipping), tuple(steps), tuple(claim_flips),
                 tuple(top), tuple(opened), tuple(closed), tuple(rejected), _valid_until(as_of, top, params))


def default_as_of(kb: KnowledgeBase) -> dt.date:
    """The newest claim date in the KB: a date that depends on the snapshot, never on the clock."""
    dates = [parse_date(c.get("as_of")) for c in kb.of("claim") if c.get("as_of")]
    return max(dates) if dates else dt.date(2000, 1, 1)
