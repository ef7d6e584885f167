"""Find the files of a repository without following links out of it or opening special files.

A symbolic link that leads outside the repository, a link to a folder, and anything that is not a
regular file (a FIFO would block the reader forever, a device never ends) are reported as located
problems instead of being read or silently skipped.
"""
from __future__ import annotations

import fnmatch
import os
import re
import stat
from pathlib import Path

from ..checks.diagnostic import Diagnostic
from ..model import Location

_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"))


def find_files(directory: Path, patterns: tuple[str, ...] | list[str], root: Path) -> tuple[list[Path], list[Diagnostic]]:
    """Files under `directory` whose names match `patterns`, sorted; and what was not read, and why."""
    found: list[Path] = []
    problems: list[Diagnostic] = []
    top = root.resolve()
    if directory.is_symlink() and not _inside(directory, top):
        return [], [_problem(directory, root, f"is a link to {os.path.realpath(directory)}, outside the repository; "
                             "it was not followed")]
    if not directory.is_dir():
        return [], []
    flags = re.IGNORECASE if os.path.normcase("A") == "a" else 0  # as fnmatch.fnmatch: case-blind where the OS is
    wanted = re.compile("|".join(fnmatch.translate(p) for p in patterns), flags).match if patterns else (lambda name: None)
    pending = [directory]
    while pending:
        folder = pending.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            problems.append(_problem(folder, root, f"cannot be listed: {exc.strerror or exc}"))
            continue
        for entry in entries:
            if entry.is_symlink():
                path = Path(entry.path)
                why = _link_problem(path, top, patterns)
                if why:
                    problems.append(_problem(path, root, why))
                elif wanted(entry.name):
                    found.append(path)
            elif entry.is_dir(follow_symlinks=False):
                pending.append(Path(entry.path))
            elif wanted(entry.name):
                path = Path(entry.path)
                kind = None if entry.is_file(follow_symlinks=False) else _special(entry)  # the file type, without a stat
                if kind:
                    problems.append(_problem(path, root, f"is {kind}, not a regular file; it was not read"))
                else:
                    found.append(path)
    return sorted(found, key=lambda p: p.as_posix()), sorted(problems, key=lambda p: p.location.path)


def _inside(path: Path, top: Path) -> bool:
    return Path(os.path.realpath(path)).is_relative_to(top)


def _link_problem(path: Path, top: Path, patterns) -> str | None:
    target = os.path.realpath(path)
    if not Path(target).is_relative_to(top):
        if path.is_dir() or any(fnmatch.fnmatch(path.name, p) for p in patterns):
            return f"is a link to {target}, outside the repository; it was not followed"
        return None
    if path.is_dir():
        return "is a link to a folder; folders behind links are not read (link the files, or move the folder)"
    if not path.exists():
        return f"is a link to {target}, which does not exist" if any(fnmatch.fnmatch(path.name, p) for p in patterns) else None
    if any(fnmatch.fnmatch(path.name, p) for p in patterns) and not path.is_file():
        return "is a link to something that is not a regular file; it was not read"
    return None


def _special(entry: os.DirEntry) -> str | None:
    try:
        mode = entry.stat(follow_symlinks=False).st_mode
    except OSError:
        return None
    return next((name for test, name in _KINDS if test(mode)), None)


def _problem(path: Path, root: Path, why: str) -> Diagnostic:
    try:
        rel = path.relative_to(root).as_posix()
    except ValueError:
        rel = path.as_posix()
    return Diagnostic("L007", f"{rel} {why}", Location(rel, 0), "Replace it with a regular file inside the repository.")
