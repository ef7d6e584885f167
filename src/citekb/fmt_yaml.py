"""`citekb fmt` for YAML records: schema key order, two-space indent, comments kept.

ruamel.yaml's round-trip mode does the parsing and writing because it keeps comments, quoting and
flow style, which PyYAML drops. Keys are ordered as the kind's schema lists them (nested objects
too), unknown keys follow alphabetically. A file our own loader rejects (syntax error, duplicate
key, custom tag, alias bomb) is not touched: formatting it could only guess.
"""
from __future__ import annotations

import io
import re
import sys

from .load.schema import SPECS
from .load.compound import ListOf, MapOf, Obj, OneOf, Sourced_
from .load.specs import Spec
from .load.yamlfile import load_yaml
from .checks.diagnostic import Diagnostic
from .model import KIND_DIRS, Location

_KIND_OF_DIR = {d: k for k, d in KIND_DIRS.items()}
_SOURCED_ORDER = ("value", "source", "note", "as_of")
_TAIL = ("verified", "notes", "last_verified")  # the curator's record of checking comes last


class Unformattable(Exception):
    """The file cannot be formatted safely; `problems` say where and why."""

    def __init__(self, problems: list[Diagnostic]):
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


def kind_for(path: str) -> str | None:
    """The record kind of `kb/<dir>/<id>.yaml`, from its directory name."""
    parts = path.replace("\\", "/").split("/")
    return _KIND_OF_DIR.get(parts[-2]) if len(parts) >= 2 else None


class MissingDependency(Exception):
    """ruamel.yaml is not installed; only YAML formatting needs it, so the rest of citekb works."""


def _yaml():
    try:
        from ruamel.yaml import YAML
    except ImportError:
        raise MissingDependency("formatting YAML needs ruamel.yaml: pip install 'ruamel.yaml>=0.18,<0.19'") from None
    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = sys.maxsize  # never re-wrap a long line: that would be a change the curator did not make
    y.indent(mapping=2, sequence=4, offset=2)  # "key:\n  - item", the style most records use
    return y


def _order(keys: list[str], canonical: tuple[str, ...] | list[str]) -> list[str]:
    known = [k for k in canonical if k in keys]
    return known + sorted(k for k in keys if k not in canonical)


def _spec_keys(spec: Spec | None, value) -> tuple[Spec | None, tuple[str, ...]]:
    """The object spec that describes a mapping value, and its key order."""
    if isinstance(spec, Sourced_):
        return (spec.wrapper, _SOURCED_ORDER) if "value" in value else _spec_keys(spec.inner, value)
    if isinstance(spec, OneOf):
        for alt in spec.specs:
            if isinstance(alt, Obj) and set(value) <= set(alt.fields):
                return alt, tuple(alt.fields)
        return None, ()
    if isinstance(spec, Obj):
        keys = tuple(spec.fields)
        if spec in SPECS.values():  # a record: id first, the curator's notes last, as in the format docs
            keys = tuple(k for k in keys if k not in _TAIL) + _TAIL
        return spec, keys
    return spec, ()


def _reorder(node, spec: Spec | None) -> None:
    """Order mapping keys in place; comments are attached to their keys and move with them."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, CommentedMap):
        spec, canonical = _spec_keys(spec, node)
        if isinstance(spec, MapOf):  # a free map (scenario weights): the curator's order is kept
            canonical = tuple(node)
        for key in _order([k for k in node if isinstance(k, str)], canonical):
            node.move_to_end(key)
        for key, value in node.items():
            _reorder(value, _child_spec(spec, key))
    elif isinstance(node, CommentedSeq):
        item = spec.item if isinstance(spec, ListOf) else None
        for value in node:
            _reorder(value, item)


def _child_spec(spec: Spec | None, key) -> Spec | None:
    if isinstance(spec, Obj) and key in spec.fields:
        return spec.fields[key].spec
    if isinstance(spec, MapOf):
        return spec.value
    return None


def _comments(text: str) -> list[str]:
    """Comment texts, for the nothing-lost check (a '#' inside a quoted string may count too)."""
    return sorted(m.group(0).rstrip() for m in re.finditer(r"(?<![^\s])#.*", text))


def format_yaml(text: str, path: str) -> str:
    """The formatted text of one YAML record; raises `Unformattable` for a file it must not touch."""
    before, problems = load_yaml(text, path)
    if problems:
        raise Unformattable(problems)
    y = _yaml()  # before the try: a missing dependency is not this file's fault
    out = io.StringIO()
    try:
        data = y.load(text)
        kind = kind_for(path)
        _reorder(data, SPECS.get(kind) if kind else None)
        y.dump(data, out)
    except Exception as exc:  # ruamel is stricter than PyYAML in places; such a file is left alone
        raise Unformattable([_problem(path, f"cannot format this file: {str(exc).splitlines()[0] if str(exc) else exc}")]) from None
    # no trailing spaces, no blank lines at the start, at most one blank line in a row (fmt is idempotent)
    result = "\n".join(line.rstrip() for line in out.getvalue().splitlines()).strip("\n")
    result = re.sub(r"\n{3,}", "\n\n", result) + "\n"
    _verify(before, text, result, path)
    return result


def _verify(before, text: str, result: str, path: str) -> None:
    """Refuse to write anything that changed the data or dropped a comment."""
    after, problems = load_yaml(result, path)
    if problems or _plain(after) != _plain(before) or _comments(result) != _comments(text):
        raise Unformattable([_problem(path, "formatting would change the data or drop a comment; "
                                            "the file was left as it is")])


def _problem(path: str, message: str) -> Diagnostic:
    return Diagnostic("F001", message, Location(path, 1), "Format this file by hand, and report it to the citekb maintainers.")


def _plain(value):
    """Data without line bookkeeping, mapping order ignored (fmt reorders keys on purpose)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
