"""The headless command line: train, gradcheck, predict, export, new, examples."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from bpstudio.cli import main
from bpstudio.examples import example_path
from bpstudio.formats.bpnet import load
from tests.without_qt import run_without_qt


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def xor_file(tmp_path: Path) -> Path:
    path = tmp_path / "xor.bpnet"
    path.write_bytes(example_path("xor").read_bytes())
    return path


def test_train_json_reports_the_results(capsys, xor_file: Path, tmp_path: Path):
    out_file = tmp_path / "trained.bpnet"
    code, out, _ = run(capsys, "train", str(xor_file), "--json", "--out", str(out_file))
    assert code == 0
    result = json.loads(out)
    assert result["epochs"] == 5000 and result["train_loss"] < 0.01
    assert {"epochs", "train_loss", "test_loss", "test_accuracy"} <= set(result)
    trained, _ = load(out_file)
    original, _ = load(xor_file)
    assert trained.connections[1].weight != original.connections[1].weight
    assert 0 < len(trained.history) <= 2000 and trained.history.epochs[-1] == 5000
    assert original.snapshot() == load(xor_file)[0].snapshot()   # input file untouched


def test_train_options_override_the_file(capsys, xor_file: Path):
    code, out, _ = run(capsys, "train", str(xor_file), "--epochs", "7", "--lr", "0.1",
                       "--batch-size", "2", "--optimizer", "adam", "--seed", "3", "--json")
    result = json.loads(out)
    assert code == 0 and result["epochs"] == 7 and result["steps"] == 14


def test_train_holds_out_a_validation_set_and_reports_its_loss(capsys, tmp_path: Path):
    path = tmp_path / "net.bpnet"
    assert run(capsys, "new", "--layers", "2,8,1", "--activation", "tanh",
               "--dataset", "circle", "-o", str(path))[0] == 0
    code, out, _ = run(capsys, "train", str(path), "--epochs", "20", "--validation-ratio",
                       "0.25", "--json", "--out", str(path))
    result = json.loads(out)
    assert code == 0 and result["validation_samples"] == 40   # 25 % of 160 training samples
    assert result["validation_loss"] > 0
    assert load(path)[0].settings.validation_ratio == 0.25
    code, out, _ = run(capsys, "train", str(path), "--epochs", "2")
    assert code == 0 and "validation loss" in out
    code, out, _ = run(capsys, "train", str(path), "--epochs", "2", "--validation-ratio", "0",
                       "--json")
    assert code == 0 and "validation_loss" not in json.loads(out)


def test_train_classification_reports_test_accuracy(capsys, tmp_path: Path):
    path = tmp_path / "net.bpnet"
    assert run(capsys, "new", "--layers", "2,8,1", "--activation", "tanh",
               "--dataset", "circle", "-o", str(path))[0] == 0
    code, out, _ = run(capsys, "train", str(path), "--epochs", "300", "--optimizer", "adam",
                       "--lr", "0.05", "--json")
    result = json.loads(out)
    assert code == 0 and result["test_accuracy"] >= 0.9


def test_train_prints_a_readable_summary(capsys, xor_file: Path, tmp_path: Path):
    export = tmp_path / "w.onnx"
    code, out, _ = run(capsys, "train", str(xor_file), "--epochs", "50", "--export",
                       str(export))
    assert code == 0
    assert "finished 50 epochs on xor" in out and "train loss" in out
    assert export.stat().st_size > 0


@pytest.mark.parametrize(("args", "message"), [
    (["train", "missing.bpnet"], "missing.bpnet: no such file"),
    (["train", "{xor}", "--optimizer", "lbfgs"], "invalid choice: 'lbfgs'"),
    (["train", "{xor}", "--epochs", "-3"], "must not be negative"),
    (["train", "{xor}", "--lr", "abc"], "'abc' is not a number"),
    (["train", "{xor}", "--validation-ratio", "0.7"], "validation_ratio must be ≤ 0.5; got 0.7"),
    (["train", "{xor}", "--dataset", "digits"],
     "digits: the images are 8×8 pixels (64 inputs) but the network has 2 input neurons: "
     "make a 64-input network"),
    (["train", "{xor}", "--dataset", "nope.csv"], "nope.csv"),
    (["train", "{xor}", "--loss", "softmax_cross_entropy"], "softmax"),
    (["train", "{bad}"], "not valid JSON"),
    (["export", "{xor}", "{tmp}/w.txt"], "cannot export"),
    (["predict", "{xor}", "{tmp}/missing.csv"], "missing.csv"),
    (["new", "--layers", "2,x,1", "-o", "{tmp}/n.bpnet"], "layer sizes"),
    (["new", "--layers", "2,1", "-o", "{xor}"], "already exists"),
    (["examples", "nonsense"], "no example called 'nonsense'"),
])
def test_user_errors_are_one_line_and_exit_2(capsys, xor_file: Path, tmp_path: Path,
                                             args: list[str], message: str):
    bad = tmp_path / "bad.bpnet"
    bad.write_text("{not json", encoding="utf-8")
    args = [a.format(xor=xor_file, tmp=tmp_path, bad=bad) for a in args]
    code, out, err = run(capsys, *args)
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_gradcheck_passes_on_examples_and_fails_on_a_wrong_derivative(capsys, xor_file,
                                                                     monkeypatch):
    code, out, _ = run(capsys, "gradcheck", str(xor_file), "--json")
    result = json.loads(out)
    assert code == 0 and result["parameters"] == 9 and result["failed"] == 0
    assert result["max_relative_error"] <= 1e-6

    from bpstudio.engine import activations

    good = activations.ACTIVATIONS["sigmoid"]

    def wrong(z, a, grad_a, out):
        np.multiply(grad_a, a, out=out)   # forgot the (1 − a)
        return out

    monkeypatch.setitem(activations.ACTIVATIONS, "sigmoid", activations.Activation(
        "sigmoid", good.forward, wrong, good.derivative, False, good.formula))
    code, out, _ = run(capsys, "gradcheck", str(xor_file))
    assert code == 1 and "FAILED" in out


def test_predict_writes_one_row_per_input(capsys, xor_file: Path, tmp_path: Path):
    inputs = tmp_path / "in.csv"
    inputs.write_text("x1,x2\n0,0\n0,1\n1,0\n1,1\n", encoding="utf-8")
    trained = tmp_path / "trained.bpnet"
    run(capsys, "train", str(xor_file), "--out", str(trained), "--json")
    code, out, _ = run(capsys, "predict", str(trained), str(inputs))
    lines = out.strip().splitlines()
    assert code == 0 and lines[0] == "y" and len(lines) == 5
    assert [round(float(v)) for v in lines[1:]] == [0, 1, 1, 0]


def test_export_and_new_and_examples(capsys, tmp_path: Path):
    path = tmp_path / "deep.bpnet"
    code, out, _ = run(capsys, "new", "--layers", "2,8,8,1", "--activation", "tanh", "-o",
                       str(path))
    network, _ = load(path)
    assert code == 0 and len(network.neurons) == 19 and len(network.connections) == 88
    assert {n.activation for n in network.neurons.values() if n.role == "hidden"} == {"tanh"}
    assert any(c.weight != 0 for c in network.connections.values())   # initialised
    for suffix in ("npz", "json", "onnx"):
        code, _, _ = run(capsys, "export", str(path), str(tmp_path / f"w.{suffix}"))
        assert code == 0 and (tmp_path / f"w.{suffix}").stat().st_size > 0
    code, out, _ = run(capsys, "examples")
    assert code == 0 and out.splitlines()[0].startswith("xor")
    code, out, _ = run(capsys, "examples", "digits", "-o", str(tmp_path))
    assert code == 0 and (tmp_path / "digits.bpnet").exists()


def test_headless_commands_never_import_qt(tmp_path: Path):
    """The core and the headless commands run with PySide6 and pyqtgraph blocked."""
    script = f"""
import bpstudio.model, bpstudio.engine.training, bpstudio.engine.gradcheck, bpstudio.data
import bpstudio.formats.bpnet, bpstudio.formats.exports, bpstudio.workflow, bpstudio.headless
from bpstudio.cli import main
code = main(['train', {str(example_path('xor'))!r}, '--epochs', '5', '--json',
             '--export', {str(tmp_path / 'w.onnx')!r}, '--out', {str(tmp_path / 'r.bpnet')!r}])
assert code == 0, code
assert main(['sweep', {str(tmp_path / 'r.bpnet')!r}, '--set', 'epochs=2,3', '--json']) == 0
assert main(['runs', {str(tmp_path / 'r.bpnet')!r}, '--compare', '1', '-1']) == 0
assert not loaded_qt(), loaded_qt()
print('ok')
"""
    assert run_without_qt(script).stdout.strip().endswith("ok")


def test_entry_point_runs_as_a_module():
    result = subprocess.run([sys.executable, "-m", "bpstudio", "examples"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "xor" in result.stdout


def _xor_csv(path: Path) -> Path:
    path.write_text("x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n")
    return path


def test_a_dataset_path_typed_on_the_command_line_counts_from_the_current_folder(
        capsys, xor_file: Path, tmp_path: Path, monkeypatch):
    elsewhere = tmp_path / "work"
    elsewhere.mkdir()
    _xor_csv(elsewhere / "mine.csv")
    monkeypatch.chdir(elsewhere)   # the .bpnet lives in tmp_path, the CSV only here
    code, out, err = run(capsys, "train", str(xor_file), "--dataset", "mine.csv",
                         "--epochs", "3", "--json")
    assert code == 0, err
    assert json.loads(out)["dataset"].endswith("mine.csv")


def test_new_stores_a_dataset_path_relative_to_the_new_file(
        capsys, tmp_path: Path, monkeypatch):
    _xor_csv(tmp_path / "mine.csv")
    (tmp_path / "nets").mkdir()
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "new", "--layers", "2,3,1", "--dataset", "mine.csv",
                       "-o", "nets/net.bpnet")
    assert code == 0, err
    network, _ = load(tmp_path / "nets" / "net.bpnet")
    assert network.dataset.name == "../mine.csv"
    monkeypatch.chdir(tmp_path / "nets")
    assert run(capsys, "train", "net.bpnet", "--epochs", "2", "--json")[0] == 0


@pytest.mark.parametrize("args, named", [
    (["new", "--layers", "2,3,1", "--dataset", "nosuch", "-o", "{tmp}/n.bpnet"], "nosuch"),
    (["new", "--layers", "100000,100000,1", "-o", "{tmp}/n.bpnet"], "connections"),
])
def test_new_refuses_what_it_cannot_make_at_once(capsys, tmp_path: Path, args, named):
    code, out, err = run(capsys, *[a.format(tmp=tmp_path) for a in args])
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and named in err
    assert not (tmp_path / "n.bpnet").exists()


def test_new_for_a_dataset_fits_inputs_outputs_and_loss(capsys, tmp_path: Path):
    cases = {"iris": (4, 3, "softmax", "softmax_cross_entropy", "zscore"),
             "breast_cancer": (30, 1, "sigmoid", "binary_cross_entropy", "zscore"),
             "diabetes": (10, 1, "identity", "l2", "zscore"),
             "digits": (64, 10, "softmax", "softmax_cross_entropy", "none")}
    for name, (n_in, n_out, output, loss, scaling) in cases.items():
        path = tmp_path / f"{name}.bpnet"
        code, out, err = run(capsys, "new", "--dataset", name, "--hidden", "16,8",
                             "--activation", "tanh", "-o", str(path))
        assert code == 0, err
        network, info = load(path)
        assert len(network.inputs()) == n_in and len(network.outputs()) == n_out, name
        assert {n.activation for n in network.outputs()} == {output}
        assert {n.activation for n in network.neurons.values() if n.role == "hidden"} == {
            "tanh"}
        assert len([n for n in network.neurons.values() if n.role == "hidden"]) == 24
        assert network.settings.loss == loss and network.dataset.scale_inputs == scaling
        assert network.input_scaling.method == scaling
        assert any(c.weight != 0 for c in network.connections.values())
        assert f"{n_in}-16-8-{n_out} tanh for {name}" == info.title
    code, out, _ = run(capsys, "train", str(tmp_path / "iris.bpnet"), "--json")
    assert code == 0 and json.loads(out)["test_accuracy"] >= 0.9


def _grid_shape(network) -> tuple[int, int]:
    inputs = network.inputs()
    return len({n.y for n in inputs}), len({n.x for n in inputs})


def test_image_inputs_are_laid_out_as_a_grid(capsys, tmp_path: Path):
    assert run(capsys, "new", "--dataset", "fashion", "-o", str(tmp_path / "f.bpnet"))[0] == 0
    fashion, _ = load(tmp_path / "f.bpnet")
    assert _grid_shape(fashion) == (28, 28) and fashion.dataset.name == "fashion"
    assert fashion.outputs()[9].label == "Ankle boot"
    assert run(capsys, "new", "--layers", "784,128,10", "-o", str(tmp_path / "l.bpnet"))[0] == 0
    layered_net, _ = load(tmp_path / "l.bpnet")
    assert _grid_shape(layered_net) == (28, 28) and layered_net.dataset.name == "fashion"
    assert run(capsys, "new", "--layers", "4,3,1", "-o", str(tmp_path / "c.bpnet"))[0] == 0
    assert _grid_shape(load(tmp_path / "c.bpnet")[0]) == (4, 1)   # a column, as before


def test_an_image_folder_on_the_command_line(capsys, tmp_path: Path, monkeypatch):
    from tests.data.test_image_folder import make_folder

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    make_folder(tmp_path / "shapes", per_class=50, size=(12, 12))
    path = tmp_path / "shapes.bpnet"
    code, out, err = run(capsys, "new", "--dataset", str(tmp_path / "shapes"),
                         "--image-size", "10x8", "--invert", "-o", str(path))
    assert code == 0, err
    network, _ = load(path)
    assert network.dataset.name == "shapes" and network.dataset.invert
    assert _grid_shape(network) == (8, 10)
    code, out, err = run(capsys, "train", str(path), "--epochs", "40", "--json")
    assert code == 0, err
    assert json.loads(out)["test_accuracy"] >= 0.8
    code, _, err = run(capsys, "new", "--dataset", "x", "--image-size", "ten", "-o", "o")
    assert code == 2 and "'ten' is not a size like 28x28" in err


def test_train_can_switch_the_input_scaling(capsys, tmp_path: Path):
    path = tmp_path / "wine.bpnet"
    assert run(capsys, "new", "--dataset", "wine", "--scale-inputs", "none",
               "-o", str(path))[0] == 0
    assert load(path)[0].input_scaling.is_identity
    code, out, err = run(capsys, "train", str(path), "--scale-inputs", "minmax", "--epochs",
                         "50", "--out", str(path), "--json")
    assert code == 0, err
    network, _ = load(path)
    assert network.dataset.scale_inputs == "minmax"
    assert network.input_scaling.method == "minmax" and len(network.input_scaling.offset) == 13
