"""Recovery copies: unsaved work written aside now and then, offered back after a crash.

The GUI owns the timer, the folder (``QStandardPaths.AppDataLocation``/recovery) and the
"Restore unsaved work from HH:MM?" dialog; this module is the rest, without Qt:

* :meth:`RecoveryStore.write` writes the open document atomically to its recovery file
  in the store's folder: never over the user's own file, never anywhere else.
* Names map a document to one recovery file: ``NAME-<hash of its real path>.bprecovery``;
  a never-saved document has ``untitled-<id>.bprecovery`` with an id from
  :func:`new_untitled_id`, kept for as long as that window lives.
* :meth:`RecoveryStore.pending` lists what to offer at start: copies newer than their
  document (or of an unsaved one, or of a document that has gone), whose writer is no
  longer running (a second window's live copies are not offered).
* :meth:`RecoveryStore.discard` removes a document's copy when it is saved or closed
  cleanly; :meth:`RecoveryStore.remove_stale` removes copies older than their documents.

A recovery file is one line of JSON saying whose copy it is, then the ``.bpnet`` text,
so listing reads one line per file however big the network.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import socket
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bpstudio.files import NotARegularFile, TooLarge, read_regular_file
from bpstudio.formats.atomic import write_atomically
from bpstudio.formats.bpnet import MAX_FILE_BYTES, BpnetError, ProjectInfo, dumps, loads
from bpstudio.formats.leftovers import leftovers_of
from bpstudio.model.network import Network
from bpstudio.words import translate

SUFFIX = ".bprecovery"
FORMAT_NAME = "bpstudio-recovery"
FORMAT_VERSION = 1
MAX_HEADER_BYTES = 64 * 2**10   # the first line: who wrote the copy, for which document


def new_untitled_id() -> str:
    """An id for a document that has no file yet; its recovery name is built from it."""
    return uuid.uuid4().hex[:12]


@dataclass(frozen=True)
class Recovery:
    """One recovery file, as its first line describes it."""

    path: Path                 # the recovery file
    document: Path | None      # the document it is a copy of; None: never saved
    untitled_id: str           # the unsaved document's id ("" for a saved one)
    saved_at: float            # when the copy was written (time.time())
    title: str                 # the document's title, for the dialog
    pid: int                   # the process that wrote it …
    host: str                  # … on this machine …
    process: str               # … started at this moment ("" where unknown)

    @property
    def document_exists(self) -> bool:
        return self.document is not None and self.document.is_file()

    def is_newer_than_document(self) -> bool:
        """True when the copy holds work the document lacks: written after the document
        was last saved, or the document has no file (never saved, or gone since)."""
        if self.document is None:
            return True
        try:
            return self.saved_at > self.document.stat().st_mtime
        except OSError:
            return True

    def writer_is_running(self) -> bool:
        """Whether the process that wrote the copy still runs (another window keeping it
        up to date, not a crash to recover from)."""
        if self.host != socket.gethostname():
            return False
        if self.pid == os.getpid():
            return True
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:   # alive, but someone else's
            pass
        except OSError:
            return False
        # A recycled pid: the running process started at another moment.
        return not self.process or _process_start(self.pid) == self.process


class RecoveryStore:
    """The recovery copies in one folder (created on the first write)."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder)

    # ------------------------------------------------------------- naming
    def path_for(self, document: str | os.PathLike[str] | None, untitled_id: str = "") -> Path:
        """The recovery file of ``document`` (or of the unsaved document ``untitled_id``)."""
        if document is None:
            if not re.fullmatch(r"[0-9a-zA-Z_-]{1,64}", untitled_id):
                raise ValueError(f"an unsaved document needs an id like new_untitled_id() "
                                 f"gives; got {untitled_id!r}")
            return self.folder / f"untitled-{untitled_id}{SUFFIX}"
        real = os.path.realpath(document)
        digest = hashlib.sha256(real.encode("utf-8", "surrogateescape")).hexdigest()[:16]
        readable = re.sub(r"[^0-9A-Za-z._-]+", "_", Path(real).stem)[:40] or "network"
        return self.folder / f"{readable}-{digest}{SUFFIX}"

    # ------------------------------------------------------------- writing
    def write(self, network: Network, info: ProjectInfo | None,
              document: str | os.PathLike[str] | None, untitled_id: str = "") -> Path:
        """Write the recovery copy of ``document`` atomically; returns its path.

        BpnetError when the document cannot be written (NaN somewhere) or the folder
        cannot be; the user's own file is never touched.
        """
        started = time.time()
        target = self.path_for(document, untitled_id)
        real_document = None if document is None else Path(os.path.realpath(document))
        if real_document is not None and Path(os.path.realpath(target)) == real_document:
            raise BpnetError(translate("Bpnet", "{target}: the recovery copy would "
                                                "overwrite the document").format(
                                 target=target))
        header = {"format": FORMAT_NAME, "version": FORMAT_VERSION,
                  "document": None if real_document is None else str(real_document),
                  "untitled_id": "" if document is not None else untitled_id,
                  "saved_at": started, "title": (info or ProjectInfo()).title,
                  "pid": os.getpid(), "host": socket.gethostname(),
                  "process": _process_start(os.getpid())}
        line = json.dumps(header, ensure_ascii=True) + "\n"
        data = line.encode("ascii") + dumps(network, info).encode("utf-8")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_atomically(target, data)
        except OSError as error:
            raise BpnetError(translate("Bpnet", "{folder}: cannot write the recovery "
                                                "copy: {reason}").format(
                                 folder=self.folder, reason=error.strerror or error)) from None
        return target   # the write also removed what killed writes of it left

    # ------------------------------------------------------------- reading
    def all(self) -> list[Recovery]:
        """Every readable recovery file in the folder, newest first."""
        try:
            names = sorted(os.listdir(self.folder))
        except OSError:
            return []
        found = [_describe(self.folder / name) for name in names if name.endswith(SUFFIX)]
        return sorted((r for r in found if r is not None), key=lambda r: -r.saved_at)

    def pending(self) -> list[Recovery]:
        """The copies to offer at start: newer than their documents, writer not running."""
        return [r for r in self.all()
                if r.is_newer_than_document() and not r.writer_is_running()]

    def restore(self, recovery: Recovery) -> tuple[Network, ProjectInfo]:
        """The network and project info the copy holds; BpnetError naming the copy if it
        cannot be read (the copy is left in place)."""
        try:
            data = read_regular_file(recovery.path, MAX_HEADER_BYTES + MAX_FILE_BYTES)
        except (OSError, NotARegularFile, TooLarge) as error:
            raise BpnetError(translate("Bpnet", "{path}: cannot read the recovery copy "
                                                "({error})").format(
                                 path=recovery.path, error=error)
                             ) from None
        _, _, body = data.partition(b"\n")
        return loads(body, recovery.path.name)

    # ------------------------------------------------------------- cleaning up
    def discard(self, document: str | os.PathLike[str] | None, untitled_id: str = "") -> None:
        """Remove the copy of a document that was saved or closed cleanly."""
        self._remove(self.path_for(document, untitled_id))

    def remove(self, recovery: Recovery) -> None:
        """Remove a copy the user restored (and saved) or chose to discard."""
        self._remove(recovery.path)

    def remove_stale(self) -> list[Recovery]:
        """Remove copies older than their documents (saved since); returns them."""
        stale = [r for r in self.all()
                 if not r.is_newer_than_document() and not r.writer_is_running()]
        for recovery in stale:
            self._remove(recovery.path)
        return stale

    def _remove(self, path: Path) -> None:
        for leftover in leftovers_of(path):   # a write killed mid-way
            with contextlib.suppress(OSError):
                leftover.unlink()
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def _describe(path: Path) -> Recovery | None:
    """The copy's first line as a Recovery; None for a file that is not one (damaged,
    unreadable, from a newer BP Studio): it is left alone, never offered."""
    try:
        if not path.is_file():   # a folder or a pipe named like a copy is never opened
            return None
        with open(path, "rb") as file:
            line = file.readline(MAX_HEADER_BYTES)
        header: Any = json.loads(line)
        if header.get("format") != FORMAT_NAME or header.get("version") != FORMAT_VERSION:
            return None
        document = header["document"]
        return Recovery(path=path, document=None if document is None else Path(document),
                        untitled_id=str(header["untitled_id"]),
                        saved_at=float(header["saved_at"]), title=str(header["title"]),
                        pid=int(header["pid"]), host=str(header["host"]),
                        process=str(header["process"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _process_start(pid: int) -> str:
    """When process ``pid`` started (boot id and start tick, on Linux), "" elsewhere: with
    the pid it tells a running writer from a recycled pid."""
    try:
        boot = Path("/proc/sys/kernel/random/boot_id").read_text().strip()
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return ""
    return f"{boot}:{fields[19]}" if len(fields) > 19 else ""
