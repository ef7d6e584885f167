"""Reviewed documents: what they assert about models and frameworks, checked against the KB."""
from __future__ import annotations

from ... import normalize as nz
from ...model import OPEN_ACCESS
from ..diagnostic import finding
from ..registry import rule


def kb_value(kb, subject, prop: str) -> tuple[str | None, str | None]:
    """(what the KB says for `prop` of the entity, the source it cites)."""
    d = subject.data
    src = lambda name: getattr(d.get(name), "source", None) or d.get("source")  # noqa: E731
    if prop == "kind":
        return subject.kind, None
    if prop == "openness":
        if subject.kind == "model":
            return ("open" if subject.access in OPEN_ACCESS else "closed"), src("access")
        if subject.kind == "framework":
            lic = subject.value("license")
            return ("open" if lic and not str(lic).startswith("LicenseRef-Proprietary") else "closed"), src("license")
        return None, None
    if prop == "access" and subject.kind == "model":
        return subject.access, src("access")
    if prop == "license":
        lic = d.get("license")
        value = lic.get("id") if isinstance(lic, dict) else subject.value("license")
        return value, (lic.get("source") if isinstance(lic, dict) else src("license"))
    if prop == "commercial_use" and isinstance(d.get("license"), dict):
        return d["license"].get("commercial_use"), d["license"].get("source")
    if prop == "organization":
        return ", ".join(subject.value("organization") or ()), None
    if prop == "released":
        field = "released" if "released" in d else "first_release"
        return subject.value(field), src(field)
    return None, None


def agrees(prop: str, asserted: str, actual: str, kb) -> bool:
    a, b = asserted.strip().lower(), str(actual).strip().lower()
    if prop == "released":
        return a[:4] == b[:4] if len(a) == 4 or len(b) == 4 else a == b
    if prop == "organization":
        ids = [x.strip() for x in b.split(",")]
        names = {i for i in ids} | {nz.fold((kb.get("organization", i).name if kb.get("organization", i) else i)) for i in ids}
        return a in ids or nz.fold(a) in names
    return a == b


@rule("A401", "assertion-contradicts-kb", "info")
def assertion_contradicts_kb(kb, ctx):
    """A reviewed document asserts something about a model or framework that the KB contradicts.

    What it checks:
        Each assertion recorded in a review (`openness`, `access`, `license`, `organization`,
        `released`, `kind`, `commercial_use`) is compared with the KB's sourced fact about the
        same entity; a disagreement is reported with the KB's source. The curator records what
        the document says; the verdict is computed, never typed in.

    Why it matters:
        Articles on open versus closed models often call an open-weight model closed, or a
        framework a model; the KB exists to say so, with a citation. It is info by default
        because it describes the reviewed document, not a defect of the KB; raise it with
        `severity = {A401 = "error"}` to fail a run on it.

    Example:
        assertions:
          - subject: tiny-model
            property: openness
            value: closed

    Fix:
        Nothing to fix in the KB when the document is wrong: the finding is the fact-check, and
        the site shows it. Correct the KB instead if its fact is the one that is wrong.
    """
    for review in kb.of("review"):
        for i, a in enumerate(review.assertions):
            subject = kb.entity(a.get("subject", ""))
            if subject is None:
                continue  # unknown subjects are K202's business
            actual, source = kb_value(kb, subject, a.get("property", ""))
            if actual is None or agrees(a["property"], str(a.get("value", "")), actual, kb):
                continue
            where = review.location.at(_assertion_line(review, i) or review.line_of("assertions"))
            cite = f" (source: {source})" if source else ""
            yield finding(where, f"'{review.id}' asserts {a['subject']} {a['property']} = {a['value']}, but the KB "
                          f"says {actual}{cite}", "No change needed if the document is wrong; otherwise correct the "
                          "KB fact.")


def _assertion_line(review, index: int) -> int:
    """Line of the index-th assertion: the loader keeps item lines on the record's refs."""
    prefix = f"assertions.{index}."
    lines = [r.line for r in review.refs if r.field.startswith(prefix)]
    return min(lines) if lines else 0
