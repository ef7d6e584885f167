"""Slow, silent and garbled servers must not hold a run or pass it: `--online` has a total deadline
per request, gives up at once when nothing listens, and reads a 200 answer it cannot parse as
"not checked" (exit 3), never as "no such record" (unverifiable, exit 0).

The servers run on 127.0.0.1 in daemon threads of the test process."""
from __future__ import annotations

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from citekb.sources.online import Http, Policy, Unreachable
from hardening_helpers import findings, messages, run_cli


class _Trickle(BaseHTTPRequestHandler):
    """Headers at once, then the body a byte every 0.4 s: each read is quick, the whole takes minutes."""

    def do_GET(self):  # noqa: N802 - the http.server API
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "600")
        self.end_headers()
        try:
            for _ in range(600):
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(0.4)
        except OSError:
            pass

    def log_message(self, *args):
        pass


class _SlowHeaders(_Trickle):
    """The status line arrives a byte every 0.4 s: no single read ever hits the socket timeout."""

    def do_GET(self):  # noqa: N802
        try:
            for byte in b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" * 20:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.4)
        except OSError:
            pass


class _Garbled(_Trickle):
    def do_GET(self):  # noqa: N802
        body = b"<html>Service temporarily replaced by a login page</html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _serve(handler):
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.mark.parametrize("handler", [_Trickle, _SlowHeaders], ids=["slow-body", "slow-headers"])
def test_a_server_sending_a_byte_a_second_is_given_up_at_the_deadline(handler):
    server, base = _serve(handler)
    try:
        start = time.monotonic()
        with pytest.raises(Unreachable, match="no complete answer within 1 s|before the deadline"):
            Http(Policy(timeout=1, retries=1, backoff=0.1, interval=0)).get(base + "/works/x")
        assert time.monotonic() - start < 15  # two attempts of 1 s each, with room for a loaded machine
    finally:
        server.shutdown()


def test_nothing_listening_fails_fast_without_retries():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again when the block ends: nothing listens there
    pauses: list[float] = []
    start = time.monotonic()
    with pytest.raises(Unreachable, match="Connection refused"):
        Http(Policy(timeout=5, retries=3, backoff=2.0, interval=0), sleep=pauses.append).get(f"http://127.0.0.1:{port}/x")
    assert pauses == [] and time.monotonic() - start < 5


DOC = "# T\n\nAs shown by Doe [1].\n\n## References\n\n[1] Doe, J. (2020). A study of garbled answers in practice. doi:10.1000/xyz123\n"


def _online_repo(tmp_path, base: str):
    (tmp_path / "references").mkdir()
    (tmp_path / "pyproject.toml").write_text(
        "[tool.citekb.online]\n" + "".join(f'{name} = "{base}/{name}"\n' for name in ("crossref", "arxiv", "openalex", "dblp"))
        + 'sources = ["crossref", "openalex"]\ntimeout = 2\nretries = 0\ninterval = 0\ncache = "off-cache"\n')
    (tmp_path / "doc.md").write_text(DOC)
    return tmp_path


def test_a_200_answer_that_cannot_be_parsed_is_not_checked(tmp_path):
    server, base = _serve(_Garbled)
    try:
        root = _online_repo(tmp_path, base)
        proc = run_cli("check-doc", "doc.md", "--online", "--canon", "references", "-f", "json", cwd=root, timeout=60)
    finally:
        server.shutdown()
    assert proc.returncode == 3
    assert ("C324", "doc.md", 7) in findings(proc)
    assert messages(proc, "C324") == ["[1] was not checked: a source that could hold it did not answer"]


def test_a_trickling_server_does_not_hold_a_check_doc_run(tmp_path):
    server, base = _serve(_Trickle)
    try:
        root = _online_repo(tmp_path, base)
        start = time.monotonic()
        proc = run_cli("check-doc", "doc.md", "--online", "--canon", "references", "-f", "json", cwd=root, timeout=120)
        elapsed = time.monotonic() - start
    finally:
        server.shutdown()
    assert proc.returncode == 3 and ("C324", "doc.md", 7) in findings(proc)
    assert elapsed < 60  # two sources, one 2 s deadline each, then marked down; minutes before
