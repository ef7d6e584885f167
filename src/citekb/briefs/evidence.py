"""Claim weights and per-criterion evidence: the first half of the scoring, all pure functions.

A claim's weight is w = magnitude x strength x source quality x verification x recency x
applicability (parameters.yaml says why each factor exists); laws in force keep recency 1, a
claim none of whose scenario conditions holds is out of scope (weight 0), and evidence items
already used by a heavier claim on the same criterion count once. Its signed contribution is
w x direction x stance factor, where direction is +1 (favours open), -1 (closed) or 0 (neither,
depends) and the stance factor is +1 when its evidence supports it, -1 when the evidence mostly
contradicts it (the claim then counts for the other side) and in between when the evidence is
split or qualified. Claims that cannot be trusted are kept with weight 0 and the reason.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable, Mapping

from ..checks.diagnostic import Diagnostic, Severity
from ..health import broken_works, findings_by_record
from ..kb import KnowledgeBase
from ..model import Claim
from .params import Parameters

DIRECTION = {"open": 1, "closed": -1, "neither": 0, "depends": 0}
DAYS_PER_MONTH = 365.25 / 12


@dataclass(frozen=True)
class ScoredClaim:
    claim: Claim
    direction: int                      # as stated by `favours`
    stance: float                       # evidence stance factor in [-1, 1]
    factors: Mapping[str, float]        # magnitude, strength, quality, verification, recency, applicability
    weight: float                       # w_k; 0 when excluded
    excluded: str | None = None         # why the claim scores nothing
    broken: tuple[str, ...] = ()        # cited keys that fail the citation checks

    @property
    def id(self) -> str:
        return self.claim.id

    @property
    def effective(self) -> float:
        """Direction after the evidence stance: +1 counts fully for open, -1 fully for closed."""
        return self.direction * self.stance

    @property
    def contribution(self) -> float:
        return self.effective * self.weight

    @property
    def flipped(self) -> bool:
        return self.direction != 0 and self.stance < 0 and self.weight > 0


@dataclass(frozen=True)
class CriterionEvidence:
    criterion: str
    claims: tuple[ScoredClaim, ...]     # every claim on the criterion, strongest first
    mass: float                         # M_c = sum of weights
    pos: float                          # directional mass for open
    neg: float                          # directional mass for closed
    net: float                          # E_c in [-1, 1]; + favours open
    contested: bool
    agreement: float                    # A_c = |pos - neg| / (pos + neg), 0 without directional mass

    @property
    def scored(self) -> tuple[ScoredClaim, ...]:
        return tuple(s for s in self.claims if s.weight > 0)


def parse_date(text: str) -> dt.date:
    """A KB date of precision year, month or day; a missing part counts from its start."""
    parts = [int(p) for p in str(text).split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def age_months(as_of: dt.date, claim_date: dt.date) -> float:
    return max(0.0, (as_of - claim_date).days / DAYS_PER_MONTH)


def stance_factor(stances: Iterable[str], dilution: float) -> float:
    counts = {"supports": 0, "contradicts": 0, "qualifies": 0}
    for s in stances:
        counts[s] = counts.get(s, 0) + 1
    denom = counts["supports"] + counts["contradicts"] + dilution * counts["qualifies"]
    return 0.0 if denom == 0 else (counts["supports"] - counts["contradicts"]) / denom


def applicability(conditions: Iterable[str], tags: frozenset[str], option_conditions: Iterable[str]) -> float:
    """Share of the claim's scenario conditions found in the tags; option conditions do not count."""
    skip = set(option_conditions)
    conds = sorted(set(conditions) - skip)
    if not conds:
        return 1.0
    return sum(1 for c in conds if c in tags) / len(conds)


def measurement(item: Mapping) -> tuple[str, str]:
    """What an evidence item measured: the work and the place in it (the whole work without a locator)."""
    return (str(item.get("cite")), " ".join(str(item.get("locator") or "").lower().split()))


@dataclass(frozen=True)
class Context:
    """What the claim weights depend on besides the claim itself."""

    params: Parameters
    as_of: dt.date
    tags: frozenset[str]
    broken: frozenset[str]          # work keys with open findings, or unknown
    bad_records: frozenset[str]     # claim ids whose YAML has errors
    superseded: Mapping[str, str]   # claim id -> id of the claim that supersedes it


def make_context(kb: KnowledgeBase, diagnostics: list[Diagnostic], *, params: Parameters,
                 as_of: dt.date, tags: Iterable[str]) -> Context:
    cited = {e.get("cite") for c in kb.of("claim") for e in c.evidence}  # type: ignore[attr-defined]
    unknown = {k for k in cited if k and k not in kb.work_by_key}
    bad = {rid for (kind, rid), ds in findings_by_record(kb, diagnostics).items()
           if kind == "claim" and any(d.severity >= Severity.ERROR for d in ds)}
    superseded = {}
    for c in sorted(kb.of("claim"), key=lambda r: r.id):
        if not c.get("as_of") or parse_date(c.get("as_of")) > as_of:
            continue  # a claim from after the as-of date supersedes nothing yet
        for old in c.get("supersedes") or ():
            superseded.setdefault(old, c.id)
    return Context(params, as_of, frozenset(tags), frozenset(broken_works(kb, diagnostics) | unknown),
                   frozenset(bad), superseded)


def _exclusion(claim: Claim, ctx: Context, broken: tuple[str, ...], usable: int) -> str | None:
    if claim.get("verification") == "unverified":
        return "unverified"
    if broken:
        return "cites a work that fails the citation checks: " + ", ".join(broken)
    if claim.id in ctx.bad_records:
        return "its YAML record has errors"
    if parse_date(claim.get("as_of")) > ctx.as_of:
        return "dated after the brief's as-of date"
    if claim.id in ctx.superseded:
        return f"superseded by {ctx.superseded[claim.id]}"
    if usable == 0:
        return "no evidence items"
    return None


def _recency(claim: Claim, ctx: Context, cites: set[str]) -> float:
    p = ctx.params
    if cites and cites <= set(p["laws_in_force"]):
        return 1.0  # a law in force does not lose weight with age
    age = age_months(ctx.as_of, parse_date(claim.get("as_of")))
    return 0.5 ** (age / float(p["half_life_months"][claim.criterion]))


def score_claim(claim: Claim, ctx: Context) -> ScoredClaim:
    p = ctx.params
    evidence = [e for e in claim.evidence if e.get("cite")]
    broken = tuple(sorted({e["cite"] for e in evidence if e["cite"] in ctx.broken}))
    direction = DIRECTION.get(claim.favours, 0)
    if claim.criterion not in p["half_life_months"] or not claim.get("as_of"):
        # The schema dropped a field it rejected (even if the finding itself is suppressed).
        return ScoredClaim(claim, direction, 0.0, {}, 0.0, "its YAML record has errors", broken)
    excluded = _exclusion(claim, ctx, broken, len(evidence))
    conditions = claim.get("conditions") or ()
    factors = {
        "magnitude": float(claim.get("magnitude") or p["default_magnitude"]),
        "strength": p.table("strength", claim.get("strength")),
        "quality": p.table("source_quality", claim.get("source_type")),
        "verification": p.table("verification", claim.get("verification")),
        "recency": _recency(claim, ctx, {e["cite"] for e in evidence}),
        "applicability": applicability(conditions, ctx.tags, p["option_conditions"]),
    }
    if excluded is None and factors["applicability"] == 0:
        missing = sorted(set(conditions) - set(p["option_conditions"]))
        excluded = "out of scope: none of its conditions (" + ", ".join(missing) + ") holds in this scenario"
    stance = stance_factor((e.get("stance", "") for e in evidence), float(p["qualifies_dilution"]))
    weight = 0.0
    if excluded is None:
        weight = 1.0
        for value in factors.values():
            weight *= value
    return ScoredClaim(claim, direction, stance, factors, weight, excluded, broken)


def count_once(scored: list[ScoredClaim], params: Parameters) -> list[ScoredClaim]:
    """The same measurement cited by several claims on one criterion counts once, for the heaviest claim.

    A later claim keeps the share of its evidence items that are new; with none left it scores 0
    and says which claim already counted them.
    """
    used: dict[tuple[str, tuple[str, str]], str] = {}
    out: dict[str, ScoredClaim] = {}
    for s in sorted(scored, key=lambda s: (-s.weight, s.id)):
        items = [e for e in s.claim.evidence if e.get("cite")]
        if s.weight <= 0 or not items:
            out[s.id] = s
            continue
        keys = [(s.claim.criterion, measurement(e)) for e in items]
        fresh = [e for e, k in zip(items, keys) if k not in used]
        if len(fresh) < len(items):
            owners = sorted({used[k] for k in keys if k in used})
            if not fresh:
                s = ScoredClaim(s.claim, s.direction, s.stance, s.factors, 0.0,
                                "same measurement already counted for " + ", ".join(owners), s.broken)
            else:
                stance = stance_factor((e.get("stance", "") for e in fresh), float(params["qualifies_dilution"]))
                s = ScoredClaim(s.claim, s.direction, stance, {**s.factors, "counted once": len(fresh) / len(items)},
                                s.weight * len(fresh) / len(items), None, s.broken)
        for k in keys:
            used.setdefault(k, s.id)
        out[s.id] = s
    return [out[s.id] for s in scored]


def criterion_evidence(criterion: str, scored: Iterable[ScoredClaim], params: Parameters) -> CriterionEvidence:
    claims = tuple(sorted((s for s in scored if s.claim.criterion == criterion), key=lambda s: (-s.weight, s.id)))
    mass = sum(s.weight for s in claims)
    pos = sum(s.contribution for s in claims if s.contribution > 0)
    neg = -sum(s.contribution for s in claims if s.contribution < 0)
    net = (pos - neg) / mass if mass > 0 else 0.0
    directional = pos + neg
    contested = directional > 0 and min(pos, neg) >= float(params["contested_share"]) * directional
    agreement = abs(pos - neg) / directional if directional > 0 else 0.0
    return CriterionEvidence(criterion, claims, mass, pos, neg, net, contested, agreement)


def label(value: float, thresholds: Mapping[str, float], names: tuple[str, str, str]) -> str:
    """An IPCC-style three-step label: names = (low, medium, high)."""
    high_key = "robust" if "robust" in thresholds else "high"
    if value >= float(thresholds[high_key]):
        return names[2]
    if value >= float(thresholds["medium"]):
        return names[1]
    return names[0]
