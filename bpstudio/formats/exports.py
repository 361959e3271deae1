"""Trained weights out of BP Studio: ``.npz`` (NumPy), ``.json`` (readable), ``.onnx``.

``export_network(network, path)`` picks the format by the file's suffix, compiles the
network once (float64, weights and biases as drawn) and writes the file atomically. Every
user mistake (unknown suffix, a network that cannot run, a folder that cannot be written)
is an :class:`ExportError` whose message says what to fix.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path

import numpy as np

from bpstudio.engine.plan import CompileError, Plan, compile_network
from bpstudio.formats.export_json import json_bytes
from bpstudio.formats.export_npz import npz_bytes
from bpstudio.formats.export_onnx import onnx_bytes
from bpstudio.model.network import Network


class ExportError(ValueError):
    """The network could not be exported; the message says why in plain words."""


#: (suffix, one-line description) for file dialogs and the command line
EXPORT_FORMATS: list[tuple[str, str]] = [
    (".npz", "NumPy arrays: one weight matrix per level, index maps, and a README to run it"),
    (".json", "readable JSON: every neuron and connection with its bias and weight"),
    (".onnx", "ONNX model (opset 17, float32): run it with onnxruntime or import it elsewhere"),
]

_WRITERS: dict[str, Callable[[Plan, Network], bytes]] = {
    ".npz": npz_bytes, ".json": json_bytes, ".onnx": onnx_bytes,
}


def export_network(network: Network, path: str | os.PathLike[str]) -> None:
    """Write ``network``'s weights to ``path`` in the format its suffix names."""
    suffix = Path(path).suffix.lower()
    writer = _WRITERS.get(suffix)
    if writer is None:
        supported = ", ".join(s for s, _ in EXPORT_FORMATS)
        problem = (f'cannot export to "{Path(path).suffix}" files' if suffix else
                   "the name has no suffix to choose the format by")
        raise ExportError(f"{os.fspath(path)}: {problem}; use one of {supported}")
    try:
        plan = compile_network(network, "float64")
    except CompileError as error:
        raise ExportError(f"cannot export: {error}") from None
    _check_labels(network)
    scaling = network.input_scaling
    if scaling.n_inputs not in (None, plan.n_inputs):
        raise ExportError(f"cannot export: the stored input scaling is for {scaling.n_inputs} "
                          f"inputs but the network has {plan.n_inputs}; train it again to "
                          "refit the scaling")
    if suffix == ".onnx":
        _check_float32(network, plan)
    try:
        data = writer(plan, network)
    except ImportError as error:   # onnx is a dependency, but a broken install says so here
        raise ExportError(f"cannot export {suffix}: the {error.name or 'onnx'} package "
                          f"is missing or broken ({error})") from None
    _write_atomically(Path(path), data)


def _check_labels(network: Network) -> None:
    """Labels go into every format as UTF-8; a lone surrogate would fail mid-write."""
    for neuron in network.neurons.values():
        try:
            neuron.label.encode("utf-8")
        except UnicodeEncodeError:
            raise ExportError(f"cannot export: the label of neuron {neuron.id} is not valid "
                              "Unicode text") from None


def _check_float32(network: Network, plan: Plan) -> None:
    """ONNX stores float32: a parameter beyond its range would silently become infinite."""
    limit = float(np.finfo(np.float32).max)
    weights, biases = plan.parameters()
    for cid, weight in weights.items():
        if abs(weight) > limit:
            c = network.connections[cid]
            raise ExportError(f"cannot export .onnx: the weight of "
                              f"{network.neurons[c.source].name} → "
                              f"{network.neurons[c.target].name} ({weight:g}) is too large "
                              "for float32")
    for nid, bias in biases.items():
        if abs(bias) > limit:
            raise ExportError(f"cannot export .onnx: the bias of {network.neurons[nid].name} "
                              f"({bias:g}) is too large for float32")


def _write_atomically(path: Path, data: bytes) -> None:
    """A temporary file in the same folder, fsync, then rename over ``path``.

    On any failure the previous file is left as it was and the temporary file is removed.
    """
    target = Path(os.path.realpath(path))   # exporting through a symlink updates its target
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
    except OSError as error:
        raise ExportError(f"cannot write {os.fspath(path)}: "
                          f"{error.strerror or error}") from None
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
    (0o666 masked), as open() would make it."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        candidate = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            return candidate, os.open(candidate, flags, 0o666)
        except FileExistsError:
            continue
