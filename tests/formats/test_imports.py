"""Importing networks: BP Studio's own .json/.npz/.onnx exports come back as the network they
were, input scaling included (round trips stable), ONNX models of dense layers become
neurons and connections that compute what onnxruntime computes, and everything else is
refused in one clear message."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from bpstudio.engine.backprop import Engine
from bpstudio.engine.plan import compile_network
from bpstudio.formats.exports import export_network
from bpstudio.formats.imports import import_network
from bpstudio.model.network import Network
from bpstudio.model.scaling import InputScaling
from tests.formats.cases import CASE_PARAMS, CASES, expected_outputs, inputs_for, scale_inputs

ort = pytest.importorskip("onnxruntime")


def _outputs(network: Network, x: np.ndarray) -> np.ndarray:
    """The network's outputs for raw inputs (its stored input scaling applied first)."""
    return expected_outputs(network, x)


def _float32(scaling: InputScaling) -> InputScaling:
    """``scaling`` as an ONNX file stores it."""
    def rounded(values: tuple[float, ...]) -> tuple[float, ...]:
        return tuple(np.array(values, dtype=np.float32).astype(np.float64).tolist())
    return InputScaling(scaling.method, rounded(scaling.offset), rounded(scaling.scale))


def _neurons(network: Network, float32: bool = False) -> list[tuple[object, ...]]:
    def value(v: float) -> float:
        return float(np.float32(v)) if float32 else v
    return sorted((n.id, n.role, n.activation, n.name, value(n.bias))
                  for n in network.neurons.values())


def _edges(network: Network, float32: bool = False) -> set[tuple[int, int, float]]:
    return {(c.source, c.target, float(np.float32(c.weight)) if float32 else c.weight)
            for c in network.connections.values()}


def _run_onnx(path: Path, x: np.ndarray) -> np.ndarray:
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    name = session.get_inputs()[0].name
    return np.asarray(session.run(None, {name: x.astype(np.float32)})[0], dtype=np.float64)


@pytest.mark.parametrize("suffix", [".json", ".npz"])
@pytest.mark.parametrize("case", CASE_PARAMS)
def test_weight_exports_come_back_as_the_same_network(case: str, suffix: str,
                                                      tmp_path: Path) -> None:
    network, _ = CASES[case]()
    export_network(network, tmp_path / f"net{suffix}")
    back, info = import_network(tmp_path / f"net{suffix}")
    assert _neurons(back) == _neurons(network)
    assert _edges(back) == _edges(network)
    if suffix == ".json":   # ids of connections are in the JSON
        assert sorted(back.connections) == sorted(network.connections)
    assert back.settings.loss == network.settings.loss
    assert back.input_scaling == network.input_scaling   # iris: its z-score comes back
    assert back.dataset.scale_inputs == network.input_scaling.method
    x = inputs_for(network)
    assert np.array_equal(_outputs(back, x), _outputs(network, x))
    assert info.title == "net (imported)" and suffix in info.description


@pytest.mark.parametrize("case", CASE_PARAMS)
def test_onnx_exports_come_back_as_the_same_network_in_float32(case: str,
                                                              tmp_path: Path) -> None:
    network, _ = CASES[case]()
    export_network(network, tmp_path / "net.onnx")
    back, _ = import_network(tmp_path / "net.onnx")
    assert _neurons(back) == _neurons(network, float32=True)
    assert _edges(back) == _edges(network, float32=True)
    assert back.settings.loss == network.settings.loss
    assert back.input_scaling == _float32(network.input_scaling)
    x = inputs_for(network)
    np.testing.assert_allclose(_outputs(back, x), _run_onnx(tmp_path / "net.onnx", x),
                               rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(_outputs(back, x), _outputs(network, x), rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("suffix", [".json", ".npz", ".onnx"])
@pytest.mark.parametrize("case", ["mixed_dag", "example_digits", "dag1", "bias_only",
                                  "example_iris"])
def test_export_import_export_is_stable(case: str, suffix: str, tmp_path: Path) -> None:
    network, _ = CASES[case]()
    export_network(network, tmp_path / f"a{suffix}")
    again, _ = import_network(tmp_path / f"a{suffix}")
    export_network(again, tmp_path / f"b{suffix}")
    third, _ = import_network(tmp_path / f"b{suffix}")
    export_network(third, tmp_path / f"c{suffix}")
    assert _neurons(third) == _neurons(again) and _edges(third) == _edges(again)
    if suffix == ".npz":
        with np.load(tmp_path / "a.npz") as a, np.load(tmp_path / "c.npz") as c:
            assert a.files == c.files
            assert all(np.array_equal(a[k], c[k]) for k in a.files)
    elif suffix == ".json":
        assert (tmp_path / "a.json").read_bytes() == (tmp_path / "c.json").read_bytes()
    else:   # float32 from the first export on: the second and third are the same file
        assert (tmp_path / "b.onnx").read_bytes() == (tmp_path / "c.onnx").read_bytes()


@pytest.mark.parametrize("suffix", [".json", ".npz", ".onnx"])
def test_scaled_exports_import_with_their_input_scaling(suffix: str, tmp_path: Path) -> None:
    network, _ = CASES["skip"]()
    scaling = scale_inputs(network)
    export_network(network, tmp_path / f"net{suffix}")
    back, _ = import_network(tmp_path / f"net{suffix}")
    float32 = suffix == ".onnx"
    assert back.input_scaling == (_float32(scaling) if float32 else scaling)
    assert back.dataset.scale_inputs == "zscore"   # training again refits the same kind
    # the weights come back as they were: the scaling is not folded into them
    assert _edges(back) == _edges(network, float32) and _neurons(back) == _neurons(network,
                                                                                   float32)
    x = inputs_for(network)
    expected = Engine(compile_network(network, "float64")).predict(scaling.apply(x))
    tolerance = 1e-5 if float32 else 1e-12
    np.testing.assert_allclose(_outputs(back, x), expected, rtol=tolerance, atol=tolerance)
    export_network(back, tmp_path / f"again{suffix}")   # and exports the same file again
    if suffix == ".json":
        assert (tmp_path / f"again{suffix}").read_bytes() == (tmp_path / "net.json").read_bytes()
    elif suffix == ".onnx":
        again, _ = import_network(tmp_path / f"again{suffix}")
        assert again.input_scaling == back.input_scaling
    else:
        with np.load(tmp_path / "net.npz") as a, np.load(tmp_path / "again.npz") as b:
            assert all(np.array_equal(a[k], b[k]) for k in a.files)


@pytest.mark.parametrize(("method", "scale"), [("zscore", -2.0), ("cube", 2.0), (None, 2.0)])
def test_scalings_a_document_cannot_hold_fold_into_the_first_weights(
        method: str | None, scale: float, tmp_path: Path) -> None:
    network, _ = CASES["skip"]()
    export_network(network, tmp_path / "net.json")
    doc = json.loads((tmp_path / "net.json").read_text(encoding="utf-8"))
    n = len(doc["inputs"])
    offset, scales = [0.5 + i for i in range(n)], [scale] * n
    doc["input_scaling"] = {"offset": offset, "scale": scales}
    if method is not None:
        doc["input_scaling"]["method"] = method
    (tmp_path / "edited.json").write_text(json.dumps(doc), encoding="utf-8")
    back, _ = import_network(tmp_path / "edited.json")
    assert back.input_scaling.is_identity and back.dataset.scale_inputs == "none"
    x = inputs_for(network)
    expected = Engine(compile_network(network, "float64")).predict(
        (x - np.array(offset)) / np.array(scales))
    np.testing.assert_allclose(_outputs(back, x), expected, rtol=1e-12, atol=1e-12)
    assert _edges(back) != _edges(network)   # folded: the first weights changed


def test_imports_are_laid_out_by_depth(tmp_path: Path) -> None:
    network, _ = CASES["example_skip"]()
    export_network(network, tmp_path / "net.onnx")
    back, _ = import_network(tmp_path / "net.onnx")
    column = {n.id: n.x for n in back.neurons.values()}
    assert {column[n.id] for n in back.inputs()} == {0.0}
    assert len({column[n.id] for n in back.outputs()}) == 1
    assert all(column[c.source] < column[c.target] for c in back.connections.values())
    ys = sorted(n.y for n in back.neurons.values() if column[n.id] == column[3])
    assert len(set(ys)) == len(ys)   # a column's neurons do not overlap
