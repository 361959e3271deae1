"""ONNX models of dense networks → neurons and weighted connections.

The graph is evaluated symbolically: every ``[batch, n]`` tensor is a list of columns, each
an affine function (bias + Σ weight · neuron) of the neurons made so far. Linear operators
(``Gemm``, ``MatMul``, ``Add``, ``Sub``, ``Mul``, ``Div`` by constants, ``Gather``,
``Slice``, ``Concat``, ``Split``, ``Flatten``) transform the columns; an activation turns
each column into one neuron whose incoming connections are the column's terms. So any DAG of dense
layers is drawn exactly — ``torch.onnx.export`` of an MLP, BP Studio's own ``.onnx`` (skip
connections, mixed activations, bias-only neurons), even an input normalisation, which
folds into the first weights. Weights of exactly 0 are not connections (BP Studio's own
exports store "not connected" as 0). Anything else is refused with one message naming every
unsupported operator and its nodes.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from bpstudio.formats.import_draft import MAX_CONNECTIONS, Draft, ModelImportError

ACTIVATIONS = {"Relu": "relu", "Sigmoid": "sigmoid", "Tanh": "tanh", "LeakyRelu": "leaky_relu",
               "Softmax": "softmax", "Softplus": "softplus", "Sin": "sine"}
LINEAR = ("Gemm", "MatMul", "Add", "Sub", "Mul", "Div", "Identity", "Flatten", "Reshape",
          "Gather", "Slice", "Concat", "Split", "Shape", "Expand", "Constant", "Transpose",
          "Cast")
SUPPORTED = frozenset(ACTIVATIONS) | frozenset(LINEAR)
MAX_FILE_BYTES = 1 << 30
LEAKY_SLOPE_TOLERANCE = 1e-6   # float32 stores 0.01 as 0.0099999998


@dataclass
class _Column:
    """bias + Σ terms[key] · (value of neuron key)."""

    bias: float
    terms: dict[int, float]


@dataclass
class _Columns:
    """A [batch, …] tensor of the samples; ``dims`` is its shape without the batch axis."""

    columns: list[_Column]
    dims: tuple[int, ...]

    def flat(self, node: Any) -> list[_Column]:
        if len(self.dims) != 1:
            raise ModelImportError(f"node {_name(node)} ({node.op_type}) works on a tensor of "
                                   f"shape [batch, {', '.join(map(str, self.dims))}]; BP Studio "
                                   "draws dense layers on flat [batch, n] data")
        return self.columns


@dataclass
class _BatchShape:
    """The value of ``Shape(x)[0:1]``, optionally with a column count concatenated."""

    count: int | None = None


Value = _Columns | _BatchShape | np.ndarray


def _name(node: Any) -> str:
    return f"'{node.name}'" if node.name else f"producing '{node.output[0]}'"


def read_model(path: Path) -> Any:
    """The parsed, checked ModelProto; ModelImportError for anything that is not one."""
    import onnx
    from google.protobuf.message import DecodeError  # type: ignore[import-untyped]

    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ModelImportError(f"{path.name} is {size / 2**20:.0f} MB; the limit is "
                               f"{MAX_FILE_BYTES >> 20} MB")
    try:
        model = onnx.load(str(path))
    except (DecodeError, ValueError, RuntimeError, UnicodeDecodeError, OSError) as error:
        detail = (str(error).splitlines() or [type(error).__name__])[0].strip("\"' ")
        raise ModelImportError(f"{path.name} is not a readable ONNX model: it is truncated or "
                               f"not ONNX ({detail})") from None
    if not model.graph.node and not model.graph.input:
        raise ModelImportError(f"{path.name} is not an ONNX model: it holds no graph")
    try:
        onnx.checker.check_model(model)
    except onnx.checker.ValidationError as error:
        raise ModelImportError(f"{path.name} is not a valid ONNX model: "
                               f"{str(error).splitlines()[0]}") from None
    return model


def _check_operators(graph: Any) -> None:
    unsupported: dict[str, list[str]] = {}
    for node in graph.node:
        if node.op_type not in SUPPORTED or node.domain not in ("", "ai.onnx"):
            unsupported.setdefault(node.op_type, []).append(node.name or node.output[0])
    if unsupported:
        parts = []
        for op, names in sorted(unsupported.items()):
            shown = ", ".join(f"'{n}'" for n in names[:3])
            more = f" and {len(names) - 3} more" if len(names) > 3 else ""
            parts.append(f"{op} (node{'s' if len(names) > 1 else ''} {shown}{more})")
        raise ModelImportError("the model uses operators BP Studio cannot draw as neurons: "
                               + "; ".join(parts) + ". It imports dense networks made of "
                               "Gemm, MatMul + Add, Relu, Sigmoid, Tanh, LeakyRelu, Softmax, "
                               "Softplus, Sin, Identity, Flatten, Concat, Gather, Slice and Split")


def _attributes(node: Any) -> dict[str, Any]:
    from onnx import helper

    return {a.name: helper.get_attribute_value(a) for a in node.attribute}


class _Reader:
    """Walks the graph in order, keeping every tensor's value by name."""

    def __init__(self, model: Any) -> None:
        from onnx import numpy_helper

        self.model, self.draft = model, Draft()
        self.from_bpstudio = model.producer_name == "bpstudio"
        self.opset = next((o.version for o in model.opset_import
                           if o.domain in ("", "ai.onnx")), 13)
        self.values: dict[str, Value] = {
            t.name: numpy_helper.to_array(t).astype(np.float64)
            if t.data_type in _FLOATS else numpy_helper.to_array(t)
            for t in model.graph.initializer}

    # ------------------------------------------------------------ graph ends
    def read_input(self) -> None:
        graph = self.model.graph
        inputs = [v for v in graph.input if v.name not in self.values]
        if len(inputs) != 1:
            raise ModelImportError(f"the model has {len(inputs)} inputs; BP Studio imports "
                                   "models with one input of shape [batch, n]")
        tensor = inputs[0].type.tensor_type
        dims = [d.dim_value for d in tensor.shape.dim][1:]
        if tensor.elem_type not in _FLOATS or not dims or not all(d > 0 for d in dims):
            raise ModelImportError(f"the model's input '{inputs[0].name}' must be a float "
                                   "tensor [batch, n] with a fixed n")
        count = math.prod(dims)
        keys = [self.draft.add_neuron("input", "identity") for _ in range(count)]
        self.draft.inputs = keys
        self.values[inputs[0].name] = _Columns([_Column(0.0, {k: 1.0}) for k in keys],
                                               tuple(dims))

    def read_output(self) -> None:
        graph = self.model.graph
        if len(graph.output) != 1:
            raise ModelImportError(f"the model has {len(graph.output)} outputs; BP Studio "
                                   "imports models with one output of shape [batch, n]")
        value = self.values.get(graph.output[0].name)
        if not isinstance(value, _Columns) or len(value.dims) != 1:
            raise ModelImportError("the model's output is not a [batch, n] tensor computed "
                                   "from its input")
        for column in value.columns:
            key = self._neuron_of(column)
            if key is None or self.draft.neurons[key].role != "hidden":
                key = self._neuron(column, "identity")
            self.draft.neurons[key].role = "output"
            self.draft.outputs.append(key)

    # ------------------------------------------------------------ nodes
    def read_nodes(self) -> None:
        for node in self.model.graph.node:
            op = node.op_type
            unknown = [name for name in node.input if name and name not in self.values]
            if unknown:
                raise ModelImportError(f"node {_name(node)} ({op}) reads '{unknown[0]}', which "
                                       "nothing before it computes")
            inputs = [self.values[name] if name else None for name in node.input]
            if any(v is None for v in inputs[:1]):
                raise ModelImportError(f"node {_name(node)} ({op}) has no input")
            if op in ACTIVATIONS:
                outputs = [self._activate(node, inputs[0], ACTIVATIONS[op])]
            elif op == "Identity" and self.from_bpstudio and _LEVEL.fullmatch(node.output[0]):
                # BP Studio writes identity neurons as Identity nodes producing levelK
                # (or levelK_aI, one activation's share of a level): keep them as neurons
                outputs = [self._activate(node, inputs[0], "identity")]
            else:
                outputs = getattr(self, f"_op_{op.lower()}")(node, inputs, _attributes(node))
            for name, value in zip(node.output, outputs, strict=False):
                self.values[name] = value

    def _neuron_of(self, column: _Column) -> int | None:
        """The neuron a column is (weight 1, no bias), if it is one."""
        if column.bias == 0.0 and len(column.terms) == 1:
            ((key, weight),) = column.terms.items()
            return key if weight == 1.0 else None
        return None

    def _neuron(self, column: _Column, activation: str) -> int:
        key = self.draft.add_neuron("hidden", activation, column.bias)
        for source, weight in column.terms.items():
            if weight != 0.0:
                self.draft.add_edge(source, key, weight)
        return key

    def _activate(self, node: Any, value: Value | None, activation: str) -> _Columns:
        columns = self._columns(node, value).flat(node)
        attributes = _attributes(node)
        if activation == "leaky_relu":
            alpha = float(attributes.get("alpha", 0.01))
            if abs(alpha - 0.01) > LEAKY_SLOPE_TOLERANCE:
                raise ModelImportError(f"node {_name(node)} is a LeakyRelu with slope {alpha:g}; "
                                       "BP Studio's leaky ReLU has slope 0.01")
        if activation == "softmax":
            axis = attributes.get("axis", 1 if self.opset < 13 else -1)
            if axis not in (1, -1):
                raise ModelImportError(f"node {_name(node)} is a Softmax over axis {axis}; "
                                       "BP Studio's softmax is over the outputs (axis 1)")
        keys = [self._neuron(c, activation) for c in columns]
        return _Columns([_Column(0.0, {k: 1.0}) for k in keys], (len(keys),))

    def _columns(self, node: Any, value: Value | None) -> _Columns:
        if not isinstance(value, _Columns):
            raise ModelImportError(f"node {_name(node)} ({node.op_type}) expects data computed "
                                   "from the input, not a constant")
        return value

    def _constant(self, node: Any, value: Value | None, what: str) -> np.ndarray:
        if not isinstance(value, np.ndarray):
            raise ModelImportError(f"node {_name(node)} ({node.op_type}): the {what} must be "
                                   "a constant (an initializer)")
        return value

    # ------------------------------------------------------------ linear maps
    def _matmul(self, node: Any, columns: list[_Column], weight: np.ndarray) -> _Columns:
        """columns (n) @ weight (n, m): m new columns."""
        if weight.ndim != 2 or weight.shape[0] != len(columns):
            raise ModelImportError(f"node {_name(node)} ({node.op_type}) multiplies "
                                   f"{len(columns)} columns by a weight of shape "
                                   f"{list(weight.shape)}")
        size = sum(len(c.terms) for c in columns) * weight.shape[1]
        if size > 4 * MAX_CONNECTIONS:
            raise ModelImportError(f"the model has more than {MAX_CONNECTIONS:,} connections; "
                                   f"BP Studio draws at most {MAX_CONNECTIONS:,}")
        biases = np.array([c.bias for c in columns]) @ weight
        result = []
        for j in range(weight.shape[1]):
            terms: dict[int, float] = {}
            for k in np.flatnonzero(weight[:, j]):
                w = float(weight[k, j])
                for key, t in columns[k].terms.items():
                    terms[key] = terms.get(key, 0.0) + w * t
            result.append(_Column(float(biases[j]), terms))
        return _Columns(result, (len(result),))

    def _elementwise(self, node: Any, columns: list[_Column], constant: np.ndarray,
                     scale: bool) -> _Columns:
        """columns + constant (scale False) or columns · constant (scale True), broadcast."""
        n = len(columns)
        if constant.size not in (1, n) or (constant.ndim > 1 and constant.shape[-1] != n
                                           and constant.size != 1):
            raise ModelImportError(f"node {_name(node)} ({node.op_type}) combines {n} "
                                   f"columns with a constant of shape {list(constant.shape)}")
        values = np.broadcast_to(constant.reshape(-1), (n,)).astype(np.float64)
        if scale:
            return _Columns([_Column(c.bias * v, {k: t * v for k, t in c.terms.items()})
                             for c, v in zip(columns, values.tolist(), strict=True)], (n,))
        return _Columns([_Column(c.bias + v, dict(c.terms))
                         for c, v in zip(columns, values.tolist(), strict=True)], (n,))

    def _op_gemm(self, node: Any, inputs: list[Value | None], attributes: dict[str, Any]
                 ) -> list[Value]:
        if attributes.get("transA", 0):
            raise ModelImportError(f"node {_name(node)} (Gemm) transposes the data (transA)")
        columns = self._columns(node, inputs[0]).flat(node)
        weight = self._constant(node, inputs[1], "weight")
        weight = weight.T if attributes.get("transB", 0) else weight
        result = self._matmul(node, columns, weight * float(attributes.get("alpha", 1.0)))
        if len(inputs) > 2 and inputs[2] is not None:
            bias = self._constant(node, inputs[2], "bias") * float(attributes.get("beta", 1.0))
            result = self._elementwise(node, result.columns, bias, scale=False)
        return [result]

    def _op_matmul(self, node: Any, inputs: list[Value | None], _: dict[str, Any]
                   ) -> list[Value]:
        a, b = inputs[0], inputs[1]
        if isinstance(a, np.ndarray) and isinstance(b, np.ndarray):
            return [np.matmul(a, b)]
        columns = self._columns(node, inputs[0]).flat(node)
        return [self._matmul(node, columns, self._constant(node, inputs[1], "weight"))]

    def _binary(self, node: Any, inputs: list[Value | None], op: str) -> list[Value]:
        a, b = inputs[0], inputs[1]
        if isinstance(a, np.ndarray) and isinstance(b, np.ndarray):
            return [{"Add": np.add, "Sub": np.subtract, "Mul": np.multiply,
                     "Div": np.divide}[op](a, b)]
        if op in ("Add", "Sub") and isinstance(a, _Columns) and isinstance(b, _Columns):
            left, right = a.flat(node), b.flat(node)
            if len(left) != len(right):
                raise ModelImportError(f"node {_name(node)} ({op}) combines {len(left)} "
                                       f"columns with {len(right)}")
            sign = 1.0 if op == "Add" else -1.0
            result = []
            for x, y in zip(left, right, strict=True):
                terms = dict(x.terms)
                for key, t in y.terms.items():
                    terms[key] = terms.get(key, 0.0) + sign * t
                result.append(_Column(x.bias + sign * y.bias, terms))
            return [_Columns(result, (len(result),))]
        if isinstance(b, _Columns) and op in ("Add", "Mul"):
            a, b = b, a   # the constant on the left: both commute
        columns = self._columns(node, a).flat(node)
        constant = self._constant(node, b, "other operand")
        if op == "Sub":
            return [self._elementwise(node, columns, -constant, scale=False)]
        if op == "Div":
            if (constant == 0).any():
                raise ModelImportError(f"node {_name(node)} (Div) divides by 0")
            return [self._elementwise(node, columns, 1.0 / constant, scale=True)]
        return [self._elementwise(node, columns, constant, scale=op == "Mul")]

    def _op_add(self, node: Any, inputs: list[Value | None], _: dict[str, Any]) -> list[Value]:
        return self._binary(node, inputs, "Add")

    def _op_sub(self, node: Any, inputs: list[Value | None], _: dict[str, Any]) -> list[Value]:
        return self._binary(node, inputs, "Sub")

    def _op_mul(self, node: Any, inputs: list[Value | None], _: dict[str, Any]) -> list[Value]:
        return self._binary(node, inputs, "Mul")

    def _op_div(self, node: Any, inputs: list[Value | None], _: dict[str, Any]) -> list[Value]:
        return self._binary(node, inputs, "Div")

    # ------------------------------------------------------------ plumbing
    def _op_identity(self, node: Any, inputs: list[Value | None], _: dict[str, Any]
                     ) -> list[Value]:
        assert inputs[0] is not None
        return [inputs[0]]

    def _op_flatten(self, node: Any, inputs: list[Value | None], attributes: dict[str, Any]
                    ) -> list[Value]:
        value = inputs[0]
        if attributes.get("axis", 1) != 1:
            raise ModelImportError(f"node {_name(node)} (Flatten) flattens from axis "
                                   f"{attributes['axis']}; BP Studio keeps the batch axis")
        if isinstance(value, np.ndarray):
            return [value.reshape(value.shape[0], -1) if value.ndim else value.reshape(1, 1)]
        columns = self._columns(node, value)
        return [_Columns(columns.columns, (len(columns.columns),))]

    def _op_reshape(self, node: Any, inputs: list[Value | None], _: dict[str, Any]
                    ) -> list[Value]:
        shape = [int(s) for s in self._constant(node, inputs[1], "shape").tolist()]
        value = inputs[0]
        if isinstance(value, np.ndarray):
            shape = [value.shape[i] if s == 0 else s for i, s in enumerate(shape)]
            return [value.reshape(shape)]
        columns = self._columns(node, value)
        n = len(columns.columns)
        if len(shape) != 2 or shape[1] not in (n, -1) or (shape[1] == -1 and shape[0] > 0):
            raise ModelImportError(f"node {_name(node)} (Reshape) reshapes the data to "
                                   f"{shape}; BP Studio keeps it as [batch, {n}]")
        return [_Columns(columns.columns, (n,))]

    def _op_gather(self, node: Any, inputs: list[Value | None], attributes: dict[str, Any]
                   ) -> list[Value]:
        indices = self._constant(node, inputs[1], "indices").astype(np.int64)
        axis = attributes.get("axis", 0)
        if isinstance(inputs[0], np.ndarray):
            return [np.take(inputs[0], indices, axis=axis)]
        columns = self._columns(node, inputs[0]).flat(node)
        if axis not in (1, -1) or indices.ndim != 1:
            raise ModelImportError(f"node {_name(node)} (Gather) picks samples, not columns")
        n = len(columns)
        if ((indices < -n) | (indices >= n)).any():
            raise ModelImportError(f"node {_name(node)} (Gather) picks a column that does not "
                                   "exist")
        picked = [columns[int(i) % n] for i in indices]
        return [_Columns(picked, (len(picked),))]

    def _op_slice(self, node: Any, inputs: list[Value | None], attributes: dict[str, Any]
                  ) -> list[Value]:
        if len(inputs) > 1:   # opset 10 on: starts, ends, axes, steps are inputs
            parts = [None if v is None else
                     self._constant(node, v, "slice bounds").astype(np.int64).tolist()
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
        columns = self._columns(node, value).flat(node)
        for start, end, axis, step in zip(starts, ends, axes, steps, strict=True):
            if axis in (1, -1):
                columns = columns[slice(start, end, step)]
            elif not (start == 0 and end >= 2**31 - 1 and step == 1):
                raise ModelImportError(f"node {_name(node)} (Slice) picks samples, not "
                                       "columns")
        return [_Columns(columns, (len(columns),))]

    def _op_concat(self, node: Any, inputs: list[Value | None], attributes: dict[str, Any]
                   ) -> list[Value]:
        axis = attributes.get("axis")
        if all(isinstance(v, np.ndarray) for v in inputs):
            return [np.concatenate([v for v in inputs if isinstance(v, np.ndarray)], axis=axis)]
        if axis == 0 and len(inputs) == 2 and isinstance(inputs[0], _BatchShape) \
                and isinstance(inputs[1], np.ndarray) and inputs[1].size == 1:
            return [_BatchShape(int(inputs[1].reshape(-1)[0]))]   # [batch, n] for Expand
        if axis not in (1, -1):
            raise ModelImportError(f"node {_name(node)} (Concat) joins along axis {axis}; "
                                   "BP Studio joins columns (axis 1)")
        joined = [c for v in inputs for c in self._columns(node, v).flat(node)]
        return [_Columns(joined, (len(joined),))]

    def _op_split(self, node: Any, inputs: list[Value | None], attributes: dict[str, Any]
                  ) -> list[Value]:
        columns = self._columns(node, inputs[0]).flat(node)
        if attributes.get("axis", 0) not in (1, -1):
            raise ModelImportError(f"node {_name(node)} (Split) splits the samples")
        if len(inputs) > 1 and inputs[1] is not None:
            sizes = self._constant(node, inputs[1], "split sizes").astype(int).tolist()
        elif "split" in attributes:
            sizes = list(attributes["split"])
        else:
            parts = len(node.output)
            sizes = [-(-len(columns) // parts)] * parts
            sizes[-1] = len(columns) - sum(sizes[:-1])
        if sum(sizes) != len(columns) or min(sizes) < 0:
            raise ModelImportError(f"node {_name(node)} (Split) sizes {sizes} do not add up "
                                   f"to {len(columns)} columns")
        starts = np.cumsum([0] + sizes)
        return [_Columns(columns[a:b], (b - a,)) for a, b in
                zip(starts[:-1].tolist(), starts[1:].tolist(), strict=True)]

    def _op_shape(self, node: Any, inputs: list[Value | None], attributes: dict[str, Any]
                  ) -> list[Value]:
        self._columns(node, inputs[0])
        if attributes.get("start", 0) != 0 or attributes.get("end") != 1:
            raise ModelImportError(f"node {_name(node)} (Shape) reads more than the batch size")
        return [_BatchShape()]

    def _op_expand(self, node: Any, inputs: list[Value | None], _: dict[str, Any]
                   ) -> list[Value]:
        constant = self._constant(node, inputs[0], "value")
        shape = inputs[1]
        if not isinstance(shape, _BatchShape) or shape.count is None:
            raise ModelImportError(f"node {_name(node)} (Expand) must repeat a constant for "
                                   "every sample ([batch, n])")
        values = np.broadcast_to(constant.reshape(-1), (shape.count,)).tolist()
        return [_Columns([_Column(float(v), {}) for v in values], (shape.count,))]

    def _op_constant(self, node: Any, _: list[Value | None], attributes: dict[str, Any]
                     ) -> list[Value]:
        from onnx import numpy_helper

        if "value" in attributes:
            value = numpy_helper.to_array(attributes["value"])
            return [value.astype(np.float64) if value.dtype.kind == "f" else value]
        for key in ("value_float", "value_floats", "value_int", "value_ints"):
            if key in attributes:
                return [np.array(attributes[key])]
        raise ModelImportError(f"node {_name(node)} (Constant) holds no number")

    def _op_transpose(self, node: Any, inputs: list[Value | None], attributes: dict[str, Any]
                      ) -> list[Value]:
        constant = self._constant(node, inputs[0], "transposed value")
        return [np.transpose(constant, attributes.get("perm"))]

    def _op_cast(self, node: Any, inputs: list[Value | None], attributes: dict[str, Any]
                 ) -> list[Value]:
        value = inputs[0]
        if isinstance(value, np.ndarray):
            return [value.astype(np.float64 if attributes.get("to") in _FLOATS else np.int64)]
        if attributes.get("to") not in _FLOATS:
            raise ModelImportError(f"node {_name(node)} (Cast) turns the data into integers")
        assert value is not None
        return [value]


_FLOATS = (1, 10, 11, 16)
_LEVEL = re.compile(r"level\d+(_a\d+)?")   # TensorProto FLOAT, FLOAT16, DOUBLE, BFLOAT16


def _restore_bpstudio_names(reader: _Reader) -> None:
    """BP Studio's own exports name every neuron in their metadata: restore ids, labels
    and the loss (anything inconsistent is ignored: the ids are then assigned afresh)."""
    model, draft = reader.model, reader.draft
    props = {p.key: p.value for p in model.metadata_props}
    if model.producer_name != "bpstudio":
        return
    try:
        named: list[tuple[list[int], Sequence[int], Sequence[str]]] = [
            (draft.inputs, json.loads(props["input_ids"]), json.loads(props["input_labels"])),
            (draft.outputs, json.loads(props["output_ids"]), json.loads(props["output_labels"]))]
        for k, (ids, labels) in enumerate(zip(json.loads(props.get("level_ids", "[]")),
                                              json.loads(props.get("level_labels", "[]")),
                                              strict=True)):
            value = reader.values.get(f"level{k}")
            if isinstance(value, _Columns):
                found = [reader._neuron_of(c) for c in value.columns]
                keys = [key for key in found if key is not None]
                if len(keys) == len(found):
                    named.append((keys, ids, labels))
    except (KeyError, ValueError, TypeError):
        return
    draft.loss = props.get("loss")
    for keys, ids, labels in named:
        if len(keys) != len(ids) or len(keys) != len(labels):
            continue
        for key, nid, label in zip(keys, ids, labels, strict=True):
            if isinstance(nid, int) and isinstance(label, str):
                draft.neurons[key].id, draft.neurons[key].label = nid, label


def onnx_draft(path: Path) -> Draft:
    """The draft of the model in ``path``; ModelImportError says what stops the import."""
    model = read_model(path)
    _check_operators(model.graph)
    reader = _Reader(model)
    reader.read_input()
    reader.read_nodes()
    reader.read_output()
    _restore_bpstudio_names(reader)
    return reader.draft
