"""The .npz, .json and .onnx exports in their own runtimes (the README's NumPy code, a plain
Python evaluator, onnxruntime) on every case: the built-in examples, the hand-made networks
and random DAGs with skip connections; with and without an input scaling."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from bpstudio.engine.backprop import Engine
from bpstudio.engine.plan import compile_network
from bpstudio.formats.exports import export_network
from tests.formats.cases import CASES, inputs_for, scaling_for
from tests.formats.test_exports_roundtrip import _readme_code, evaluate_json

ort = pytest.importorskip("onnxruntime")


@pytest.mark.parametrize("scaled", [False, True], ids=["raw", "scaled"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_npz_json_and_onnx_compute_what_the_engine_computes(case: str, scaled: bool,
                                                            tmp_path: Path) -> None:
    network, _ = CASES[case]()
    x = inputs_for(network, 25)
    scaling = scaling_for(network) if scaled else None
    network_x = (x - scaling[0]) / scaling[1] if scaling is not None else x
    expected = Engine(compile_network(network, "float64")).predict(network_x)
    for suffix in (".npz", ".json", ".onnx"):
        export_network(network, tmp_path / f"net{suffix}", input_scaling=scaling)

    with np.load(tmp_path / "net.npz", allow_pickle=False) as weights:
        namespace: dict[str, object] = {}
        exec(compile(_readme_code(str(weights["README"])), "README", "exec"), namespace)
        got = namespace["predict"](weights, x)   # type: ignore[operator]
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12)

    doc = json.loads((tmp_path / "net.json").read_text(encoding="utf-8"))
    rows = x
    if doc["input_scaling"] is not None:
        rows = (x - np.array(doc["input_scaling"]["offset"])) / doc["input_scaling"]["scale"]
    got = np.array([evaluate_json(doc, row) for row in rows.tolist()])
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12)

    session = ort.InferenceSession(str(tmp_path / "net.onnx"),
                                   providers=["CPUExecutionProvider"])
    (got,) = session.run(["output"], {"input": x.astype(np.float32)})
    np.testing.assert_allclose(got, expected, rtol=2e-5, atol=2e-5)
