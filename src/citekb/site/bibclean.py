"""The BibTeX download: every work as curated, minus citekb's own curation fields.

`verified`, `introduces`, `alttitle`, `altauthor` and `origkey` mean something to citekb's
checks and nothing to BibTeX or biblatex (biber warns about each, as fields outside its data
model). The download leaves them out and says so in an `@comment` at the top, with the data's
as-of date and KB commit; the repository's references/*.bib keep them.
"""
from __future__ import annotations

import re

INTERNAL_FIELDS = ("verified", "introduces", "alttitle", "altauthor", "origkey")
_NAME = re.compile(r"^\s*([A-Za-z][\w.:-]*)\s*=", re.S)


def _segments(raw: str) -> tuple[str, list[str], str] | None:
    """(`@type{`, [key, field, field, ...], closing): split at the commas at brace depth one."""
    open_at = raw.find("{")
    if open_at < 0 or not raw.rstrip().endswith("}"):
        return None
    close_at = raw.rstrip().rfind("}")
    body, depth, quoted, parts, start = raw[open_at + 1:close_at], 0, False, [], 0
    for i, ch in enumerate(body):
        if ch == '"' and depth == 0:
            quoted = not quoted
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == "," and depth == 0 and not quoted:
            parts.append(body[start:i])
            start = i + 1
    parts.append(body[start:])
    return raw[:open_at + 1], parts, raw[close_at:]


def clean_entry(raw: str, drop=INTERNAL_FIELDS) -> str:
    """The entry without the `drop` fields, its layout otherwise untouched."""
    split = _segments(raw)
    if split is None:
        return raw
    head, parts, tail = split
    kept = [parts[0]]
    for part in parts[1:]:
        m = _NAME.match(part)
        if m and m.group(1).lower() in drop:
            continue
        kept.append(part)
    trailing = re.search(r"\s*$", parts[-1]).group(0)  # the newline before the closing brace
    text = ",".join(kept)
    if not text.endswith(trailing):
        text = text.rstrip() + trailing
    return head + text + tail


def clean_bibtex(works, *, header: str) -> str:
    entries = [clean_entry(w.raw.strip()) for w in sorted(works, key=lambda w: w.key) if w.raw]
    comment = "@comment{" + header.replace("{", "(").replace("}", ")") + "}"
    return "\n\n".join([comment, *entries]) + "\n"
