"""Provenance of model facts: first-party sources, and how recently a record was checked."""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from importlib import resources
from typing import Any, Iterator
from urllib.parse import urlsplit

from ...model import Sourced
from ..diagnostic import finding
from ..registry import rule

# The facts a model record carries; each may name its own `source`, else the record's applies.
SOURCED_FIELDS = ("released", "access", "parameters", "license", "weights", "context_window", "lifecycle",
                  "license_terms")
SOURCED_LISTS = ("pricing", "quantized", "snapshots")


@lru_cache(maxsize=1)
def aggregator_domains() -> frozenset[str]:
    """The shipped list of aggregator and mirror domains (one a line, '#' starts a comment)."""
    text = resources.files("citekb").joinpath("data/aggregators.txt").read_text(encoding="utf-8")
    lines = (line.split("#", 1)[0].strip().lower() for line in text.splitlines())
    return frozenset(line for line in lines if line)


def aggregator_of(source: str) -> str | None:
    """The listed domain a source URL belongs to (the host itself or a parent domain), if any."""
    if not source.startswith(("http://", "https://")):
        return None  # a BibTeX key: a work in references/
    host = (urlsplit(source).hostname or "").lower().rstrip(".")
    domains = aggregator_domains()
    parts = host.split(".")
    return next((d for d in (".".join(parts[i:]) for i in range(len(parts) - 1)) if d in domains), None)


def _own_source(value: Any) -> str | None:
    if isinstance(value, Sourced):
        return value.source
    if isinstance(value, dict):
        return value.get("source")
    return None


def model_facts(model) -> Iterator[tuple[str, str | None]]:
    """(field, effective source) for every fact of a model record."""
    default = model.get("source")
    for name in SOURCED_FIELDS:
        value = model.get(name)
        if value is not None:
            yield name, _own_source(value) or default
    for name in SOURCED_LISTS:
        for i, item in enumerate(model.get(name) or ()):
            yield f"{name}[{i}]", _own_source(item) or default


@rule("K220", "aggregator-source", "warning", default_enabled=False)
def aggregator_source(kb, ctx):
    """A model fact rests only on an aggregator or mirror page.

    What it checks:
        The source of each model fact (`released`, `access`, `parameters`, `license`, `weights`,
        `context_window`, `pricing`, ...; a fact without its own `source` takes the record's) is
        not on citekb's list of known aggregator, model-catalogue and mirror domains. Opt-in: add
        `K220` to `extend-select`.

    Why it matters:
        Catalogue and mirror pages copy model facts without saying where they got them, and go stale
        or wrong (a wrong licence, a guessed release date) without notice. The model card, the
        licence text, the developer's announcement or documentation are the sources a reader can
        check and a citation checker must cite.

    Example:
        released: {value: 2025-07-11, source: https://apxml.com/models/kimi-k2-instruct}

    Fix:
        Replace the source with the developer's own page (model card, announcement, licence, price
        page, paper) after checking the value against it.
    """
    for model in kb.of("model"):
        for name, source in model_facts(model):
            domain = aggregator_of(source) if source else None
            if domain:
                field = name.split("[", 1)[0]
                yield finding(model.loc(field), f"{model.id}: {name} rests only on {domain}, an aggregator or mirror",
                              "Cite the model card, licence, announcement or vendor page instead.")


@rule("K221", "stale-verification", "warning", default_enabled=False)
def stale_verification(kb, ctx):
    """A record was last verified longer ago than the stated age.

    What it checks:
        A record's `last_verified` date is no more than `max-verified-age-days` (default 365) before
        today (the `today` option or the clock). Records without `last_verified` are not judged.
        Opt-in: add `K221` to `extend-select`.

    Why it matters:
        Prices, context windows, licences and lifecycles change behind a model's name; a fact checked
        long ago may no longer hold, and readers need to know how old the data is.

    Example:
        last_verified: 2024-01-15

    Fix:
        Check the record's facts against their sources again and update `last_verified`.
    """
    limit = ctx.config.max_verified_age_days
    for record in kb.all_records():
        raw = record.get("last_verified")
        checked = _as_date(raw)
        if checked is None:
            continue
        age = (ctx.today - checked).days
        if age > limit:
            yield finding(record.loc("last_verified"),
                          f"{record.kind} '{record.id}' was last verified {raw}, {age} days ago",
                          f"Re-check its facts (older than {limit} days) and update last_verified.")


def _as_date(raw: Any) -> dt.date | None:
    """A `YYYY`, `YYYY-MM` or `YYYY-MM-DD` value as the last day it can mean (generous to the curator)."""
    if not raw:
        return None
    parts = [int(p) for p in str(raw).split("-")]
    if len(parts) == 3:
        return dt.date(*parts)
    if len(parts) == 2:
        nxt = dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)
    return dt.date(parts[0], 12, 31)
