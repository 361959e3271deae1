"""The whole network (any DAG, skip connections included) as an ONNX graph.

Graph input ``input`` is float32 ``[batch, n_inputs]`` in data-column order, raw: when the
network was trained on scaled inputs the graph starts with ``Sub(offset)`` and
``Div(scale)`` (model/scaling.py). Graph output ``output`` is float32
``[batch, n_outputs]`` in output-id order. Each level becomes

    sources = Concat(Gather(t, columns, axis=1) for each earlier tensor t it reads)
    z       = MatMul(sources, Wᵀ) + b
    level_k = f(z)      (mixed activations: Split the columns, apply each, Concat back)

A network with recurrent connections runs on sequences: ``input`` is then
``[batch, steps, n_inputs]`` and ``output`` ``[batch, steps, n_outputs]``, any number of
steps. The graph is one ``Scan`` over axis 1 whose body is one time step: the levels
above, where a level with recurrent connections adds ``Gather(state, …) @ Rᵀ`` to z, and
the body hands the new ``state`` (the activations recurrent connections read, in neuron-id
order) to the next step. The state starts at 0 (``ConstantOfShape``), as in the engine.

``onnx`` is imported inside the functions, so importing this module stays cheap.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from bpstudio import __version__
from bpstudio.engine.activations import LEAKY_SLOPE
from bpstudio.engine.plan import Plan
from bpstudio.formats.export_source import tensor_runs
from bpstudio.model.network import Network

if TYPE_CHECKING:
    import onnx

OPSET = 17        # Softmax(axis) acts on one axis since 13; Shape(start, end) exists since 15
IR_VERSION = 8    # the IR that came with opset 17: runtimes from onnxruntime 1.13 on read it
BATCH = "batch"   # the symbolic first dimension

# activation -> (ONNX operator, attributes)
OPERATORS: dict[str, tuple[str, dict[str, Any]]] = {
    "identity": ("Identity", {}),
    "sigmoid": ("Sigmoid", {}),
    "tanh": ("Tanh", {}),
    "relu": ("Relu", {}),
    "leaky_relu": ("LeakyRelu", {"alpha": LEAKY_SLOPE}),
    "softplus": ("Softplus", {}),
    "sine": ("Sin", {}),
    "softmax": ("Softmax", {"axis": 1}),   # the output group: validate keeps it in one level
}


class _Graph:
    """Nodes and initializers collected while walking the plan."""

    def __init__(self) -> None:
        from onnx import helper, numpy_helper

        self.helper = helper
        self.numpy_helper = numpy_helper
        self.nodes: list[Any] = []
        self.initializers: list[Any] = []

    def constant(self, name: str, value: np.ndarray) -> str:
        self.initializers.append(self.numpy_helper.from_array(value, name=name))
        return name

    def node(self, op: str, inputs: Sequence[str], output: str, **attributes: Any) -> str:
        self.nodes.append(self.helper.make_node(op, list(inputs), [output], name=output,
                                                **attributes))
        return output


def _columns(graph: _Graph, ids: Sequence[int], where: dict[int, tuple[str, int]],
             width: dict[str, int], name: str) -> str:
    """A tensor holding the columns of ``ids`` in order, gathered from where they live."""
    parts = []
    for i, (tensor, columns) in enumerate(tensor_runs(ids, where)):
        if columns == list(range(width[tensor])):
            parts.append(tensor)   # the whole tensor, in order: no Gather needed
        else:
            index = graph.constant(f"{name}_index{i}", np.array(columns, dtype=np.int64))
            parts.append(graph.node("Gather", [tensor, index], f"{name}_part{i}", axis=1))
    if len(parts) == 1:
        return parts[0]
    return graph.node("Concat", parts, name, axis=1)


def _segments(names: Sequence[str]) -> list[tuple[str, int]]:
    """Runs of one activation within a level, as (name, length)."""
    runs: list[tuple[str, int]] = []
    for activation in names:
        if runs and runs[-1][0] == activation:
            runs[-1] = (activation, runs[-1][1] + 1)
        else:
            runs.append((activation, 1))
    return runs


def _activate(graph: _Graph, z: str, names: Sequence[str], out: str) -> str:
    segments = _segments(names)
    if len(segments) == 1:
        op, attributes = OPERATORS[segments[0][0]]
        return graph.node(op, [z], out, **attributes)
    sizes = graph.constant(f"{out}_split", np.array([n for _, n in segments], dtype=np.int64))
    pieces = [f"{out}_z{i}" for i in range(len(segments))]
    graph.nodes.append(graph.helper.make_node("Split", [z, sizes], pieces, name=f"{out}_split",
                                              axis=1))
    parts = []
    for i, ((activation, _), piece) in enumerate(zip(segments, pieces, strict=True)):
        op, attributes = OPERATORS[activation]
        parts.append(graph.node(op, [piece], f"{out}_a{i}", **attributes))
    return graph.node("Concat", parts, out, axis=1)


def _scaled_input(graph: _Graph, network: Network, n_inputs: int) -> str:
    """The tensor the first level reads: ``input`` itself, or (input − offset) / scale."""
    scaling = network.input_scaling
    if scaling.is_identity:
        return "input"
    offset, scale = scaling.arrays(n_inputs)
    shifted = graph.node("Sub", ["input", graph.constant("input_offset",
                                                        offset.astype(np.float32))],
                         "input_shifted")
    return graph.node("Div", [shifted, graph.constant("input_scale", scale.astype(np.float32))],
                      "input_scaled")


def _doc_string(plan: Plan, network: Network) -> str:
    def names(ids: Sequence[int]) -> str:
        return ", ".join(f"{network.neurons[i].name} (id {i})" for i in ids)

    lines = [f"BP Studio network: {plan.describe()}; trained with the {plan.loss_name} loss.",
             f"inputs: raw; {network.input_scaling.describe()}"
             + ("" if network.input_scaling.is_identity
                else " (input_scaled = (input - input_offset) / input_scale)"),
             f"input columns: {names(plan.input_ids)}",
             f"output columns: {names(plan.output_ids)}"]
    for k, level in enumerate(plan.level_matrices()):
        lines.append(f"level{k}: " + ", ".join(
            f"{network.neurons[i].name} ({a})"
            for i, a in zip(level.neuron_ids, level.activations, strict=True)))
    return "\n".join(lines)


def _build_levels(graph: _Graph, plan: Plan, first: str, batch_source: str, out: str,
                  state: str | None = None, state_ids: Sequence[int] = ()) -> str:
    """Every level of one forward pass (one time step) into ``graph``, reading the inputs
    from ``first`` (and, for recurrent connections, the previous step's activations of
    ``state_ids`` from ``state``); returns the tensor holding the outputs (named ``out``
    unless they are one level's tensor as it is)."""
    levels = plan.level_matrices()
    where = {nid: (first, i) for i, nid in enumerate(plan.input_ids)}
    width = {first: plan.n_inputs}
    previous = {nid: (state, i) for i, nid in enumerate(state_ids)} if state else {}
    if state:
        width[state] = len(state_ids)
    batch_shape = None   # [batch], built once if a level has no sources
    for k, level in enumerate(levels):
        name, n = f"level{k}", len(level.neuron_ids)
        bias = graph.constant(f"{name}_bias", level.bias.astype(np.float32))
        if level.source_ids:
            sources = _columns(graph, level.source_ids, where, width, f"{name}_sources")
            weight_t = graph.constant(f"{name}_weight_t",
                                      np.ascontiguousarray(level.weight.T, dtype=np.float32))
            product = graph.node("MatMul", [sources, weight_t], f"{name}_matmul")
            z = graph.node("Add", [product, bias], f"{name}_z")
        else:   # bias-only neurons: z = b for every sample
            if batch_shape is None:
                batch_shape = graph.node("Shape", [batch_source], "batch_size", start=0, end=1)
            count = graph.constant(f"{name}_count", np.array([n], dtype=np.int64))
            shape = graph.node("Concat", [batch_shape, count], f"{name}_shape", axis=0)
            z = graph.node("Expand", [bias, shape], f"{name}_z")
        if level.recurrent_weight is not None and state:
            held = _columns(graph, level.recurrent_source_ids, previous, width,
                            f"{name}_previous")
            recurrent_t = graph.constant(
                f"{name}_recurrent_weight_t",
                np.ascontiguousarray(level.recurrent_weight.T, dtype=np.float32))
            fed_back = graph.node("MatMul", [held, recurrent_t], f"{name}_recurrent_matmul")
            z = graph.node("Add", [z, fed_back], f"{name}_z_total")
        _activate(graph, z, level.activations, name)
        where.update((nid, (name, i)) for i, nid in enumerate(level.neuron_ids))
        width[name] = n
    if state:
        new_state = _columns(graph, state_ids, where, width, "state_new")
        graph.node("Identity", [new_state], "state_out")
    return _columns(graph, plan.output_ids, where, width, out)


def state_ids(plan: Plan) -> list[int]:
    """The neurons whose previous activation recurrent connections read, in id order."""
    return sorted({nid for level in plan.level_matrices()
                   for nid in level.recurrent_source_ids})


def _scan(graph: _Graph, plan: Plan, scaled: str) -> str:
    """The recurrent network as one Scan over the steps of ``scaled`` [batch, steps, n]."""
    from onnx import TensorProto, helper

    held = state_ids(plan)
    body = _Graph()
    output = _build_levels(body, plan, "x_t", "x_t", "y_t", "state_in", held)
    if output != "y_t":
        body.node("Identity", [output], "y_t")
    body_graph = helper.make_graph(
        body.nodes, "bpstudio_time_step",
        [helper.make_tensor_value_info("state_in", TensorProto.FLOAT, [BATCH, len(held)]),
         helper.make_tensor_value_info("x_t", TensorProto.FLOAT, [BATCH, plan.n_inputs])],
        [helper.make_tensor_value_info("state_out", TensorProto.FLOAT, [BATCH, len(held)]),
         helper.make_tensor_value_info("y_t", TensorProto.FLOAT, [BATCH, plan.n_outputs])],
        initializer=body.initializers)
    batch = graph.node("Shape", ["input"], "batch_size", start=0, end=1)
    width = graph.constant("state_width", np.array([len(held)], dtype=np.int64))
    shape = graph.node("Concat", [batch, width], "state_shape", axis=0)
    zero = graph.helper.make_tensor("state_zero", TensorProto.FLOAT, [1], [0.0])
    graph.node("ConstantOfShape", [shape], "state_initial", value=zero)
    graph.nodes.append(helper.make_node(
        "Scan", ["state_initial", scaled], ["state_final", "output"], name="time_steps",
        num_scan_inputs=1, body=body_graph, scan_input_axes=[1], scan_output_axes=[1]))
    return "output"


def onnx_model(plan: Plan, network: Network) -> onnx.ModelProto:
    """The checked ONNX model of ``plan``'s forward pass (weights stored as float32); a
    recurrent plan as a Scan over the steps of a sequence (module docstring)."""
    import onnx
    from onnx import TensorProto, helper

    graph = _Graph()
    levels = plan.level_matrices()
    first = _scaled_input(graph, network, plan.n_inputs)
    if plan.has_recurrent:
        result = _scan(graph, plan, first)
        dims: list[str | int] = [BATCH, "steps"]
    else:
        result = _build_levels(graph, plan, first, "input", "output")
        dims = [BATCH]
    if result != "output":
        graph.node("Identity", [result], "output")

    onnx_graph = helper.make_graph(
        graph.nodes, "bpstudio_network",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, [*dims, plan.n_inputs])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, [*dims, plan.n_outputs])],
        initializer=graph.initializers)
    model = helper.make_model(onnx_graph, opset_imports=[helper.make_opsetid("", OPSET)],
                              ir_version=IR_VERSION, producer_name="bpstudio",
                              producer_version=__version__,
                              doc_string=_doc_string(plan, network))

    def labels(ids: Sequence[int]) -> str:
        return json.dumps([network.neurons[i].name for i in ids], ensure_ascii=False)

    helper.set_model_props(model, {
        "input_ids": json.dumps(list(plan.input_ids)),
        "input_labels": labels(plan.input_ids),
        "output_ids": json.dumps(list(plan.output_ids)),
        "output_labels": labels(plan.output_ids),
        # the neurons behind the columns of each tensor level{k}, so an import restores them
        "level_ids": json.dumps([list(level.neuron_ids) for level in levels]),
        "level_labels": json.dumps([[network.neurons[i].name for i in level.neuron_ids]
                                    for level in levels], ensure_ascii=False),
        "loss": plan.loss_name,
        "input_scaling": network.input_scaling.method,
        **({"recurrent": json.dumps({
            "state_ids": state_ids(plan),
            "connections": [[network.connections[c].source, network.connections[c].target]
                            for c, r in zip(plan.connection_ids, plan.connection_recurrent,
                                            strict=True) if r]})}
           if plan.has_recurrent else {}),
    })
    onnx.checker.check_model(model, full_check=True)
    return model


def onnx_bytes(plan: Plan, network: Network) -> bytes:
    return bytes(onnx_model(plan, network).SerializeToString())
