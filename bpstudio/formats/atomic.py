"""Atomic file writes: the previous file stays whole until the new one is complete.

The one helper every writer uses (``.bpnet`` saves, exports): a temporary file beside the
target, flushed and fsynced, then renamed over it, then the folder fsynced so the rename
itself survives a crash. On any failure the target is untouched and the temporary file is
removed; the OSError goes to the caller, who says what failed in its own words.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path


def write_atomically(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step (through a symlink: its target).

    A replaced file keeps its permissions; a new one gets what ``open()`` would give it.
    """
    target = Path(os.path.realpath(path))
    temporary: Path | None = None
    try:
        mode = _existing_mode(target)
        temporary, fd = _create_temporary(target)
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, target)
        temporary = None
        _fsync_directory(target.parent)
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _existing_mode(target: Path) -> int | None:
    """The permissions to keep when replacing an existing file; None for a new file."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        return None


def _create_temporary(target: Path) -> tuple[Path, int]:
    """A new, uniquely named file beside ``target``, created with the umask's usual mode
    (0o666 masked), as open() would make it (the umask is never changed to find out)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        candidate = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            return candidate, os.open(candidate, flags, 0o666)
        except FileExistsError:
            continue


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable (POSIX); harmless where folders cannot be opened."""
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
