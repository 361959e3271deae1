"""Atomic file writes: the previous file stays whole until the new one is complete.

The one helper every writer uses (``.bpnet`` saves, exports, several files at once for the
exports that write more than one): a temporary file beside each target, flushed and
fsynced, then renamed over it, then the folder fsynced so the rename itself survives a
crash. On any failure while writing, the targets are untouched and the temporary files are
removed; the OSError goes to the caller, who says what failed in its own words. After a
success, the temporary files that earlier writes of the same targets left when they were
killed are removed (``formats/leftovers.py``).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
import time
from collections.abc import Mapping
from pathlib import Path

from bpstudio.formats.leftovers import remove_leftovers


def write_atomically(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step (through a symlink: its target).

    A replaced file keeps its permissions; a new one gets what ``open()`` would give it.
    """
    write_files_atomically({Path(path): data})


class WriteFailed(OSError):
    """Writing one of the files failed: ``filename`` names that file (as the caller named
    it; its resolved target if the rename failed); ``errno`` and ``strerror`` are the
    cause's, which is chained as ``__cause__``."""


def write_files_atomically(files: Mapping[Path, bytes]) -> None:
    """Replace every file of ``files`` (path → bytes) together, as :func:`write_atomically`
    replaces one: each is written to a temporary file beside its target and fsynced, and
    only when all are written are they renamed, so a failure while writing (a full disk, a
    read-only folder) leaves every previous file as it was. Temporary files never outlive
    the call. A failure raises :class:`WriteFailed` naming the file it happened to.
    """
    started = time.time()
    pending: list[tuple[Path, Path]] = []   # (temporary, target), not yet renamed
    touched: set[Path] = set()
    current = next(iter(files), Path())
    try:
        for path, data in files.items():
            current = path
            target = Path(os.path.realpath(path))
            mode = _existing_mode(target)
            temporary, fd = _create_temporary(target)
            pending.append((temporary, target))
            with os.fdopen(fd, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            if mode is not None:
                os.chmod(temporary, mode)
        while pending:
            temporary, target = pending[0]
            current = target
            os.replace(temporary, target)
            pending.pop(0)
            touched.add(target.parent)
    except OSError as error:
        raise WriteFailed(error.errno, error.strerror or str(error),
                          os.fspath(current)) from error
    finally:
        for temporary, _ in pending:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
    for folder in touched:
        _fsync_directory(folder)
    for path in files:
        remove_leftovers(path, started)   # what writes of it left when they were killed


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
