"""The scoring parameters: one commented YAML file, read into a frozen value with its hash."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Mapping

import yaml

from ..model import CRITERIA

OPTIONS = ("self-hosted", "hosted-open", "closed-api", "closed-private", "hybrid")
SIDE = {"self-hosted": "open", "hosted-open": "open", "closed-api": "closed", "closed-private": "closed",
        "hybrid": "hybrid"}
_REQUIRED = ("method_version", "default_magnitude", "strength", "source_quality", "verification",
             "half_life_months", "laws_in_force", "option_conditions", "option_condition_side",
             "qualifies_dilution", "reach", "prior_mass", "hybrid_rule", "hybrid_overhead",
             "default_public_share", "ml_engineers_needed", "readiness_floor", "readiness_criteria",
             "staffing_lead_weeks", "volume_tags", "switching_cost", "min_evidence_mass", "contested_share",
             "evidence_label", "agreement_label", "confidence", "strength_thresholds", "validity_months",
             "validity_top_claims", "memory_overhead", "default_precision_bits", "max_candidates")


class ParameterError(ValueError):
    """The parameter file is incomplete or malformed; the CLI exits 2 with this message."""


@dataclass(frozen=True)
class Parameters:
    values: Mapping[str, Any]
    digest: str          # first 12 hex digits of the file's SHA-256, printed in every brief
    source: str = "parameters.yaml"

    def __getitem__(self, name: str) -> Any:
        return self.values[name]

    def table(self, name: str, key: str) -> float:
        """A multiplier from a table, falling back to its `missing` entry."""
        table = self.values[name]
        return float(table.get(key, table.get("missing", 0.0)) if key else table.get("missing", 0.0))


def parse_parameters(text: str, *, source: str = "parameters.yaml") -> Parameters:
    try:
        values = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ParameterError(f"{source}: not valid YAML: {exc}") from None
    if not isinstance(values, dict):
        raise ParameterError(f"{source}: must hold one mapping")
    missing = [k for k in _REQUIRED if k not in values]
    if missing:
        raise ParameterError(f"{source}: missing parameter(s) {', '.join(missing)}")
    if not all(isinstance(values[k], dict) for k in ("half_life_months", "hybrid_rule", "reach")):
        raise ParameterError(f"{source}: half_life_months, hybrid_rule and reach must be mappings")
    tables = [("half_life_months", values["half_life_months"]), ("hybrid_rule", values["hybrid_rule"])]
    tables += [(f"reach.{side}", values["reach"].get(side) or {}) for side in ("open", "closed")]
    for table, row in tables:
        absent = [c for c in CRITERIA if c not in row]
        if absent:
            raise ParameterError(f"{source}: {table} lacks criteria {', '.join(absent)}")
    if any(float(values["half_life_months"][c]) <= 0 for c in CRITERIA):
        raise ParameterError(f"{source}: every half-life must be positive")
    if sorted(values["switching_cost"]) != sorted(OPTIONS):
        raise ParameterError(f"{source}: switching_cost needs exactly {', '.join(OPTIONS)}")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    return Parameters(values, digest, source)


def default_parameters() -> Parameters:
    text = resources.files("citekb.briefs").joinpath("parameters.yaml").read_text(encoding="utf-8")
    return parse_parameters(text)


def load_parameters(path: str | Path | None = None) -> Parameters:
    if path is None:
        return default_parameters()
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ParameterError(f"{path}: cannot read parameters: {exc}") from None
    return parse_parameters(text, source=str(path))
