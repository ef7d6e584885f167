"""Safe YAML with line numbers.

Mappings come back as `LineDict` (a dict that knows the 1-based line of each key's value) and
sequences as `LineList`. Duplicate keys, custom tags and alias-expansion bombs are reported as
`Diagnostic`s, never raised. Dates stay strings: the schema decides what a date is.
"""
from __future__ import annotations

import yaml

from ..checks.diagnostic import Diagnostic
from ..model import Location

MAX_EXPANDED_NODES = 200_000


class LineDict(dict):
    line: int = 0
    lines: dict

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)


class LineList(list):
    line: int = 0
    lines: list


class _Loader(yaml.SafeLoader):
    pass


# Keep dates as text: `2023-07-18` must not become a datetime.date behind the schema's back.
_Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

# libyaml composes the same nodes (tags, marks) about six times faster. It only ever serves the
# success path: anything it raises sends the text through the pure-Python loader, so every
# problem is still located and worded as that loader reports it.
_CLoader = None
if getattr(yaml, "__with_libyaml__", False):
    class _CLoader(yaml.CSafeLoader):  # type: ignore[no-redef]
        pass

    _CLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers


class YamlError(Exception):
    def __init__(self, code: str, message: str, line: int):
        super().__init__(message)
        self.code, self.message, self.line = code, message, line


def _expanded_size(node: yaml.Node, memo: dict[int, int]) -> int:
    key = id(node)
    if key in memo:
        return memo[key]
    memo[key] = 1  # guards recursive aliases
    if isinstance(node, yaml.MappingNode):
        size = 1 + sum(_expanded_size(k, memo) + _expanded_size(v, memo) for k, v in node.value)
    elif isinstance(node, yaml.SequenceNode):
        size = 1 + sum(_expanded_size(v, memo) for v in node.value)
    else:
        size = 1
    memo[key] = size
    if size > MAX_EXPANDED_NODES:
        raise YamlError("L004", "aliases expand to more than %d nodes (an alias bomb?)" % MAX_EXPANDED_NODES,
                        node.start_mark.line + 1)
    return size


# Plain data only. `!!python/object/apply:...` is in the yaml.org namespace too, so a prefix test
# would let it through on a sequence or mapping node (silently dropping the tag).
_PLAIN_TAGS = frozenset("tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "seq", "map",
                                                             "timestamp", "merge"))


def _construct(node: yaml.Node, loader: _Loader, depth: int = 0):
    if depth > 100:
        raise YamlError("L004", "nesting deeper than 100 levels", node.start_mark.line + 1)
    line = node.start_mark.line + 1
    if node.tag == "tag:yaml.org,2002:value":  # a bare `=` is YAML 1.1's "default value" marker; here, text
        return node.value
    if node.tag not in _PLAIN_TAGS:
        raise YamlError("L004", f"tag '{node.tag.replace('tag:yaml.org,2002:', '!!')}' is not allowed", line)
    if isinstance(node, yaml.MappingNode):
        out = LineDict()
        out.line, out.lines = line, {}
        loader.flatten_mapping(node)
        for knode, vnode in node.value:
            key = _construct(knode, loader, depth + 1)
            if not isinstance(key, (str, int, float, bool)) or key is None:
                raise YamlError("L005", "mapping keys must be plain scalars", knode.start_mark.line + 1)
            key = str(key)
            if key in out:
                raise YamlError("L003", f"duplicate key '{key}' (first on line {out.lines[key]})",
                                knode.start_mark.line + 1)
            out[key] = _construct(vnode, loader, depth + 1)
            out.lines[key] = vnode.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        out = LineList(_construct(v, loader, depth + 1) for v in node.value)
        out.line, out.lines = line, [v.start_mark.line + 1 for v in node.value]
        return out
    try:
        return loader.construct_object(node, deep=True)
    except yaml.YAMLError as exc:
        raise YamlError("L004", str(exc).splitlines()[0], line) from None
    except ValueError:  # Python refuses to convert an integer literal of more than 4300 digits
        raise YamlError("L004", f"the number '{node.value[:20]}...' has {len(node.value)} characters; "
                        "it is too long to read", line) from None


def _fast(text: str):
    """The document through libyaml, or `_FAILED` when anything at all goes wrong."""
    try:
        yaml.reader.Reader(text)  # the pure reader's refusal of control characters, applied first
        loader = _CLoader(text)
    except Exception:
        return _FAILED
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _expanded_size(node, {})
        return _construct(node, loader)
    except Exception:  # including RecursionError: the pure loader says where it stopped
        return _FAILED
    finally:
        loader.dispose()


_FAILED = object()


def load_yaml(text: str, path: str) -> tuple[object | None, list[Diagnostic]]:
    """Parse one YAML document; return `(data, problems)`. Never raises on bad input."""
    if _CLoader is not None:
        data = _fast(text)
        if data is not _FAILED:
            return data, []
    try:
        loader = _Loader(text)  # the reader rejects control characters here, before any parsing
    except yaml.reader.ReaderError as exc:
        return None, [_reader_problem(exc, text, path)]
    try:
        node = loader.get_single_node()
        if node is None:
            return None, []
        _expanded_size(node, {})
        return _construct(node, loader), []
    except YamlError as exc:
        return None, [Diagnostic(exc.code, exc.message, Location(path, exc.line), _fix_for(exc.code))]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        msg = " ".join(p for p in (exc.context, exc.problem) if p) or "invalid YAML"
        return None, [Diagnostic("L004", f"YAML syntax error: {msg}", Location(path, line), _fix_for("L004"))]
    except yaml.reader.ReaderError as exc:
        return None, [_reader_problem(exc, text, path)]
    except RecursionError:  # PyYAML's parser recurses per nesting level; where it stopped is the place
        return None, [Diagnostic("L004", "nesting too deep to parse", Location(path, loader.get_mark().line + 1),
                                  _fix_for("L004"))]
    except yaml.YAMLError as exc:
        return None, [Diagnostic("L004", f"YAML error: {exc}", Location(path, 0), _fix_for("L004"))]
    finally:
        loader.dispose()


def _reader_problem(exc: yaml.reader.ReaderError, text: str, path: str) -> Diagnostic:
    line = text.count("\n", 0, max(exc.position, 0)) + 1
    char = exc.character if isinstance(exc.character, str) else chr(exc.character or 0)
    return Diagnostic("L004", f"character U+{ord(char):04X} is not allowed in YAML", Location(path, line),
                       "Remove the control character (or save the file as UTF-8 text).")


def _fix_for(code: str) -> str:
    return {
        "L004": "Fix the YAML syntax at this line; plain scalars, lists and mappings only.",
        "L005": "Use plain strings as mapping keys.",
        "L003": "Remove or rename the repeated key; a parser would silently keep only one of them.",
    }.get(code, "")
