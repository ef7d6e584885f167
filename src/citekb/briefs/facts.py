"""The cited facts shown for a candidate model: each with its source, and "not recorded" when absent."""
from __future__ import annotations

from dataclasses import dataclass

from ..model import Model, Sourced


@dataclass(frozen=True)
class Fact:
    label: str
    value: str
    source: str | None = None      # a BibTeX key or a URL


def _sourced(model: Model, name: str, label: str) -> Fact | None:
    v = model.get(name)
    if v is None:
        return None
    if isinstance(v, Sourced):
        return Fact(label, str(v.value), v.source or model.get("source"))
    return Fact(label, str(v), model.get("source"))


def _parameters(model: Model) -> Fact:
    params = model.value("parameters")
    if isinstance(params, dict) and isinstance(params.get("total"), int):
        active = params.get("active")
        text = f"{params['total'] / 1e9:g}B" + (f" ({active / 1e9:g}B active)" if active else "")
        return Fact("parameters", text, params.get("source"))
    return Fact("parameters", "undisclosed", params.get("source") if isinstance(params, dict) else None)


def _lifecycle(model: Model, state: str, retire: str | None) -> Fact:
    life = model.get("lifecycle") or {}
    if state == "not recorded":
        return Fact("lifecycle", "not recorded")
    text = state + (f", retires {retire}" if state == "deprecated" and retire else "")
    if state == "deprecated" and not retire:
        text += ", retirement date not recorded"
    return Fact("lifecycle", text, life.get("source"))


def _terms(model: Model) -> Fact:
    terms = model.get("license_terms")
    if not terms:
        return Fact("licence terms", "user caps, territories and excluded uses not recorded")
    parts = []
    if terms.get("user_cap"):
        parts.append(f"separate licence above {terms['user_cap']:,} monthly users")
    if terms.get("excluded_territories"):
        scope = " (multimodal models)" if terms.get("applies_to") == "multimodal" else ""
        parts.append("not granted to organizations based in " + ", ".join(terms["excluded_territories"]) + scope)
    if terms.get("excluded_uses"):
        parts.append("excludes " + ", ".join(terms["excluded_uses"]) + " use")
    return Fact("licence terms", "; ".join(parts) or "none recorded", terms.get("source"))


def facts_of(model: Model, memory: float | None, precision: str | None, state: str, retire: str | None
             ) -> tuple[Fact, ...]:
    lic = model.get("license") or {}
    modality = model.get("modality") or {}
    ins, outs = ", ".join(modality.get("input") or ()), ", ".join(modality.get("output") or ())
    facts = [_sourced(model, "access", "access"), _sourced(model, "released", "released"),
             Fact("task", ", ".join(model.get("task") or ()) or "not recorded"),
             Fact("modality", f"{ins} to {outs}"),
             Fact("license", f"{lic.get('id', '?')} (commercial use: {lic.get('commercial_use', '?')})",
                  lic.get("source") or lic.get("url")),
             _terms(model), _parameters(model)]
    if memory is not None and precision:
        source = None
        if "published" in precision:
            source = next((q.get("source") for q in model.get("quantized") or ()
                           if precision.startswith(q["precision"])), None)
        text = (f"{memory:g} GB at {precision}, as its source states" if source
                else f"about {memory:.1f} GB at {precision} (estimate)")
        facts.append(Fact("memory", text, source))
    if not (model.is_open and state == "not recorded"):   # downloaded weights do not retire
        facts.append(_lifecycle(model, state, retire))
    return tuple(f for f in facts if f is not None)
