"""The command line's rough edges (issue 10 §2–3): each case as the issue ran it."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from bpstudio.cli import main
from bpstudio.examples import example_path
from bpstudio.formats.bpnet import FORMAT_VERSION, dumps, load, save
from bpstudio.model.network import Network
from bpstudio.model.settings import DatasetSpec

BPSTUDIO = [sys.executable, "-m", "bpstudio"]


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def xor_file(tmp_path: Path) -> Path:
    path = tmp_path / "xor.bpnet"
    shutil.copyfile(example_path("xor"), path)
    return path


def one_line_error(code: int, err: str, command: str = "train") -> str:
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"bpstudio {command}: error: ")
    return err.strip()


# ---------------------------------------------------------------- 2³¹ and beyond
def test_train_never_writes_a_seed_the_editor_cannot_hold(capsys, xor_file, tmp_path):
    out = tmp_path / "s.bpnet"
    code, _, err = run(capsys, "train", str(xor_file), "--seed", "3000000000", "--out",
                       str(out))
    assert "--seed: 3000000000 is too large: at most 2147483647" in one_line_error(code, err)
    assert not out.exists()
    code, _, err = run(capsys, "train", str(xor_file), "--epochs", "1", "--seed",
                       "2147483647", "--out", str(out))
    assert code == 0 and load(out)[0].settings.seed == 2 ** 31 - 1


def test_a_file_with_a_seed_past_2_31_is_refused_when_read(capsys, xor_file):
    doc = json.loads(xor_file.read_text())
    doc["training"]["seed"] = 3_000_000_000   # what train --seed 3000000000 --out wrote
    xor_file.write_text(json.dumps(doc))
    code, _, err = run(capsys, "train", str(xor_file))
    assert one_line_error(code, err).endswith(
        "xor.bpnet: training: seed must be ≤ 2147483647; got 3000000000")


def test_a_400_digit_version_is_shortened(capsys, xor_file):
    xor_file.write_text(xor_file.read_text().replace(f'"version": {FORMAT_VERSION}',
                                                     '"version": 1' + "0" * 399))
    code, _, err = run(capsys, "train", str(xor_file))
    message = one_line_error(code, err)
    assert "made by a newer BP Studio: version a 400-digit number" in message
    assert len(message) < 200


def test_repeated_connections_are_refused_on_loading_with_the_file_name(capsys, xor_file):
    network, _ = load(xor_file)
    text = dumps(network).replace(
        '"connections": [\n', '"connections": [\n      {"id": 99, "source": 1, "target": 3, '
                              '"weight": 0.5, "frozen": false},\n', 1)
    xor_file.write_text(text)
    for command in ("train", "gradcheck", "export"):
        args = [command, str(xor_file)] + (["w.npz"] if command == "export" else [])
        code, _, err = run(capsys, *args)
        assert "xor.bpnet: network.connections[1] repeats network.connections[0]: both " \
               "connect x1 → h3" in one_line_error(code, err, command)


# ---------------------------------------------------------------- closed pipes
def _pipe_to_head(args: list[str], lines: int = 1) -> tuple[int, list[str], str]:
    """``bpstudio ARGS | head -LINES``: what head read, the exit status and stderr."""
    with subprocess.Popen(BPSTUDIO + args, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True) as child:
        assert child.stdout is not None and child.stderr is not None
        read = [child.stdout.readline() for _ in range(lines)]
        child.stdout.close()   # head exits
        err = child.stderr.read()
        child.wait(timeout=120)
    return child.returncode, read, err


@pytest.mark.skipif(not hasattr(signal, "SIGPIPE"), reason="POSIX pipes")
def test_predict_into_head_ends_quietly(tmp_path, xor_file):
    inputs = tmp_path / "inputs.csv"
    np.savetxt(inputs, np.random.default_rng(0).uniform(-1, 1, (200_000, 2)), delimiter=",")
    code, read, err = _pipe_to_head(["predict", str(xor_file), str(inputs)])
    assert read == ["y\n"] and err == "" and code == 141


@pytest.mark.skipif(not hasattr(signal, "SIGPIPE"), reason="POSIX pipes")
def test_gradcheck_into_head_ends_quietly(capsys, tmp_path):
    path = tmp_path / "wide.bpnet"   # 1,801 parameters: far more rows than a pipe buffers
    assert run(capsys, "new", "--layers", "2,40,40,1", "--dataset", "xor", "-o",
               str(path))[0] == 0
    code, read, err = _pipe_to_head(["gradcheck", str(path), "--all", "--samples", "2"],
                                    lines=3)
    assert read[0].startswith("parameter") and err == "" and code == 141


# ---------------------------------------------------------------- divergence
def test_a_diverged_run_reports_the_kept_weights_and_exits_3(capsys, tmp_path):
    path, out = tmp_path / "d.bpnet", tmp_path / "kept.bpnet"
    assert run(capsys, "new", "--layers", "2,8,1", "--activation", "relu",
               "--output-activation", "identity", "--dataset", "circle", "-o", str(path))[0] == 0
    code, stdout, _ = run(capsys, "train", str(path), "--lr", "2", "--epochs", "300",
                          "--json", "--out", str(out))
    result = json.loads(stdout)
    assert code == 3 and result["stop_reason"] == "diverged"
    assert result["train_loss"] < 10 and result["test_loss"] < 10   # not 6.9e5 and 6.2e6
    # the numbers are those of the weights saved: check them on their own
    from bpstudio.engine.training import Trainer
    from bpstudio.workflow import prepare_training
    kept, _ = load(out)
    prepared = prepare_training(kept, tmp_path)
    trainer = Trainer(prepared.plan, prepared.data, kept.settings)
    assert result["train_loss"] == pytest.approx(
        trainer.engine.loss(trainer.data.x_train, trainer.data.y_train), rel=1e-12)
    assert result["test_loss"] == pytest.approx(trainer.evaluate()[0], rel=1e-12)
    code, stdout, _ = run(capsys, "train", str(path), "--lr", "2", "--epochs", "300")
    assert code == 3 and "try a lower learning rate" in stdout


def test_saturated_outputs_at_chance_say_lower_the_learning_rate(capsys, tmp_path):
    path = tmp_path / "t.bpnet"
    assert run(capsys, "new", "--layers", "2,4,1", "--activation", "tanh",
               "--output-activation", "tanh", "--dataset", "xor", "-o", str(path))[0] == 0
    code, stdout, err = run(capsys, "train", str(path), "--lr", "1000", "--epochs", "200",
                            "--json")
    assert code == 0
    assert err.startswith("bpstudio train: warning: outputs are saturated: lower the "
                          "learning rate (")
    assert json.loads(stdout)["warnings"][0].startswith("outputs are saturated")
    code, stdout, err = run(capsys, "train", str(path), "--lr", "0.05", "--epochs", "300",
                            "--json")
    assert code == 0 and err == "" and json.loads(stdout)["warnings"] == []


# ---------------------------------------------------------------- gradcheck's zero gradient
def test_gradcheck_passes_where_the_true_gradient_is_zero(capsys, tmp_path):
    """Backprop 0 against a finite difference of 2.8e-12 was a relative error of 1.00: a
    sigmoid output at exactly 0.5 on balanced labels, and an input that is always 0."""
    net = Network()
    x = net.add_neuron("input", label="x").id
    y = net.add_neuron("output", activation="sigmoid", label="y").id
    net.connect(x, y, 1.0)
    (tmp_path / "zero.csv").write_text("x,y\n" + "0,0\n0,1\n" * 8)
    net.set_settings(dataset=DatasetSpec(name="zero.csv", test_ratio=0.0))
    path = tmp_path / "zero.bpnet"
    save(net, path)
    code, stdout, _ = run(capsys, "gradcheck", str(path), "--json")
    result = json.loads(stdout)
    assert code == 0 and result["failed"] == 0
    assert all(row["backprop"] == 0.0 for row in result["rows"])
    assert result["max_relative_error"] < 1e-6


# ---------------------------------------------------------------- checked before any work
def test_an_unwritable_out_or_export_is_refused_before_training(capsys, xor_file, tmp_path,
                                                                 monkeypatch):
    from bpstudio.engine.training import Trainer

    def no_training(*args: object, **kwargs: object) -> None:
        raise AssertionError("trained before checking where to write")

    monkeypatch.setattr(Trainer, "run", no_training)
    for option, value, expected in (
            ("--out", tmp_path / "missing" / "x.bpnet", "the folder"),
            ("--export", tmp_path / "missing" / "w.onnx", "does not exist"),
            ("--export", tmp_path, "is a folder; give a file name"),
            ("--out", xor_file / "x.bpnet", "is not a folder")):
        code, _, err = run(capsys, "train", str(xor_file), option, str(value))
        assert expected in one_line_error(code, err)


def test_export_and_import_check_where_they_write_before_reading(capsys, xor_file, tmp_path,
                                                                 monkeypatch):
    import bpstudio.formats.imports
    import bpstudio.workflow

    def no_work(*args: object, **kwargs: object) -> None:
        raise AssertionError("read the data or the model before checking where to write")

    monkeypatch.setattr(bpstudio.workflow, "export_document", no_work)
    monkeypatch.setattr(bpstudio.formats.imports, "import_network", no_work)
    missing = tmp_path / "missing"
    code, _, err = run(capsys, "export", str(xor_file), str(missing / "net.py"),
                       "--format", "torch")
    assert "OUT" in one_line_error(code, err, "export") and "does not exist" in err
    code, _, err = run(capsys, "import", str(xor_file), "-o", str(missing / "x.bpnet"))
    assert "does not exist" in one_line_error(code, err, "import")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_folder_is_refused_before_training(capsys, xor_file, tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir(mode=0o500)
    code, _, err = run(capsys, "train", str(xor_file), "--out", str(folder / "x.bpnet"))
    assert "permission denied" in one_line_error(code, err)


@pytest.mark.parametrize("args", [
    ("train", "{xor}", "--dataset", ""), ("train", "{xor}", "--out", ""),
    ("train", "{xor}", "--export", ""), ("train", ""), ("gradcheck", "{xor}", "--dataset", ""),
    ("predict", "{xor}", ""), ("predict", "{xor}", "{csv}", "-o", ""), ("export", "{xor}", ""),
    ("new", "--layers", "2,2,1", "-o", ""), ("new", "--layers", "", "--dataset", "xor", "-o",
                                               "{new}"),
    ("new", "--dataset", "", "-o", "{new}"), ("examples", "xor", "-o", " "),
    ("export", "{xor}", "{new}", "--format", ""), ("import", "", "-o", "{new}"),
    ("import", "{xor}", "-o", ""),
])
def test_empty_arguments_are_refused(capsys, xor_file, tmp_path, args):
    (tmp_path / "in.csv").write_text("1,2\n")
    filled = [a.format(xor=xor_file, csv=tmp_path / "in.csv", new=tmp_path / "new.bpnet")
              for a in args]
    code, _, err = run(capsys, *filled)
    assert "argument is empty: give a name" in one_line_error(code, err, args[0])
    assert not (tmp_path / "new.bpnet").exists()


@pytest.mark.parametrize(("args", "expected"), [
    (("--layers", "2,,1"), "'2,,1' has an empty size between commas"),
    (("--layers", "2,8,"), "'2,8,' has an empty size between commas"),
    (("--dataset", "iris", "--hidden", "16,,8"), "'16,,8' has an empty size between commas"),
])
def test_a_size_left_out_is_refused(capsys, tmp_path, args, expected):
    code, _, err = run(capsys, "new", *args, "-o", str(tmp_path / "n.bpnet"))
    assert expected in one_line_error(code, err, "new")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_dataset_that_is_a_pipe_or_a_plain_folder_says_what_it_is(capsys, xor_file,
                                                                     tmp_path):
    pipe = tmp_path / "data.csv"
    os.mkfifo(pipe)
    code, _, err = run(capsys, "train", str(xor_file), "--dataset", str(pipe))
    assert one_line_error(code, err).endswith("data.csv is a named pipe (FIFO), not a CSV "
                                              "file")
    code, _, err = run(capsys, "predict", str(xor_file), str(pipe))
    assert "is a named pipe (FIFO)" in one_line_error(code, err, "predict")
    folder = tmp_path / "tables"
    folder.mkdir()
    code, _, err = run(capsys, "train", str(xor_file), "--dataset", str(folder))
    assert "is a folder with no class subfolders, so not an image folder" in one_line_error(
        code, err)


def test_a_headerless_csv_whose_first_row_has_an_empty_cell(capsys, xor_file, tmp_path):
    inputs = tmp_path / "in.csv"
    inputs.write_text("0.5,\n1,1\n0,1\n")
    code, _, err = run(capsys, "predict", str(xor_file), str(inputs))
    assert one_line_error(code, err, "predict").endswith(
        "in.csv line 1, column 2 ('x2'): the cell is empty")
    inputs.write_text("0.5,0\r1,1\r0,1\r")   # and CR-only line endings
    code, stdout, _ = run(capsys, "predict", str(xor_file), str(inputs))
    assert code == 0 and len(stdout.splitlines()) == 4   # the header and 3 rows
