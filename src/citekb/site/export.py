"""Write the site's Markdown tree and data files for any static-site engine (`citekb site export`)."""
from __future__ import annotations

from pathlib import Path

from .. import atomic
from .citations import unknown_citations
from .provenance import ProvenanceError, build_provenance
from .render import PageConflict, render_all
from .vendor import VendorMissing, vendor_files

MARKER = ".citekb-export"  # lists what an export wrote; a folder without it is never written into


class ExportError(Exception):
    """The export cannot go on (exit 2); `usage`: a problem of the command's arguments or setup."""

    def __init__(self, message: str, *, usage: bool = False) -> None:
        super().__init__(message)
        self.usage = usage


def hand_written(docs: Path) -> tuple[dict[str, str], list[Path]]:
    """Hand-written Markdown pages ({path: text}) and the other files (assets) under docs/."""
    pages, assets = {}, []
    if docs.is_dir():
        for p in sorted(docs.rglob("*")):
            if p.is_file():
                rel = p.relative_to(docs).as_posix()
                if p.suffix == ".md":
                    pages[rel] = p.read_text(encoding="utf-8")
                else:
                    assets.append(p)
    return pages, assets


def _write(out: Path, rel: str, data: bytes) -> None:
    target = (out / rel).resolve()
    if not target.is_relative_to(out.resolve()):  # paths come from paths.slug, but never trust a path
        raise ExportError(f"refusing to write outside {out}: {rel}")
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        atomic.write_bytes(target, data)
    except OSError as exc:
        raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from None


def _refuse_foreign(out: Path, docs: Path) -> None:
    """Exit 2 unless OUT is new, empty, or holds only what an earlier export wrote (its marker lists it)."""
    if not out.exists():
        return
    if not out.is_dir():
        raise _refused(f"{out} is a file, not a folder")
    if out.resolve() == docs.resolve():
        raise _refused(f"{out} is the folder of the hand-written pages; export to another folder")
    ours = set(_written_before(out))
    foreign = sorted(p.relative_to(out).as_posix() for p in out.rglob("*")
                     if (p.is_file() or p.is_symlink()) and p.relative_to(out).as_posix() not in ours | {MARKER})
    if foreign:
        shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
        raise _refused(f"{out} holds files citekb did not write ({shown}); export to a new or empty folder")


def _written_before(out: Path) -> list[str]:
    import json

    try:
        listed = json.loads((out / MARKER).read_text(encoding="utf-8")).get("files", [])
    except (OSError, ValueError, AttributeError):
        return []
    return [p for p in listed if isinstance(p, str)]


def _marker(out: Path, files: dict) -> bytes:
    import json

    listed = sorted(set(files) | set(_written_before(out)))
    return (json.dumps({"written-by": "citekb site export", "files": listed}, indent=1) + "\n").encode()


def _refused(message: str) -> ExportError:
    return ExportError(f"refusing to export: {message}. Nothing was written")


def export_site(kb, graph, diagnostics, root: Path, docs_name: str, out: Path) -> list[str]:
    """Write every page (generated and hand-written, citations resolved) and the data files to
    `out`. Returns the errors that fail the export (exit 1) as lines, none when all was written."""
    docs = root / docs_name
    pages, assets = hand_written(docs)
    unknown = [u for rel, text in pages.items() for u in unknown_citations(kb, f"{docs_name}/{rel}", text)]
    if unknown:
        return [f"error: {u}" for u in unknown]
    try:
        provenance = build_provenance(root)
    except ProvenanceError as exc:
        raise ExportError(str(exc), usage=True) from None
    try:
        generated, data = render_all(kb, graph, diagnostics, extra_pages=pages, provenance=provenance)
    except PageConflict as exc:
        return [f"error: {docs_name}/{exc.path}:1: this hand-written page has the path of a page the site "
                "generates; rename or move it"]
    try:
        data.update(vendor_files(root))
    except VendorMissing as exc:
        raise ExportError(str(exc), usage=True) from None
    files = {**{rel: text.encode("utf-8") for rel, text in generated.items()}, **data,
             **{a.relative_to(docs).as_posix(): a.read_bytes() for a in assets}}
    _refuse_foreign(out, docs)
    for rel, blob in files.items():
        _write(out, rel, blob)
    _write(out, MARKER, _marker(out, files))
    return []
