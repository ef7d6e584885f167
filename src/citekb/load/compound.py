"""Compound specs: lists, objects and their fields, sourced values, alternatives and maps.

They combine the scalar specs of `specs.py` and keep each problem's line and each reference's
field path (`ctx.trail`) right as they descend.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from ..model import Sourced
from .specs import INVALID, Ctx, Date, Source, Spec, Str, kind_of

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
