"""Reading a file the user named: regular files only, never more than a stated size.

``/dev/zero``, a named pipe or a socket would make a plain ``read()`` block or run without
end, so the path is looked at before it is opened (and the opened file again, in case it
was swapped in between) and refused with what it is. The size limit holds however the
file changes while it is read. Used by the ``.bpnet`` reader and the dataset loaders, so it
imports nothing from either.
"""

from __future__ import annotations

import io
import os
import stat
from collections.abc import Callable
from typing import Any

from bpstudio.words import translate

CHUNK_BYTES = 4 * 2**20   # read this much between two progress calls


class NotARegularFile(Exception):
    """The path exists but is a folder, a device, a pipe or a socket."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what   # "a folder", "a named pipe (FIFO)", …


class TooLarge(Exception):
    """The file holds more than the limit (``size``: at least this many bytes)."""

    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


def kind_of(mode: int) -> str:
    """What a ``st_mode`` describes, in words a message can use after "is" (in the
    user's language)."""
    if stat.S_ISREG(mode):
        return translate("Files", "a file")
    if stat.S_ISDIR(mode):
        return translate("Files", "a folder")
    if stat.S_ISFIFO(mode):
        return translate("Files", "a named pipe (FIFO)")
    if stat.S_ISCHR(mode):
        return translate("Files", "a character device (like /dev/zero), which never ends")
    if stat.S_ISBLK(mode):
        return translate("Files", "a block device (a disk)")
    if stat.S_ISSOCK(mode):
        return translate("Files", "a socket")
    return translate("Files", "not a regular file")


def check_regular(path: str | os.PathLike[str]) -> int:
    """The size of the regular file at ``path``; NotARegularFile for anything else and
    OSError (FileNotFoundError, …) when it cannot be looked at."""
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        raise NotARegularFile(kind_of(info.st_mode))
    return info.st_size


def read_regular_file(path: str | os.PathLike[str], limit: int,
                      on_read: Callable[[int, int], None] | None = None) -> bytearray:
    """The bytes of the regular file at ``path``, at most ``limit`` of them.

    ``on_read(done, total)`` is called after each chunk (``total``: the size when the file
    was opened). Raises NotARegularFile, TooLarge, or OSError from the system.
    """
    size = check_regular(path)
    if size > limit:
        raise TooLarge(size)
    # O_NONBLOCK: should a pipe have been swapped in since the check, opening it does not
    # wait for a writer; the fstat below then refuses it.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    with os.fdopen(fd, "rb", buffering=0) as file:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotARegularFile(kind_of(info.st_mode))
        total = min(info.st_size, limit)
        data = bytearray(total)
        view = memoryview(data)
        done = 0
        while done < total:
            got = file.readinto(view[done:done + CHUNK_BYTES])
            if not got:   # the file shrank since fstat
                break
            done += got
            if on_read is not None:
                on_read(done, total)
        view.release()
        del data[done:]
        more = file.read(limit + 1 - done)   # a file that grew since fstat
        if more:
            data += more
        if len(data) > limit:
            raise TooLarge(len(data))
    return data


class _Limited(io.RawIOBase):
    """A raw stream that raises TooLarge once more than ``limit`` bytes came through."""

    def __init__(self, raw: io.FileIO, limit: int) -> None:
        self._raw, self._limit, self._count = raw, limit, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        got = self._raw.readinto(buffer) or 0
        self._count += got
        if self._count > self._limit:
            raise TooLarge(self._count)
        return got

    def close(self) -> None:
        self._raw.close()
        super().close()


def open_regular_file(path: str | os.PathLike[str], limit: int) -> io.BufferedReader:
    """The regular file at ``path`` as a buffered binary stream that raises TooLarge
    after ``limit`` bytes (for readers that parse as they go, like NumPy's loadtxt).
    Raises NotARegularFile, TooLarge (from the size the file has now), or OSError."""
    size = check_regular(path)
    if size > limit:
        raise TooLarge(size)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    raw = io.FileIO(os.open(path, flags), "rb", closefd=True)
    info = os.fstat(raw.fileno())
    if not stat.S_ISREG(info.st_mode):
        raw.close()
        raise NotARegularFile(kind_of(info.st_mode))
    return io.BufferedReader(_Limited(raw, limit), buffer_size=CHUNK_BYTES // 4)
