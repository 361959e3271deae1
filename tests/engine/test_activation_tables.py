"""One table per concept: every place that names activations follows engine/activations.py.

Adding an activation is one row there; these tests fail until every other table has it
too (the settings' list, the file schema and its docs, the three exporters, the X-ray's
chain-rule text), and check each row against the engine's own function. The canvas
glyphs are checked in tests/ui/test_glyphs.py, the gradient in test_gradients.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from bpstudio.engine import activations
from bpstudio.engine.activations import LEAKY_SLOPE
from bpstudio.engine.backprop import Engine
from bpstudio.engine.plan import compile_network
from bpstudio.formats import export_json, export_npz, export_onnx
from bpstudio.formats.exports import export_network
from bpstudio.model import settings
from bpstudio.model.network import Network
from bpstudio.xray import chain

NAMES = tuple(activations.ACTIVATIONS)
ROOT = Path(__file__).resolve().parents[2]
Z = np.linspace(-4.0, 4.0, 41).reshape(-1, 1) * np.array([[1.0, -0.5, 0.25]])  # (41, 3)


def engine_f(name: str, z: np.ndarray) -> np.ndarray:
    """The engine's f on ``z`` of shape (samples, neurons); softmax over the neurons."""
    out = np.empty_like(z.T)
    activations.get(name).forward(np.ascontiguousarray(z.T), out)
    return out.T


def test_the_settings_and_the_file_format_list_the_engines_activations():
    assert settings.ACTIVATIONS == NAMES
    schema = json.loads((ROOT / "bpstudio/formats/bpnet.schema.json").read_text("utf-8"))
    neuron = schema["$defs"]["neuron"]["properties"]["activation"]
    assert tuple(neuron["enum"]) == NAMES
    docs = (ROOT / "docs/file-format.md").read_text("utf-8")
    assert all(f"`{name}`" in docs for name in NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_the_json_export_writes_each_formula(name: str):
    formula = export_json.FORMULAS[name]      # KeyError: the new activation needs its text
    if name == "softmax":
        assert "exp(z_i)" in formula and "sum" in formula
        return
    names = {"exp": np.exp, "tanh": np.tanh, "max": np.maximum, "log": np.log,
             "sin": np.sin, "z": Z}
    np.testing.assert_allclose(eval(formula, {"__builtins__": {}}, names),
                               engine_f(name, Z), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("name", NAMES)
def test_the_npz_readme_code_computes_each_activation(name: str):
    code: dict[str, object] = {}
    exec(export_npz.PREDICT_CODE, code)
    functions = code["F"]
    assert isinstance(functions, dict) and name in functions
    np.testing.assert_allclose(functions[name](Z), engine_f(name, Z), rtol=1e-12,
                               atol=1e-12)


def _one_level(name: str) -> Network:
    """Three inputs straight into three outputs of ``name`` (softmax: its own loss)."""
    network = Network()
    inputs = [network.add_neuron("input").id for _ in range(3)]
    outputs = [network.add_neuron("output", activation=name, bias=0.1 * i).id
               for i in range(3)]
    for i, (s, t) in enumerate(zip(inputs, outputs, strict=True)):
        network.connect(s, t, 1.0 + 0.5 * i)
    if name == "softmax":
        network.set_settings(network.settings.with_changes(loss="softmax_cross_entropy"))
    return network


@pytest.mark.parametrize("name", NAMES)
def test_the_onnx_export_runs_each_activation(name: str, tmp_path: Path):
    assert name in export_onnx.OPERATORS     # the new activation needs its operator
    runtime = pytest.importorskip("onnxruntime")
    network = _one_level(name)
    path = tmp_path / "net.onnx"
    export_network(network, path)
    session = runtime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    x = Z.astype(np.float32)
    (result,) = session.run(None, {session.get_inputs()[0].name: x})
    expected = Engine(compile_network(network, "float64")).predict(Z)
    np.testing.assert_allclose(result, expected, rtol=2e-5, atol=2e-6)


@pytest.mark.parametrize("name", NAMES)
def test_the_chain_rule_text_names_each_derivative(name: str):
    if name == "softmax":                    # its Jacobian has lines of its own
        assert name not in chain.SLOPES
        return
    rule, numbers = chain.SLOPES[name]       # KeyError: the new activation needs its rule
    assert rule and numbers(0.5, 0.6)
    if name == "leaky_relu":
        assert f"{LEAKY_SLOPE:g}" in rule

