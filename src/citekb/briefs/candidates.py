"""Candidate models per option: the KB's models that pass a scenario's hard constraints, ranked by fitness.

Filters, in order: task and modality; licence terms as data (commercial use, unrestricted
licences, user caps, territorial exclusions, excluded uses); for self-hosting, memory at the
scenario's precision or at a published quantized release; lifecycle (a retired model is never
proposed; a deprecated one says when it retires). Ranking is lexicographic (`RANKING`).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..kb import KnowledgeBase
from ..model import OPEN_ACCESS, Model
from .constraints import Constraints
from .evidence import parse_date
from .params import Parameters
from .facts import Fact, facts_of

RANKING = ("in service before scheduled for retirement", "primary task among the ones asked for",
           "newest release", "least restrictive access", "larger model (within memory)", "id")
_ACCESS_RANK = {a: i for i, a in enumerate(OPEN_ACCESS + ("api",))}
__all__ = ["Candidate", "Rejection", "Fact", "find_candidates", "lifecycle_state", "memory_gb", "RANKING"]


@dataclass(frozen=True)
class Candidate:
    model: Model
    option: str                    # self-hosted | hosted-open | closed-api
    memory_gb: float | None
    precision: str | None          # "16 bits" or a published release such as "mxfp4 (published)"
    facts: tuple[Fact, ...]
    retires: str | None = None     # "2026-12-11", "date not recorded", or None when in service


@dataclass(frozen=True)
class Rejection:
    model_id: str
    option: str
    reason: str


def total_parameters(model: Model) -> int | None:
    params = model.value("parameters")
    if isinstance(params, dict) and isinstance(params.get("total"), int):
        return params["total"]
    return None


def memory_gb(model: Model, bits: float, params: Parameters) -> float | None:
    total = total_parameters(model)
    return None if total is None else total * bits / 8 * float(params["memory_overhead"]) / 1e9


def lifecycle_state(model: Model, as_of: dt.date) -> tuple[str, str | None]:
    """(active | deprecated | retired | not recorded, retirement date or None), as of the brief's date."""
    life = model.get("lifecycle")
    if not life:
        return "not recorded", None
    retire = life.get("retirement")
    status = life.get("status") or "not recorded"  # an invalid status was reported and dropped at load
    if status == "retired" or (retire and parse_date(retire) <= as_of):
        return "retired", retire
    return status, retire


def _multimodal(model: Model) -> bool:
    modality = model.get("modality") or {}
    return len((set(modality.get("input") or ()) | set(modality.get("output") or ())) - {"code"}) > 1


def task_problem(model: Model, c: Constraints) -> str | None:
    modality = model.get("modality") or {}
    missing_in = [m for m in c.modality_in if m not in (modality.get("input") or ())]
    missing_out = [m for m in c.modality_out if m not in (modality.get("output") or ())]
    if missing_in:
        return f"does not take {', '.join(missing_in)} as input"
    if missing_out:
        return f"does not produce {', '.join(missing_out)}"
    if c.task:
        tasks = model.get("task") or ()
        if not tasks:
            return "task not recorded, so it cannot be checked against " + ", ".join(c.task)
        if not set(tasks) & set(c.task):
            return f"does {', '.join(tasks)}, not {', '.join(c.task)}"
    return None


def license_problem(model: Model, c: Constraints) -> str | None:
    use = (model.get("license") or {}).get("commercial_use")
    if c.commercial_use and (use == "no" or model.access == "open-weights-noncommercial"):
        return "license does not allow commercial use"
    if c.open_license and model.access != "open-weights-unrestricted":
        return f"access is {model.access}, not open-weights-unrestricted"
    terms = model.get("license_terms") or {}
    if terms.get("applies_to") == "multimodal" and not _multimodal(model):
        return None
    cap = terms.get("user_cap")
    if cap and c.monthly_users is not None and c.monthly_users > cap:
        return f"licence needs a separate grant above {cap:,} monthly active users"
    barred = sorted(set(c.territory) & {t.upper() for t in terms.get("excluded_territories") or ()})
    if barred:
        return f"licence terms withhold its rights from organizations based in {', '.join(barred)}"
    uses = sorted(set(c.uses) & set(terms.get("excluded_uses") or ()))
    if uses:
        return f"licence terms exclude {', '.join(uses)} use"
    return None


def fit(model: Model, c: Constraints, params: Parameters) -> tuple[float | None, str | None, str | None]:
    """(memory GB, precision, problem) for self-hosting: the scenario's precision, else a published release."""
    bits = c.precision_bits or int(params["default_precision_bits"])
    need = memory_gb(model, bits, params)
    if c.max_memory_gb is None:
        return need, f"{bits} bits", None
    if need is not None and need <= c.max_memory_gb:
        return need, f"{bits} bits", None
    for q in model.get("quantized") or ():
        mem = q.get("memory_gb") or (memory_gb(model, q["bits"], params) if q.get("bits") else None)
        if mem is not None and mem <= c.max_memory_gb:
            return mem, f"{q['precision']} (published release)", None
    if need is None:
        return None, None, "parameter count undisclosed and no published release states its memory"
    return need, None, (f"needs about {need:.1f} GB at {bits} bits, over {c.max_memory_gb:g} GB, and no "
                        "published quantized release fits")


def _problem(model: Model, option: str, c: Constraints, params: Parameters, state: str):
    if state == "retired":
        return None, None, "retired"
    if option == "closed-api":
        return None, None, (None if model.access == "api" else f"access is {model.access}: no general API") \
            or task_problem(model, c) or license_problem(model, c)
    if not (model.get("weights") or {}).get("available", True):
        return None, None, "weights are not available"
    problem = task_problem(model, c) or license_problem(model, c)
    if problem or option == "hosted-open":
        return None, None, problem
    return fit(model, c, params)


def _rank_key(cand: Candidate, c: Constraints) -> tuple:
    tasks = cand.model.get("task") or ()
    primary = 0 if not c.task or (tasks and tasks[0] in c.task) else 1
    return (0 if cand.retires is None else 1, primary, _neg_date(cand.model),
            _ACCESS_RANK.get(cand.model.access, 9), -(total_parameters(cand.model) or 0), cand.model.id)


def _neg_date(model: Model) -> tuple[int, ...]:
    d = parse_date(model.value("released") or "1900")
    return (-d.year, -d.month, -d.day)


def find_candidates(kb: KnowledgeBase, c: Constraints, params: Parameters, as_of: dt.date
                    ) -> tuple[dict[str, list[Candidate]], list[Rejection]]:
    """({self-hosted, hosted-open, closed-api: ranked candidates}, rejections)."""
    out: dict[str, list[Candidate]] = {"self-hosted": [], "hosted-open": [], "closed-api": []}
    rejected: list[Rejection] = []
    for model in sorted(kb.of("model"), key=lambda m: m.id):
        assert isinstance(model, Model)
        state, retire = lifecycle_state(model, as_of)
        for option in (("self-hosted", "hosted-open") if model.is_open else ("closed-api",)):
            mem, precision, problem = _problem(model, option, c, params, state)
            if problem:
                rejected.append(Rejection(model.id, option, problem))
                continue
            retires = (retire or "date not recorded") if state == "deprecated" else None
            out[option].append(Candidate(model, option, mem, precision,
                                         facts_of(model, mem, precision, state, retire), retires))
    return {o: sorted(v, key=lambda cand: _rank_key(cand, c)) for o, v in out.items()}, rejected
