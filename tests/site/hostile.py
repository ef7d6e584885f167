"""A copy of the shipped knowledge base with a hostile payload in every text field of every kind.

`hostile_repo(dest)` copies the repository's kb/, references/ and docs/ into `dest` and rewrites
enough records of each kind to hold every text field of that kind (and the first entries of each BibTeX file): every free-text string
gets PAYLOAD appended, every URL becomes a `javascript:` URL. `COVERAGE` lists what was rewritten
as (kind, field path), so the test can say what it covered. Identifiers and references between
records stay intact, so the pages still link up and every payload reaches a page.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
JS_URL = "javascript:window.__pwned=1"
# One string with every trick: a script element, an attribute break-out, a Markdown link to a
# javascript: URL, Jinja and Markdown-attribute syntax, an SVG handler and a table-cell break-out.
PAYLOAD = ('</title><script>window.__pwned=1</script> "><img src=x onerror="window.__pwned=1"> '
           "[x](javascript:window.__pwned=1) {{ 7*7 }} {% raw %} {: onclick=\"window.__pwned=1\" } "
           "<svg onload=window.__pwned=1> | ' onmouseover='window.__pwned=1")
SHOWN = "<script>window.__pwned=1</script>"  # what a reader must see, as text, where a field appears
CONTROL = "\x01\x0b\x1b[31m\x7f"  # control characters XML cannot carry
# Cells a spreadsheet would run as formulas: (kind, field, value), planted at the start of a field.
# (The loaders strip leading whitespace, so a tab or a carriage return cannot start a KB value;
# tests/site/test_site_downloads.py covers those cells directly.)
FORMULAS = (("models", "name", "=HYPERLINK(\"https://example.org\",\"x\")"), ("models", "license.id", "@SUM(1+1)"),
            ("claims", "statement", "+1+1"), ("bibtex", "title", "-2+3"))

# Fields that name another record or hold a number, a date or a flag: left alone so that the site
# keeps its shape. Everything else that is a string is text a curator typed.
KEEP = {"id", "organization", "paper", "base_model", "models", "cite", "claim", "subject", "supersedes",
        "parent", "frameworks", "criterion", "favours", "stance", "position", "constraints", "access",
        "released", "first_release", "as_of", "published", "accessed", "modality", "magnitude", "conditions",
        "components", "commercial_use", "total", "active", "unit", "measure", "window_start", "window_end"}
URL_KEYS = {"url", "model_card", "repository", "source"}
ENTRIES_PER_BIB = 2
BIB_TEXT = ("title", "booktitle", "journal", "publisher", "note", "howpublished", "institution", "editor")


def _mutate(value, path: tuple[str, ...], seen: set[str]):
    """The value with PAYLOAD in every text string and a javascript: URL in every URL field."""
    key = path[-1] if path else ""
    if isinstance(value, dict):
        # `id` names the record at the top level; a licence's `id` is text like any other.
        return {k: v if k in KEEP and (k != "id" or not path) else _mutate(v, path + (str(k),), seen)
                for k, v in value.items()}
    if isinstance(value, list):
        return [_mutate(v, path + ("[]",), seen) for v in value]
    if not isinstance(value, str):
        return value
    seen.add(".".join(path))
    return JS_URL if key in URL_KEYS else f"{value} {PAYLOAD}"


def _mutate_record(doc: dict, seen: set[str]) -> dict:
    out = _mutate(doc, (), seen)
    # Sourced facts whose value steers the site (an access level, a date) keep the value; their
    # source and note are text like any other.
    for k in ("access", "released", "first_release"):
        if isinstance(doc.get(k), dict):
            sub = {kk: vv for kk, vv in doc[k].items() if kk in ("note", "source")}
            out[k] = {**doc[k], **_mutate(sub, (k,), seen)}
    return out


def _text_paths(doc: dict) -> set[str]:
    seen: set[str] = set()
    _mutate_record(doc, seen)
    return seen


def _mutate_yaml(kb: Path, coverage: set[tuple[str, str]]) -> None:
    """Per kind, the fewest records (greedily) that together hold every text field of that kind."""
    for folder in sorted(p for p in kb.iterdir() if p.is_dir()):
        docs = {f: yaml.safe_load(f.read_text(encoding="utf-8")) for f in sorted(folder.glob("*.yaml"))}
        paths = {f: _text_paths(d) for f, d in docs.items() if isinstance(d, dict)}
        wanted, chosen = set().union(*paths.values()) if paths else set(), []
        while wanted and len(chosen) < len(paths):
            best = max(sorted(paths), key=lambda f: len(paths[f] & wanted))  # first of the best: deterministic
            if not paths[best] & wanted:
                break
            chosen.append(best)
            wanted -= paths[best]
        for f in chosen:
            seen: set[str] = set()
            f.write_text(yaml.safe_dump(_mutate_record(docs[f], seen), sort_keys=False, allow_unicode=True),
                         encoding="utf-8")
            coverage.update((folder.name, s) for s in seen)


_ENTRY = re.compile(r"^@\w+\{", re.M)


def _mutate_entry(entry: str, coverage: set[tuple[str, str]]) -> str:
    for name in BIB_TEXT:
        pattern = re.compile(rf"^(\s*{name}\s*=\s*\{{)", re.M | re.I)
        if pattern.search(entry):
            entry = pattern.sub(lambda m: m.group(1) + PAYLOAD + " ", entry, count=1)
            coverage.add(("bibtex", name))
    entry, n = re.subn(r"^(\s*author\s*=\s*\{)", lambda m: m.group(1) + "{" + PAYLOAD + "} and ", entry, count=1, flags=re.M)
    if n:
        coverage.add(("bibtex", "author"))
    entry, n = re.subn(r"^(\s*url\s*=\s*\{)[^}\n]*\}", lambda m: m.group(1) + JS_URL + "}", entry, count=1, flags=re.M)
    if n:
        coverage.add(("bibtex", "url"))
    entry, n = re.subn(r"^(\s*verified\s*=\s*\{)", lambda m: m.group(1) + PAYLOAD + " ", entry, count=1, flags=re.M)
    if n:
        coverage.add(("bibtex", "verified"))
    return entry


def _mutate_bib(refs: Path, coverage: set[tuple[str, str]]) -> None:
    for bib in sorted(refs.glob("*.bib")):
        text = bib.read_text(encoding="utf-8")
        starts = [m.start() for m in _ENTRY.finditer(text)]
        if not starts:
            continue
        bounds = starts + [len(text)]
        pieces = [text[:starts[0]]]
        for i, (a, b) in enumerate(zip(bounds, bounds[1:])):
            chunk = text[a:b]
            pieces.append(_mutate_entry(chunk, coverage) if i < ENTRIES_PER_BIB else chunk)
        bib.write_text("".join(pieces), encoding="utf-8")


def hostile_repo(dest: Path) -> tuple[Path, set[tuple[str, str]]]:
    """(repository copy with payloads, {(kind, field path)} rewritten)."""
    dest.mkdir(parents=True)
    for name in ("kb", "references", "docs"):
        shutil.copytree(ROOT / name, dest / name)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    config = yaml.safe_load((dest / "mkdocs.yml").read_text(encoding="utf-8"))
    config["hooks"] = [str(ROOT / "scripts" / "mkdocs_hooks.py")]
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    if (ROOT / "pyproject.toml").is_file():  # the [tool.citekb] settings of the shipped KB
        shutil.copy(ROOT / "pyproject.toml", dest / "pyproject.toml")
    coverage: set[tuple[str, str]] = set()
    _mutate_yaml(dest / "kb", coverage)
    _mutate_bib(dest / "references", coverage)
    _plant(dest)
    return dest, coverage


def _plant(dest: Path) -> None:
    """Formula-looking starts and control characters in a model, a claim and a work."""
    model = sorted((dest / "kb" / "models").glob("*.yaml"))[0]
    doc = yaml.safe_load(model.read_text(encoding="utf-8"))
    doc["name"] = FORMULAS[0][2] + " " + doc["name"] + CONTROL
    doc["license"]["id"] = FORMULAS[1][2]
    doc["family"] = f"family{CONTROL}"
    model.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    claim = sorted((dest / "kb" / "claims").glob("*.yaml"))[0]
    doc = yaml.safe_load(claim.read_text(encoding="utf-8"))
    doc["statement"] = FORMULAS[2][2] + " " + doc["statement"]
    claim.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    bib = sorted((dest / "references").glob("*.bib"))[0]
    text = bib.read_text(encoding="utf-8")
    text = re.sub(r"^(\s*title\s*=\s*\{)", lambda m: m.group(1) + FORMULAS[3][2] + CONTROL + " ", text, count=1, flags=re.M)
    bib.write_text(text, encoding="utf-8")
