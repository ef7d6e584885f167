"""Small validator combinators: each spec normalizes one value and describes itself as JSON Schema.

A spec is called as `spec(value, line, ctx)`; it returns the normalized value, or `INVALID` after
recording a problem in `ctx`. Nothing here raises on user data.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from ..checks.diagnostic import Diagnostic
from ..model import Location, Ref

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


class Const(Spec):
    def __init__(self, value: str):
        self.value = value

    def __call__(self, value, line, ctx):
        return value if value == self.value else ctx.error(f"expected '{self.value}'", line)

    def schema(self):
        return {"const": self.value}
