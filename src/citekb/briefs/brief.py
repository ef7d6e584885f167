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
from .constraints import Constraints, Operations
from .decide import Verdict, normalized, ranking, totals, verdict
from .evidence import (CriterionEvidence, ScoredClaim, count_once, criterion_evidence, make_context, parse_date,
                       score_claim)
from .options import Option, decide_options
from .params import Parameters
from .values import Tally, option_values


@dataclass(frozen=True)
class Brief:
    scenario: Record
    constraints: Constraints
    operations: Operations
    params: Parameters
    as_of: dt.date
    today: dt.date                              # when it is read; an expired brief says so
    tags: tuple[str, ...]                       # scenario tags plus those derived from the numbers
    importance: Mapping[str, float]             # every criterion, 0 when omitted
    weights: Mapping[str, float]                # normalized importance
    evidence: Mapping[str, CriterionEvidence]   # every criterion
    options: tuple[Option, ...]
    scores: Mapping[str, Mapping[str, float]]   # option -> criterion -> v_oc in [0, 1]
    tallies: Mapping[str, Mapping[str, Tally]]  # direct option -> criterion -> evidence for and against
    totals: Mapping[str, float]                 # every option, knocked out or not
    ranked: tuple[tuple[str, float], ...]       # available options, best first
    verdict: Verdict
    tipping: tuple[sens.Tipping, ...]
    step_flips: tuple[sens.Flip, ...]
    claim_flips: tuple[sens.Flip, ...]
    constraint_flips: tuple[sens.Flip, ...]
    top_claims: tuple[ScoredClaim, ...]
    candidates: Mapping[str, tuple[Candidate, ...]]
    rejections: tuple[Rejection, ...]
    valid_until: dt.date

    @property
    def id(self) -> str:
        return self.scenario.id

    @property
    def expired(self) -> bool:
        return self.today > self.valid_until

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
    """The validity period, cut short when a top claim is about to fall below half weight."""
    limit = add_months(as_of, float(params["validity_months"]))
    laws = set(params["laws_in_force"])
    for s in top:
        cites = {e.get("cite") for e in s.claim.evidence}
        if cites and cites <= laws:
            continue  # a law in force does not age out
        half = add_months(parse_date(s.claim.get("as_of")), float(params["half_life_months"][s.claim.criterion]))
        if as_of < half < limit:
            limit = half
    return limit


def scenario_tags(scenario: Record, ops: Operations, params: Parameters) -> tuple[str, ...]:
    return tuple(sorted(set(scenario.get("tags") or ()) | set(ops.tags(params))))


def evaluate(scenario: Record, kb: KnowledgeBase, diagnostics: list[Diagnostic], *, params: Parameters,
             as_of: dt.date, today: dt.date | None = None) -> Brief:
    c, ops = Constraints.of(scenario), Operations.of(scenario)
    importance = importance_of(scenario)
    tags = scenario_tags(scenario, ops, params)
    ctx = make_context(kb, diagnostics, params=params, as_of=as_of, tags=tags)
    scored = count_once([score_claim(k, ctx) for k in sorted(kb.of("claim"), key=lambda r: r.id)], params)  # type: ignore[arg-type]
    evidence = {k: criterion_evidence(k, scored, params) for k in CRITERIA}
    cands, rejected = find_candidates(kb, c, params, as_of)
    counts = {o: len(v) for o, v in cands.items()}
    counts["closed-private"] = counts["closed-api"]
    options = decide_options(c, ops, counts, params)
    S, tal = option_values(scored, params, ops, c.data_stays)
    ranked = ranking(importance, S, options, params)
    best = ranked[0][0] if ranked else None
    weights = normalized(importance)
    top = sorted((s for s in scored if s.weight > 0 and importance[s.claim.criterion] > 0),
                 key=lambda s: (-s.weight * weights[s.claim.criterion], s.id))[:int(params["validity_top_claims"])]
    set_now = {n for n in ("data_on_premises", "offline", "open_license") if getattr(c, n)}
    tipping = sens.tipping_points(importance, S, options, params, best) if best else []
    steps = sens.one_step(importance, S, options, params, best) if best else []
    claim_flips = sens.leave_one_out(importance, scored, options, params, ops, c.data_stays, best, top) if best else []
    c_flips = sens.constraint_flips(importance, S, options, set_now, best) if best else []
    min_mass = float(params["min_evidence_mass"])
    coverage = sum(weights[k] for k in CRITERIA if evidence[k].mass >= min_mass)
    contested = sum(weights[k] for k in CRITERIA if evidence[k].contested)
    v = verdict(ranked, coverage=coverage, contested_share=contested, flips=bool(steps), params=params)
    return Brief(scenario, c, ops, params, as_of, today or as_of, tags, importance, weights, evidence, options, S,
                 tal, totals(importance, S), tuple(ranked), v, tuple(tipping), tuple(steps), tuple(claim_flips),
                 tuple(c_flips), tuple(top), {o: tuple(x) for o, x in cands.items()}, tuple(rejected),
                 _valid_until(as_of, top, params))


def default_as_of() -> dt.date:
    """Briefs are computed as of today unless told otherwise (tests and golden files pass a date)."""
    return dt.date.today()
