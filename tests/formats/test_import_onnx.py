"""ONNX models made elsewhere: hand-built graphs of every supported operator, models that
``torch.onnx.export`` writes (when PyTorch is installed), and every refusal."""

from __future__ import annotations

import importlib.util
import json
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from bpstudio.engine.backprop import Engine
from bpstudio.engine.plan import compile_network
from bpstudio.formats.exports import export_network
from bpstudio.formats.import_draft import MAX_CONNECTIONS
from bpstudio.formats.imports import ModelImportError, import_network
from bpstudio.model.network import Network
from tests.formats.cases import CASES, inputs_for, training_data

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")
from onnx import TensorProto, helper, numpy_helper  # noqa: E402

RNG = np.random.default_rng(7)


def _weights(*shape: int) -> np.ndarray:
    return RNG.normal(0, 0.8, shape).astype(np.float32)


def _model(nodes: list[Any], initializers: dict[str, np.ndarray], n_in: int | list[int],
           n_out: int, opset: int = 17, outputs: tuple[str, ...] = ("y",)) -> Any:
    dims = [n_in] if isinstance(n_in, int) else n_in
    graph = helper.make_graph(
        nodes, "test",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", *dims])],
        [helper.make_tensor_value_info(o, TensorProto.FLOAT, ["batch", n_out])
         for o in outputs],
        initializer=[numpy_helper.from_array(v, name=k) for k, v in initializers.items()])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = 8
    return model


def _save(model: Any, path: Path) -> Path:
    onnx.save(model, str(path))
    return path


def _check_import(path: Path, x: np.ndarray, tolerance: float = 1e-5) -> Network:
    """Import ``path``; its network computes what onnxruntime computes."""
    network, _ = import_network(path)
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    feed = {session.get_inputs()[0].name: x.astype(np.float32)}
    expected = np.asarray(session.run(None, feed)[0], dtype=np.float64)
    got = Engine(compile_network(network, "float64")).predict(x.reshape(len(x), -1))
    np.testing.assert_allclose(got, expected.reshape(len(x), -1), rtol=tolerance,
                               atol=tolerance)
    return network


def test_gemm_layers_with_every_activation(tmp_path: Path) -> None:
    node = helper.make_node
    model = _model([
        node("Gemm", ["x", "w1", "b1"], ["z1"], transB=1),
        node("Relu", ["z1"], ["a1"]),
        node("Gemm", ["a1", "w2", "b2"], ["z2"], alpha=0.5, beta=2.0),
        node("LeakyRelu", ["z2"], ["a2"], alpha=0.01),
        node("MatMul", ["a2", "w3"], ["m3"]),
        node("Add", ["b3", "m3"], ["z3"]),
        node("Tanh", ["z3"], ["a3"]),
        node("Gemm", ["a3", "w4", "b4"], ["z4"]),
        node("Sigmoid", ["z4"], ["a4"]),
        node("Gemm", ["a4", "w5", "b5"], ["z5"]),
        node("Softplus", ["z5"], ["a5"]),
        node("Gemm", ["a5", "w6", "b6"], ["z6"]),
        node("Sin", ["z6"], ["a6"]),
        node("Gemm", ["a6", "w7", "b7"], ["z7"]),
        node("Identity", ["z7"], ["a7"]),
        node("Softmax", ["a7"], ["y"], axis=-1),
    ], {"w1": _weights(5, 4), "b1": _weights(5), "w2": _weights(5, 6), "b2": _weights(1, 6),
        "w3": _weights(6, 3), "b3": _weights(3), "w4": _weights(3, 4), "b4": _weights(4),
        "w5": _weights(4, 4), "b5": _weights(4), "w6": _weights(4, 4), "b6": _weights(4),
        "w7": _weights(4, 3), "b7": _weights(3)}, 4, 3)
    network = _check_import(_save(model, tmp_path / "mlp.onnx"), RNG.normal(size=(30, 4)))
    counts = {a: sum(n.activation == a for n in network.neurons.values())
              for a in ("relu", "leaky_relu", "tanh", "sigmoid", "softplus", "sine", "softmax")}
    assert counts == {"relu": 5, "leaky_relu": 6, "tanh": 3, "sigmoid": 4, "softplus": 4,
                      "sine": 4, "softmax": 3}
    assert network.settings.loss == "softmax_cross_entropy"
    assert [n.name for n in network.inputs()] == ["i1", "i2", "i3", "i4"]
    assert len(network.connections) == 20 + 30 + 18 + 12 + 16 + 16 + 12


def test_skip_connections_by_concat_and_residual_add_and_normalised_inputs(
        tmp_path: Path) -> None:
    node = helper.make_node
    model = _model([
        node("Sub", ["x", "mean"], ["c"]),
        node("Div", ["c", "std"], ["s"]),
        node("Gemm", ["s", "w1", "b1"], ["z1"]),
        node("Tanh", ["z1"], ["h1"]),
        node("Gemm", ["h1", "w2", "b2"], ["z2"]),
        node("Tanh", ["z2"], ["h2"]),
        node("Add", ["h1", "h2"], ["r"]),                 # a residual connection
        node("Concat", ["s", "r"], ["cat"], axis=1),      # the inputs skip ahead
        node("Gemm", ["cat", "w3", "b3"], ["y"]),         # a linear output
    ], {"mean": _weights(3), "std": np.abs(_weights(3)) + 0.5, "w1": _weights(3, 5),
        "b1": _weights(5), "w2": _weights(5, 5), "b2": _weights(5), "w3": _weights(8, 2),
        "b3": _weights(2)}, 3, 2)
    network = _check_import(_save(model, tmp_path / "skip.onnx"), RNG.normal(size=(30, 3)))
    outputs = network.outputs()
    assert all(n.activation == "identity" for n in outputs)
    sources = {c.source for o in outputs for c in network.incoming(o.id)}
    assert {n.id for n in network.inputs()} <= sources     # the skip from the inputs
    assert len(network.neurons) == 3 + 5 + 5 + 2


def test_a_flattened_image_input_and_gather_split_plumbing(tmp_path: Path) -> None:
    node = helper.make_node
    model = _model([
        node("Flatten", ["x"], ["f"], axis=1),
        node("Gemm", ["f", "w1", "b1"], ["z1"]),
        node("Split", ["z1", "sizes"], ["p", "q"], axis=1),
        node("Relu", ["p"], ["rp"]),
        node("Sigmoid", ["q"], ["sq"]),
        node("Concat", ["sq", "rp"], ["a"], axis=1),
        node("Gather", ["a", "pick"], ["g"], axis=1),
        node("Gemm", ["g", "w2", "b2"], ["y"]),
    ], {"w1": _weights(8, 5), "b1": _weights(5), "sizes": np.array([2, 3]),
        "pick": np.array([4, 0, 2]), "w2": _weights(3, 2), "b2": _weights(2)}, [2, 2, 2], 2)
    network = _check_import(_save(model, tmp_path / "img.onnx"), RNG.normal(size=(20, 2, 2, 2)))
    assert len(network.inputs()) == 8


def test_what_torch_onnx_export_writes_for_an_mlp(tmp_path: Path) -> None:
    torch = pytest.importorskip("torch")

    class Skip(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.a, self.b = torch.nn.Linear(4, 6), torch.nn.Linear(10, 3)

        def forward(self, x: Any) -> Any:
            return torch.softmax(self.b(torch.cat([x, torch.tanh(self.a(x))], 1)), dim=1)

    mlp = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(4, 8), torch.nn.ReLU(),
                              torch.nn.Linear(8, 8), torch.nn.LeakyReLU(0.01),
                              torch.nn.Linear(8, 2), torch.nn.Sigmoid())
    x = torch.randn(16, 4)
    dynamo = [True] if importlib.util.find_spec("onnxscript") else []
    for name, module in (("mlp", mlp), ("skip", Skip())):
        for new_exporter in [False, *dynamo]:
            path = tmp_path / f"{name}_{new_exporter}.onnx"
            with warnings.catch_warnings():   # the old exporter is deprecated
                warnings.simplefilter("ignore")
                torch.onnx.export(module, (x,), str(path), input_names=["x"], dynamo=False,
                                  dynamic_axes={"x": {0: "batch"}}) if not new_exporter \
                    else torch.onnx.export(module, (x,), str(path), dynamo=True,
                                           dynamic_shapes=[{0: torch.export.Dim("batch")}])
            _check_import(path, x.numpy().astype(np.float64))


def test_a_bpstudio_pytorch_export_comes_back_through_onnx(tmp_path: Path) -> None:
    torch = pytest.importorskip("torch")
    network, _ = CASES["mixed_dag"]()
    export_network(network, tmp_path / "net.py", format_key="torch",
                   data=training_data(network))
    spec = importlib.util.spec_from_file_location("exported_mixed", tmp_path / "net.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    net = module.load(dtype=torch.float32)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(net, (torch.zeros(1, 3),), str(tmp_path / "back.onnx"),
                          dynamo=False, input_names=["x"], dynamic_axes={"x": {0: "batch"}})
    x = inputs_for(network)
    back = _check_import(tmp_path / "back.onnx", x)
    expected = Engine(compile_network(network, "float64")).predict(x)
    got = Engine(compile_network(back, "float64")).predict(x)
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-5)


def test_ids_labels_and_loss_come_back_from_bpstudio_metadata(tmp_path: Path) -> None:
    network, _ = CASES["softmax"]()
    network.update_neurons({5: {"label": "first hidden"}})
    export_network(network, tmp_path / "net.onnx")
    model = onnx.load(str(tmp_path / "net.onnx"))
    props = {p.key: p.value for p in model.metadata_props}
    assert json.loads(props["level_ids"])[0][0] == 5
    back, _ = import_network(tmp_path / "net.onnx")
    assert back.neurons[5].label == "first hidden"
    assert back.settings.loss == "softmax_cross_entropy"


# ------------------------------------------------------------------ refusals
def _refused(path: Path, *fragments: str) -> str:
    with pytest.raises(ModelImportError) as info:
        import_network(path)
    message = str(info.value)
    assert "\n" not in message
    for fragment in fragments:
        assert fragment in message, message
    return message


def test_unsupported_operators_are_listed_with_their_nodes(tmp_path: Path) -> None:
    node = helper.make_node
    model = _model([
        node("Conv", ["x", "k"], ["c1"], name="conv1"),
        node("Conv", ["c1", "k"], ["c2"], name="conv2"),
        node("BatchNormalization", ["c2", "s", "s", "s", "s"], ["bn"], name="norm"),
        node("Relu", ["bn"], ["r"], name="relu"),
        node("Flatten", ["r"], ["y"]),
    ], {"k": _weights(1, 1, 1, 1), "s": np.ones(1, np.float32)}, [1, 4, 4], 16)
    _refused(_save(model, tmp_path / "cnn.onnx"), "cnn.onnx:",
             "BatchNormalization (node 'norm')", "Conv (nodes 'conv1', 'conv2')",
             "Gemm, MatMul + Add")


def test_a_leaky_relu_of_another_slope_is_refused(tmp_path: Path) -> None:
    model = _model([helper.make_node("Gemm", ["x", "w", "b"], ["z"]),
                    helper.make_node("LeakyRelu", ["z"], ["y"], alpha=0.2, name="leaky")],
                   {"w": _weights(2, 2), "b": _weights(2)}, 2, 2)
    _refused(_save(model, tmp_path / "m.onnx"), "'leaky'", "slope 0.2", "0.01")


def test_a_model_too_large_to_draw_is_refused(tmp_path: Path) -> None:
    model = _model([helper.make_node("MatMul", ["x", "w"], ["z"]),
                    helper.make_node("Relu", ["z"], ["y"])],
                   {"w": np.ones((500, 500), np.float32)}, 500, 500)
    assert MAX_CONNECTIONS < 500 * 500
    _refused(_save(model, tmp_path / "big.onnx"), f"{MAX_CONNECTIONS:,} connections")


@pytest.mark.parametrize(("content", "fragment"), [
    (b"", "holds no graph"),
    (b"hello, this is text\n" * 5, "truncated or not ONNX"),
    (None, "truncated or not ONNX"),   # the first half of a real model
])
def test_a_truncated_or_foreign_file_is_refused(tmp_path: Path, content: bytes | None,
                                                fragment: str) -> None:
    path = tmp_path / "m.onnx"
    if content is None:
        network, _ = CASES["example_digits"]()
        export_network(network, path)
        content = path.read_bytes()[: path.stat().st_size // 2]
    path.write_bytes(content)
    _refused(path, "m.onnx", fragment)


def test_models_the_canvas_cannot_hold_are_refused(tmp_path: Path) -> None:
    node = helper.make_node
    two_out = _model([node("Relu", ["x"], ["y"]), node("Tanh", ["x"], ["y2"])], {}, 2, 2,
                     outputs=("y", "y2"))
    _refused(_save(two_out, tmp_path / "a.onnx"), "2 outputs")
    data_weight = _model([node("MatMul", ["x", "x2"], ["y"], name="mm")], {}, 2, 2)
    data_weight.graph.input.append(helper.make_tensor_value_info("x2", TensorProto.FLOAT,
                                                                 [2, 2]))
    _refused(_save(data_weight, tmp_path / "b.onnx"), "2 inputs")
    hidden_softmax = _model([node("Softmax", ["x"], ["s"], axis=1),
                             node("Gemm", ["s", "w", "b"], ["y"])],
                            {"w": _weights(3, 2), "b": _weights(2)}, 3, 2)
    _refused(_save(hidden_softmax, tmp_path / "c.onnx"), "cannot train", "softmax")
    squared = _model([node("Mul", ["x", "x"], ["y"], name="square")], {}, 2, 2)
    _refused(_save(squared, tmp_path / "d.onnx"), "'square'", "constant")


@pytest.mark.parametrize(("name", "fragment"), [
    ("model.pb", 'cannot import ".pb" files; use one of .onnx, .npz, .json'),
    ("missing.onnx", "file not found"),
])
def test_wrong_suffixes_and_missing_files(tmp_path: Path, name: str, fragment: str) -> None:
    if name.endswith(".pb"):
        (tmp_path / name).write_bytes(b"x")
    _refused(tmp_path / name, fragment)
