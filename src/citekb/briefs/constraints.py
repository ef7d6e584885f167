"""A scenario's hard constraints and what its team can operate, as frozen values with the defaults spelled out."""
from __future__ import annotations

from dataclasses import dataclass

from ..model import Record
from .params import Parameters


@dataclass(frozen=True)
class Constraints:
    data_on_premises: bool = False
    offline: bool = False
    commercial_use: bool = False
    open_license: bool = False
    max_memory_gb: float | None = None
    precision_bits: int | None = None
    modality_in: tuple[str, ...] = ()
    modality_out: tuple[str, ...] = ()
    budget_usd_month: float | None = None
    max_latency_ms: float | None = None
    options: tuple[str, ...] = ()          # empty: every option is considered
    task: tuple[str, ...] = ()             # any of these
    territory: tuple[str, ...] = ()        # where the organization is based
    uses: tuple[str, ...] = ()             # uses a licence may exclude
    monthly_users: int | None = None

    @classmethod
    def of(cls, scenario: Record) -> "Constraints":
        raw = scenario.get("constraints") or {}
        bits = raw.get("precision_bits")
        users = raw.get("monthly_users")
        return cls(
            data_on_premises=bool(raw.get("data_on_premises", False)),
            offline=bool(raw.get("offline", False)),
            commercial_use=bool(raw.get("commercial_use", False)),
            open_license=bool(raw.get("open_license", False)),
            max_memory_gb=raw.get("max_memory_gb"),
            precision_bits=int(bits) if bits is not None else None,
            modality_in=tuple(raw.get("modality_in") or ()),
            modality_out=tuple(raw.get("modality_out") or ()),
            budget_usd_month=raw.get("budget_usd_month"),
            max_latency_ms=raw.get("max_latency_ms"),
            options=tuple(raw.get("options") or ()),
            task=tuple(raw.get("task") or ()),
            territory=tuple(t.upper() for t in raw.get("territory") or ()),
            uses=tuple(raw.get("uses") or ()),
            monthly_users=int(users) if users is not None else None,
        )

    @property
    def data_stays(self) -> bool:
        """Whether no production data may reach a third party's servers."""
        return self.data_on_premises or self.offline

    def describe(self) -> list[tuple[str, str]]:
        """(constraint, plain-language value) rows for the brief, only those that are set."""
        rows: list[tuple[str, str]] = []
        flags = (("data_on_premises", "no data may leave the organization's infrastructure"),
                 ("offline", "must work without a network connection"),
                 ("commercial_use", "the license must allow commercial use"),
                 ("open_license", "only licenses without use restrictions"))
        rows += [(name, text) for name, text in flags if getattr(self, name)]
        if self.max_memory_gb is not None:
            rows.append(("max_memory_gb", f"{self.max_memory_gb:g} GB on the target device"))
        if self.precision_bits is not None:
            rows.append(("precision_bits", f"weights served at {self.precision_bits} bits (or a published "
                                           "quantized release that fits)"))
        for name in ("modality_in", "modality_out", "task", "territory", "uses"):
            if getattr(self, name):
                rows.append((name, ", ".join(getattr(self, name))))
        if self.monthly_users is not None:
            rows.append(("monthly_users", f"{self.monthly_users:,} monthly active users"))
        if self.budget_usd_month is not None:
            rows.append(("budget_usd_month",
                         f"{self.budget_usd_month:g} USD a month (not scored: the KB holds no prices)"))
        if self.max_latency_ms is not None:
            rows.append(("max_latency_ms", f"{self.max_latency_ms:g} ms (not scored: the KB holds no latencies)"))
        if self.options:
            rows.append(("options", "only " + ", ".join(self.options)))
        return rows


@dataclass(frozen=True)
class Operations:
    """What the team can run. `given` is False when the scenario says nothing about it."""

    given: bool = False
    ml_engineers: int | None = None
    gpus: int | None = None
    on_call: bool | None = None
    deadline_weeks: float | None = None
    requests_per_day: float | None = None
    public_share: float | None = None

    @classmethod
    def of(cls, scenario: Record) -> "Operations":
        raw = scenario.get("operations") or {}
        return cls(bool(raw), raw.get("ml_engineers"), raw.get("gpus"), raw.get("on_call"),
                   raw.get("deadline_weeks"), raw.get("requests_per_day"), raw.get("public_share"))

    def readiness(self, params: Parameters) -> float | None:
        """mean(staff, gpus, on-call) in [0, 1]; None when no team fact is given."""
        parts = []
        if self.ml_engineers is not None:
            parts.append(min(1.0, self.ml_engineers / float(params["ml_engineers_needed"])))
        if self.gpus is not None:
            parts.append(1.0 if self.gpus > 0 else 0.0)
        if self.on_call is not None:
            parts.append(1.0 if self.on_call else 0.0)
        return sum(parts) / len(parts) if parts else None

    def factor(self, params: Parameters) -> float:
        """The multiplier on self-operated options' readiness criteria (1 when not given)."""
        r = self.readiness(params)
        floor = float(params["readiness_floor"])
        return 1.0 if r is None else floor + (1 - floor) * r

    def cannot_staff(self, params: Parameters) -> bool:
        """No ML engineer and a deadline shorter than the time to hire one."""
        return (self.ml_engineers == 0 and self.deadline_weeks is not None
                and self.deadline_weeks < float(params["staffing_lead_weeks"]))

    def tags(self, params: Parameters) -> tuple[str, ...]:
        """Scenario tags that follow from the numbers, so volume-dependent claims find it."""
        out = []
        t = params["volume_tags"]
        if self.requests_per_day is not None:
            if self.requests_per_day >= float(t["high"]):
                out.append("high-volume")
            elif self.requests_per_day <= float(t["low"]):
                out.append("low-volume")
        if self.ml_engineers == 0:
            out.append("low-skills")
        return tuple(out)

    def describe(self, params: Parameters) -> list[tuple[str, str]]:
        if not self.given:
            return [("operations", "not given: team capacity is not scored")]
        rows = []
        for name, label in (("ml_engineers", "ML engineers on staff"), ("gpus", "data-centre GPUs in hand"),
                            ("deadline_weeks", "weeks to go live"), ("requests_per_day", "requests a day"),
                            ("public_share", "share of the work that touches no protected data")):
            value = getattr(self, name)
            if value is not None:
                rows.append((name, f"{value:g} {label}"))
        if self.on_call is not None:
            rows.append(("on_call", "someone is on call" if self.on_call else "no one is on call"))
        r = self.readiness(params)
        if r is not None:
            rows.append(("readiness", f"{r:.2f}: self-run options keep {self.factor(params):.2f} of their value "
                                      "on " + ", ".join(params["readiness_criteria"])))
        return rows
