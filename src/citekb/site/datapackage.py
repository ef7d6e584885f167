"""`datapackage.json`: a Frictionless Data Package describing every download.

Each file has its format, media type, size and SHA-256; each CSV its fields (name, type,
description); the package its licence, the data's as-of date and the KB commit. Identifier
columns are declared `string`, and arXiv ids are written with their scheme (`arXiv:1607.06450`)
because a CSV reader guesses types from the text alone: quoted or not, `1607.06450` reads back
as the number 1607.0645 in pandas and DuckDB.
"""
from __future__ import annotations

import hashlib
import json

from .provenance import Provenance

LICENSES = {"MIT": "https://spdx.org/licenses/MIT.html", "CC-BY-4.0": "https://spdx.org/licenses/CC-BY-4.0.html",
            "CC0-1.0": "https://spdx.org/licenses/CC0-1.0.html", "Apache-2.0": "https://spdx.org/licenses/Apache-2.0.html"}
S, I, N, B = "string", "integer", "number", "boolean"
FIELDS = {
    "models": [("id", S, "Record id (kb/models/<id>.yaml)"), ("name", S, "Model name"),
               ("organization", S, "Developing organizations' ids, comma-separated"),
               ("released", S, "Release date: year, year-month or full date (ISO 8601)"),
               ("access", S, "Access level (open-weights-unrestricted, open-weights-restricted, open-weights-noncommercial, api, hosted-only, unreleased)"),
               ("open", B, "True when the weights are downloadable (an open-weights-* access level)"),
               ("license", S, "Licence: SPDX id or LicenseRef-*"), ("commercial_use", S, "Commercial use allowed: True, False or restricted"),
               ("parameters", N, "Total parameters; empty when undisclosed"), ("active_parameters", N, "Active parameters per token (mixture of experts)"),
               ("input", S, "Input modalities, comma-separated"), ("output", S, "Output modalities, comma-separated"),
               ("paper", S, "BibTeX key of the model's paper or report"),
               ("context_window", I, "Context window in tokens, as the developer states it"),
               ("input_price_per_mtok", N, "List price per million input tokens (first price the record lists)"),
               ("output_price_per_mtok", N, "List price per million output tokens (same price as the input rate)"),
               ("price_currency", S, "Currency of the two rates, e.g. USD"), ("price_provider", S, "Who charges that price (the developer or a host)"),
               ("price_as_of", S, "Date the price was read (ISO 8601)"),
               ("eci", N, "Latest Epoch Capabilities Index score"), ("eci_as_of", S, "Date of that score (ISO 8601)"),
               ("lifecycle", S, "Lifecycle status: active, deprecated or retired (API models)")],
    "works": [("key", S, "BibTeX key"), ("type", S, "BibTeX entry type"), ("title", S, "Title, LaTeX decoded"),
              ("year", I, "Year of the version cited"), ("authors", S, "Authors, '; '-separated, as 'Given Family'"),
              ("venue", S, "Journal, proceedings, publisher or institution"), ("doi", S, "DOI, without https://doi.org/"),
              ("arxiv", S, "arXiv identifier with its scheme, e.g. arXiv:1607.06450 (text, never a number)"),
              ("url", S, "URL"), ("path", S, "File under references/ that holds the entry")],
    "claims": [("id", S, "Record id (kb/claims/<id>.yaml)"), ("criterion", S, "The criterion the claim bears on"),
               ("favours", S, "Side the claim favours: open, closed, neither or depends"), ("statement", S, "The claim, one sentence"),
               ("as_of", S, "Date the claim is stated as of (ISO 8601)"), ("strength", S, "Strength of the evidence: weak, moderate or strong"),
               ("confidence", S, "Confidence: low, medium or high"), ("evidence", I, "Number of evidence items"),
               ("supports", I, "Evidence items that support the claim"), ("against", I, "Evidence items that contradict or qualify it")],
}
FORMATS = {".csv": ("csv", "text/csv"), ".parquet": ("parquet", "application/vnd.apache.parquet"),
           ".bib": ("bib", "application/x-bibtex"), ".graphml": ("graphml", "application/graphml+xml"),
           ".csl.json": ("json", "application/vnd.citationstyles.csl+json"), ".json": ("json", "application/json")}


def _format(name: str) -> tuple[str, str]:
    return next(v for ext, v in FORMATS.items() if name.endswith(ext))


def _licence(spdx: str) -> dict:
    return {"name": spdx, "path": LICENSES.get(spdx, f"https://spdx.org/licenses/{spdx}.html"), "title": spdx}


def datapackage(files: dict[str, bytes], descriptions: dict[str, str], prov: Provenance, licence: str) -> bytes:
    """The descriptor for `files` ({name: bytes}, names relative to the package)."""
    resources = []
    for name, blob in sorted(files.items()):
        fmt, media = _format(name)
        stem = name.split(".")[0]
        res = {"name": name.replace(".", "-").lower(), "path": name, "format": fmt, "mediatype": media,
               "encoding": "utf-8", "bytes": len(blob), "hash": "sha256:" + hashlib.sha256(blob).hexdigest(),
               "description": descriptions.get(name, "")}
        if stem in FIELDS and fmt in ("csv", "parquet"):
            res["profile"] = "tabular-data-resource"
            res["schema"] = {"fields": [{"name": n, "type": t, "description": d} for n, t, d in FIELDS[stem]]}
            if fmt == "csv":
                res["dialect"] = {"delimiter": ",", "doubleQuote": True, "header": True, "quoteChar": '"'}
        if fmt == "parquet":
            res.pop("encoding")
        resources.append(res)
    package = {"profile": "data-package", "name": "citekb-knowledge-base", "title": "citekb knowledge base",
               "description": "Works, models, claims and the knowledge graph of the citekb evidence atlas "
                              "(open-weight vs closed models), as published on the site.",
               "version": prov.commit, "created": f"{prov.as_of.isoformat()}T00:00:00Z",
               "licenses": [_licence(licence)], "kb_commit": prov.commit, "as_of": prov.as_of.isoformat(),
               "resources": resources}
    return (json.dumps(package, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
