"""pandas tables of the knowledge base, for index pages and exports."""
from __future__ import annotations

import pandas as pd

from .. import modelnumbers as mn
from ..kb import KnowledgeBase
from ..model import Sourced
from ..load.persons import work_authors


def _plain(v):
    return v.value if isinstance(v, Sourced) else v


def models_table(kb: KnowledgeBase) -> pd.DataFrame:
    rows = []
    for m in kb.of("model"):
        params = m.get("parameters")
        total = params.get("total") if isinstance(params, dict) else None
        lic = m.get("license") or {}
        rows.append({
            "id": m.id, "name": m.name, "organization": ", ".join(m.organizations),
            "released": _plain(m.get("released")), "access": m.access, "open": m.is_open,
            "license": lic.get("id", ""), "commercial_use": lic.get("commercial_use", ""),
            "parameters": total, "active_parameters": params.get("active") if isinstance(params, dict) else None,
            "input": ", ".join((m.get("modality") or {}).get("input", ())),
            "output": ", ".join((m.get("modality") or {}).get("output", ())),
            "paper": m.get("paper", ""), **_numbers(m),
        })
    cols = ["id", "name", "organization", "released", "access", "open", "license", "commercial_use",
            "parameters", "active_parameters", "input", "output", "paper", *NUMBER_COLUMNS]
    df = pd.DataFrame(rows, columns=cols)
    for col in ("parameters", "active_parameters", "context_window"):  # counts: "1000000", never "1000000.0"
        values = pd.to_numeric(df[col], errors="coerce")
        if values.notna().equals(df[col].notna()) and (values.dropna() % 1 == 0).all():
            df[col] = values.astype("Int64")
    return df.sort_values("id", kind="stable").reset_index(drop=True)


NUMBER_COLUMNS = ("context_window", "input_price_per_mtok", "output_price_per_mtok", "price_currency",
                  "price_provider", "price_as_of", "eci", "eci_as_of", "lifecycle")


def _numbers(m) -> dict:
    """The numbers decisions hinge on, read as the site shows them (citekb.modelnumbers): the first
    listed price with both rates, the latest Epoch Capabilities Index score, the context window and
    the lifecycle status."""
    p, score, window = mn.price(m) or {}, mn.eci(m) or {}, mn.context_window(m) or {}
    return {"context_window": window.get("value"),
            "input_price_per_mtok": p.get("input_per_mtok"), "output_price_per_mtok": p.get("output_per_mtok"),
            "price_currency": p.get("currency", ""), "price_provider": p.get("provider", ""),
            "price_as_of": str(p.get("as_of") or ""), "eci": score.get("value"), "eci_as_of": str(score.get("as_of") or ""),
            "lifecycle": mn.lifecycle(m)}


def works_table(kb: KnowledgeBase) -> pd.DataFrame:
    rows = [{"key": w.key, "type": w.entry_type, "title": w.title, "year": w.year,
             "authors": "; ".join(p.display for p in work_authors(w)), "venue": w.venue, "doi": w.doi or "",
             "arxiv": w.arxiv or "", "url": w.url or "", "path": w.location.path} for w in kb.works]
    cols = ["key", "type", "title", "year", "authors", "venue", "doi", "arxiv", "url", "path"]
    return pd.DataFrame(rows, columns=cols).sort_values("key", kind="stable").reset_index(drop=True)


def claims_table(kb: KnowledgeBase) -> pd.DataFrame:
    rows = []
    for c in kb.of("claim"):
        stances = [e.get("stance") for e in c.evidence]
        rows.append({"id": c.id, "criterion": c.criterion, "favours": c.favours, "statement": c.get("statement"),
                     "as_of": c.get("as_of"), "strength": c.get("strength", ""),
                     "confidence": c.get("confidence", ""), "evidence": len(stances),
                     "supports": stances.count("supports"),
                     "against": stances.count("contradicts") + stances.count("qualifies")})
    cols = ["id", "criterion", "favours", "statement", "as_of", "strength", "confidence", "evidence",
            "supports", "against"]
    return pd.DataFrame(rows, columns=cols).sort_values("id", kind="stable").reset_index(drop=True)
