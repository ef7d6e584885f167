"""Record schemas for the YAML kinds: one definition drives validation and the JSON Schemas."""
from __future__ import annotations

import re
from typing import Any

from ..checks.diagnostic import Diagnostic
from ..model import ACCESS_LEVELS, CRITERIA, RECORD_CLASSES, Location, Record
from .compound import F, ListOf, MapOf, Obj, OneOf, Sourced_
from .numbers import Count, Number
from .specs import INVALID, Bool, Const, Ctx, Date, Enum, Id, RefTo, Source, Str, Url, kind_of

MODALITIES = ("text", "code", "image", "audio", "video", "embedding", "action")
STANCES = ("supports", "contradicts", "qualifies")
SIDES = ("open", "closed", "neither", "depends")
YES_NO = ("yes", "no", "restricted")
BRIEF_OPTIONS = ("self-hosted", "hosted-open", "closed-api", "closed-private", "hybrid")
ASSERTABLE = ("openness", "access", "license", "organization", "released", "kind", "commercial_use")

_common = {
    "id": F(Id(), True, "Record id; equals the file name without .yaml"),
    "verified": F(Str(), False, "What the facts were checked against"),
    "notes": F(Str()),
    "last_verified": F(Date(), False, "When a curator last checked the record's facts against their sources"),
}

ORGANIZATION = Obj({
    **_common,
    "name": F(Str(), True),
    "kind": F(Enum(("company", "lab", "university", "nonprofit", "government", "consortium")), True),
    "country": F(ListOf(Str(what="ISO 3166-1 alpha-2 code", pattern=re.compile(r"^[A-Z]{2}$")),
                        min_items=1), True),
    "url": F(Url(), True),
    "aliases": F(ListOf(Str())),
    "parent": F(RefTo("organization")),
})

_license = Obj({
    "id": F(Str(what="SPDX id or LicenseRef-*"), True, "SPDX license id or LicenseRef-*"),
    "name": F(Str()),
    "commercial_use": F(Enum(YES_NO), True),
    "restrictions": F(ListOf(Str())),
    "url": F(Url()),
    "source": F(Source()),
    "note": F(Str()),
})

_parameters = OneOf(
    Obj({"total": F(Count(), True), "active": F(Count()), "source": F(Source()), "note": F(Str())}),
    Const("undisclosed"),
    Obj({"value": F(Const("undisclosed"), True), "source": F(Source()), "note": F(Str())}),
    what="parameters as {total: 7B, active: ..., source: ...} or 'undisclosed'",
)

# Released components. The last eight name Model Openness Framework components the first eight do
# not cover: five the MOF requires (data card, evaluation results and data, preprocessing code,
# intermediate checkpoints), so that the MOF class can be derived where a curator records them
# (citekb.openness), and its three optional ones (sample outputs, supporting libraries, metadata).
COMPONENT_KEYS = ("code", "data", "weights", "paper", "model_card", "training_code", "evaluation_code", "source",
                  "data_card", "evaluation_results", "evaluation_data", "data_preprocessing_code",
                  "intermediate_checkpoints", "sample_outputs", "supporting_libraries", "model_metadata")

# Prices and context: the numbers model choices hinge on, each dated and sourced (issue 15).
_price = Obj({
    "provider": F(Str(), True, "Who charges the price: the developer or a hosting provider"),
    "input_per_mtok": F(Number(minimum=0), True, "Price per million input tokens"),
    "output_per_mtok": F(Number(minimum=0), True, "Price per million output tokens"),
    "currency": F(Str(pattern=re.compile(r"^[A-Z]{3}$"), what="ISO 4217 currency code"), True),
    "as_of": F(Date(), True, "Date of the price page read"),
    "source": F(Source(), True), "note": F(Str()),
})
_context = Obj({"value": F(Number(minimum=1, integer=True), True), "unit": F(Enum(("tokens",)), True),
                "max_output": F(Number(minimum=1, integer=True)), "source": F(Source()), "note": F(Str())})

# A capability score as its publisher states it (the publisher is first-party for its own measure).
CAPABILITY_MEASURES = ("epoch-eci", "lmarena-text", "aa-intelligence-index")
CAPABILITY_UNITS = ("eci-points", "elo", "index-points")
_capability = Obj({
    "measure": F(Enum(CAPABILITY_MEASURES), True, "Which measure: Epoch Capabilities Index, LMArena text, AA index"),
    "value": F(Number(), True, "The score as published"),
    "unit": F(Enum(CAPABILITY_UNITS), True, "Unit of the score: eci-points, elo (an arena score) or index-points"),
    "as_of": F(Date(), True, "Date of the publication or leaderboard state the value was read from"),
    "source": F(Source(), True, "The publisher's own page or dataset"),
    "note": F(Str()),
})

MODEL = Obj({
    **_common,
    "name": F(Str(), True),
    "aliases": F(ListOf(Str())),
    "organization": F(ListOf(RefTo("organization"), min_items=1), True),
    "family": F(Str()),
    "released": F(Sourced_(Date()), True, "Date of first public release"),
    "modality": F(Obj({"input": F(ListOf(Enum(MODALITIES), min_items=1), True),
                       "output": F(ListOf(Enum(MODALITIES), min_items=1), True)}), True),
    "parameters": F(_parameters, True),
    "access": F(Sourced_(Enum(ACCESS_LEVELS)), True, "How the model can be obtained"),
    "license": F(_license, True),
    "weights": F(Obj({"available": F(Bool(), True), "gated": F(Bool()), "url": F(Url()),
                      "source": F(Source()), "note": F(Str())}), True),
    "components": F(MapOf(Enum(COMPONENT_KEYS), Bool())),
    "paper": F(RefTo("work")),
    "pricing": F(ListOf(_price, coerce=False), False, "API prices per million tokens, dated"),
    "context_window": F(_context, False, "Longest input, in tokens"),
    "capability": F(ListOf(_capability, coerce=False), False,
                    "Scores on capability measures the field compares models by, each dated and sourced"),
    "model_card": F(Url()),
    "base_model": F(RefTo("model")),
    "frameworks": F(ListOf(RefTo("framework"))),
    "source": F(Source()),
})

# Candidate filtering in decision briefs (kb-format "Models": lifecycle, task, quantized, license_terms).
LIFECYCLE_STATUSES = ("active", "deprecated", "retired")
TASKS = ("generation", "embedding", "classification", "detection", "segmentation", "speech-recognition",
         "speech-synthesis", "image-generation")
MODEL.fields.update({
    "lifecycle": F(Obj({"status": F(Enum(LIFECYCLE_STATUSES), True),
                        "deprecation_announced": F(Date()), "retirement": F(Date()), "replacement": F(Str()),
                        "source": F(Source(), True), "note": F(Str())}), doc="Vendor lifecycle of an API model"),
    # A closed model changes behind one name: the vendor's dated versions, each with its own lifecycle.
    "snapshots": F(ListOf(Obj({"id": F(Str(), True, "The vendor's dated model id, e.g. gpt-4o-2024-08-06"),
                               "released": F(Date()), "status": F(Enum(LIFECYCLE_STATUSES)),
                               "deprecation_announced": F(Date()), "retirement": F(Date()),
                               "source": F(Source(), True), "note": F(Str())}), coerce=False),
                   doc="Dated snapshots the vendor serves behind the model's name, each sourced"),
    "task": F(ListOf(Enum(TASKS), min_items=1), doc="What the model does"),
    "quantized": F(ListOf(Obj({"precision": F(Str(), True), "bits": F(Number(minimum=1, maximum=16)),
                               "memory_gb": F(Number(minimum=0.01)), "source": F(Source(), True),
                               "note": F(Str())}), coerce=False), doc="Published quantized releases"),
    "license_terms": F(Obj({"user_cap": F(Number(minimum=1, integer=True)),
                            "excluded_territories": F(ListOf(Str())), "excluded_uses": F(ListOf(Id())),
                            "applies_to": F(Enum(("all", "multimodal"))), "source": F(Source(), True),
                            "note": F(Str())}), doc="Licence terms as data: user cap, territories, uses"),
})

FRAMEWORK = Obj({
    **_common,
    "name": F(Str(), True),
    "kind": F(Enum(("training-framework", "inference-engine", "model-format", "fine-tuning", "quantization",
                    "recommender", "library", "model-hub", "interchange")), True),
    "organization": F(ListOf(RefTo("organization"), min_items=1), False,
                      "Developing organization; omit for a project run by individuals"),
    "maintainers": F(ListOf(Str()), False, "People who run the project, when no organization does"),
    "license": F(Sourced_(Str(what="SPDX id")), True),
    "first_release": F(Sourced_(Date()), True),
    "paper": F(RefTo("work")),
    "url": F(Url(), True),
    "repository": F(Url()),
    "aliases": F(ListOf(Str())),
    "source": F(Source()),
})

EVIDENCE = Obj({
    "cite": F(RefTo("work"), True, "BibTeX key of the work"),
    "stance": F(Enum(STANCES, code="K204"), True),
    "locator": F(Str()),
    "note": F(Str()),
})

CLAIM = Obj({
    **_common,
    "statement": F(Str(max_len=1000), True),
    "criterion": F(Enum(CRITERIA), True),
    "favours": F(Enum(SIDES), True),
    "magnitude": F(Number(minimum=1, maximum=3, integer=True)),
    "strength": F(Enum(("weak", "moderate", "strong"))),
    "confidence": F(Enum(("low", "medium", "high"))),
    "source_type": F(Enum(("peer-reviewed", "primary-data", "government", "analyst-survey", "vendor",
                           "secondary"))),
    "verification": F(Enum(("primary", "secondary", "unverified"))),
    "scope": F(Str()),
    "conditions": F(ListOf(Id())),
    "as_of": F(Date(), True),
    "evidence": F(ListOf(EVIDENCE, coerce=False)),
    "models": F(ListOf(RefTo("model"))),
    "supersedes": F(ListOf(RefTo("claim"))),
    "options": F(ListOf(Enum(BRIEF_OPTIONS), min_items=1),
                 doc="Brief options the evidence is about (default: by the side it favours)"),
})

ASSERTION = Obj({
    "subject": F(RefTo("entity"), True, "A model or framework id"),
    "property": F(Enum(ASSERTABLE), True),
    "value": F(Str(), True),
    "locator": F(Str()),
    "note": F(Str()),
})

REVIEW = Obj({
    **_common,
    "title": F(Str(), True),
    "url": F(Url()),
    "author": F(Str()),
    "publisher": F(Str()),
    "published": F(Date()),
    "accessed": F(Date()),
    "language": F(Str()),
    "summary": F(Str(max_len=5000)),
    "assertions": F(ListOf(ASSERTION, coerce=False)),
    "claims": F(ListOf(Obj({"claim": F(RefTo("claim"), True), "position": F(Enum(("asserts", "denies")), True),
                            "locator": F(Str()), "note": F(Str())}), coerce=False)),
})

CONSTRAINTS = Obj({
    "data_on_premises": F(Bool(), doc="No data may leave the organization's infrastructure"),
    "offline": F(Bool(), doc="Must work without a network connection"),
    "commercial_use": F(Bool(), doc="The license must allow commercial use"),
    "open_license": F(Bool(), doc="Only licenses without use restrictions"),
    "max_memory_gb": F(Number(minimum=0.01, maximum=100_000)),
    "precision_bits": F(Number(minimum=2, maximum=32, integer=True)),
    "modality_in": F(ListOf(Enum(MODALITIES))),
    "modality_out": F(ListOf(Enum(MODALITIES))),
    "budget_usd_month": F(Number(minimum=0)),
    "max_latency_ms": F(Number(minimum=0)),
    "options": F(ListOf(Enum(BRIEF_OPTIONS), min_items=1),
                 doc="Options the organization will consider; the others are knocked out (default: all)"),
    "task": F(ListOf(Enum(TASKS), min_items=1), doc="What the model must do (any of these)"),
    "territory": F(ListOf(Str()), doc="Where the organization is based (ISO code or EU), for licence exclusions"),
    "uses": F(ListOf(Id()), doc="Uses a licence may exclude: medical, military, ..."),
    "monthly_users": F(Number(minimum=0, integer=True), doc="Monthly active users, against licence user caps"),
})

OPERATIONS = Obj({
    "ml_engineers": F(Number(minimum=0, integer=True), doc="ML engineers on staff who can run models"),
    "gpus": F(Number(minimum=0, integer=True), doc="Data-centre GPUs the team already has"),
    "on_call": F(Bool(), doc="Someone is on call for a serving stack"),
    "deadline_weeks": F(Number(minimum=0), doc="Weeks until the system must be live"),
    "requests_per_day": F(Number(minimum=0)),
    "public_share": F(Number(minimum=0, maximum=1), doc="Share of the work that touches no protected data"),
})

SCENARIO = Obj({
    **_common,
    "title": F(Str(), True),
    "description": F(Str(max_len=5000), True),
    "sector": F(Str()),
    "stakeholders": F(ListOf(Str())),
    "tags": F(ListOf(Id())),
    "constraints": F(CONSTRAINTS),
    "weights": F(MapOf(Enum(CRITERIA), Number(minimum=0, maximum=3)), True),
    "operations": F(OPERATIONS, doc="What the team can operate"),
    "expected": F(ListOf(Enum(BRIEF_OPTIONS), min_items=1),
                  doc="Option(s) a careful analyst would pick, with the reasoning in `notes`"),
})

SPECS: dict[str, Obj] = {
    "organization": ORGANIZATION,
    "model": MODEL,
    "framework": FRAMEWORK,
    "claim": CLAIM,
    "review": REVIEW,
    "scenario": SCENARIO,
}


def validate(kind: str, data: Any, path: str, line: int = 1) -> tuple[Record | None, list[Diagnostic]]:
    """Turn one parsed YAML document into a record of `kind`, with every problem located."""
    ctx = Ctx(path)
    if not isinstance(data, dict):
        ctx.error(f"a {kind} file must hold one mapping, not {kind_of(data)}", line)
        return None, ctx.problems
    out = SPECS[kind](data, getattr(data, "line", line), ctx)
    if out is INVALID or "id" not in out:
        return None, ctx.problems
    record = RECORD_CLASSES[kind](
        kind=kind, id=out["id"], location=Location(path, getattr(data, "line", line)), data=out,
        field_lines=dict(getattr(data, "lines", {})), refs=tuple(ctx.refs))
    return record, ctx.problems


def json_schema(kind: str) -> dict:
    """The JSON Schema (2020-12) of one YAML kind, generated from the same spec as validation."""
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"https://citekb.dev/schemas/{kind}.schema.json",
            "title": f"citekb {kind}", **SPECS[kind].schema()}
