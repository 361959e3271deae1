"""Decoded image folders, cached so that reopening a document does not decode every file.

One ``.npz`` per (folder listing, options) in ``$XDG_CACHE_HOME/bpstudio/images`` (default
``~/.cache/bpstudio/images``). The key hashes every file's path, size and modification
time with the decoding options, so any change to the folder simply misses the cache. The
folder is safe to delete at any time; only the newest :data:`KEEP` entries are kept.
Every cache failure (unwritable folder, damaged entry) falls back to decoding.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bpstudio.formats.atomic import write_atomically

CACHE_VERSION = 1   # bump when decoding changes, so old entries are never reused
KEEP = 20           # newest entries kept; each is about the size of the pixels (uint8)


def cache_dir() -> Path:
    """The user's cache folder for decoded images (not created here)."""
    base = os.environ.get("XDG_CACHE_HOME") or ""
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache"
    return root / "bpstudio" / "images"


def cache_key(parts: Iterable[str]) -> str:
    digest = hashlib.sha256(f"bpstudio-images-{CACHE_VERSION}".encode())
    for part in parts:
        digest.update(b"\0" + part.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:32]


@dataclass(frozen=True)
class CachedImages:
    pixels: np.ndarray           # (n, height, width[, 3]) uint8, as decoded
    labels: np.ndarray           # (n,) int64


def read(key: str) -> CachedImages | None:
    """The entry for ``key``, or None if there is none or it cannot be read."""
    path = cache_dir() / f"{key}.npz"
    try:
        with np.load(path, allow_pickle=False) as archive:
            entry = CachedImages(archive["pixels"], archive["labels"])
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
        with contextlib.suppress(OSError):
            path.unlink()   # damaged (a crash mid-write on an old system?): decode again
        return None
    with contextlib.suppress(OSError):
        os.utime(path)      # recently used entries survive the pruning
    return entry


def write(key: str, entry: CachedImages) -> None:
    """Store ``entry`` atomically; silently does nothing when the cache cannot be written."""
    folder = cache_dir()
    encoded = io.BytesIO()
    np.savez(encoded, pixels=entry.pixels, labels=entry.labels)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomically(folder / f"{key}.npz", encoded.getvalue())
        _prune(folder)
    except OSError:
        pass   # a read-only home or a full disk: the data still loads, only slower next time


def _prune(folder: Path) -> None:
    entries = sorted(folder.glob("*.npz"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP:]:
        with contextlib.suppress(OSError):
            old.unlink()
