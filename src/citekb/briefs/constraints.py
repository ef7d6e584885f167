"""A scenario's hard constraints as one frozen value, with the defaults spelled out."""
from __future__ import annotations

from dataclasses import dataclass

from ..model import Record


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

    @classmethod
    def of(cls, scenario: Record) -> "Constraints":
        raw = scenario.get("constraints") or {}
        bits = raw.get("precision_bits")
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
        )

    @property
    def data_stays(self) -> bool:
        """Whether no production data may reach a third party's servers."""
        return self.data_on_premises or self.offline

    def describe(self) -> list[tuple[str, str]]:
        """(constraint, plain-language value) rows for the brief, only those that are set."""
        rows: list[tuple[str, str]] = []
        if self.data_on_premises:
            rows.append(("data_on_premises", "no data may leave the organization's infrastructure"))
        if self.offline:
            rows.append(("offline", "must work without a network connection"))
        if self.commercial_use:
            rows.append(("commercial_use", "the license must allow commercial use"))
        if self.open_license:
            rows.append(("open_license", "only licenses without use restrictions"))
        if self.max_memory_gb is not None:
            rows.append(("max_memory_gb", f"{self.max_memory_gb:g} GB on the target device"))
        if self.precision_bits is not None:
            rows.append(("precision_bits", f"weights served at {self.precision_bits} bits"))
        if self.modality_in:
            rows.append(("modality_in", ", ".join(self.modality_in)))
        if self.modality_out:
            rows.append(("modality_out", ", ".join(self.modality_out)))
        if self.budget_usd_month is not None:
            rows.append(("budget_usd_month",
                         f"{self.budget_usd_month:g} USD a month (not scored: the KB holds no prices)"))
        if self.max_latency_ms is not None:
            rows.append(("max_latency_ms", f"{self.max_latency_ms:g} ms (not scored: the KB holds no latencies)"))
        if self.options:
            rows.append(("options", "only " + ", ".join(self.options)))
        return rows
