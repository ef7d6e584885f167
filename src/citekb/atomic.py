"""Atomic file writes: a reader (or a crash) sees the old file or the new one, never half of each.

The data goes to a temporary file in the target's own directory (so that `os.replace` is a rename
on one file system), is flushed and fsynced, then renamed over the target. On any failure the
temporary file is removed and the target is left exactly as it was.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> write_text(d / "a.txt", "hello\\n")
    >>> (d / "a.txt").read_text()
    'hello\\n'
"""
from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def write_bytes(path: str | Path, data: bytes, *, mode: int | None = None) -> None:
    """Replace `path` with `data` atomically; raises OSError (target untouched) on failure.

    The new file keeps the permission bits of the file it replaces (or `mode`, or 0o644 less the
    umask), because mkstemp creates 0o600 files and a formatter must not make a file private.
    When `path` is a symbolic link, the file it points to is replaced and the link stays.
    """
    # A symbolic link is written through, never replaced by a file: the rename happens next to the
    # file the link points to, so the link (and whatever else links there) sees the new content.
    target = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
    if _special(target):
        # /dev/null, /dev/stdout, a named pipe: renaming a temporary file over it would replace the
        # device with a regular file (as root, for every process on the machine), so write into it
        with open(target, "wb") as fh:
            fh.write(data)
        return
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _mode_for(target, mode))
        os.replace(tmp, target)
    except BaseException:  # including KeyboardInterrupt: never leave a temp file behind
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_text(path: str | Path, text: str, *, encoding: str = "utf-8", mode: int | None = None) -> None:
    """Replace `path` with `text` atomically, written with "\\n" line endings as given."""
    write_bytes(path, text.encode(encoding), mode=mode)


def _special(target: Path) -> bool:
    """Whether `target` exists and is not a regular file (a device, a pipe, a socket)."""
    try:
        return not stat.S_ISREG(target.stat().st_mode) and not stat.S_ISDIR(target.stat().st_mode)
    except OSError:
        return False


def _mode_for(target: Path, mode: int | None) -> int:
    if mode is not None:
        return mode
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
