"""Tables of knowledge shipped as package data, read once: venue families, verbs and nouns of
attribution (English and Chinese), matching thresholds. Adding a venue or a verb is a data change;
tests/data/ holds a case for every row."""
from __future__ import annotations

import functools
import tomllib
from importlib import resources


@functools.cache
def table(name: str) -> dict:
    """The TOML file `name`.toml of this package, parsed."""
    return tomllib.loads(resources.files(__package__).joinpath(f"{name}.toml").read_text(encoding="utf-8"))


def venues() -> tuple[tuple[str, str], ...]:
    """(family name, pattern) in table order."""
    return tuple((row["name"], row["pattern"]) for row in table("venues")["venue"])


def threshold(section: str, name: str) -> int:
    return int(table("thresholds")[section][name])


def words(section: str, language: str) -> tuple[str, ...]:
    """A list of attribution words, e.g. words("verbs", "zh")."""
    return tuple(table("attribution")[section].get(language, ()))
