"""`bpstudio train --out` records its run; `bpstudio runs` and `bpstudio sweep` show them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bpstudio.cli import main
from bpstudio.examples import example_path
from bpstudio.formats.bpnet import load

RUN_FIELDS = {"number", "name", "started", "shape", "same_drawing", "differs", "epochs",
              "steps", "seconds", "steps_per_second", "stop_reason", "stop_message",
              "metric_name", "final", "best", "has_weights", "settings", "dataset"}


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def trained_twice(capsys, tmp_path: Path) -> Path:
    """The spiral example trained twice, the second time with another learning rate."""
    path = tmp_path / "spiral.bpnet"
    path.write_bytes(example_path("spiral").read_bytes())
    assert run(capsys, "train", str(path), "--epochs", "30", "--out", str(path))[0] == 0
    assert run(capsys, "train", str(path), "--epochs", "20", "--lr", "0.05", "--run-name",
               "faster", "--out", str(path))[0] == 0
    return path


def test_train_out_appends_its_run(capsys, trained_twice: Path):
    network, _ = load(trained_twice)
    assert [r.name for r in network.runs] == ["Run 1 · Adam η 0.01", "faster"]
    assert [r.epochs for r in network.runs] == [30, 20]
    assert network.runs[1].settings.learning_rate == 0.05
    # the file's history is the last run's, and the run's curves agree with it
    assert network.runs[1].curves.train_loss[-1] == network.history.train_loss[-1]


def test_runs_lists_one_line_per_run_oldest_first(capsys, trained_twice: Path):
    code, out, err = run(capsys, "runs", str(trained_twice))
    lines = out.splitlines()
    assert code == 0 and err == "" and len(lines) == 2
    assert lines[0].startswith("  1  Run 1 · Adam η 0.01  ") and "(first run)" in lines[0]
    assert lines[1].startswith("  2  faster  ") and "(η 0.01 → 0.05, epochs 30 → 20)" in lines[1]
    assert "20 epochs" in lines[1] and "best test loss" in lines[1]


def test_runs_json_has_the_documented_fields(capsys, trained_twice: Path):
    code, out, _ = run(capsys, "runs", str(trained_twice), "--json")
    doc = json.loads(out)
    assert code == 0 and [r["number"] for r in doc["runs"]] == [1, 2]
    for item in doc["runs"]:
        assert set(item) == RUN_FIELDS
        assert item["same_drawing"] and item["has_weights"]
        assert set(item["best"]) >= {"train_loss", "test_loss", "test_metric"}
    assert doc["runs"][1]["differs"] == "η 0.01 → 0.05, epochs 30 → 20"


def test_compare_prints_the_settings_diff_and_writes_a_plot(capsys, trained_twice: Path,
                                                            tmp_path: Path):
    png = tmp_path / "compare.png"
    code, out, _ = run(capsys, "runs", str(trained_twice), "--compare", "1", "faster",
                       "--plot", str(png))
    assert code == 0
    assert "learning_rate: 0.01 → 0.05" in out and "epochs: 30 → 20" in out
    assert "best test loss" in out
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    from PySide6.QtGui import QImage

    image = QImage(str(png))
    assert image.width() >= 800
    # both run colours are in the picture
    from bpstudio.ui.plots.run_overlay import run_colour
    colours = {image.pixelColor(x, y).name() for x in range(0, image.width(), 2)
               for y in range(0, image.height(), 2)}
    assert run_colour(0) in colours and run_colour(1) in colours


@pytest.mark.parametrize(("args", "message"), [
    (["--compare", "1", "3"], "no run 3: the file has 2 runs (1 to 2, or -1 for the newest)"),
    (["--compare", "1", "slow"], "no run is named 'slow'"),
    (["--plot", "x.png"], "--plot goes with --compare A B"),
])
def test_bad_run_names_exit_2_with_one_line(capsys, trained_twice: Path, args, message):
    code, out, err = run(capsys, "runs", str(trained_twice), *args)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err


def test_a_file_without_runs_says_so(capsys, tmp_path: Path):
    path = tmp_path / "xor.bpnet"
    path.write_bytes(example_path("xor").read_bytes())
    code, out, _ = run(capsys, "runs", str(path))
    assert code == 0 and "has no runs yet" in out
    assert json.loads(run(capsys, "runs", str(path), "--json")[1])["runs"] == []


def test_sweep_records_one_run_per_point_and_marks_the_best(capsys, tmp_path: Path):
    path = tmp_path / "spiral.bpnet"
    path.write_bytes(example_path("spiral").read_bytes())
    out_file = tmp_path / "swept.bpnet"
    code, out, err = run(capsys, "sweep", str(path), "--set", "learning_rate=0.001,0.05",
                         "--set", "optimizer=sgd,adam", "--set", "epochs=25",
                         "--out", str(out_file))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "4 of 4 runs; * marks the best by test loss"
    rows = lines[1:5]
    assert [row[7:].split("  ")[0] for row in rows] == [
        "η 0.001, optimizer sgd, epochs 25", "η 0.001, optimizer adam, epochs 25",
        "η 0.05, optimizer sgd, epochs 25", "η 0.05, optimizer adam, epochs 25"]
    network, _ = load(out_file)
    original, _ = load(path)
    assert len(network.runs) == 4 and original.runs == ()
    losses = [r.best["test_loss"].value for r in network.runs]
    best = losses.index(min(losses))
    assert [row.startswith("*") for row in rows] == [i == best for i in range(4)]
    assert network.snapshot()["connections"] == original.snapshot()["connections"]


def test_sweep_json(capsys, tmp_path: Path):
    path = tmp_path / "xor.bpnet"
    path.write_bytes(example_path("xor").read_bytes())
    code, out, _ = run(capsys, "sweep", str(path), "--set", "epochs=3,4", "--json")
    doc = json.loads(out)
    assert code == 0 and doc["points"] == doc["finished"] == 2
    assert doc["grid"] == {"epochs": [3, 4]} and doc["ranked_by"] == "train_loss"
    assert [r["epochs"] for r in doc["runs"]] == [3, 4]
    assert all(set(r) == RUN_FIELDS for r in doc["runs"])
    assert doc["best"] in (1, 2)


@pytest.mark.parametrize(("setting", "message"), [
    ("learnin_rate=0.1", "'learnin_rate' is not a training setting (did you mean "
                         "learning_rate?)"),
    ("learning_rate=-1", "learning_rate must be > 0"),
    ("learning_rate=abc", "learning_rate: 'abc' is not a number"),
    ("optimizer=sgd,rmsprop", "optimizer must be one of sgd, momentum, adam"),
    ("epochs", "'epochs' must look like SETTING=VALUE,VALUE"),
    ("epochs=1,,2", "epochs: give one or more values separated by commas"),
])
def test_sweep_refuses_a_bad_grid_with_one_line(capsys, tmp_path: Path, setting, message):
    path = tmp_path / "xor.bpnet"
    path.write_bytes(example_path("xor").read_bytes())
    code, out, err = run(capsys, "sweep", str(path), "--set", setting)
    assert code == 2 and out == "" and err.count("\n") == 1 and message in err
