"""Candidate models: the KB's models that pass a scenario's hard constraints, ranked.

Ranking (documented in the brief): newest release first, because the capability claims show
open and closed models both improving within months; then the least restrictive access (an
unrestricted license before a restricted one); then the larger model, since within the memory
budget a larger model is usually more capable; then the id, so the order is total.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..kb import KnowledgeBase
from ..model import OPEN_ACCESS, Model, Sourced
from .constraints import Constraints
from .params import Parameters

RANKING = ("newest release first", "least restrictive access", "larger model (within memory)", "id")
_ACCESS_RANK = {a: i for i, a in enumerate(OPEN_ACCESS + ("api",))}


@dataclass(frozen=True)
class Fact:
    label: str
    value: str
    source: str | None = None      # a BibTeX key or a URL


@dataclass(frozen=True)
class Candidate:
    model: Model
    option: str                    # open-weights | closed-api
    memory_gb: float | None
    facts: tuple[Fact, ...]


@dataclass(frozen=True)
class Rejection:
    model_id: str
    reason: str


def total_parameters(model: Model) -> int | None:
    params = model.value("parameters")
    if isinstance(params, dict) and isinstance(params.get("total"), int):
        return params["total"]
    return None


def memory_gb(model: Model, bits: int, params: Parameters) -> float | None:
    total = total_parameters(model)
    if total is None:
        return None
    return total * bits / 8 * float(params["memory_overhead"]) / 1e9


def _precision(constraints: Constraints, params: Parameters) -> int:
    return constraints.precision_bits or int(params["default_precision_bits"])


def _modality_problem(model: Model, c: Constraints) -> str | None:
    modality = model.get("modality") or {}
    missing_in = [m for m in c.modality_in if m not in (modality.get("input") or ())]
    missing_out = [m for m in c.modality_out if m not in (modality.get("output") or ())]
    if missing_in:
        return f"does not take {', '.join(missing_in)} as input"
    if missing_out:
        return f"does not produce {', '.join(missing_out)}"
    return None


def _license_problem(model: Model, c: Constraints) -> str | None:
    use = (model.get("license") or {}).get("commercial_use")
    if c.commercial_use and (use == "no" or model.access == "open-weights-noncommercial"):
        return "license does not allow commercial use"
    if c.open_license and model.access != "open-weights-unrestricted":
        return f"access is {model.access}, not open-weights-unrestricted"
    return None


def _open_problem(model: Model, c: Constraints, params: Parameters) -> str | None:
    if not (model.get("weights") or {}).get("available", True):
        return "weights are not available"
    problem = _license_problem(model, c) or _modality_problem(model, c)
    if problem or c.max_memory_gb is None:
        return problem
    need = memory_gb(model, _precision(c, params), params)
    if need is None:
        return "parameter count undisclosed, so its memory cannot be checked"
    if need > c.max_memory_gb:
        return f"needs about {need:.1f} GB at {_precision(c, params)} bits, over {c.max_memory_gb:g} GB"
    return None


def _closed_problem(model: Model, c: Constraints) -> str | None:
    if model.access != "api":
        return f"access is {model.access}: no general API to build on"
    if c.offline:
        return "an API needs a network connection"
    if c.data_on_premises:
        return "an API would send data off the premises"
    if c.open_license:
        return "proprietary terms restrict use"
    return _license_problem(model, c) or _modality_problem(model, c)


def _date(model: Model) -> str:
    return str(model.value("released") or "")


def _sourced_fact(model: Model, name: str, label: str) -> Fact | None:
    v = model.get(name)
    if v is None:
        return None
    if isinstance(v, Sourced):
        return Fact(label, str(v.value), v.source or model.get("source"))
    return Fact(label, str(v), model.get("source"))


def _facts(model: Model, need: float | None, bits: int) -> tuple[Fact, ...]:
    facts = [_sourced_fact(model, "access", "access"), _sourced_fact(model, "released", "released")]
    lic = model.get("license") or {}
    facts.append(Fact("license", f"{lic.get('id', '?')} (commercial use: {lic.get('commercial_use', '?')})",
                      lic.get("source") or lic.get("url")))
    params = model.value("parameters")
    total = total_parameters(model)
    if total is not None:
        active = params.get("active")
        text = f"{total / 1e9:g}B" + (f" ({active / 1e9:g}B active)" if active else "")
        facts.append(Fact("parameters", text, params.get("source")))
    else:
        facts.append(Fact("parameters", "undisclosed", params.get("source") if isinstance(params, dict) else None))
    if need is not None:
        facts.append(Fact("memory", f"about {need:.1f} GB at {bits} bits (estimate)"))
    modality = model.get("modality") or {}
    ins, outs = ", ".join(modality.get("input") or ()), ", ".join(modality.get("output") or ())
    facts.append(Fact("modality", f"{ins} to {outs}"))
    return tuple(f for f in facts if f is not None)


def _rank_key(cand: Candidate) -> tuple:
    total = total_parameters(cand.model) or 0
    return (_ACCESS_RANK.get(cand.model.access, 9), -total, cand.model.id)


def rank(cands: list[Candidate]) -> list[Candidate]:
    """Newest first, then access, size (larger first) and id: two stable sorts keep it total."""
    ordered = sorted(cands, key=_rank_key)
    return sorted(ordered, key=lambda cand: _date(cand.model), reverse=True)


def find_candidates(kb: KnowledgeBase, constraints: Constraints, params: Parameters
                    ) -> tuple[list[Candidate], list[Candidate], list[Rejection]]:
    """(open-weight candidates, closed API candidates, rejections), each ranked or sorted."""
    bits = _precision(constraints, params)
    opened, closed, rejected = [], [], []
    for model in sorted(kb.of("model"), key=lambda m: m.id):
        assert isinstance(model, Model)
        if model.is_open:
            problem = _open_problem(model, constraints, params)
            need = memory_gb(model, bits, params) if constraints.max_memory_gb is not None else None
            target, option = opened, "open-weights"
        else:
            problem = _closed_problem(model, constraints)
            need, target, option = None, closed, "closed-api"
        if problem:
            rejected.append(Rejection(model.id, problem))
        else:
            target.append(Candidate(model, option, need, _facts(model, need, bits)))
    return rank(opened), rank(closed), rejected
