"""Openness graded from what the KB records: the Model Openness Framework (MOF) class and the
OSI Open Source AI Definition (OSAID) 1.0, derived from a model's `components`, `weights` and
`license`, never typed in.

The rules are written down in docs/openness-rules.md with their sources. In short:

- MOF: 17 components, each in Class III (open model), II (open tooling) or I (open science);
  a class requires its own required components and those of every class below it, each released
  under an open licence (component list and classes as in the framework's reference tool,
  lfai/model_openness_tool `mof.settings.yml`; "open" as in its `isOpenSourceLicense`: OSI-approved,
  FSF-libre, or on its open-data list). A component with no licence of its own takes the
  distribution-wide one, which is the model's `license` (the tool's own fallback).
- OSAID 1.0: data information, code (to train and to run) and parameters, each under
  OSI-approved terms.

Every requirement is `met`, `not met` or `not recorded`. A class or the definition is met when
every requirement is met, not met when any is not met, and otherwise undetermined: where the KB
does not record a component the grade says so instead of guessing.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable, Mapping

MET, NOT_MET, NOT_RECORDED = "met", "not met", "not recorded"
ROMAN = {1: "I", 2: "II", 3: "III"}
CLASS_NAMES = {3: "Open Model", 2: "Open Tooling", 1: "Open Science"}


@dataclass(frozen=True)
class Component:
    name: str
    mof_class: int
    kb_key: str | None  # the `components` key that records it; None: the KB has no field for it
    required: bool = True


# The MOF's 17 components with their class and whether the class requires them.
MOF_COMPONENTS: tuple[Component, ...] = (
    Component("Model architecture", 3, "code"),
    Component("Model parameters (final)", 3, "weights"),
    Component("Technical report", 3, "paper"),
    Component("Evaluation results", 3, "evaluation_results"),
    Component("Model card", 3, "model_card"),
    Component("Data card", 3, "data_card"),
    Component("Sample model outputs", 3, "sample_outputs", required=False),
    Component("Training code", 2, "training_code"),
    Component("Inference code", 2, "code"),
    Component("Evaluation code", 2, "evaluation_code"),
    Component("Evaluation data", 2, "evaluation_data"),
    Component("Supporting libraries and tools", 2, "supporting_libraries", required=False),
    Component("Research paper", 1, "paper"),
    Component("Datasets", 1, "data"),
    Component("Data preprocessing code", 1, "data_preprocessing_code"),
    Component("Model parameters (intermediate)", 1, "intermediate_checkpoints"),
    Component("Model metadata", 1, "model_metadata", required=False),
)


@dataclass(frozen=True)
class Check:
    """One requirement's outcome, with the reason a reader can check against the record."""

    requirement: str
    status: str
    reason: str


@dataclass(frozen=True)
class Verdict:
    status: str  # met | not met | not recorded (undetermined)
    checks: tuple[Check, ...]

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(c.requirement for c in self.checks if c.status == NOT_RECORDED)

    @property
    def failed(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if c.status == NOT_MET)


@dataclass(frozen=True)
class Grade:
    model_id: str
    licence: str
    classes: Mapping[int, Verdict]  # 3, 2, 1: each cumulative
    osaid: Verdict

    @property
    def mof_class(self) -> int | None:
        """The most open class met (1 is the most open), or None."""
        met = [c for c in (1, 2, 3) if self.classes[c].status == MET]
        return met[0] if met else None

    @property
    def mof_label(self) -> str:
        if self.mof_class is not None:
            return f"Class {ROMAN[self.mof_class]}"
        return "below Class III" if self.classes[3].status == NOT_MET else "undetermined"


@dataclass(frozen=True)
class Licence:
    id: str
    name: str
    osi_approved: bool
    mof_open: bool
    source: str


@lru_cache(maxsize=1)
def licence_table() -> dict[str, Licence]:
    """citekb's table of licence ids whose status it has checked (src/citekb/data/licences.csv)."""
    text = resources.files("citekb").joinpath("data/licences.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(text.splitlines())
    return {r["id"]: Licence(r["id"], r["name"], r["osi_approved"] == "yes", r["mof_open"] == "yes", r["source"])
            for r in rows}


def licence_status(licence_id: str) -> tuple[bool | None, bool | None]:
    """(OSI-approved, open under the MOF) for a licence id; None where citekb cannot tell.

    A `LicenseRef-*` id is by construction not on the SPDX License List, and both lists the tools
    consult (OSI approval, the MOF's open licences) are made of SPDX ids, so it is neither."""
    if licence_id.startswith("LicenseRef-"):
        return False, False
    row = licence_table().get(licence_id)
    return (row.osi_approved, row.mof_open) if row else (None, None)


def _released(model: Any, key: str) -> bool | None:
    """Whether a component was released: `components.<key>`, with the required fields as fallback
    (`weights.available` for the weights, a recorded `paper` key for the paper)."""
    comps = model.get("components") or {}
    if key in comps:
        return bool(comps[key])
    if key == "weights":
        available = (model.get("weights") or {}).get("available")
        return None if available is None else bool(available)
    if key == "paper" and model.get("paper"):
        return True
    return None


def _licence_id(model: Any) -> str:
    return str((model.get("license") or {}).get("id") or "")


def _licensed(requirement: str, licence_id: str, ok: bool | None, *, what: str) -> Check:
    # The KB records one licence per model; it stands for every component (the MOF tool's fallback).
    shown = licence_id or "(none)"
    if ok is None:
        return Check(requirement, NOT_RECORDED, f"released; licence {shown} is not in citekb's licence table")
    if not ok:
        return Check(requirement, NOT_MET, f"released, but the model's licence {shown} is not {what}")
    return Check(requirement, MET, f"released under the model's licence {shown}, {what}")


def component_check(model: Any, comp: Component) -> Check:
    if comp.kb_key is None:
        return Check(comp.name, NOT_RECORDED, "the KB has no field for this component")
    released = _released(model, comp.kb_key)
    if released is None:
        return Check(comp.name, NOT_RECORDED, f"`components.{comp.kb_key}` is not recorded")
    if not released:
        return Check(comp.name, NOT_MET, f"not released (`components.{comp.kb_key}: false`)")
    lid = _licence_id(model)
    return _licensed(comp.name, lid, licence_status(lid)[1], what="an open licence under the MOF")


def _verdict(checks: Iterable[Check]) -> Verdict:
    checks = tuple(checks)
    statuses = {c.status for c in checks}
    status = NOT_MET if NOT_MET in statuses else NOT_RECORDED if NOT_RECORDED in statuses else MET
    return Verdict(status, checks)


def mof_classes(model: Any) -> dict[int, Verdict]:
    """Each class with the required components of it and of every class below it."""
    checks = {c.name: component_check(model, c) for c in MOF_COMPONENTS if c.required}
    return {cls: _verdict(checks[c.name] for c in MOF_COMPONENTS if c.required and c.mof_class >= cls)
            for cls in (3, 2, 1)}


def osaid(model: Any) -> Verdict:
    """OSAID 1.0's three elements. Released training data counts as data information; when the
    data was not released the KB cannot tell whether data information was published."""
    lid = _licence_id(model)
    osi = licence_status(lid)[0]
    data = _released(model, "data")
    if data:
        info = _licensed("Data information", lid, osi, what="OSI-approved")
    else:
        info = Check("Data information", NOT_RECORDED,
                     "training data not released; whether data information was published is not recorded")
    run, train = _released(model, "code"), _released(model, "training_code")
    if run is False or train is False:
        which = " and ".join(n for n, v in (("code to run", run), ("training code", train)) if v is False)
        code = Check("Code", NOT_MET, f"{which} not released")
    elif run is None or train is None:
        code = Check("Code", NOT_RECORDED, "`components.code` or `components.training_code` is not recorded")
    else:
        code = _licensed("Code", lid, osi, what="OSI-approved")
    weights = _released(model, "weights")
    params = (_licensed("Parameters", lid, osi, what="OSI-approved") if weights
              else Check("Parameters", NOT_MET if weights is False else NOT_RECORDED, "weights not released"))
    return _verdict((info, code, params))


def is_graded(model: Any) -> bool:
    """Open-weight models are graded: open access, or weights recorded as available."""
    return bool(getattr(model, "is_open", False) or (model.get("weights") or {}).get("available"))


def grade(model: Any) -> Grade:
    return Grade(model.id, _licence_id(model), mof_classes(model), osaid(model))


def grade_all(models: Iterable[Any]) -> list[Grade]:
    return [grade(m) for m in sorted(models, key=lambda m: m.id) if is_graded(m)]


def tally(grades: Iterable[Grade]) -> dict[str, dict[str, int]]:
    """How many models got each MOF label and each OSAID status."""
    out: dict[str, dict[str, int]] = {"mof": {}, "osaid": {}}
    for g in grades:
        out["mof"][g.mof_label] = out["mof"].get(g.mof_label, 0) + 1
        out["osaid"][g.osaid.status] = out["osaid"].get(g.osaid.status, 0) + 1
    return {k: dict(sorted(v.items())) for k, v in out.items()}
