"""Standardised inputs end to end: every export (.npz, .json, .onnx, the Python script, C,
PyTorch) and ``bpstudio predict`` take raw inputs and give what the engine computes on the
inputs as trained (≤ 1e-5 in float32), and imports give the document its scaling back."""

from __future__ import annotations

import csv
import importlib.util
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from bpstudio.cli import main
from bpstudio.engine.backprop import Engine
from bpstudio.engine.plan import compile_network
from bpstudio.engine.training import Trainer
from bpstudio.formats.bpnet import load, save
from bpstudio.formats.exports import ExportError, export_network
from bpstudio.formats.imports import import_network
from bpstudio.model.network import Network
from bpstudio.model.scaling import InputScaling
from bpstudio.model.settings import DatasetSpec
from bpstudio.workflow import network_for_dataset, prepare_training, store_trained
from tests.formats.test_exports_roundtrip import _readme_code, evaluate_json

COMPILER = next((shutil.which(cc) for cc in ("cc", "gcc", "clang") if shutil.which(cc)), None)


@pytest.fixture(scope="module", params=["zscore", "minmax"])
def trained_wine(request: pytest.FixtureRequest) -> tuple[Network, np.ndarray, np.ndarray]:
    """(network trained on wine with scaled inputs, raw test inputs, the engine's outputs)."""
    spec = DatasetSpec("wine", scale_inputs=request.param, test_ratio=0.3)
    network, _ = network_for_dataset(spec, hidden=(8,), activation="tanh", seed=1)
    network.set_settings(network.settings.with_changes(epochs=60))
    prepared = prepare_training(network)
    trainer = Trainer(prepared.plan, prepared.data, network.settings)
    final = trainer.run()
    assert final.test_metric >= 0.9     # scaled wine is easy; raw wine (proline ~1000) is not
    store_trained(network, prepared.plan, prepared.dataset)
    assert network.input_scaling == prepared.dataset.scaling
    assert network.input_scaling.method == request.param
    raw = prepared.dataset.scaling.invert(prepared.dataset.x_test)
    expected = Engine(prepared.plan).predict(prepared.dataset.x_test)
    assert raw.max() > 100          # really raw: proline is in the hundreds
    return network, raw, expected


def test_npz_readme_predict_takes_raw_inputs(trained_wine, tmp_path: Path) -> None:
    network, raw, expected = trained_wine
    export_network(network, tmp_path / "w.npz")
    with np.load(tmp_path / "w.npz", allow_pickle=False) as w:
        namespace: dict[str, object] = {}
        exec(compile(_readme_code(str(w["README"])), "README", "exec"), namespace)
        got = namespace["predict"](w, raw)  # type: ignore[operator]
        assert str(w["input_scaling"]) == network.input_scaling.method
        np.testing.assert_array_equal(w["input_offset"], network.input_scaling.offset)
        assert "x_scaled = (x - input_offset) / input_scale" in str(w["README"])
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-10)


def test_json_carries_offset_scale_and_a_note(trained_wine, tmp_path: Path) -> None:
    network, raw, expected = trained_wine
    export_network(network, tmp_path / "w.json")
    doc = json.loads((tmp_path / "w.json").read_text(encoding="utf-8"))
    assert doc["input_scaling"]["method"] == network.input_scaling.method
    assert "(x - offset) / scale" in doc["input_scaling"]["note"]
    got = np.array([evaluate_json(doc, row) for row in raw.tolist()])
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-10)


def test_onnx_starts_with_sub_and_div(trained_wine, tmp_path: Path) -> None:
    onnx = pytest.importorskip("onnx")
    ort = pytest.importorskip("onnxruntime")
    network, raw, expected = trained_wine
    export_network(network, tmp_path / "w.onnx")
    model = onnx.load(str(tmp_path / "w.onnx"))
    assert [node.op_type for node in model.graph.node[:2]] == ["Sub", "Div"]
    assert model.graph.node[0].input[0] == "input"
    props = {p.key: p.value for p in model.metadata_props}
    assert props["input_scaling"] == network.input_scaling.method
    session = ort.InferenceSession(str(tmp_path / "w.onnx"), providers=["CPUExecutionProvider"])
    (got,) = session.run(["output"], {"input": raw.astype(np.float32)})
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-5)


def test_predict_on_raw_inputs_equals_the_engine(trained_wine, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    network, raw, expected = trained_wine
    save(network, tmp_path / "w.bpnet")
    with (tmp_path / "raw.csv").open("w", newline="") as file:
        csv.writer(file).writerows(raw.tolist())
    assert main(["predict", str(tmp_path / "w.bpnet"), str(tmp_path / "raw.csv")]) == 0
    rows = list(csv.reader(capsys.readouterr().out.splitlines()))
    got = np.array(rows[1:], dtype=float)
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-12)
    reloaded, _ = load(tmp_path / "w.bpnet")
    assert reloaded.input_scaling == network.input_scaling


def test_stale_scaling_is_refused_with_the_fix(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    network, _ = network_for_dataset(DatasetSpec("iris", scale_inputs="zscore"))
    network.set_input_scaling(InputScaling("zscore", (0.0,) * 3, (1.0,) * 3))
    with pytest.raises(ExportError, match=re.escape(
            "cannot export: the stored input scaling is for 3 inputs but the network has 4; "
            "train it again to refit the scaling")):
        export_network(network, tmp_path / "x.onnx")
    save(network, tmp_path / "x.bpnet")
    (tmp_path / "in.csv").write_text("1,2,3,4\n")
    assert main(["predict", str(tmp_path / "x.bpnet"), str(tmp_path / "in.csv")]) == 2
    assert "the stored input scaling is for 3 inputs but the network has 4" in (
        capsys.readouterr().err)


def test_unscaled_networks_export_exactly_as_before(tmp_path: Path) -> None:
    onnx = pytest.importorskip("onnx")
    network, _ = network_for_dataset(DatasetSpec("iris", scale_inputs="none"))
    export_network(network, tmp_path / "n.onnx")
    assert onnx.load(str(tmp_path / "n.onnx")).graph.node[0].op_type != "Sub"
    plan = compile_network(network, "float64")
    assert plan.n_inputs == 4


def _raw_csv(raw: np.ndarray, path: Path) -> Path:
    with path.open("w", newline="") as file:
        csv.writer(file).writerows(raw.tolist())
    return path


def test_bpstudio_export_applies_the_stored_scaling_in_every_format(
        trained_wine, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    """Through the command line, with nothing but the file: every format takes raw inputs;
    the Python script prints byte for byte what ``bpstudio predict`` prints."""
    network, raw, expected = trained_wine
    bpnet, rows = tmp_path / "w.bpnet", _raw_csv(raw, tmp_path / "raw.csv")
    save(network, bpnet)
    for name in ("w.npz", "w.json", "w.onnx", "w.py", "w.c"):
        assert main(["export", str(bpnet), str(tmp_path / name)]) == 0
    capsysbinary.readouterr()
    assert main(["predict", str(bpnet), str(rows)]) == 0
    predicted = capsysbinary.readouterr().out
    script = subprocess.run([sys.executable, str(tmp_path / "w.py"), str(rows)],
                            capture_output=True, check=False)
    assert script.returncode == 0, script.stderr.decode()
    assert script.stdout == predicted
    text = (tmp_path / "w.py").read_text(encoding="utf-8")
    assert "x = (x - INPUT_OFFSET) / INPUT_SCALE" in text
    assert network.input_scaling.describe() in text
    namespace = _module(tmp_path / "w.py")
    np.testing.assert_allclose(namespace.predict(raw), expected, rtol=0, atol=1e-12)
    assert "(x - offset) / scale" in (tmp_path / "w.c").read_text(encoding="utf-8")


def _module(path: Path) -> Any:
    spec = importlib.util.spec_from_file_location(f"scaled_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(COMPILER is None, reason="no C compiler (cc, gcc, clang)")
def test_c_takes_raw_inputs(trained_wine, tmp_path: Path) -> None:
    network, raw, expected = trained_wine
    export_network(network, tmp_path / "w.c", title="wine")
    assert COMPILER is not None
    subprocess.run([COMPILER, "-std=c99", "-Wall", "-Wextra", "-Werror", "-DBPSTUDIO_MAIN",
                    "-o", str(tmp_path / "w"), str(tmp_path / "w.c"), "-lm"], check=True)
    rows = "".join(",".join(repr(v) for v in row) + "\n" for row in raw.tolist())
    result = subprocess.run([str(tmp_path / "w")], input=rows, capture_output=True, text=True,
                            check=True)
    got = np.array([[float(v) for v in line.split(",")] for line in result.stdout.splitlines()])
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-5)


def test_pytorch_export_takes_raw_inputs_and_writes_raw_data(trained_wine,
                                                             tmp_path: Path) -> None:
    """``bpstudio export --format torch`` writes the data raw and the module scales them as
    the engine did, so the train script continues on what the network was trained on."""
    torch = pytest.importorskip("torch", reason="PyTorch is not installed "
                                                "(pip install bpstudio[torch])")
    network, raw, expected = trained_wine
    bpnet = tmp_path / "w.bpnet"
    save(network, bpnet)
    assert main(["export", str(bpnet), str(tmp_path / "w.py"), "--format", "torch"]) == 0
    module = _module(tmp_path / "w.py")
    with np.load(tmp_path / "w_data.npz") as data:
        np.testing.assert_allclose(data["x_test"], raw, rtol=1e-12)   # raw, not scaled
        x_test = data["x_test"]
    with torch.no_grad():
        got = module.load()(torch.tensor(x_test)).numpy()
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-9)


@pytest.mark.parametrize("suffix", [".npz", ".json", ".onnx"])
def test_imports_restore_the_stored_scaling(trained_wine, suffix: str, tmp_path: Path) -> None:
    """An import of a scaled export is the document again: the same input scaling (not
    folded into the weights), its dataset asking for the same kind, raw inputs in."""
    network, raw, expected = trained_wine
    export_network(network, tmp_path / f"w{suffix}")
    back, _ = import_network(tmp_path / f"w{suffix}")
    scaling = back.input_scaling
    assert scaling.method == network.input_scaling.method
    assert back.dataset.scale_inputs == network.input_scaling.method
    tolerance = 1e-6 if suffix == ".onnx" else 0.0   # ONNX stores float32
    np.testing.assert_allclose(scaling.offset, network.input_scaling.offset, rtol=tolerance)
    np.testing.assert_allclose(scaling.scale, network.input_scaling.scale, rtol=tolerance)
    got = Engine(compile_network(back, "float64")).predict(scaling.apply(raw))
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-5 if tolerance else 1e-12)
