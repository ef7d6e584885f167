"""Replay responses recorded from the real services (see recorded/README.md) on 127.0.0.1.

A test routes a path to one or more recorded exchanges (`serve`); a route with several answers
gives them in turn (a 429, then the record). Requests are kept (path, query, User-Agent) so that
tests can assert what citekb asked for. A documented example written with `//` comments (the
OpenAlex docs) is turned into JSON by dropping the comments and the commas they leave dangling.
"""
from __future__ import annotations

import json
import re
import urllib.parse
from pathlib import Path

from localserver import LocalServer

RECORDED = Path(__file__).parent / "recorded"


def exchange(name: str) -> dict:
    return json.loads((RECORDED / name).read_text(encoding="utf-8"))


def body(name: str) -> bytes:
    text = exchange(name)["response"]["body"]
    if "documented example" in exchange(name)["provenance"]["note"]:
        text = re.sub(r"^\s*//.*$", "", text, flags=re.M)
        text = re.sub(r",(\s*[\]}])", r"\1", text)
    return text.encode("utf-8")


class Replay(LocalServer):
    def __init__(self) -> None:
        super().__init__()
        self.routes: dict[str, list[str]] = {}
        self.requests: list[tuple[str, dict, str]] = []

    def handle(self, raw: str, user_agent: str) -> tuple[int, dict, bytes]:
        url = urllib.parse.urlsplit(raw)
        path = urllib.parse.unquote(url.path)
        self.requests.append((path, dict(urllib.parse.parse_qsl(url.query)), user_agent))
        queue = self.routes.get(path)
        if not queue:
            return 599, {}, b"no recorded answer for this path"
        name = queue.pop(0) if len(queue) > 1 else queue[0]
        answer = exchange(name)["response"]
        return answer["status"], answer["headers"], body(name)

    def serve(self, path: str, *names: str) -> None:
        self.routes[path] = list(names)
