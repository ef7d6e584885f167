"""A polite, honest HTTP client for the online resolvers.

Polite: a User-Agent that names citekb and a contact, a minimum interval between requests to one
host (lengthened to what the service advertises in `X-Rate-Limit-Limit` / `X-Rate-Limit-Interval`,
as Crossref documents in its REST API README, "Rate limits"), timeouts, and an on-disk cache so
that a record is fetched once. Honest: a source that cannot
be reached after the retries raises `Unreachable`; the caller turns that into "not checked", never
into "not found". A 404 is an answer (the record does not exist) and is cached as one.
"""
from __future__ import annotations

import errno
import hashlib
import http.client
import logging
import re
import socket
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ... import __version__, atomic

log = logging.getLogger(__name__)
RETRY_STATUS = {408, 425, 429, 500, 502, 503, 504}
NOT_FOUND = b"\x00citekb:not-found\x00"
MAX_BODY = 20_000_000
RATE_WINDOW = re.compile(r"(\d+(?:\.\d+)?)s?")  # "1s", "60s": always seconds, says Crossref


class Unreachable(Exception):
    """The source did not answer (connection refused, timeout, 5xx or 429 after the retries)."""


@dataclass(frozen=True)
class Policy:
    timeout: float = 10.0
    retries: int = 3
    backoff: float = 1.0          # seconds; doubles on every retry
    interval: float = 0.1         # minimum seconds between two requests to the same source
    contact: str = "citekb-users@users.noreply.github.com"
    ttl: float = 30 * 86400.0       # seconds a cached answer stays fresh; a record can be retracted
    miss_ttl: float = 7 * 86400.0   # a cached 404: the record may be registered since

    @property
    def user_agent(self) -> str:
        return f"citekb/{__version__} (https://pypi.org/project/citekb/; mailto:{self.contact})"


class Http:
    """GET with cache, rate limit and retries; `sleep` and `clock` are injectable for tests."""

    def __init__(self, policy: Policy, *, cache: Path | None = None, sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.policy, self.cache, self.sleep, self.clock = policy, cache, sleep, clock
        self._last = float("-inf")
        self.requests = 0
        self.interval = policy.interval  # lengthened by the service's advertised rate limit

    def get(self, url: str) -> bytes | None:
        """The body, or None when the server says the record does not exist (404)."""
        cached = self._cached(url)
        if cached is not None:
            return None if cached == NOT_FOUND else cached
        body = self._fetch(url)
        self._store(url, NOT_FOUND if body is None else body)
        return body

    def _fetch(self, url: str) -> bytes | None:
        delay = self.policy.backoff
        for attempt in range(self.policy.retries + 1):
            self._wait()
            try:
                return self._once(url)
            except _Retry as exc:
                if attempt == self.policy.retries:
                    raise Unreachable(f"{url}: {exc}") from None
                pause = min(exc.retry_after or delay, 60.0)
                log.info("retrying %s in %.1fs (%s)", url, pause, exc)
                self.sleep(pause)
                delay *= 2
        raise AssertionError("unreachable")  # pragma: no cover

    def _once(self, url: str) -> bytes | None:
        """One request under a total deadline of `policy.timeout` seconds. The socket timeout
        alone bounds each read, so a server sending a byte a second would never time out; the
        request runs in a daemon thread and is given up (and its answer ignored) at the deadline."""
        self.requests += 1
        box: dict = {}
        worker = threading.Thread(target=self._request, args=(url, box, time.monotonic() + self.policy.timeout),
                                  daemon=True, name="citekb-http")
        worker.start()
        worker.join(self.policy.timeout + 0.5)
        if worker.is_alive() or "error" not in box and "body" not in box:
            raise _Retry(f"no complete answer within {self.policy.timeout:g} s")
        if "error" in box:
            return self._failed(url, box["error"])
        self._advertised(box.get("headers") or {})
        return box["body"]

    def _advertised(self, headers) -> None:
        """`X-Rate-Limit-Limit: 50` with `X-Rate-Limit-Interval: 1s` allows one request every 1/50 s;
        never faster than the policy's own interval, and a malformed header changes nothing."""
        limit = str(headers.get("X-Rate-Limit-Limit") or "").strip()
        window = RATE_WINDOW.fullmatch(str(headers.get("X-Rate-Limit-Interval") or "").strip())
        if limit.isdigit() and int(limit) > 0 and window:
            self.interval = max(self.policy.interval, min(float(window.group(1)) / int(limit), 60.0))

    def _request(self, url: str, box: dict, deadline: float) -> None:
        req = urllib.request.Request(url, headers={"User-Agent": self.policy.user_agent, "Accept": "*/*"})
        try:
            with urllib.request.urlopen(req, timeout=self.policy.timeout) as resp:  # noqa: S310 (bases are http(s))
                box["body"] = _read(resp, deadline)
                box["headers"] = resp.headers
        except Exception as exc:  # noqa: BLE001 - handed to the caller's thread, which decides
            box["error"] = exc

    def _failed(self, url: str, exc: Exception) -> bytes | None:
        if isinstance(exc, urllib.error.HTTPError):
            return self._status(url, exc)
        if isinstance(exc, (_Retry, Unreachable)):
            raise exc
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, (ConnectionRefusedError, socket.gaierror)) or \
                getattr(reason, "errno", None) in (errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ENETDOWN):
            raise Unreachable(f"{url}: {reason}")  # no network or nothing listening: retrying cannot help
        if isinstance(exc, (urllib.error.URLError, TimeoutError, ConnectionError, OSError, http.client.HTTPException)):
            raise _Retry(str(reason))
        raise exc

    def _status(self, url: str, exc: urllib.error.HTTPError) -> bytes | None:
        if exc.code in (404, 410):
            return None
        if exc.code in RETRY_STATUS:
            after = exc.headers.get("Retry-After", "") if exc.headers else ""
            raise _Retry(f"HTTP {exc.code}", float(after) if after.isdigit() else None) from None
        raise Unreachable(f"{url}: HTTP {exc.code}") from None

    def _wait(self) -> None:
        gap = self.interval - (self.clock() - self._last)
        if gap > 0:
            self.sleep(gap)
        self._last = self.clock()

    def _path(self, url: str) -> Path | None:
        return self.cache / hashlib.sha256(url.encode()).hexdigest() if self.cache else None

    def _cached(self, url: str) -> bytes | None:
        path = self._path(url)
        if not path or not path.is_file():
            return None
        body = path.read_bytes()
        age = time.time() - path.stat().st_mtime  # wall clock: the cache outlives the process
        return body if age < (self.policy.miss_ttl if body == NOT_FOUND else self.policy.ttl) else None

    def _store(self, url: str, body: bytes) -> None:
        path = self._path(url)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            atomic.write_bytes(path, body)
        except OSError:  # a cache that cannot be written only costs a later request
            pass


def _read(resp, deadline: float) -> bytes:
    """The body, read a chunk at a time so that the deadline is checked between chunks."""
    chunks, size = [], 0
    while True:
        if time.monotonic() > deadline:
            raise _Retry("the answer did not arrive before the deadline")
        chunk = resp.read1(65536)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > MAX_BODY:  # one record never needs this much: a wrong endpoint, not an answer
            raise Unreachable(f"{resp.geturl()}: the answer exceeds {MAX_BODY // 1_000_000} MB")


class _Retry(Exception):
    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after
