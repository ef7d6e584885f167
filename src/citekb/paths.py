"""Where each entity lives on the site: one function, shared by the site and the briefs."""
from __future__ import annotations

import hashlib
import re

SECTIONS = {
    "work": "papers",
    "model": "models",
    "framework": "frameworks",
    "organization": "organizations",
    "claim": "claims",
    "review": "reviews",
    "scenario": "briefs",
    "criterion": "criteria",
    "rule": "rules",
}
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def slug(ident: str) -> str:
    """A file-name-safe, collision-free form of an id or BibTeX key (never escapes its folder).

    >>> slug("touvron2023llama2")
    'touvron2023llama2'
    >>> slug("../etc/passwd").startswith("etc-passwd-")
    True
    """
    clean = _UNSAFE.sub("-", ident).strip(".-") or "item"
    if clean == ident:
        return ident
    return f"{clean[:60]}-{hashlib.sha1(ident.encode('utf-8')).hexdigest()[:8]}"


def page_path(kind: str, ident: str) -> str:
    """Site-relative Markdown path of an entity page: `models/llama-2-70b.md`."""
    return f"{SECTIONS[kind]}/{slug(ident)}.md"


def link(from_path: str, to_path: str) -> str:
    """Relative link from one generated page to another (both site-relative)."""
    depth = from_path.count("/")
    return "../" * depth + to_path
