"""Temporary files an interrupted atomic save left behind.

An atomic write (``formats/atomic.py``) writes ``.NAME.XXXXXXXX.tmp`` beside ``NAME`` and
renames it over ``NAME`` at the end. A save killed before the rename leaves that file
(tens of megabytes for a big network). The next save of ``NAME`` removes it, and nothing
offers it as a document: the reader refuses it with what it is.
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

# The random part: 8 hex digits (secrets.token_hex(4)); earlier versions wrote 8 characters
# of tempfile's alphabet, so both are recognised.
_LEFTOVER = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp$")


def original_name(path: str | os.PathLike[str]) -> str | None:
    """``NAME`` when ``path`` is named like a temporary copy of ``NAME``, else None."""
    match = _LEFTOVER.match(Path(path).name)
    return match.group("name") if match else None


def leftovers_of(target: str | os.PathLike[str]) -> list[Path]:
    """The temporary files interrupted saves of ``target`` left in its folder."""
    target = Path(os.path.realpath(target))
    try:
        names = os.listdir(target.parent)
    except OSError:
        return []
    return sorted(target.parent / name for name in names
                  if name.startswith(f".{target.name}.") and original_name(name) == target.name)


def remove_leftovers(target: str | os.PathLike[str], started: float) -> int:
    """Remove what interrupted saves of ``target`` left; returns how many went.

    Call it after a save of ``target`` that began at ``started`` (``time.time()``)
    succeeded: a temporary file last written before then belongs to a save that died. One
    written since may be another process saving the same file right now, and is kept.
    """
    removed = 0
    for path in leftovers_of(target):
        with contextlib.suppress(OSError):   # gone already, or not ours to remove
            if path.stat().st_mtime <= started:
                path.unlink()
                removed += 1
    return removed
