"""The options a brief weighs, and the hard constraints that knock them out or restrict them."""
from __future__ import annotations

from dataclasses import dataclass

from .constraints import Constraints
from .params import OPTIONS

TITLES = {
    "open-weights": "Open-weight model, self-hosted",
    "closed-api": "Closed model through an API",
    "hybrid": "Hybrid: open model in-house, closed API where it helps",
}
SHORT = {"open-weights": "an open-weight model, self-hosted", "closed-api": "a closed model through an API",
         "hybrid": "a hybrid of an in-house open model and a closed API"}
DESCRIPTIONS = {
    "open-weights": "Download an open-weight model and run it on infrastructure the organization controls.",
    "closed-api": "Call a closed model hosted by its developer (or a cloud reseller) through an API.",
    "hybrid": "Route each task to an in-house open model or to a closed API, by a stated rule.",
}
RESTRICTED_HYBRID = ("Production data stays on the in-house open model; the closed API only serves work "
                     "that touches no protected data (synthetic data, evaluation design, public documents).")


@dataclass(frozen=True)
class Option:
    id: str
    title: str
    description: str
    knocked_out: tuple[str, ...] = ()   # reasons; non-empty means the option is out
    restricted: tuple[str, ...] = ()    # reasons the hybrid is restricted

    @property
    def available(self) -> bool:
        return not self.knocked_out


def _closed_reasons(c: Constraints, n_closed: int) -> list[str]:
    reasons = []
    if c.data_on_premises:
        reasons.append("data_on_premises: an API sends data to the provider's servers")
    if c.offline:
        reasons.append("offline: an API needs a network connection")
    if c.open_license:
        reasons.append("open_license: closed models come under proprietary terms")
    if not reasons and n_closed == 0:
        reasons.append("no closed model in the knowledge base meets the constraints (see candidate models)")
    return reasons


def _restrictions(c: Constraints) -> tuple[str, ...]:
    out = []
    if c.data_on_premises:
        out.append("data_on_premises")
    if c.offline:
        out.append("offline")
    if c.open_license:
        out.append("open_license")
    return tuple(out)


def decide_options(c: Constraints, *, n_open: int, n_closed: int) -> tuple[Option, ...]:
    """Every option with its knock-out reasons; `n_open`/`n_closed` count the candidate models."""
    knocked: dict[str, list[str]] = {o: [] for o in OPTIONS}
    if n_open == 0:
        knocked["open-weights"].append("no open-weight model in the knowledge base meets the constraints "
                                       "(see candidate models)")
    knocked["closed-api"] = _closed_reasons(c, n_closed)
    restricted = _restrictions(c)
    if n_open == 0:
        knocked["hybrid"].append("needs an open-weight model that meets the constraints")
    elif n_closed == 0 and not restricted:
        knocked["hybrid"].append("needs a closed model that meets the constraints")
    for o in OPTIONS:
        if c.options and o not in c.options:
            knocked[o].append("options: the organization does not consider it")
    return tuple(
        Option(o, TITLES[o], RESTRICTED_HYBRID if (o == "hybrid" and restricted) else DESCRIPTIONS[o],
               tuple(knocked[o]), restricted if o == "hybrid" else ())
        for o in OPTIONS)
