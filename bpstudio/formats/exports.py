"""Trained weights out of BP Studio: ``.npz`` (NumPy), ``.json`` (readable), ``.onnx``.

``export_network(network, path)`` picks the format by the file's suffix, compiles the
network once (float64, weights and biases as drawn) and writes the file atomically. Every
user mistake (unknown suffix, a network that cannot run, a folder that cannot be written)
is an :class:`ExportError` whose message says what to fix.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import numpy as np

from bpstudio.engine.plan import CompileError, Plan, compile_network
from bpstudio.formats.atomic import write_atomically
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
    if suffix == ".onnx":
        _check_float32(network, plan)
    try:
        data = writer(plan, network)
    except ImportError as error:   # onnx is a dependency, but a broken install says so here
        raise ExportError(f"cannot export {suffix}: the {error.name or 'onnx'} package "
                          f"is missing or broken ({error})") from None
    _write(Path(path), data)


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


def _write(path: Path, data: bytes) -> None:
    try:
        write_atomically(path, data)   # through a symlink, what it points to is updated
    except OSError as error:
        raise ExportError(f"cannot write {os.fspath(path)}: "
                          f"{error.strerror or error}") from None
