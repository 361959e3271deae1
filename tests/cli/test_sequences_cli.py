"""The command line on sequences (issue 18): train, gradcheck and predict a recurrent
network; bad input gets one plain message each."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bpstudio.cli import main
from bpstudio.examples import example_path
from bpstudio.formats.bpnet import load


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def parity_file(tmp_path: Path) -> Path:
    path = tmp_path / "parity.bpnet"
    path.write_bytes(example_path("parity").read_bytes())
    return path


def test_examples_lists_the_recurrent_examples(capsys):
    code, out, _ = run(capsys, "examples")
    assert code == 0 and "parity " in out and "echo " in out


def test_train_a_recurrent_network_with_truncation_and_clipping(capsys, parity_file, tmp_path):
    out_file = tmp_path / "trained.bpnet"
    code, out, _ = run(capsys, "train", str(parity_file), "--epochs", "3", "--truncation",
                       "4", "--clip-norm", "1.5", "--json", "--out", str(out_file))
    result = json.loads(out)
    assert code == 0 and result["epochs"] == 3 and result["dataset"] == "parity"
    assert 0 <= result["test_accuracy"] <= 1
    trained, _ = load(out_file)
    assert trained.settings.truncation == 4 and trained.settings.clip_norm == 1.5
    assert trained.has_recurrent


@pytest.mark.parametrize("value", ["0", "-2"])
def test_a_truncation_of_no_steps_is_one_message(capsys, parity_file, value):
    code, _, err = run(capsys, "train", str(parity_file), "--truncation", value)
    assert code != 0
    assert err.strip() == (f"bpstudio train: error: truncation must be at least 1 time step; "
                           f"got {value} (leave it out to backpropagate through whole "
                           "sequences)")


@pytest.mark.parametrize("truncation", [[], ["--truncation", "3"]])
def test_gradcheck_runs_over_sequences(capsys, parity_file, tmp_path, truncation):
    path = parity_file
    if truncation:
        trained = tmp_path / "t.bpnet"
        run(capsys, "train", str(parity_file), "--epochs", "1", *truncation, "--out",
            str(trained))
        path = trained
    code, out, _ = run(capsys, "gradcheck", str(path), "--samples", "3")
    assert code == 0
    window = "truncated BPTT in windows of 3" if truncation else "full BPTT"
    assert f"3 sequences of 10 steps, {window})" in out and "passed: 0 of 29" in out


def test_predict_reads_a_sequence_csv_and_writes_every_step(capsys, parity_file, tmp_path):
    trained = tmp_path / "t.bpnet"
    run(capsys, "train", str(parity_file), "--out", str(trained))
    inputs = tmp_path / "bits.csv"
    inputs.write_text("sequence,bit\nfirst,1\nfirst,0\nfirst,1\nsecond,1\nsecond,1\n")
    code, out, _ = run(capsys, "predict", str(trained), str(inputs))
    assert code == 0
    lines = out.strip().splitlines()
    assert lines[0] == "sequence,step,parity"
    rows = [line.split(",") for line in lines[1:]]
    assert [(r[0], r[1]) for r in rows] == [("first", "1"), ("first", "2"), ("first", "3"),
                                            ("second", "1"), ("second", "2")]
    predicted = [float(r[2]) > 0.5 for r in rows]
    assert predicted == [True, True, False, True, False]   # the running XOR


def test_predict_refuses_rows_without_a_sequence_column(capsys, parity_file, tmp_path):
    inputs = tmp_path / "flat.csv"
    inputs.write_text("bit\n1\n0\n")
    code, _, err = run(capsys, "predict", str(parity_file), str(inputs))
    assert code != 0 and "flat.csv has no column named 'sequence'" in err
    assert "Traceback" not in err


def test_new_for_sequence_data_draws_elman_layers(capsys, tmp_path):
    path = tmp_path / "echo.bpnet"
    code, out, _ = run(capsys, "new", "--dataset", "echo", "--hidden", "3", "-o", str(path))
    # 3 + 9 recurrent + 3 weights, 4 biases
    assert code == 0 and "19 parameters, dataset echo" in out
    network, _ = load(path)
    hidden = [n.id for n in network.neurons.values() if n.role == "hidden"]
    assert {n.activation for n in network.neurons.values() if n.role == "hidden"} == {"tanh"}
    loops = {(c.source, c.target) for c in network.connections.values() if c.recurrent}
    assert loops == {(s, t) for s in hidden for t in hidden}
    code, out, _ = run(capsys, "train", str(path), "--epochs", "2", "--json")
    assert code == 0 and json.loads(out)["dataset"] == "echo"
