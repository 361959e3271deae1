"""ONNX operators that move columns around or compute constants: they make no neurons.

Each takes (node, input values, attributes) and returns the output values. On constants they
compute the result (constant folding); on columns they pick, join or split them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from bpstudio.formats.import_draft import ModelImportError
from bpstudio.formats.onnx_values import (
    FLOATS,
    BatchShape,
    Column,
    Columns,
    Value,
    columns_of,
    constant_of,
    node_name,
)
from bpstudio.words import translate


def _identity(node: Any, inputs: list[Value | None], _: dict[str, Any]) -> list[Value]:
    assert inputs[0] is not None
    return [inputs[0]]


def _flatten(node: Any, inputs: list[Value | None], attributes: dict[str, Any]) -> list[Value]:
    value = inputs[0]
    if attributes.get("axis", 1) != 1:
        raise ModelImportError(translate("Import", "node {node_name} (Flatten) flattens "
                                                   "from axis {axis}; BP Studio "
                                                   "keeps the batch axis").format(
                                   node_name=node_name(node),
                                   axis=attributes['axis']))
    if isinstance(value, np.ndarray):
        return [value.reshape(value.shape[0], -1) if value.ndim else value.reshape(1, 1)]
    columns = columns_of(node, value)
    return [Columns(columns.columns, (len(columns.columns),))]


def _reshape(node: Any, inputs: list[Value | None], _: dict[str, Any]) -> list[Value]:
    shape = [int(s) for s in constant_of(node, inputs[1], "shape").tolist()]
    value = inputs[0]
    if isinstance(value, np.ndarray):
        shape = [value.shape[i] if s == 0 else s for i, s in enumerate(shape)]
        return [value.reshape(shape)]
    columns = columns_of(node, value)
    n = len(columns.columns)
    if len(shape) != 2 or shape[1] not in (n, -1) or (shape[1] == -1 and shape[0] > 0):
        raise ModelImportError(translate("Import", "node {node_name} (Reshape) reshapes "
                                                   "the data to {shape}; BP Studio "
                                                   "keeps it as [batch, {n}]").format(
                                   node_name=node_name(node), shape=shape, n=n))
    return [Columns(columns.columns, (n,))]


def _gather(node: Any, inputs: list[Value | None], attributes: dict[str, Any]) -> list[Value]:
    indices = constant_of(node, inputs[1], "indices").astype(np.int64)
    axis = attributes.get("axis", 0)
    if isinstance(inputs[0], np.ndarray):
        return [np.take(inputs[0], indices, axis=axis)]
    columns = columns_of(node, inputs[0]).flat(node)
    if axis not in (1, -1) or indices.ndim != 1:
        raise ModelImportError(translate("Import", "node {node_name} (Gather) picks "
                                                   "samples, not columns").format(
                                   node_name=node_name(node)))
    n = len(columns)
    if ((indices < -n) | (indices >= n)).any():
        raise ModelImportError(translate("Import", "node {node_name} (Gather) picks a "
                                                   "column that does not exist").format(
                                   node_name=node_name(node)))
    picked = [columns[int(i) % n] for i in indices]
    return [Columns(picked, (len(picked),))]


def _slice(node: Any, inputs: list[Value | None], attributes: dict[str, Any]) -> list[Value]:
    if len(inputs) > 1:   # opset 10 on: starts, ends, axes, steps are inputs
        parts = [None if v is None else
                 constant_of(node, v, "slice bounds").astype(np.int64).tolist()
                 for v in (inputs[1:] + [None, None, None])[:4]]
        starts, ends, axes, steps = parts
    else:
        starts, ends = attributes["starts"], attributes["ends"]
        axes, steps = attributes.get("axes"), None
    assert starts is not None and ends is not None
    axes = axes if axes is not None else list(range(len(starts)))
    steps = steps if steps is not None else [1] * len(starts)
    value = inputs[0]
    if isinstance(value, np.ndarray):
        index = [slice(None)] * value.ndim
        for start, end, axis, step in zip(starts, ends, axes, steps, strict=True):
            index[axis] = slice(start, end, step)
        return [value[tuple(index)]]
    columns = columns_of(node, value).flat(node)
    for start, end, axis, step in zip(starts, ends, axes, steps, strict=True):
        if axis in (1, -1):
            columns = columns[slice(start, end, step)]
        elif not (start == 0 and end >= 2**31 - 1 and step == 1):
            raise ModelImportError(translate("Import", "node {node_name} (Slice) picks "
                                                       "samples, not columns").format(
                                       node_name=node_name(node)))
    return [Columns(columns, (len(columns),))]


def _concat(node: Any, inputs: list[Value | None], attributes: dict[str, Any]) -> list[Value]:
    axis = attributes.get("axis")
    if all(isinstance(v, np.ndarray) for v in inputs):
        return [np.concatenate([v for v in inputs if isinstance(v, np.ndarray)], axis=axis)]
    if axis == 0 and len(inputs) == 2 and isinstance(inputs[0], BatchShape) \
            and isinstance(inputs[1], np.ndarray) and inputs[1].size == 1:
        return [BatchShape(int(inputs[1].reshape(-1)[0]))]   # [batch, n] for Expand
    if axis not in (1, -1):
        raise ModelImportError(translate("Import", "node {node_name} (Concat) joins "
                                                   "along axis {axis}; BP Studio joins "
                                                   "columns (axis 1)").format(
                                   node_name=node_name(node), axis=axis))
    joined = [c for v in inputs for c in columns_of(node, v).flat(node)]
    return [Columns(joined, (len(joined),))]


def _split(node: Any, inputs: list[Value | None], attributes: dict[str, Any]) -> list[Value]:
    columns = columns_of(node, inputs[0]).flat(node)
    if attributes.get("axis", 0) not in (1, -1):
        raise ModelImportError(translate("Import", "node {node_name} (Split) splits the "
                                                   "samples").format(
                                   node_name=node_name(node)))
    if len(inputs) > 1 and inputs[1] is not None:
        sizes = constant_of(node, inputs[1], "split sizes").astype(int).tolist()
    elif "split" in attributes:
        sizes = list(attributes["split"])
    else:
        parts = len(node.output)
        sizes = [-(-len(columns) // parts)] * parts
        sizes[-1] = len(columns) - sum(sizes[:-1])
    if sum(sizes) != len(columns) or min(sizes) < 0:
        raise ModelImportError(translate("Import", "node {node_name} (Split) sizes "
                                                   "{sizes} do not add up to {count} "
                                                   "columns").format(
                                   node_name=node_name(node), sizes=sizes,
                                   count=len(columns)))
    starts = np.cumsum([0] + sizes)
    return [Columns(columns[a:b], (b - a,)) for a, b in
            zip(starts[:-1].tolist(), starts[1:].tolist(), strict=True)]


def _shape(node: Any, inputs: list[Value | None], attributes: dict[str, Any]) -> list[Value]:
    columns_of(node, inputs[0])
    if attributes.get("start", 0) != 0 or attributes.get("end") != 1:
        raise ModelImportError(translate("Import", "node {node_name} (Shape) reads more "
                                                   "than the batch size").format(
                                   node_name=node_name(node)))
    return [BatchShape()]


def _expand(node: Any, inputs: list[Value | None], _: dict[str, Any]) -> list[Value]:
    constant = constant_of(node, inputs[0], "value")
    shape = inputs[1]
    if not isinstance(shape, BatchShape) or shape.count is None:
        raise ModelImportError(translate("Import", "node {node_name} (Expand) must "
                                                   "repeat a constant for every sample "
                                                   "([batch, n])").format(
                                   node_name=node_name(node)))
    values = np.broadcast_to(constant.reshape(-1), (shape.count,)).tolist()
    return [Columns([Column(float(v), {}) for v in values], (shape.count,))]


def _constant(node: Any, _: list[Value | None], attributes: dict[str, Any]
                 ) -> list[Value]:
    from onnx import numpy_helper

    if "value" in attributes:
        value = numpy_helper.to_array(attributes["value"])
        return [value.astype(np.float64) if value.dtype.kind == "f" else value]
    for key in ("value_float", "value_floats", "value_int", "value_ints"):
        if key in attributes:
            return [np.array(attributes[key])]
    raise ModelImportError(translate("Import", "node {node_name} (Constant) holds no "
                                               "number").format(
                               node_name=node_name(node)))


def _transpose(node: Any, inputs: list[Value | None], attributes: dict[str, Any]) -> list[Value]:
    constant = constant_of(node, inputs[0], "transposed value")
    return [np.transpose(constant, attributes.get("perm"))]


def _cast(node: Any, inputs: list[Value | None], attributes: dict[str, Any]) -> list[Value]:
    value = inputs[0]
    if isinstance(value, np.ndarray):
        return [value.astype(np.float64 if attributes.get("to") in FLOATS else np.int64)]
    if attributes.get("to") not in FLOATS:
        raise ModelImportError(translate("Import", "node {node_name} (Cast) turns the "
                                                   "data into integers").format(
                                   node_name=node_name(node)))
    assert value is not None
    return [value]


Operator = Callable[[Any, list[Value | None], dict[str, Any]], list[Value]]

#: ONNX operator name → its function
PLUMBING: dict[str, Operator] = {
    "Identity": _identity,
    "Flatten": _flatten,
    "Reshape": _reshape,
    "Gather": _gather,
    "Slice": _slice,
    "Concat": _concat,
    "Split": _split,
    "Shape": _shape,
    "Expand": _expand,
    "Constant": _constant,
    "Transpose": _transpose,
    "Cast": _cast,
}
