"""Exports of recurrent networks (issue 18): ONNX (one Scan over the steps) run by
onnxruntime, the .npz run by its README's own ``predict_sequences`` and the JSON evaluated
step by step in plain Python all equal the engine on sequences; the .npz and .json import
back with their recurrent connections; the other formats refuse with one sentence."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import onnxruntime as ort
import pytest

from bpstudio.engine.plan import compile_network
from bpstudio.engine.sequence import SequenceEngine
from bpstudio.examples import example_path
from bpstudio.formats.bpnet import load
from bpstudio.formats.exports import ExportError, export_network
from bpstudio.formats.imports import import_network
from bpstudio.model.network import Network
from bpstudio.model.scaling import InputScaling
from bpstudio.workflow import initialize
from tests.formats.cases import RECURRENT_EXAMPLES
from tests.formats.test_exports_roundtrip import _readme_code
from tests.networks import random_dag


def mixed() -> Network:
    """A random DAG with skips, mixed activations, two outputs, recurrent edges between
    levels, self-loops and an output fed back, raw inputs scaled."""
    net = random_dag(11, n_inputs=2, n_hidden=5, n_outputs=2, output_activation="tanh")
    hidden = [n.id for n in net.neurons.values() if n.role == "hidden"]
    outputs = [n.id for n in net.outputs()]
    for source, target in ((hidden[0], hidden[0]), (hidden[-1], hidden[1]),
                           (outputs[0], hidden[2]), (outputs[1], outputs[1])):
        if net.find_connection(source, target) is None:
            net.connect(source, target, recurrent=True)
    initialize(net, "xavier", 4)
    net.set_input_scaling(InputScaling("zscore", (0.5, -1.0), (2.0, 0.5)))
    return net


def softmax_outputs() -> Network:
    net = random_dag(12, n_inputs=2, n_hidden=4, n_outputs=3, output_activation="softmax",
                     loss="softmax_cross_entropy", freeze=False)
    first = next(n.id for n in net.neurons.values() if n.role == "hidden")
    net.connect(first, first, recurrent=True)
    initialize(net, "xavier", 5)
    return net


NETWORKS = {name: (lambda name=name: load(example_path(name))[0])
            for name in RECURRENT_EXAMPLES}
NETWORKS |= {"mixed": mixed, "softmax": softmax_outputs}


def sequences(network: Network, n: int = 6, steps: int = 7) -> np.ndarray:
    plan = compile_network(network, "float64")
    rng = np.random.default_rng(1)
    return network.input_scaling.invert(rng.normal(0, 1.2, (n, steps, plan.n_inputs)))


def expected(network: Network, x: np.ndarray) -> np.ndarray:
    plan = compile_network(network, "float64")
    return SequenceEngine(plan).predict(network.input_scaling.apply(x))


def test_the_recurrent_examples_are_covered():
    assert {"parity", "echo"} <= set(RECURRENT_EXAMPLES)


@pytest.mark.parametrize("name", sorted(NETWORKS))
def test_onnx_scan_equals_the_engine_on_sequences(name, tmp_path: Path):
    network = NETWORKS[name]()
    path = tmp_path / "net.onnx"
    export_network(network, path)
    session = ort.InferenceSession(str(path))
    x = sequences(network)
    for steps in (1, 3, 7):   # any length: the Scan's step axis is symbolic
        got = session.run(None, {"input": x[:, :steps].astype(np.float32)})[0]
        assert got.shape == (x.shape[0], steps, len(network.outputs()))
        np.testing.assert_allclose(got, expected(network, x[:, :steps]), atol=2e-5)


@pytest.mark.parametrize("name", sorted(NETWORKS))
def test_npz_readme_runs_sequences_like_the_engine(name, tmp_path: Path):
    network = NETWORKS[name]()
    path = tmp_path / "net.npz"
    export_network(network, path)
    with np.load(path, allow_pickle=False) as weights:
        assert int(weights["version"]) == 3
        readme = str(weights["README"])
        assert "recurrent" in readme and "predict_sequences" in readme
        namespace: dict = {}
        exec(compile(_readme_code(readme), "README", "exec"), namespace)
        x = sequences(network)
        np.testing.assert_allclose(namespace["predict_sequences"](weights, x),
                                   expected(network, x), atol=1e-12)


def _json_step_by_step(doc: dict, x: np.ndarray) -> np.ndarray:
    """The JSON's note, followed literally: neurons in order, one step at a time."""
    scaling = doc["input_scaling"]
    incoming: dict[int, list[dict]] = {}
    for c in doc["connections"]:
        incoming.setdefault(c["target"], []).append(c)
    out = np.zeros((x.shape[0], x.shape[1], len(doc["outputs"])))
    for s in range(x.shape[0]):
        previous: dict[int, float] = {}
        for t in range(x.shape[1]):
            value: dict[int, float] = {}
            for k, nid in enumerate(doc["inputs"]):
                value[nid] = (x[s, t, k] - scaling["offset"][k]) / scaling["scale"][k]
            z: dict[int, float] = {}
            for neuron in doc["neurons"]:
                if neuron["role"] == "input":
                    continue
                total = neuron["bias"]
                for c in incoming.get(neuron["id"], []):
                    source = (previous.get(c["source"], 0.0) if c.get("recurrent")
                              else value[c["source"]])
                    total += c["weight"] * source
                z[neuron["id"]] = total
                value[neuron["id"]] = {"tanh": math.tanh, "identity": lambda v: v,
                                       "sigmoid": lambda v: 1 / (1 + math.exp(-v)),
                                       "relu": lambda v: max(v, 0.0),
                                       "leaky_relu": lambda v: max(v, 0.01 * v),
                                       "softplus": lambda v: math.log1p(math.exp(v)),
                                       "sine": math.sin,
                                       "softmax": lambda v: v}[neuron["activation"]](total)
            if any(n["activation"] == "softmax" for n in doc["neurons"]):
                zs = np.array([z[o] for o in doc["outputs"]])
                p = np.exp(zs - zs.max())
                for o, v in zip(doc["outputs"], p / p.sum(), strict=True):
                    value[o] = float(v)
            out[s, t] = [value[o] for o in doc["outputs"]]
            previous = value
    return out


@pytest.mark.parametrize("name", sorted(NETWORKS))
def test_json_marks_recurrent_connections_and_evaluates_step_by_step(name, tmp_path):
    network = NETWORKS[name]()
    path = tmp_path / "net.json"
    export_network(network, path)
    doc = json.loads(path.read_text())
    assert doc["version"] == 3 and "previous time step" in doc["note"]
    flagged = {c["id"] for c in doc["connections"] if c.get("recurrent")}
    assert flagged == {c.id for c in network.connections.values() if c.recurrent}
    x = sequences(network, n=2, steps=4)
    np.testing.assert_allclose(_json_step_by_step(doc, x), expected(network, x), atol=1e-12)


@pytest.mark.parametrize("suffix", [".json", ".npz"])
def test_npz_and_json_import_back_with_their_recurrent_connections(suffix, tmp_path):
    network = mixed()
    path = tmp_path / f"net{suffix}"
    export_network(network, path)
    imported, _ = import_network(path)
    before = {(c.source, c.target, c.recurrent) for c in network.connections.values()
              if c.weight != 0.0}
    assert {(c.source, c.target, c.recurrent)
            for c in imported.connections.values()} == before
    x = sequences(network)
    np.testing.assert_allclose(expected(imported, x), expected(network, x), atol=1e-12)


def test_a_feed_forward_export_keeps_its_version():
    """A reader of the old versions still opens every feed-forward export."""
    network = random_dag(3)
    from bpstudio.formats.export_json import json_document
    from bpstudio.formats.export_npz import npz_arrays

    plan = compile_network(network, "float64")
    assert json_document(plan, network)["version"] == 2
    assert int(npz_arrays(plan, network)["version"]) == 2


@pytest.mark.parametrize("suffix", [".py", ".c"])
def test_formats_without_time_steps_refuse_in_one_sentence(suffix, tmp_path):
    with pytest.raises(ExportError) as caught:
        export_network(mixed(), tmp_path / f"net{suffix}")
    assert "the network has recurrent connections, which only these exports carry: " \
           "NumPy arrays, readable JSON, ONNX model" in str(caught.value)
    assert not list(tmp_path.iterdir())
