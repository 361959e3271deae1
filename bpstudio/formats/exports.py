"""Trained networks out of BP Studio, in every format the export menu and CLI offer.

``export_network(network, path)`` picks the format by the file's suffix (``format_key``
overrides: ``.py`` is a NumPy script unless ``"torch"`` is asked for), compiles the network
once (float64, weights and biases as drawn) and writes the file, and any files that go with
it, atomically. Every user mistake (unknown suffix, a network that cannot run, a folder that
cannot be written) is an :class:`ExportError` whose message says what to fix.

Every writer receives one :class:`ExportSource`. Its ``input_scaling`` is the document's
stored :class:`~bpstudio.model.scaling.InputScaling` (the statistics the weights were
trained with): every format applies it as (x − offset) / scale before the first level, so
every exported model takes raw inputs (docs/exports.md).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bpstudio.engine.plan import CompileError, Plan, compile_network
from bpstudio.engine.targets import TrainingData
from bpstudio.formats.atomic import write_files_atomically
from bpstudio.formats.export_c import c_files
from bpstudio.formats.export_json import json_bytes
from bpstudio.formats.export_npz import npz_bytes
from bpstudio.formats.export_onnx import onnx_bytes
from bpstudio.formats.export_python import python_files
from bpstudio.formats.export_source import ExportSource
from bpstudio.formats.export_torch import torch_files
from bpstudio.model.network import Network
from bpstudio.words import translate


class ExportError(ValueError):
    """The network could not be exported; the message says why in plain words."""


#: A writer turns the source into files: {file name: content}, the first one named after
#: the chosen path's stem (the others are written beside it).
Writer = Callable[[ExportSource, str], dict[str, bytes]]


@dataclass(frozen=True)
class ExportFormat:
    """One entry of the export menu and of ``bpstudio export --format``."""

    key: str                    # the --format value
    name: str                   # what menus call it
    suffixes: tuple[str, ...]   # the main file's suffixes; the first is the default
    about: str                  # one line: what it is for
    writer: Writer
    by_suffix: bool = True      # the format a bare suffix means (.py: the NumPy script)
    needs_data: bool = False    # writes the training data too (bpstudio.workflow loads it)
    float32: bool = False       # stores float32: parameters beyond its range are refused
    recurrent: bool = False     # carries recurrent connections (docs/recurrent.md)

    @property
    def label(self) -> str:
        """The menu line: ``ONNX model — run it anywhere: onnxruntime, Netron, …``."""
        return f"{self.name} — {self.about}"


def _single(writer: Callable[[Plan, Network], bytes], suffix: str) -> Writer:
    """A one-file format whose writer reads the network (its input scaling included)."""
    def write(source: ExportSource, stem: str) -> dict[str, bytes]:
        return {f"{stem}{suffix}": writer(source.plan, source.network)}
    return write


#: Every format, in menu order.
FORMATS: tuple[ExportFormat, ...] = (
    ExportFormat("npz", "NumPy arrays", (".npz",),
                 "one weight matrix per level, index maps, and a README to run it",
                 _single(npz_bytes, ".npz"), recurrent=True),
    ExportFormat("json", "readable JSON", (".json",),
                 "every neuron and connection with its number, for any language",
                 _single(json_bytes, ".json"), recurrent=True),
    ExportFormat("onnx", "ONNX model", (".onnx",),
                 "run it anywhere: onnxruntime, Netron, phones, browsers (float32)",
                 _single(onnx_bytes, ".onnx"), float32=True, recurrent=True),
    ExportFormat("numpy", "Python script", (".py",),
                 "one file, NumPy only, weights inside; predicts a CSV like bpstudio predict",
                 python_files),
    ExportFormat("torch", "PyTorch module", (".py",),
                 "keep training, on GPUs: an nn.Module, its weights (.pt), the data and a "
                 "train script for torchrun",
                 torch_files, by_suffix=False, needs_data=True),
    ExportFormat("c", "C source", (".c",),
                 "no dependencies, microcontrollers: a predict function in float32 (.c + .h)",
                 c_files, float32=True),
)

FORMATS_BY_KEY = {f.key: f for f in FORMATS}


def format_for(path: str | os.PathLike[str], format_key: str | None = None) -> ExportFormat:
    """The format ``path`` is written in: ``format_key`` if given, else by the suffix."""
    suffix = Path(path).suffix.lower()
    if format_key is not None:
        chosen = FORMATS_BY_KEY.get(format_key)
        if chosen is None:
            raise ExportError(translate("Export", "unknown export format "
                                                  "{format_key!r}; use one of "
                                                  "{formats_by_key}").format(
                                  format_key=format_key,
                                  formats_by_key=', '.join(FORMATS_BY_KEY)))
        if suffix not in chosen.suffixes:
            raise ExportError(translate("Export", "{path}: the {name} export writes "
                                                  "{suffixes} files; name it "
                                                  "{stem}{suffix}").format(
                                  path=os.fspath(path), name=chosen.name,
                                  suffixes=' or '.join(chosen.suffixes),
                                  stem=Path(path).stem or 'network',
                                  suffix=chosen.suffixes[0]))
        return chosen
    for candidate in FORMATS:
        if candidate.by_suffix and suffix in candidate.suffixes:
            return candidate
    supported = ", ".join(f.suffixes[0] for f in FORMATS if f.by_suffix)
    problem = (translate("Export", 'cannot export to "{suffix}" files').format(
                   suffix=Path(path).suffix) if suffix else
               translate("Export", "the name has no suffix to choose the format by"))
    raise ExportError(translate("Export", "{path}: {problem}; use one of {supported}").format(
                          path=os.fspath(path), problem=problem,
                          supported=supported))


def export_network(network: Network, path: str | os.PathLike[str], *,
                   format_key: str | None = None, title: str = "",
                   data: TrainingData | None = None) -> list[Path]:
    """Write ``network`` to ``path`` (and the files that go with it); returns every path
    written, the main file first.

    ``title`` names the C function; ``data`` is the training data with raw inputs (a
    format with ``needs_data`` requires it: use :func:`bpstudio.workflow.export_document`,
    which loads it). The network's stored input scaling goes into every format.
    """
    chosen = format_for(path, format_key)
    try:
        plan = compile_network(network, "float64")
    except CompileError as error:
        raise ExportError(translate("Export", "cannot export: {error}").format(
                              error=error)) from None
    _check_labels(network)
    if plan.has_recurrent and not chosen.recurrent:
        carriers = ", ".join(f.name for f in FORMATS if f.recurrent)
        raise ExportError(translate("Export", "cannot export {name}: the network has "
                                              "recurrent connections, which only these "
                                              "exports carry: {carriers}").format(
                              name=chosen.name, carriers=carriers))
    scaling = network.input_scaling
    if scaling.n_inputs not in (None, plan.n_inputs):
        raise ExportError(translate("Export", "cannot export: the stored input scaling "
                                              "is for {n_inputs} inputs but the network "
                                              "has {network_inputs}; train it again to refit "
                                              "the scaling").format(
                              n_inputs=scaling.n_inputs, network_inputs=plan.n_inputs))
    if chosen.float32:
        _check_float32(network, plan, chosen.suffixes[0])
    if chosen.needs_data and data is None:
        raise ExportError(translate("Export", "the {name} export writes the training "
                                              "data too, and none was given").format(
                              name=chosen.name))
    source = ExportSource(plan, network, title, data)
    target = Path(path)
    try:
        files = chosen.writer(source, target.stem)
    except ImportError as error:   # onnx is a dependency, but a broken install says so here
        raise ExportError(translate("Export", "cannot export {name}: the {package} "
                                              "package is missing or broken ({error})").format(
                              name=chosen.name, package=error.name or 'onnx',
                              error=error)) from None
    except ValueError as error:    # a network the format cannot hold; the message says why
        raise ExportError(translate("Export", "cannot export {name}: {error}").format(
                              name=chosen.name, error=error)) from None
    paths = [target.with_name(name) for name in files]
    paths[0] = target   # the main file keeps the suffix as typed (net.PY stays net.PY)
    _write(dict(zip(paths, files.values(), strict=True)))
    return paths


def _check_labels(network: Network) -> None:
    """Labels go into every format as UTF-8; a lone surrogate would fail mid-write."""
    for neuron in network.neurons.values():
        try:
            neuron.label.encode("utf-8")
        except UnicodeEncodeError:
            raise ExportError(translate("Export", "cannot export: the label of neuron "
                                                  "{id} is not valid Unicode text").format(
                                  id=neuron.id)) from None


def _check_float32(network: Network, plan: Plan, suffix: str) -> None:
    """A float32 format: a parameter beyond its range would silently become infinite."""
    limit = float(np.finfo(np.float32).max)
    weights, biases = plan.parameters()
    for cid, weight in weights.items():
        if abs(weight) > limit:
            c = network.connections[cid]
            raise ExportError(translate("Export", "cannot export {suffix}: the weight "
                                                  "of {source} → {target} ({weight:g}) is "
                                                  "too large for float32").format(
                                  suffix=suffix, source=network.neurons[c.source].name,
                                  target=network.neurons[c.target].name, weight=weight))
    for nid, bias in biases.items():
        if abs(bias) > limit:
            raise ExportError(translate("Export", "cannot export {suffix}: the bias of "
                                                  "{name} ({bias:g}) is too large for "
                                                  "float32").format(
                                  suffix=suffix, name=network.neurons[nid].name,
                                  bias=bias))


def _write(files: dict[Path, bytes]) -> None:
    """Every file or none: nothing is renamed until all are written (formats/atomic.py);
    through a symlink, what it points to is updated."""
    try:
        write_files_atomically(files)
    except OSError as error:
        raise ExportError(translate("Export", "cannot write {filename}: {reason}").format(
                              filename=error.filename, reason=error.strerror or error)) from None
