"""Replay responses recorded from the real services (see recorded/README.md) on 127.0.0.1.

A test routes a path to one or more recorded exchanges (`serve`); a route with several answers
gives them in turn (a 429, then the record). Requests are kept (path, query, User-Agent) so that
tests can assert what citekb asked for. A documented example written with `//` comments (the
OpenAlex docs) is turned into JSON by dropping the comments and the commas they leave dangling.
"""
from __future__ import annotations

import json
import re
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

RECORDED = Path(__file__).parent / "recorded"


def exchange(name: str) -> dict:
    return json.loads((RECORDED / name).read_text(encoding="utf-8"))


def body(name: str) -> bytes:
    text = exchange(name)["response"]["body"]
    if "documented example" in exchange(name)["provenance"]["note"]:
        text = re.sub(r"^\s*//.*$", "", text, flags=re.M)
        text = re.sub(r",(\s*[\]}])", r"\1", text)
    return text.encode("utf-8")


class Replay:
    def __init__(self) -> None:
        self.routes: dict[str, list[str]] = {}
        self.requests: list[tuple[str, dict, str]] = []
        replay = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                url = urllib.parse.urlsplit(self.path)
                path = urllib.parse.unquote(url.path)
                replay.requests.append((path, dict(urllib.parse.parse_qsl(url.query)), self.headers.get("User-Agent", "")))
                queue = replay.routes.get(path)
                if not queue:
                    return self._send(599, {}, b"no recorded answer for this path")
                name = queue.pop(0) if len(queue) > 1 else queue[0]
                rec = exchange(name)["response"]
                self._send(rec["status"], rec["headers"], body(name))

            def _send(self, status, headers, payload):
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def serve(self, path: str, *names: str) -> None:
        self.routes[path] = list(names)

    def __enter__(self) -> "Replay":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
