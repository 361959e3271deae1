"""What the headless commands check before doing any work, and how they leave a closed pipe.

* An empty argument (``--out ''``, ``--dataset ''``) is refused: it used to mean "the
  current folder" or "no file" silently.
* An output path (``--out``, ``--export``, ``-o``) must name a file in an existing,
  writable folder, so a long training run does not end in "cannot save".
* ``bpstudio predict … | head -1``: when the reader goes away, the command stops quietly,
  as Unix tools do, with the status a shell shows for SIGPIPE (128 + 13).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
from pathlib import Path
from typing import TextIO

from bpstudio.errors import UserError

#: exit status after the reader of standard output went away (a shell's 128 + SIGPIPE)
EXIT_BROKEN_PIPE = 128 + getattr(signal, "SIGPIPE", 13)

# argparse dest → how the message names it (per command where they differ)
_NAMED = {"file": "FILE", "inputs": "INPUT.csv", "output": "--output",
          "out": "--out", "export": "--export", "dataset": "--dataset", "layers": "--layers",
          "model": "MODEL", "name": "NAME", "format": "--format"}
_NAMED_IN = {("export", "out"): "OUT"}


def refuse_empty(args: argparse.Namespace) -> None:
    """UserError naming the first argument given as empty text."""
    for dest, shown in _NAMED.items():
        value = getattr(args, dest, None)
        if isinstance(value, str) and not value.strip():
            shown = _NAMED_IN.get((args.command, dest), shown)
            raise UserError(f"the {shown} argument is empty: give a name")


def check_output(path: str | None, option: str) -> None:
    """UserError unless ``path`` can be written: a file name (not a folder) in a folder that
    exists and may be written to. Through a symlink, the folder of its target counts."""
    if path is None:
        return
    target = Path(os.path.realpath(Path(path).expanduser()))
    if target.is_dir():
        raise UserError(f"{option} {path}: is a folder; give a file name")
    folder = target.parent
    if not folder.exists():
        raise UserError(f"{option} {path}: the folder {folder} does not exist")
    if not folder.is_dir():
        raise UserError(f"{option} {path}: {folder} is not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UserError(f"{option} {path}: cannot write into {folder} (permission denied)")


def leave_quietly(stream: TextIO) -> int:
    """After a BrokenPipeError on ``stream`` (standard output): point it at the null device,
    so the interpreter's final flush does not print a second error; the exit status."""
    with contextlib.suppress(AttributeError, OSError, ValueError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, stream.fileno())
        os.close(null)
    return EXIT_BROKEN_PIPE
