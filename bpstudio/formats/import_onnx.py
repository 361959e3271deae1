"""ONNX models of dense networks → neurons and weighted connections.

The graph is evaluated symbolically: every ``[batch, n]`` tensor is a list of columns, each
an affine function (bias + Σ weight · neuron) of the neurons made so far. Linear operators
(``Gemm``, ``MatMul``, ``Add``, ``Sub``, ``Mul``, ``Div`` by constants) transform the
columns, and ``onnx_plumbing`` picks, joins and splits them (``Gather``, ``Slice``,
``Concat``, ``Split``, ``Flatten``…); an activation turns each column into one neuron whose
incoming connections are the column's terms. So any DAG of dense layers is drawn exactly:
``torch.onnx.export`` of an MLP, BP Studio's own ``.onnx`` (skip connections, mixed
activations, bias-only neurons), even an input normalisation, which folds into the first
weights — except the ``Sub``/``Div`` by BP Studio's own stored input scaling at the head of
its exports, which becomes the document's input scaling again. Weights of exactly 0 are not
connections (BP Studio's own exports store "not connected" as 0). Anything else is refused
with one message naming every unsupported operator and its nodes.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from bpstudio.formats.import_draft import MAX_CONNECTIONS, Draft, ModelImportError
from bpstudio.formats.onnx_plumbing import PLUMBING
from bpstudio.formats.onnx_values import (
    FLOATS,
    Column,
    Columns,
    Value,
    columns_of,
    constant_of,
    node_name,
)
from bpstudio.model.scaling import InputScaling
from bpstudio.model.settings import SettingsError
from bpstudio.words import translate

ACTIVATIONS = {"Relu": "relu", "Sigmoid": "sigmoid", "Tanh": "tanh", "LeakyRelu": "leaky_relu",
               "Softmax": "softmax", "Softplus": "softplus", "Sin": "sine"}
LINEAR = ("Gemm", "MatMul", "Add", "Sub", "Mul", "Div")
SUPPORTED = frozenset(ACTIVATIONS) | frozenset(LINEAR) | frozenset(PLUMBING)
MAX_FILE_BYTES = 1 << 30
LEAKY_SLOPE_TOLERANCE = 1e-6   # float32 stores 0.01 as 0.0099999998


def read_model(path: Path) -> Any:
    """The parsed, checked ModelProto; ModelImportError for anything that is not one."""
    import onnx
    from google.protobuf.message import DecodeError  # type: ignore[import-untyped]

    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ModelImportError(translate("Import", "{name} is {size:.0f} MB; the limit "
                                                   "is {max_file_bytes} MB").format(
                                   name=path.name, size=size / 2**20,
                                   max_file_bytes=MAX_FILE_BYTES >> 20))
    try:
        model = onnx.load(str(path))
    except (DecodeError, ValueError, RuntimeError, UnicodeDecodeError, OSError) as error:
        detail = (str(error).splitlines() or [type(error).__name__])[0].strip("\"' ")
        raise ModelImportError(translate("Import", "{name} is not a readable ONNX "
                                                   "model: it is truncated or not ONNX "
                                                   "({detail})").format(
                                   name=path.name, detail=detail)) from None
    if not model.graph.node and not model.graph.input:
        raise ModelImportError(translate("Import", "{name} is not an ONNX model: it "
                                                   "holds no graph").format(
                                   name=path.name))
    try:
        onnx.checker.check_model(model)
    except onnx.checker.ValidationError as error:
        raise ModelImportError(translate("Import", "{name} is not a valid ONNX model: "
                                                   "{error}").format(
                                   name=path.name, error=str(error).splitlines()[0])) from None
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
            more = (translate("Import", " and {count} more").format(count=len(names) - 3)
                    if len(names) > 3 else "")
            parts.append((translate("Import", "{op} (nodes {names}{more})") if len(names) > 1
                          else translate("Import", "{op} (node {names}{more})")).format(
                op=op, names=shown, more=more))
        raise ModelImportError(translate(
            "Import", "the model uses operators BP Studio cannot draw as neurons: {parts}. It "
            "imports dense networks made of Gemm, MatMul + Add, Relu, Sigmoid, Tanh, LeakyRelu, "
            "Softmax, Softplus, Sin, Identity, Flatten, Concat, Gather, Slice and Split").format(
                parts="; ".join(parts)))


def _attributes(node: Any) -> dict[str, Any]:
    from onnx import helper

    return {a.name: helper.get_attribute_value(a) for a in node.attribute}


class _Reader:
    """Walks the graph in order, keeping every tensor's value by name."""

    def __init__(self, model: Any) -> None:
        from onnx import numpy_helper

        self.model, self.draft = model, Draft()
        self.input_name = ""   # the graph's data input, once read_input found it
        self.from_bpstudio = model.producer_name == "bpstudio"
        self.opset = next((o.version for o in model.opset_import
                           if o.domain in ("", "ai.onnx")), 13)
        self.values: dict[str, Value] = {
            t.name: numpy_helper.to_array(t).astype(np.float64)
            if t.data_type in FLOATS else numpy_helper.to_array(t)
            for t in model.graph.initializer}

    # ------------------------------------------------------------ graph ends
    def read_input(self) -> None:
        graph = self.model.graph
        inputs = [v for v in graph.input if v.name not in self.values]
        if len(inputs) != 1:
            raise ModelImportError(translate("Import", "the model has {count} inputs; "
                                                       "BP Studio imports models with "
                                                       "one input of shape [batch, n]").format(
                                       count=len(inputs)))
        tensor = inputs[0].type.tensor_type
        dims = [d.dim_value for d in tensor.shape.dim][1:]
        if tensor.elem_type not in FLOATS or not dims or not all(d > 0 for d in dims):
            raise ModelImportError(translate("Import", "the model's input '{name}' must "
                                                       "be a float tensor [batch, n] "
                                                       "with a fixed n").format(
                                       name=inputs[0].name))
        count = math.prod(dims)
        keys = [self.draft.add_neuron("input", "identity") for _ in range(count)]
        self.draft.inputs = keys
        self.input_name = inputs[0].name
        self.values[inputs[0].name] = Columns([Column(0.0, {k: 1.0}) for k in keys],
                                               tuple(dims))

    def read_output(self) -> None:
        graph = self.model.graph
        if len(graph.output) != 1:
            raise ModelImportError(translate("Import", "the model has {count} outputs; "
                                                       "BP Studio imports models with "
                                                       "one output of shape [batch, n]").format(
                                       count=len(graph.output)))
        value = self.values.get(graph.output[0].name)
        if not isinstance(value, Columns) or len(value.dims) != 1:
            raise ModelImportError(translate("Import", "the model's output is not a [batch, n] "
                                                       "tensor computed from its input"))
        for column in value.columns:
            key = self._neuron_of(column)
            if key is None or self.draft.neurons[key].role != "hidden":
                key = self._neuron(column, "identity")
            self.draft.neurons[key].role = "output"
            self.draft.outputs.append(key)

    def read_scaling(self) -> int:
        """BP Studio's exports of a network trained on scaled inputs start with
        ``Sub(input, input_offset)`` then ``Div(·, input_scale)``: read them back as the
        draft's input scaling (the inputs stay what the drawing computes with). Returns the
        number of nodes that took, 0 when the graph does not start so."""
        nodes, raw = self.model.graph.node, self.input_name
        props = {p.key: p.value for p in self.model.metadata_props}
        method = props.get("input_scaling", "none")
        if not self.from_bpstudio or method == "none" or len(nodes) < 2:
            return 0
        sub, div = nodes[0], nodes[1]
        if (sub.op_type, list(sub.input)) != ("Sub", [raw, "input_offset"]) \
                or (div.op_type, list(div.input)) != ("Div", [sub.output[0], "input_scale"]):
            return 0
        offset, scale = self.values.get("input_offset"), self.values.get("input_scale")
        n = len(self.draft.inputs)
        if not (isinstance(offset, np.ndarray) and isinstance(scale, np.ndarray)) \
                or offset.shape != (n,) or scale.shape != (n,):
            return 0
        try:
            self.draft.input_scaling = InputScaling(method, tuple(offset.tolist()),
                                                    tuple(scale.tolist()))
        except SettingsError:
            return 0   # read as any Sub and Div: folded into the first weights
        self.values[div.output[0]] = self.values[raw]
        return 2

    # ------------------------------------------------------------ nodes
    def read_nodes(self) -> None:
        skip = self.read_scaling()
        for node in self.model.graph.node[skip:]:
            op = node.op_type
            unknown = [name for name in node.input if name and name not in self.values]
            if unknown:
                raise ModelImportError(translate("Import", "node {node_name} ({op}) "
                                                           "reads '{unknown}', which "
                                                           "nothing before it computes").format(
                                           node_name=node_name(node), op=op,
                                           unknown=unknown[0]))
            inputs = [self.values[name] if name else None for name in node.input]
            if any(v is None for v in inputs[:1]):
                raise ModelImportError(translate("Import", "node {node_name} ({op}) has "
                                                           "no input").format(
                                           node_name=node_name(node), op=op))
            outputs: list[Value]
            if op in ACTIVATIONS:
                outputs = [self._activate(node, inputs[0], ACTIVATIONS[op])]
            elif op == "Identity" and self.from_bpstudio and _LEVEL.fullmatch(node.output[0]):
                # BP Studio writes identity neurons as Identity nodes producing levelK
                # (or levelK_aI, one activation's share of a level): keep them as neurons
                outputs = [self._activate(node, inputs[0], "identity")]
            elif op in PLUMBING:
                outputs = PLUMBING[op](node, inputs, _attributes(node))
            else:
                outputs = getattr(self, f"_op_{op.lower()}")(node, inputs, _attributes(node))
            for name, value in zip(node.output, outputs, strict=False):
                self.values[name] = value

    def _neuron_of(self, column: Column) -> int | None:
        """The neuron a column is (weight 1, no bias), if it is one."""
        if column.bias == 0.0 and len(column.terms) == 1:
            ((key, weight),) = column.terms.items()
            return key if weight == 1.0 else None
        return None

    def _neuron(self, column: Column, activation: str) -> int:
        key = self.draft.add_neuron("hidden", activation, column.bias)
        for source, weight in column.terms.items():
            if weight != 0.0:
                self.draft.add_edge(source, key, weight)
        return key

    def _activate(self, node: Any, value: Value | None, activation: str) -> Columns:
        columns = columns_of(node, value).flat(node)
        attributes = _attributes(node)
        if activation == "leaky_relu":
            alpha = float(attributes.get("alpha", 0.01))
            if abs(alpha - 0.01) > LEAKY_SLOPE_TOLERANCE:
                raise ModelImportError(translate("Import", "node {node_name} is a "
                                                           "LeakyRelu with slope "
                                                           "{alpha:g}; BP Studio's "
                                                           "leaky ReLU has slope 0.01").format(
                                           node_name=node_name(node), alpha=alpha))
        if activation == "softmax":
            axis = attributes.get("axis", 1 if self.opset < 13 else -1)
            if axis not in (1, -1):
                raise ModelImportError(translate("Import", "node {node_name} is a "
                                                           "Softmax over axis {axis}; "
                                                           "BP Studio's softmax is over "
                                                           "the outputs (axis 1)").format(
                                           node_name=node_name(node), axis=axis))
        keys = [self._neuron(c, activation) for c in columns]
        return Columns([Column(0.0, {k: 1.0}) for k in keys], (len(keys),))

    # ------------------------------------------------------------ linear maps
    def _matmul(self, node: Any, columns: list[Column], weight: np.ndarray) -> Columns:
        """columns (n) @ weight (n, m): m new columns."""
        if weight.ndim != 2 or weight.shape[0] != len(columns):
            raise ModelImportError(translate("Import", "node {node_name} ({op_type}) "
                                                       "multiplies {count} columns by a "
                                                       "weight of shape {shape}").format(
                                       node_name=node_name(node),
                                       op_type=node.op_type, count=len(columns),
                                       shape=list(weight.shape)))
        size = sum(len(c.terms) for c in columns) * weight.shape[1]
        if size > 4 * MAX_CONNECTIONS:
            raise ModelImportError(translate("Import", "the model has more than "
                                                       "{max_connections:,} "
                                                       "connections; BP Studio draws at "
                                                       "most {max_connections:,}").format(
                                       max_connections=MAX_CONNECTIONS))
        biases = np.array([c.bias for c in columns]) @ weight
        result = []
        for j in range(weight.shape[1]):
            terms: dict[int, float] = {}
            for k in np.flatnonzero(weight[:, j]):
                w = float(weight[k, j])
                for key, t in columns[k].terms.items():
                    terms[key] = terms.get(key, 0.0) + w * t
            result.append(Column(float(biases[j]), terms))
        return Columns(result, (len(result),))

    def _elementwise(self, node: Any, columns: list[Column], constant: np.ndarray,
                     scale: bool) -> Columns:
        """columns + constant (scale False) or columns · constant (scale True), broadcast."""
        n = len(columns)
        if constant.size not in (1, n) or (constant.ndim > 1 and constant.shape[-1] != n
                                           and constant.size != 1):
            raise ModelImportError(translate("Import", "node {node_name} ({op_type}) "
                                                       "combines {n} columns with a "
                                                       "constant of shape {shape}").format(
                                       node_name=node_name(node),
                                       op_type=node.op_type, n=n,
                                       shape=list(constant.shape)))
        values = np.broadcast_to(constant.reshape(-1), (n,)).astype(np.float64)
        if scale:
            return Columns([Column(c.bias * v, {k: t * v for k, t in c.terms.items()})
                             for c, v in zip(columns, values.tolist(), strict=True)], (n,))
        return Columns([Column(c.bias + v, dict(c.terms))
                         for c, v in zip(columns, values.tolist(), strict=True)], (n,))

    def _op_gemm(self, node: Any, inputs: list[Value | None], attributes: dict[str, Any]
                 ) -> list[Value]:
        if attributes.get("transA", 0):
            raise ModelImportError(translate("Import", "node {node_name} (Gemm) "
                                                       "transposes the data (transA)").format(
                                       node_name=node_name(node)))
        columns = columns_of(node, inputs[0]).flat(node)
        weight = constant_of(node, inputs[1], "weight")
        weight = weight.T if attributes.get("transB", 0) else weight
        result = self._matmul(node, columns, weight * float(attributes.get("alpha", 1.0)))
        if len(inputs) > 2 and inputs[2] is not None:
            bias = constant_of(node, inputs[2], "bias") * float(attributes.get("beta", 1.0))
            result = self._elementwise(node, result.columns, bias, scale=False)
        return [result]

    def _op_matmul(self, node: Any, inputs: list[Value | None], _: dict[str, Any]
                   ) -> list[Value]:
        a, b = inputs[0], inputs[1]
        if isinstance(a, np.ndarray) and isinstance(b, np.ndarray):
            return [np.matmul(a, b)]
        columns = columns_of(node, inputs[0]).flat(node)
        return [self._matmul(node, columns, constant_of(node, inputs[1], "weight"))]

    def _binary(self, node: Any, inputs: list[Value | None], op: str) -> list[Value]:
        a, b = inputs[0], inputs[1]
        if isinstance(a, np.ndarray) and isinstance(b, np.ndarray):
            return [{"Add": np.add, "Sub": np.subtract, "Mul": np.multiply,
                     "Div": np.divide}[op](a, b)]
        if op in ("Add", "Sub") and isinstance(a, Columns) and isinstance(b, Columns):
            left, right = a.flat(node), b.flat(node)
            if len(left) != len(right):
                raise ModelImportError(translate("Import", "node {node_name} ({op}) "
                                                           "combines {count} columns "
                                                           "with {other}").format(
                                           node_name=node_name(node), op=op,
                                           count=len(left), other=len(right)))
            sign = 1.0 if op == "Add" else -1.0
            result = []
            for x, y in zip(left, right, strict=True):
                terms = dict(x.terms)
                for key, t in y.terms.items():
                    terms[key] = terms.get(key, 0.0) + sign * t
                result.append(Column(x.bias + sign * y.bias, terms))
            return [Columns(result, (len(result),))]
        if isinstance(b, Columns) and op in ("Add", "Mul"):
            a, b = b, a   # the constant on the left: both commute
        columns = columns_of(node, a).flat(node)
        constant = constant_of(node, b, "other operand")
        if op == "Sub":
            return [self._elementwise(node, columns, -constant, scale=False)]
        if op == "Div":
            if (constant == 0).any():
                raise ModelImportError(translate("Import", "node {node_name} (Div) "
                                                           "divides by 0").format(
                                           node_name=node_name(node)))
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

_LEVEL = re.compile(r"level\d+(_a\d+)?")   # BP Studio's level tensors (export_onnx)


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
            if isinstance(value, Columns):
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
