"""Small validator combinators: each spec normalizes one value and describes itself as JSON Schema.

A spec is called as `spec(value, line, ctx)`; it returns the normalized value, or `INVALID` after
recording a problem in `ctx`. Nothing here raises on user data.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from typing import Any

from ..checks.diagnostic import Diagnostic
from ..model import Location, Ref, Sourced

ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,79}$")
KEY_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_:.+\-/]{0,99}$")
DATE_RE = re.compile(r"^(\d{4})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$")
URL_RE = re.compile(r"^https?://[^\s]+$")


def kind_of(value: Any) -> str:
    """What a YAML value is, in a curator's words (not Python's class names)."""
    if isinstance(value, bool):
        return "true/false"
    if value is None:
        return "nothing"
    for types, name in ((dict, "a mapping"), (list, "a list"), (str, "text"), ((int, float), "a number")):
        if isinstance(value, types):
            return name
    return type(value).__name__


class _Invalid:
    def __repr__(self) -> str:
        return "INVALID"


INVALID = _Invalid()


@dataclass
class Ctx:
    path: str
    problems: list[Diagnostic] = field(default_factory=list)
    refs: list[Ref] = field(default_factory=list)
    trail: list[str] = field(default_factory=list)

    def error(self, message: str, line: int, code: str = "L005", fix: str = "") -> _Invalid:
        where = ".".join(self.trail)
        text = f"{where}: {message}" if where else message
        self.problems.append(Diagnostic(code, text, Location(self.path, line), fix))
        return INVALID


class Spec:
    description = ""

    def __call__(self, value: Any, line: int, ctx: Ctx) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def schema(self) -> dict:  # pragma: no cover - abstract
        raise NotImplementedError


class Str(Spec):
    def __init__(self, *, pattern: re.Pattern | None = None, what: str = "text", max_len: int = 10_000):
        self.pattern, self.what, self.max_len = pattern, what, max_len

    def __call__(self, value, line, ctx):
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            return ctx.error(f"expected {self.what}, got {kind_of(value)}", line)
        value = str(value).strip()
        if not value:
            return ctx.error(f"expected {self.what}, got an empty value", line)
        if len(value) > self.max_len:
            return ctx.error(f"longer than {self.max_len} characters", line)
        if self.pattern and not self.pattern.match(value):
            return ctx.error(f"'{value[:80]}' is not a valid {self.what}", line)
        return value

    def schema(self):
        out: dict = {"type": "string", "minLength": 1, "maxLength": self.max_len}
        if self.pattern:
            out["pattern"] = self.pattern.pattern
        return out


class Date(Str):
    def __init__(self):
        super().__init__(pattern=DATE_RE, what="date (YYYY, YYYY-MM or YYYY-MM-DD)")

    def schema(self):  # YAML reads an unquoted year (`as_of: 2024`) as an integer, and so may editors
        return {"anyOf": [super().schema(), {"type": "integer", "minimum": 1000, "maximum": 9999}]}


class Url(Str):
    def __init__(self):
        super().__init__(pattern=URL_RE, what="http(s) URL")


class Id(Str):
    def __init__(self):
        super().__init__(pattern=ID_RE, what="id (lower-case letters, digits, '.', '_', '-')", max_len=80)


class Enum(Spec):
    def __init__(self, values: tuple[str, ...], *, code: str = "L005"):
        self.values, self.code = values, code

    def __call__(self, value, line, ctx):
        v = str(value).strip().lower() if isinstance(value, (str, bool, int)) else value
        if isinstance(value, bool):
            v = "yes" if value else "no"
        if v not in self.values:
            return ctx.error(f"'{value}' is not one of: {', '.join(self.values)}", line, self.code)
        return v

    def schema(self):
        if "yes" in self.values and "no" in self.values:  # YAML 1.1 reads yes/no as booleans
            return {"anyOf": [{"enum": list(self.values)}, {"type": "boolean"}]}
        return {"enum": list(self.values)}


class Bool(Spec):
    def __call__(self, value, line, ctx):
        if isinstance(value, bool):
            return value
        return ctx.error(f"expected true or false, got '{value}'", line)

    def schema(self):
        return {"type": "boolean"}


class RefTo(Spec):
    """An id of another record; the reference is recorded so dangling ones can be reported."""

    def __init__(self, kind: str):
        self.kind = kind
        self.inner = Str(pattern=KEY_RE, what="BibTeX key") if kind == "work" else Id()

    def __call__(self, value, line, ctx):
        v = self.inner(value, line, ctx)
        if v is not INVALID:
            v = unicodedata.normalize("NFC", v)  # keys compare in NFC, however they were typed
            ctx.refs.append(Ref(self.kind, v, line, ".".join(ctx.trail)))
        return v

    def schema(self):
        return self.inner.schema()


class Source(Spec):
    """A BibTeX key or an http(s) URL."""

    def __call__(self, value, line, ctx):
        v = str(value).strip() if isinstance(value, str) else value
        if isinstance(v, str) and URL_RE.match(v):
            return v
        return RefTo("work")(value, line, ctx)

    def schema(self):
        return {"type": "string", "minLength": 1}


class ListOf(Spec):
    def __init__(self, item: Spec, *, min_items: int = 0, max_items: int = 10_000, coerce: bool = True):
        self.item, self.min_items, self.max_items, self.coerce = item, min_items, max_items, coerce

    def __call__(self, value, line, ctx):
        if not isinstance(value, list):
            if self.coerce and isinstance(value, (str, int, float)) and not isinstance(value, bool):
                value = [value]
                lines = [line]
            else:
                return ctx.error(f"expected a list, got {kind_of(value)}", line)
        else:
            lines = getattr(value, "lines", [line] * len(value))
        if len(value) < self.min_items:
            return ctx.error(f"needs at least {self.min_items} item(s)", line)
        if len(value) > self.max_items:
            return ctx.error(f"has more than {self.max_items} items", line)
        out: list = []
        for i, (item, item_line) in enumerate(zip(value, lines)):
            mark = len(ctx.refs)
            ctx.trail.append(str(i))
            v = self.item(item, item_line, ctx)
            ctx.trail.pop()
            if v is INVALID:
                del ctx.refs[mark:]  # a dropped item refers to nothing
                continue
            if i != len(out):
                _renumber(ctx, mark, i, len(out))
            out.append(v)
        return tuple(out)

    def schema(self):
        out = {"type": "array", "items": self.item.schema(), "minItems": self.min_items}
        if self.coerce:
            return {"oneOf": [self.item.schema(), out]} if self.min_items <= 1 else out
        return out


def _renumber(ctx: Ctx, mark: int, source: int, kept: int) -> None:
    """Refs name the item by its place in the validated tuple, so that `record.get(field)[i]` is the
    item a ref came from even after an invalid item before it was dropped; the line stays the source's."""
    head = ".".join(ctx.trail)
    old, new = f"{head}.{source}" if head else str(source), f"{head}.{kept}" if head else str(kept)
    for j in range(mark, len(ctx.refs)):
        ref = ctx.refs[j]
        if ref.field == old or ref.field.startswith(old + "."):
            ctx.refs[j] = replace(ref, field=new + ref.field[len(old):])


@dataclass(frozen=True)
class F:
    """A field of an object spec."""

    spec: Spec
    required: bool = False
    doc: str = ""


class Obj(Spec):
    def __init__(self, fields: dict[str, F], *, doc: str = ""):
        self.fields, self.doc = fields, doc

    def __call__(self, value, line, ctx):
        if not isinstance(value, dict):
            return ctx.error(f"expected a mapping, got {kind_of(value)}", line)
        lines = getattr(value, "lines", {})
        out: dict[str, Any] = {}
        for name in value:
            if name not in self.fields:
                ctx.error(f"unknown field '{name}' (known: {', '.join(self.fields)})", lines.get(name, line),
                          fix="Remove the field or fix its spelling.")
        missing = [n for n, f in self.fields.items() if f.required and value.get(n) is None]
        if missing:
            names = ", ".join(f"'{n}'" for n in missing)
            ctx.error(f"missing required field{'s' if len(missing) > 1 else ''} {names}", line,
                      fix=f"Add {names} (see the knowledge-base format page).")
        for name, f in self.fields.items():
            if name not in value or value[name] is None:
                continue
            ctx.trail.append(name)
            v = f.spec(value[name], lines.get(name, line), ctx)
            ctx.trail.pop()
            if v is not INVALID:
                out[name] = v
        return out

    def schema(self):
        props = {n: {**f.spec.schema(), **({"description": f.doc} if f.doc else {})} for n, f in self.fields.items()}
        return {"type": "object", "properties": props, "additionalProperties": False,
                "required": [n for n, f in self.fields.items() if f.required]}


class Sourced_(Spec):
    """A plain value, or `{value, source, note, as_of}`."""

    def __init__(self, inner: Spec):
        self.inner = inner
        self.wrapper = Obj({"value": F(inner, True), "source": F(Source()), "note": F(Str()),
                            "as_of": F(Date())})

    def __call__(self, value, line, ctx):
        if isinstance(value, dict) and "value" in value:
            d = self.wrapper(value, line, ctx)
            if d is INVALID or "value" not in d:
                return INVALID
            return Sourced(d["value"], d.get("source"), d.get("note"), d.get("as_of"), line)
        v = self.inner(value, line, ctx)
        return INVALID if v is INVALID else Sourced(v, None, None, None, line)

    def schema(self):
        return {"oneOf": [self.inner.schema(), self.wrapper.schema()]}


class OneOf(Spec):
    """Try specs in order; the first that accepts without problems wins."""

    def __init__(self, *specs: Spec, what: str):
        self.specs, self.what = specs, what

    def __call__(self, value, line, ctx):
        for spec in self.specs:
            trial = Ctx(ctx.path, trail=list(ctx.trail))
            v = spec(value, line, trial)
            if v is not INVALID and not trial.problems:
                ctx.refs.extend(trial.refs)
                return v
        return ctx.error(f"expected {self.what}", line)

    def schema(self):
        return {"anyOf": [s.schema() for s in self.specs]}


class MapOf(Spec):
    def __init__(self, key: Spec, value: Spec):
        self.key, self.value = key, value

    def __call__(self, value, line, ctx):
        if not isinstance(value, dict):
            return ctx.error(f"expected a mapping, got {kind_of(value)}", line)
        lines = getattr(value, "lines", {})
        out = {}
        for k, v in value.items():
            ctx.trail.append(str(k))
            kk = self.key(k, lines.get(k, line), ctx)
            vv = self.value(v, lines.get(k, line), ctx)
            ctx.trail.pop()
            if kk is not INVALID and vv is not INVALID:
                out[kk] = vv
        return out

    def schema(self):
        return {"type": "object", "propertyNames": self.key.schema(), "additionalProperties": self.value.schema()}


class Const(Spec):
    def __init__(self, value: str):
        self.value = value

    def __call__(self, value, line, ctx):
        return value if value == self.value else ctx.error(f"expected '{self.value}'", line)

    def schema(self):
        return {"const": self.value}


from .numbers import MAX_NUMBER, Count, Number  # noqa: E402,F401  (numeric specs live in their own module)
