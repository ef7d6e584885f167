"""The canonical sources of one run: works from KB directories, .bib files and lockfiles, then the
local index and the online resolvers (`citekb.sources.Source`s), in the order the resolver asks them."""
from __future__ import annotations

from pathlib import Path

from ..config import Config, find_repo_root, load_config
from ..model import Record, Work
from . import Source


def canonical_works(roots: list[Path]) -> tuple[list[Work], list[Record], list[str]]:
    """The works (and the model and framework records, for concepts) of every root that exists,
    each root once; and the roots used."""
    from ..kb import load_kb
    from ..load.bibtex import decode_bytes, load_bibtex
    from .lockfile import FILENAME, annotate, lock_works

    works: list[Work] = []
    records: list[Record] = []
    used: list[str] = []
    seen: set[Path] = set()
    for src in roots:
        key = src.resolve()
        if key in seen or not src.exists():
            continue
        seen.add(key)
        used.append(str(src))
        if src.is_dir():
            config = load_config(src)
            kb = load_kb(src, references=config.references, kb_dir=config.kb, docs=config.docs)
            annotate(kb.works, src / FILENAME)  # retractions the KB's lock records
            works.extend(kb.works)
            records.extend(r for r in kb.all_records() if r.kind in ("model", "framework"))
        elif src.suffix == ".lock":
            works.extend(lock_works(src))
        else:
            text, _ = decode_bytes(src.read_bytes(), src.name)
            works.extend(load_bibtex(text, src.name)[0])
    return works, records, used


def index_sources(index: str | Path | None, start: Path | None) -> tuple[Source, ...]:
    """The local index: `index`, else `.citekb-index.sqlite` in the repository root when it exists."""
    from .index import DEFAULT_PATH, IndexSource

    if index is None:
        here = find_repo_root(start or Path.cwd())
        index = here / DEFAULT_PATH if here is not None and (here / DEFAULT_PATH).is_file() else None
    return (IndexSource(index),) if index is not None else ()


def online_sources(config: Config, root: Path, *, online: bool = False) -> tuple[Source, ...]:
    """The online resolvers when asked for (`online`, or `enabled` in [tool.citekb.online])."""
    from . import online as onl

    settings = onl.settings(config.online, root=root)
    return onl.build(settings) if online or settings.enabled else ()
