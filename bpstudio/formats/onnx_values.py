"""The values an ONNX graph is read into: columns of neurons, constants, a batch shape."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from bpstudio.formats.import_draft import ModelImportError
from bpstudio.words import translate

FLOATS = (1, 10, 11, 16)   # TensorProto FLOAT, FLOAT16, DOUBLE, BFLOAT16


@dataclass
class Column:
    """bias + Σ terms[key] · (value of neuron key)."""

    bias: float
    terms: dict[int, float]


@dataclass
class Columns:
    """A [batch, …] tensor of the samples; ``dims`` is its shape without the batch axis."""

    columns: list[Column]
    dims: tuple[int, ...]

    def flat(self, node: Any) -> list[Column]:
        if len(self.dims) != 1:
            raise ModelImportError(translate("Import", "node {node_name} ({op_type}) "
                                                       "works on a tensor of shape "
                                                       "[batch, {dims}]; BP Studio draws "
                                                       "dense layers on flat [batch, n] "
                                                       "data").format(
                                       node_name=node_name(node),
                                       op_type=node.op_type,
                                       dims=', '.join(map(str, self.dims))))
        return self.columns


@dataclass
class BatchShape:
    """The value of ``Shape(x)[0:1]``, optionally with a column count concatenated."""

    count: int | None = None


Value = Columns | BatchShape | np.ndarray


def node_name(node: Any) -> str:
    return f"'{node.name}'" if node.name else f"producing '{node.output[0]}'"


def columns_of(node: Any, value: Value | None) -> Columns:
    """``value`` as columns computed from the input, or the reason it is not."""
    if not isinstance(value, Columns):
        raise ModelImportError(translate("Import", "node {node_name} ({op_type}) "
                                                   "expects data computed from the "
                                                   "input, not a constant").format(
                                   node_name=node_name(node), op_type=node.op_type))
    return value


def constant_of(node: Any, value: Value | None, what: str) -> np.ndarray:
    """``value`` as a constant (an initializer), or the reason it is not."""
    if not isinstance(value, np.ndarray):
        raise ModelImportError(translate("Import", "node {node_name} ({op_type}): the "
                                                   "{what} must be a constant (an "
                                                   "initializer)").format(
                                   node_name=node_name(node), op_type=node.op_type,
                                   what=what))
    return value
