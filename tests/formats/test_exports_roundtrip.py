"""Every export, loaded back in its own runtime, computes what the engine computes.

NumPy alone runs the ``.npz`` (through the README's own code), plain Python evaluates the
``.json``, onnxruntime runs the ``.onnx``.
"""

from __future__ import annotations

import json
import math
import re
from collections import deque
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from bpstudio.engine.activations import LEAKY_SLOPE
from bpstudio.engine.backprop import Engine
from bpstudio.engine.plan import compile_network
from bpstudio.formats.exports import export_network
from bpstudio.model.builders import layered
from bpstudio.model.network import Network
from bpstudio.workflow import initialize

SAMPLES = 50


# ------------------------------------------------------------------ networks
def _randomise(network: Network, seed: int, scheme: str = "uniform") -> Network:
    """Non-zero random weights (engine.init) and random biases on every computed neuron."""
    initialize(network, scheme, seed)
    rng = np.random.default_rng(seed + 1000)
    network.update_neurons({n.id: {"bias": float(rng.normal(0.0, 0.5))}
                            for n in network.neurons.values() if n.role != "input"})
    assert all(c.weight != 0.0 for c in network.connections.values())
    return network


def xor_net() -> Network:
    return _randomise(layered([2, 2, 1]), 1, "xavier")


def tanh_net() -> Network:
    return _randomise(layered([4, 8, 6, 3], "tanh"), 2, "xavier")


def skip_net() -> Network:
    """Layered 2-3-3-2-2 plus input → output and hidden level 1 → level 3 connections."""
    network = layered([2, 3, 3, 2, 2], "sigmoid", "identity")
    # ids: inputs 1-2, level 1: 3-5, level 2: 6-8, level 3: 9-10, outputs 11-12
    network.connect(1, 11)
    network.connect(2, 12)
    network.connect(3, 9)
    network.connect(5, 10)
    return _randomise(network, 3)


def mixed_dag() -> Network:
    """A free-form DAG: every activation mixed within a level, single-neuron paths, a
    bias-only neuron, an output that feeds another output, ids not in level order."""
    rng = np.random.default_rng(4)
    network = Network()
    # outputs drawn first, so their ids come before everything they depend on
    o1 = network.add_neuron("output", activation="identity", label="o1").id
    o2 = network.add_neuron("output", activation="sigmoid").id          # unlabelled
    o3 = network.add_neuron("output", activation="softplus", label="o3").id
    inputs = [network.add_neuron("input", label=f"in{i}").id for i in range(3)]
    level1_acts = ["sine", "identity", "sigmoid", "tanh", "relu", "leaky_relu", "softplus",
                   "sigmoid", "tanh"]
    level1 = [network.add_neuron("hidden", activation=a).id for a in level1_acts]
    for nid in level1:
        chosen = rng.choice(inputs, size=int(rng.integers(1, 4)), replace=False)
        network.connect_many([(int(s), nid) for s in chosen])
    level2_acts = ["relu", "tanh", "relu", "softplus", "leaky_relu", "identity"]
    level2 = [network.add_neuron("hidden", activation=a).id for a in level2_acts]
    for nid in level2:
        pool = level1 + inputs
        chosen = rng.choice(pool, size=int(rng.integers(1, 5)), replace=False)
        network.connect_many([(int(s), nid) for s in chosen])
    # a single-neuron path: in0 → c1 → c2 → c3 → o1
    c1 = network.add_neuron("hidden", activation="tanh", label="c1").id
    c2 = network.add_neuron("hidden", activation="sine", label="c2").id
    c3 = network.add_neuron("hidden", activation="leaky_relu", label="c3").id
    network.connect_many([(inputs[0], c1), (c1, c2), (c2, c3), (c3, o1)])
    bias_only = network.add_neuron("hidden", activation="sigmoid", label="b").id
    network.connect_many([(s, o1) for s in level2[:3]] + [(inputs[2], o1)])
    network.connect_many([(s, o2) for s in level2[2:]] + [(o1, o2), (bias_only, o2)])
    network.connect_many([(s, o3) for s in level1[::2]])
    return _randomise(network, 5)


def softmax_net() -> Network:
    network = layered([4, 6, 3], "relu", "softmax")
    network.set_settings(network.settings.with_changes(loss="softmax_cross_entropy"))
    return _randomise(network, 6, "he")


def bias_only_net() -> Network:
    """Level 1 is a neuron without incoming connections (z = its bias alone), and one
    output has no incoming connections either."""
    network = Network()
    x = network.add_neuron("input", label="x").id
    b = network.add_neuron("hidden", activation="tanh", label="b").id
    y = network.add_neuron("output", activation="sigmoid", label="y").id
    network.add_neuron("output", activation="sigmoid", label="const")
    network.connect_many([(x, y), (b, y)])
    return _randomise(network, 7)


NETWORKS: dict[str, Callable[[], Network]] = {
    "xor": xor_net, "tanh": tanh_net, "skip": skip_net, "mixed_dag": mixed_dag,
    "softmax": softmax_net, "bias_only": bias_only_net,
}


@pytest.fixture(params=sorted(NETWORKS))
def case(request: pytest.FixtureRequest) -> tuple[Network, np.ndarray, np.ndarray]:
    """(network, inputs x, the engine's outputs for x)."""
    network = NETWORKS[request.param]()
    plan = compile_network(network, "float64")
    x = np.random.default_rng(99).normal(0.0, 1.5, (SAMPLES, plan.n_inputs))
    return network, x, Engine(plan).predict(x)


def test_the_test_networks_cover_what_they_claim() -> None:
    plan = compile_network(mixed_dag(), "float64")
    used = {a for level in plan.level_matrices() for a in level.activations}
    assert used == {"identity", "sigmoid", "tanh", "relu", "leaky_relu", "softplus", "sine"}
    assert len({a for a in plan.level_matrices()[0].activations}) == 7   # mixed in one level
    assert plan.output_slice is None   # o1 feeds o2: outputs are not one block
    assert not compile_network(bias_only_net(), "float64").level_matrices()[0].source_ids
    skip = compile_network(skip_net(), "float64")
    last = skip.level_matrices()[-1]
    assert 1 in last.source_ids and 2 in last.source_ids   # inputs read by the outputs


# ------------------------------------------------------------------ npz
def _readme_code(readme: str) -> str:
    blocks = re.findall(r"```python\n(.*?)```", readme, flags=re.DOTALL)
    assert len(blocks) == 1, "the README holds exactly one Python block"
    code = blocks[0]
    imports = [line.strip() for line in code.splitlines()
               if re.match(r"\s*(import|from)\s", line)]
    assert imports == ["import numpy as np"], "the README code needs NumPy only"
    return code


def test_npz_readme_code_reproduces_the_engine(case, tmp_path: Path) -> None:
    network, x, expected = case
    path = tmp_path / "net.npz"
    export_network(network, path)
    with np.load(path, allow_pickle=False) as weights:
        readme = str(weights["README"])
        namespace: dict[str, object] = {"__name__": "bpstudio_readme"}
        exec(compile(_readme_code(readme), "README", "exec"), namespace)
        predict = namespace["predict"]
        assert callable(predict)
        got = predict(weights, x)
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-12)


def test_npz_arrays_are_plain_and_indexed(case, tmp_path: Path) -> None:
    network, _, _ = case
    path = tmp_path / "net.npz"
    export_network(network, path)
    plan = compile_network(network, "float64")
    with np.load(path, allow_pickle=False) as w:
        n_levels, n_neurons = int(w["n_levels"]), int(w["n_neurons"])
        assert n_levels == len(plan.levels)
        assert w["README"].shape == () and w["README"].dtype.kind == "U"
        assert w["neuron_labels"].dtype.kind == "U"
        assert w["neuron_ids"].tolist() == list(plan.neuron_ids)
        ids = w["neuron_ids"]
        assert ids[w["input_index"]].tolist() == [n.id for n in network.inputs()]
        assert ids[w["output_index"]].tolist() == [n.id for n in network.outputs()]
        assert float(w["leaky_slope"]) == LEAKY_SLOPE
        assert str(w["loss"]) == network.settings.loss
        computed = []
        for k in range(n_levels):
            weight, bias = w[f"level{k}_weight"], w[f"level{k}_bias"]
            sources, targets = w[f"level{k}_sources"], w[f"level{k}_targets"]
            names = w[f"level{k}_activation"]
            assert names.dtype.kind == "U" and names.shape == targets.shape
            assert weight.shape == (len(targets), len(sources)) and bias.shape == targets.shape
            assert sources.dtype.kind == targets.dtype.kind == "i"
            assert set(sources.tolist()) <= set(w["input_index"].tolist()) | set(computed)
            computed += targets.tolist()
            for i, nid in enumerate(ids[targets].tolist()):
                assert bias[i] == network.neurons[nid].bias
                assert names[i] == network.neurons[nid].activation
                for j, sid in enumerate(ids[sources].tolist()):
                    c = network.find_connection(sid, nid)
                    assert weight[i, j] == (c.weight if c else 0.0)
        assert sorted(computed + w["input_index"].tolist()) == list(range(n_neurons))


# ------------------------------------------------------------------ json
PYTHON_ACTIVATIONS: dict[str, Callable[[float], float]] = {
    "identity": lambda z: z,
    "sigmoid": lambda z: 1.0 / (1.0 + math.exp(-z)),
    "tanh": math.tanh,
    "relu": lambda z: max(z, 0.0),
    "leaky_relu": lambda z: z if z > 0 else LEAKY_SLOPE * z,
    "softplus": lambda z: max(z, 0.0) + math.log1p(math.exp(-abs(z))),
    "sine": math.sin,
}


def evaluate_json(doc: dict, row: list[float]) -> list[float]:
    """An independent evaluator: Kahn's topological order over the connections, sums,
    activations, softmax over the softmax outputs at the end."""
    neurons = {n["id"]: n for n in doc["neurons"]}
    incoming: dict[int, list[tuple[int, float]]] = {nid: [] for nid in neurons}
    outgoing: dict[int, list[int]] = {nid: [] for nid in neurons}
    for c in doc["connections"]:
        incoming[c["target"]].append((c["source"], c["weight"]))
        outgoing[c["source"]].append(c["target"])
    indegree = {nid: len(incoming[nid]) for nid in neurons}
    queue = deque(sorted(nid for nid, d in indegree.items() if d == 0))
    scaling = doc["input_scaling"]
    scaled = [(x - o) / s for x, o, s in zip(row, scaling["offset"], scaling["scale"],
                                             strict=True)]
    value = dict(zip(doc["inputs"], scaled, strict=True))
    z_of: dict[int, float] = {}
    while queue:
        nid = queue.popleft()
        neuron = neurons[nid]
        if neuron["role"] != "input":
            z = neuron["bias"] + math.fsum(w * value[s] for s, w in incoming[nid])
            if neuron["activation"] == "softmax":
                z_of[nid] = z
            else:
                value[nid] = PYTHON_ACTIVATIONS[neuron["activation"]](z)
        for t in outgoing[nid]:
            indegree[t] -= 1
            if indegree[t] == 0:
                queue.append(t)
    if z_of:
        top = max(z_of.values())
        exps = {nid: math.exp(z - top) for nid, z in z_of.items()}
        total = math.fsum(exps.values())
        value.update({nid: e / total for nid, e in exps.items()})
    return [value[o] for o in doc["outputs"]]


def test_json_evaluated_in_plain_python_matches_the_engine(case, tmp_path: Path) -> None:
    network, x, expected = case
    path = tmp_path / "net.json"
    export_network(network, path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    got = np.array([evaluate_json(doc, row) for row in x.tolist()])
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-12)


def test_json_document_lists_everything(case, tmp_path: Path) -> None:
    network, _, _ = case
    path = tmp_path / "net.json"
    export_network(network, path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["format"] == "bpstudio-weights" and doc["version"] == 2
    n_inputs = len(network.inputs())
    assert doc["input_scaling"]["method"] == "none"
    assert doc["input_scaling"]["offset"] == [0.0] * n_inputs
    assert doc["input_scaling"]["scale"] == [1.0] * n_inputs
    assert doc["inputs"] == [n.id for n in network.inputs()]
    assert doc["outputs"] == [n.id for n in network.outputs()]
    assert doc["loss"] == network.settings.loss
    assert isinstance(doc["note"], str) and "\n" not in doc["note"]
    assert {n["id"] for n in doc["neurons"]} == set(network.neurons)
    for n in doc["neurons"]:
        assert set(n) == {"id", "label", "role", "activation", "bias"}
        neuron = network.neurons[n["id"]]
        assert n["label"] == neuron.name and n["role"] == neuron.role
        if neuron.role != "input":
            assert n["bias"] == neuron.bias and n["activation"] == neuron.activation
    assert [c["id"] for c in doc["connections"]] == sorted(network.connections)
    for c in doc["connections"]:
        conn = network.connections[c["id"]]
        assert (c["source"], c["target"], c["weight"]) == (conn.source, conn.target,
                                                           conn.weight)
        assert c["source_label"] == network.neurons[conn.source].name
        assert c["target_label"] == network.neurons[conn.target].name


# ------------------------------------------------------------------ onnx
def _session(path: Path):  # noqa: ANN202 - an onnxruntime session
    ort = pytest.importorskip("onnxruntime")
    return ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])


def test_onnx_in_onnxruntime_matches_the_engine(case, tmp_path: Path) -> None:
    network, x, _ = case
    path = tmp_path / "net.onnx"
    export_network(network, path)
    session = _session(path)
    x32 = x.astype(np.float32)
    expected = Engine(compile_network(network, "float64")).predict(x32.astype(np.float64))
    for batch in (x32, x32[:1], x32[:7]):   # the batch dimension is symbolic
        (got,) = session.run(["output"], {"input": batch})
        assert got.dtype == np.float32 and got.shape == (len(batch), expected.shape[1])
        np.testing.assert_allclose(got, expected[:len(batch)], rtol=0, atol=1e-5)


def test_onnx_graph_interface_and_metadata(case, tmp_path: Path) -> None:
    import onnx

    network, _, _ = case
    path = tmp_path / "net.onnx"
    export_network(network, path)
    model = onnx.load(str(path))
    onnx.checker.check_model(model, full_check=True)
    assert model.producer_name == "bpstudio"
    assert [o.version for o in model.opset_import if o.domain in ("", "ai.onnx")] == [17]
    (graph_input,) = model.graph.input
    (graph_output,) = model.graph.output
    for value, width in ((graph_input, len(network.inputs())),
                         (graph_output, len(network.outputs()))):
        tensor = value.type.tensor_type
        assert tensor.elem_type == onnx.TensorProto.FLOAT
        batch, columns = tensor.shape.dim
        assert batch.dim_param == "batch" and columns.dim_value == width
    assert graph_input.name == "input" and graph_output.name == "output"
    for neuron in network.neurons.values():
        assert neuron.name in model.doc_string
    props = {p.key: p.value for p in model.metadata_props}
    assert json.loads(props["output_ids"]) == [n.id for n in network.outputs()]
    assert json.loads(props["input_labels"]) == [n.name for n in network.inputs()]


def test_onnx_uses_the_named_operators(tmp_path: Path) -> None:
    import onnx

    path = tmp_path / "net.onnx"
    export_network(mixed_dag(), path)
    ops = {node.op_type for node in onnx.load(str(path)).graph.node}
    assert {"Sigmoid", "Tanh", "Relu", "LeakyRelu", "Softplus", "Sin", "Identity",
            "MatMul", "Add", "Gather", "Concat", "Split"} <= ops
    leaky = [n for n in onnx.load(str(path)).graph.node if n.op_type == "LeakyRelu"]
    assert all(math.isclose(a.f, LEAKY_SLOPE, rel_tol=1e-6) for n in leaky
               for a in n.attribute if a.name == "alpha")
    export_network(softmax_net(), path)
    softmax = [n for n in onnx.load(str(path)).graph.node if n.op_type == "Softmax"]
    assert len(softmax) == 1 and softmax[0].attribute[0].i == 1


def test_json_lines_survive_awkward_labels(tmp_path: Path) -> None:
    network = xor_net()
    network.update_neurons({1: {"label": 'a"}, {"id": 9}'}, 3: {"label": "ĥ\nnew line"}})
    path = tmp_path / "net.json"
    export_network(network, path)
    text = path.read_text(encoding="utf-8")
    doc = json.loads(text)
    assert doc["neurons"][0]["label"] == 'a"}, {"id": 9}'
    assert doc["connections"][0]["source_label"] == 'a"}, {"id": 9}'
    one_per_line = [line for line in text.splitlines() if line.startswith('    {"id": ')]
    assert len(one_per_line) == len(doc["neurons"]) + len(doc["connections"])
