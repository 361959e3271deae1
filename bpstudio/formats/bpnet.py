"""The ``.bpnet`` project file: one readable, versioned JSON document per network.

The format is documented field by field in ``docs/file-format.md`` and described by
``bpnet.schema.json`` beside this module. Loading never returns a half-built network and never
lets a traceback-type exception out: every problem becomes one :class:`BpnetError` naming the
file, the place and what is wrong. Saving is atomic: the previous file stays intact until the
new one is completely on disk.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from bpstudio.files import NotARegularFile, TooLarge, read_regular_file
from bpstudio.formats._checks import (
    FORMAT_NAME,
    FORMAT_VERSION,
    Invalid,
    NonFinite,
    parse_float,
    read_document,
)
from bpstudio.formats._writer import describe, format_document, unwritable
from bpstudio.formats.atomic import write_atomically
from bpstudio.formats.dense_blocks import split_blocks
from bpstudio.formats.leftovers import original_name
from bpstudio.model.network import MAX_NEURONS, Network
from bpstudio.model.points import NO_POINTS, DrawnPoints
from bpstudio.progress import Progress, Report, ShouldStop, Stage
from bpstudio.words import QT_TRANSLATE_NOOP, translate

__all__ = [
    "FORMAT_NAME", "FORMAT_VERSION", "MAX_FILE_BYTES", "SUFFIX", "BpnetError", "ProjectInfo",
    "dumps", "from_document", "load", "loads", "save", "to_document",
]

SUFFIX = ".bpnet"
MAX_FILE_BYTES = 256 * 2 ** 20   # a 784-128-10 network with history is about 2.2 MiB


class BpnetError(ValueError):
    """A file could not be read or written; the message names the file, where, and what."""


@dataclass
class ProjectInfo:
    """What the file says about the network that the Network itself does not hold."""

    title: str = ""          # one line, shown in menus and the window title
    description: str = ""    # free text: what the network shows, how to use it


# ---------------------------------------------------------------- writing
def to_document(network: Network, info: ProjectInfo | None = None) -> dict[str, Any]:
    """The document as plain dicts and lists, keys in file order, items in id order."""
    info = info or ProjectInfo()
    for name in ("title", "description"):
        if not isinstance(getattr(info, name), str):
            raise BpnetError(translate("Bpnet", "cannot save: the {name} must be text, "
                                                "got {type}").format(
                                 name=name,
                                 type=type(getattr(info, name)).__name__))
    neurons = [
        {"id": n.id, "role": n.role, "activation": n.activation, "bias": float(n.bias),
         "label": n.label, "x": float(n.x), "y": float(n.y), "frozen": n.frozen}
        for n in sorted(network.neurons.values(), key=lambda n: n.id)
    ]
    # "recurrent" only where it is true: a feed-forward file stays as short as before
    records, blocks = split_blocks(sorted(network.connections.values(), key=lambda c: c.id))
    connections = [
        {"id": c.id, "source": c.source, "target": c.target, "weight": float(c.weight),
         "frozen": c.frozen} | ({"recurrent": True} if c.recurrent else {})
        for c in records
    ]
    section: dict[str, Any] = {"neurons": neurons, "connections": connections}
    if blocks:   # written only when there are any: small drawings read as they always did
        section["blocks"] = blocks
    doc: dict[str, Any] = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "title": info.title,
        "description": info.description,
        "network": section,
        "training": network.settings.to_dict(),
        "dataset": network.dataset.to_dict(),
    }
    # Written only when there is something to say, so most files stay as short as before.
    if not network.input_scaling.is_identity:
        doc["input_scaling"] = network.input_scaling.to_dict()
    if network.drawn_points != NO_POINTS:
        doc["points"] = _points_section(network.drawn_points)
    doc["history"] = network.history.to_dict()
    if network.runs:
        doc["runs"] = [run.to_dict() for run in network.runs]
    return doc


def _points_section(drawn: DrawnPoints) -> dict[str, Any]:
    if drawn.is_classification:
        samples = [{"x1": float(p.x1), "x2": float(p.x2), "label": int(p.value)}
                   for p in drawn.points]
    else:
        samples = [{"x1": float(p.x1), "x2": float(p.x2), "target": float(p.value)}
                   for p in drawn.points]
    return {"task": drawn.task, "n_classes": drawn.n_classes, "samples": samples}


def _serialise(network: Network, info: ProjectInfo | None) -> bytes:
    doc = to_document(network, info)
    try:
        return format_document(doc).encode("utf-8")
    except ValueError:   # NaN/infinity (allow_nan=False) or a lone surrogate in some text
        found = unwritable(doc)
        if found is None:
            raise
        path, why = found
        raise BpnetError(translate("Bpnet", "cannot save: {describe} {why}").format(
                             describe=describe(doc, path), why=why)) from None


def dumps(network: Network, info: ProjectInfo | None = None) -> str:
    """The file's text; BpnetError if a value cannot be written (NaN, infinity)."""
    return _serialise(network, info).decode("utf-8")


def save(network: Network, path: str | os.PathLike[str], info: ProjectInfo | None = None) -> None:
    """Write atomically: a temporary file in the same folder, fsync, then rename over ``path``.

    On any failure the previous file is left as it was and the temporary file is removed;
    after a success, the temporary files of earlier saves that were killed are removed.
    A document the reader would refuse for its size is not written.
    """
    if len(network.neurons) > MAX_NEURONS:
        _refuse_size(path, f"{len(network.neurons):,} neurons")
    try:
        data = _serialise(network, info)
    except BpnetError as error:
        raise BpnetError(translate("Bpnet", "{source}: {error}").format(
            source=Path(path).name, error=error)) from None
    if len(data) > MAX_FILE_BYTES:
        _refuse_size(path, _amount(len(data)))
    try:
        write_atomically(path, data)   # through a symlink, what it points to is updated
    except OSError as error:
        raise BpnetError(translate("Bpnet", "{path}: cannot save: {reason}").format(
                             path=os.fspath(path), reason=error.strerror or error)) from error


def _refuse_size(path: str | os.PathLike[str], size: str) -> NoReturn:
    """Never write a file the reader would refuse: it could not be opened again."""
    raise BpnetError(translate("Bpnet", "{name}: cannot save {size}: BP Studio opens "
                                        "files of at most {max_neurons:,} neurons and "
                                        "{limit}; remove some neurons or connections").format(
                         name=Path(path).name, size=size, max_neurons=MAX_NEURONS,
                         limit=_amount(MAX_FILE_BYTES)))


# ---------------------------------------------------------------- reading
def from_document(doc: Any, source: str = "<memory>", *, report: Report | None = None,
                  should_stop: ShouldStop | None = None) -> tuple[Network, ProjectInfo]:
    """Check ``doc`` (parsed JSON) completely and build its Network, or raise BpnetError.

    ``report`` and ``should_stop`` are the progress hooks of ``load``."""
    return _build(doc, source, Progress(report, should_stop), consume=False)


def _build(doc: Any, source: str, progress: Progress, consume: bool
           ) -> tuple[Network, ProjectInfo]:
    try:
        network, title, description = read_document(doc, progress, consume)
    except Invalid as error:
        raise BpnetError(translate("Bpnet", "{source}: {error}").format(
            source=source, error=error)) from None
    return network, ProjectInfo(title=title, description=description)


def loads(text: str | bytes | bytearray, source: str = "<memory>", *,
          report: Report | None = None,
          should_stop: ShouldStop | None = None) -> tuple[Network, ProjectInfo]:
    """Parse the file's text (or its raw bytes) and build its Network, or raise BpnetError.

    ``report`` and ``should_stop`` are the progress hooks of ``load``."""
    progress = Progress(report, should_stop)
    if isinstance(text, bytes | bytearray):
        text = _decode(text, source)
    text = text.removeprefix("\ufeff")   # a byte-order mark some editors add
    if not text.strip():
        raise BpnetError(translate("Bpnet", "{source}: the file is empty").format(
                             source=source))
    stage = progress.stage(QT_TRANSLATE_NOOP("Progress", "Parsing the file"), 1)
    try:
        doc = json.loads(text, parse_constant=NonFinite, parse_float=parse_float)
    except json.JSONDecodeError as error:
        raise BpnetError(translate("Bpnet", "{source}: {error}").format(
            source=source, error=_json_problem(error, text))) from None
    except RecursionError:
        raise BpnetError(translate("Bpnet", "{source}: not a BP Studio network: the "
                                            "JSON is nested too deeply").format(
                             source=source)) from None
    except ValueError as error:   # an integer with more digits than Python converts
        reason = str(error).split(":")[0]
        raise BpnetError(translate("Bpnet", "{source}: not valid JSON: {reason}").format(
                             source=source, reason=reason)) from None
    del text   # the parsed document takes several times its size: free what we can
    stage.advance()
    return _build(doc, source, progress, consume=True)   # the document is ours to consume


def load(path: str | os.PathLike[str], *, report: Report | None = None,
         should_stop: ShouldStop | None = None) -> tuple[Network, ProjectInfo]:
    """Read a ``.bpnet`` file; BpnetError (never another exception) if it cannot be opened.

    Files beyond MAX_FILE_BYTES or MAX_NEURONS are refused with a message. For big files,
    ``report`` is called now and then with a ``LoadProgress`` (stages: reading, parsing,
    neurons, connections) and ``should_stop`` is polled as often; when it returns True the
    load stops with ``bpstudio.progress.LoadCancelled`` and nothing is changed.
    """
    shown = os.fspath(path)
    name = Path(path).name or shown
    original = original_name(name)
    if original is not None:
        raise BpnetError(translate("Bpnet", "{shown}: a temporary file left by an "
                                            "interrupted save of {original}; open "
                                            "{original} instead (the next save of it "
                                            "removes this file)").format(
                             shown=shown, original=original))
    # The bytes go to loads without a name here, so they are freed once decoded.
    return loads(_read(path, Progress(report, should_stop)), name, report=report,
                 should_stop=should_stop)


def _read(path: str | os.PathLike[str], progress: Progress) -> bytearray:
    """The file's bytes, reading reported as one stage; every problem a BpnetError."""
    shown, name = os.fspath(path), Path(path).name or os.fspath(path)
    stages: list[Stage] = []

    def on_read(done: int, total: int) -> None:
        if not stages:
            stages.append(progress.stage(QT_TRANSLATE_NOOP("Progress", "Reading the file"), total))
        stages[0].advance(done - stages[0].done)

    try:
        return read_regular_file(path, MAX_FILE_BYTES, on_read)
    except NotARegularFile as error:
        raise BpnetError(translate("Bpnet", "{shown}: is {what}, not a {suffix} file").format(
                             shown=shown, what=error.what, suffix=SUFFIX)) from None
    except TooLarge as error:
        raise BpnetError(translate("Bpnet", "{name}: the file is {size}, more than "
                                            "the {limit} a project file may have").format(
                             name=name, size=_amount(error.size),
                             limit=_amount(MAX_FILE_BYTES))) from None
    except FileNotFoundError:
        raise BpnetError(translate("Bpnet", "{shown}: no such file").format(
                             shown=shown)) from None
    except PermissionError:
        raise BpnetError(translate("Bpnet", "{shown}: permission denied: cannot read "
                                            "the file").format(
                             shown=shown)) from None
    except OSError as error:
        raise BpnetError(translate("Bpnet", "{shown}: cannot read the file: {reason}").format(
                             shown=shown, reason=error.strerror or error)) from None


def _amount(size: int) -> str:
    for unit, scale in (("GiB", 2 ** 30), ("MiB", 2 ** 20), ("KiB", 2 ** 10)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}".replace(".0 ", " ")
    return f"{size} bytes"


def _decode(data: bytes | bytearray, source: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise BpnetError(translate("Bpnet", "{source}: not UTF-8 text: byte "
                                            "0x{data:02x} on line {line} (offset "
                                            "{start}) is not valid UTF-8").format(
                             source=source, data=data[error.start], line=line,
                             start=error.start)) from None


def _json_problem(error: json.JSONDecodeError, text: str) -> str:
    what = error.msg.removesuffix(" at")   # "Invalid control character at"
    if what.startswith("Unterminated string") or not text[error.pos:].strip():
        template = translate("Bpnet", "the JSON ends too early ({what} at line {line}, "
                             "column {column}): the file looks truncated")
    else:
        template = translate("Bpnet", "not valid JSON: {what} at line {line}, column {column}")
    return template.format(what=what, line=error.lineno, column=error.colno)
