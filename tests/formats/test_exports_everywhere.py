"""The .npz, .json and .onnx exports in their own runtimes (the README's NumPy code, a plain
Python evaluator, onnxruntime) on every case: the built-in examples, the hand-made networks
and random DAGs with skip connections; as they are (iris has its own stored scaling) and
with an input scaling stored in the document, always on raw inputs."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from bpstudio.formats.exports import export_network
from tests.formats.cases import CASE_PARAMS, CASES, expected_outputs, inputs_for, scale_inputs
from tests.formats.test_exports_roundtrip import _readme_code, evaluate_json

ort = pytest.importorskip("onnxruntime")


@pytest.mark.parametrize("scaled", [False, True], ids=["as-is", "scaled"])
@pytest.mark.parametrize("case", CASE_PARAMS)
def test_npz_json_and_onnx_compute_what_the_engine_computes(case: str, scaled: bool,
                                                            tmp_path: Path) -> None:
    network, _ = CASES[case]()
    if scaled:
        scale_inputs(network)
    x = inputs_for(network, 25)
    expected = expected_outputs(network, x)
    for suffix in (".npz", ".json", ".onnx"):
        export_network(network, tmp_path / f"net{suffix}")

    with np.load(tmp_path / "net.npz", allow_pickle=False) as weights:
        namespace: dict[str, object] = {}
        exec(compile(_readme_code(str(weights["README"])), "README", "exec"), namespace)
        got = namespace["predict"](weights, x)   # type: ignore[operator]
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12)

    doc = json.loads((tmp_path / "net.json").read_text(encoding="utf-8"))
    assert doc["input_scaling"]["method"] == network.input_scaling.method
    got = np.array([evaluate_json(doc, row) for row in x.tolist()])   # scales them itself
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12)

    session = ort.InferenceSession(str(tmp_path / "net.onnx"),
                                   providers=["CPUExecutionProvider"])
    (got,) = session.run(["output"], {"input": x.astype(np.float32)})
    np.testing.assert_allclose(got, expected, rtol=2e-5, atol=2e-5)
