"""The five options a brief weighs, and the hard constraints that knock them out."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from .constraints import Constraints, Operations
from .params import OPTIONS, Parameters

TITLES = {
    "self-hosted": "Open weights, self-hosted",
    "hosted-open": "Open weights through a hosted API",
    "closed-api": "Closed model through the vendor's API",
    "closed-private": "Closed model in a private or regional deployment",
    "hybrid": "Hybrid: self-hosted open model plus a closed API, by routing rule",
}
SHORT = {
    "self-hosted": "a self-hosted open-weight model",
    "hosted-open": "an open-weight model through a hosted API",
    "closed-api": "a closed model through the vendor's API",
    "closed-private": "a closed model in a private or regional deployment",
    "hybrid": "a hybrid that routes protected work to a self-hosted open model and public work to a closed API",
}
DESCRIPTIONS = {
    "self-hosted": "Download an open-weight model and run it on infrastructure the organization controls.",
    "hosted-open": "Call an open-weight model that an inference provider serves; the weights stay portable.",
    "closed-api": "Call a closed model on its developer's multi-tenant API.",
    "closed-private": "Use a closed model in a dedicated cloud tenancy or region, under zero-retention terms.",
    "hybrid": "Protected data stays on the self-hosted open model; public, quality-critical work goes to a "
              "closed API; the router rule is part of the design.",
}
CATEGORY = {"self-hosted": "open", "hosted-open": "open", "closed-api": "closed", "closed-private": "closed",
            "hybrid": "hybrid"}


@dataclass(frozen=True)
class Option:
    id: str
    title: str
    description: str
    knocked_out: tuple[str, ...] = ()   # reasons; non-empty means the option is out

    @property
    def available(self) -> bool:
        return not self.knocked_out

    @property
    def category(self) -> str:
        return CATEGORY[self.id]


def _network(c: Constraints, oid: str) -> list[str]:
    out = []
    if c.offline:
        out.append("offline: an API needs a network connection")
    if c.data_on_premises:
        where = {"hosted-open": "the inference provider's servers", "closed-private": "a cloud tenancy"}
        out.append(f"data_on_premises: requests would reach {where.get(oid, 'the vendor')}")
    return out


def _reasons(oid: str, c: Constraints, ops: Operations, counts: Mapping[str, int], params: Parameters) -> list[str]:
    out: list[str] = []
    if oid in ("hosted-open", "closed-api", "closed-private"):
        out += _network(c, oid)
    if oid in ("closed-api", "closed-private") and c.open_license:
        out.append("open_license: closed models come under proprietary terms")
    if oid in ("self-hosted", "hybrid") and ops.cannot_staff(params):
        out.append(f"no ML engineer and {ops.deadline_weeks:g} weeks to go live: too little time to hire "
                   f"someone to run a model (at least {params['staffing_lead_weeks']} weeks assumed)")
    if oid == "hybrid":
        if c.offline:
            out.append("offline: the closed half needs a network connection")
        if c.open_license:
            out.append("open_license: the closed half comes under proprietary terms")
        if ops.public_share == 0:
            out.append("public_share is 0: no work may go to the closed API")
        elif ops.public_share is None and c.data_stays:
            out.append("data stays in-house and operations.public_share is not given: no work is declared "
                       "that the closed API may serve")
        if counts["self-hosted"] == 0 or counts["closed-api"] == 0:
            out.append("needs a self-hosted open model and a closed API model that meet the constraints")
    elif counts.get(oid, 0) == 0:
        out.append("no model in the knowledge base meets the constraints (see candidate models)")
    if c.options and oid not in c.options:
        out.append("options: the organization does not consider it")
    return out


def decide_options(c: Constraints, ops: Operations, counts: Mapping[str, int], params: Parameters) -> tuple[Option, ...]:
    """Every option with its knock-out reasons; `counts` is the number of candidate models per option."""
    return tuple(Option(o, TITLES[o], DESCRIPTIONS[o], tuple(_reasons(o, c, ops, counts, params))) for o in OPTIONS)
