"""Online resolvers (Crossref, arXiv, OpenAlex, DBLP), used only when asked for.

`--online` (or `enabled = true` under `[tool.citekb.online]`) turns them on; nothing in citekb
contacts the network otherwise. Settings, all optional:

    [tool.citekb.online]
    sources = ["crossref", "arxiv", "openalex", "dblp"]   # order of consultation
    crossref = "https://api.crossref.org"                  # base URLs (tests point them at 127.0.0.1)
    contact = "you@example.org"                            # goes into the User-Agent
    timeout = 10        retries = 3        backoff = 1.0   # seconds; backoff doubles per retry
    deadline = 600      # total seconds for one run; what is left is "not checked", the next run resumes
    ttl = 30            # days a cached answer stays fresh (a work can be retracted); miss_ttl = 7 for 404s
    cache = "path/to/dir"     # response cache; default: the user's cache directory (never the checked tree)
"""
from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path

from ...config import ConfigError
from .http import Http, Policy, Unreachable  # noqa: F401
from .sources import SOURCES, Deadline, OnlineSource

BASES = {"crossref": "https://api.crossref.org", "arxiv": "https://export.arxiv.org/api",
         "openalex": "https://api.openalex.org", "dblp": "https://dblp.org"}
INTERVALS = {"crossref": 0.1, "arxiv": 3.0, "openalex": 0.1, "dblp": 1.0}  # the APIs' published manners
POLITE_POOLS = {"crossref", "openalex"}  # these take the contact as a `mailto` parameter too
KEYS = {"enabled", "sources", "contact", "timeout", "retries", "backoff", "interval", "cache", "deadline",
        "ttl", "miss_ttl", *BASES}
DAY = 86400.0


@dataclass(frozen=True)
class Settings:
    enabled: bool = False
    sources: tuple[str, ...] = tuple(BASES)
    bases: dict = field(default_factory=lambda: dict(BASES))
    policy: Policy = Policy()
    interval: float | None = None
    cache: Path | None = None
    deadline: float | None = 600.0


def settings(table: dict, *, root: Path) -> Settings:
    """Validate `[tool.citekb.online]`; a bad value is a ConfigError (exit 2), not a traceback."""
    unknown = set(table) - KEYS
    if unknown:
        raise ConfigError(f"[tool.citekb.online]: unknown option(s) {', '.join(sorted(unknown))}")
    names = tuple(table.get("sources", BASES))
    if not names or any(n not in BASES for n in names):
        raise ConfigError(f"[tool.citekb.online]: 'sources' takes some of {', '.join(BASES)}")
    bases = {n: str(table.get(n, BASES[n])) for n in BASES}
    if any(not b.startswith(("http://", "https://")) for b in bases.values()):
        raise ConfigError("[tool.citekb.online]: base URLs must start with http:// or https://")
    try:
        policy = Policy(timeout=float(table.get("timeout", 10)), retries=int(table.get("retries", 3)),
                        backoff=float(table.get("backoff", 1.0)), contact=str(table.get("contact", Policy.contact)),
                        ttl=float(table.get("ttl", 30)) * DAY, miss_ttl=float(table.get("miss_ttl", 7)) * DAY)
        interval = float(table["interval"]) if "interval" in table else None
        deadline = float(table.get("deadline", 600)) or None
    except (TypeError, ValueError):
        raise ConfigError("[tool.citekb.online]: timeout, retries, backoff, interval, deadline and ttl "
                          "must be numbers") from None
    cache = root / str(table["cache"]) if "cache" in table else _user_cache()
    return Settings(bool(table.get("enabled", False)), names, bases, policy, interval, cache, deadline)


def _user_cache() -> Path | None:
    """Beside the parse cache: `$CITEKB_CACHE_DIR/online` (`off`: no cache), else the user's cache directory."""
    from platformdirs import user_cache_dir

    setting = os.environ.get("CITEKB_CACHE_DIR")
    if setting == "off":
        return None
    return Path(setting or user_cache_dir("citekb", appauthor=False)) / "online"


def build(s: Settings) -> tuple[OnlineSource, ...]:
    """One source per configured API, each with its own client (rate limits are per host)."""
    out, deadline = [], Deadline(s.deadline)  # one budget for the whole run, across sources
    for name in s.sources:
        interval = s.interval if s.interval is not None else INTERVALS[name]
        policy = dataclasses.replace(s.policy, interval=interval)
        http = Http(policy, cache=s.cache / name if s.cache else None)
        out.append(SOURCES[name](s.bases[name], http, deadline=deadline,
                                 contact=s.policy.contact if name in POLITE_POOLS else ""))
    return tuple(out)


def failures(sources) -> int:
    """Lookups that could not be answered, over every source that counts them."""
    return sum(getattr(s, "failures", 0) for s in sources)
