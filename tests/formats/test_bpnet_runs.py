"""The ``runs`` list of a .bpnet file: written, read back byte for byte, checked, bounded."""

from __future__ import annotations

import json
import random

import pytest

from bpstudio.formats import BpnetError, dumps, loads
from bpstudio.model.builders import layered
from bpstudio.model.runs import (
    MAX_CURVE_POINTS,
    Best,
    Run,
    RunCurves,
    activation_groups,
    default_name,
    keep_parameters,
    parameters_of,
    structure_fingerprint,
)
from bpstudio.model.settings import TrainingSettings
from bpstudio.workflow import initialize
from tests.formats.conftest import make_rich_network, make_xor_network


def make_run(network, number: int, points: int = 5, seed: int = 0,
             with_parameters: bool = True) -> Run:
    rng = random.Random(seed)

    def column(optional: bool = False):
        return tuple(None if optional and i == 0 else rng.random() for i in range(points))

    return Run(
        name=default_name(number, network.settings), started="2026-12-03T13:00:00Z",
        shape="2-2-1, 9 parameters", fingerprint=structure_fingerprint(network),
        activations=activation_groups(network), settings=network.settings,
        dataset=network.dataset,
        curves=RunCurves(tuple(range(1, points + 1)), column(), column(True), column(True),
                         column(True), column()),
        metric_name="accuracy", epochs=points, steps=points * 4, seconds=0.125,
        stop_reason="epochs", stop_message=f"finished {points} epochs",
        final={"train_loss": 0.25, "test_metric": 0.75},
        best={"test_loss": Best(0.5, 3), "test_metric": Best(1.0, 4)},
        parameters=parameters_of(network) if with_parameters else None)


def test_runs_round_trip_byte_for_byte():
    network, info = make_rich_network()
    network.set_runs([make_run(network, 1), make_run(network, 2, seed=1,
                                                     with_parameters=False)])
    text = dumps(network, info)
    loaded, loaded_info = loads(text)
    assert loaded.runs == network.runs
    assert dumps(loaded, loaded_info) == text


def test_each_run_takes_one_line_and_a_file_without_runs_has_no_runs_key():
    network = make_xor_network()
    assert "runs" not in json.loads(dumps(network))
    network.set_runs([make_run(network, 1), make_run(network, 2)])
    lines = [line for line in dumps(network).splitlines() if '"fingerprint"' in line]
    assert len(lines) == 2


def test_parameters_come_back_exactly_for_small_networks():
    network, _ = make_rich_network()
    network.set_runs([make_run(network, 1)])
    loaded, _ = loads(dumps(network))
    stored = loaded.runs[0].parameters
    assert stored is not None and stored.dtype == "float64"
    assert stored.weights == tuple(network.connections[c].weight
                                   for c in sorted(network.connections))


def test_a_version_3_file_without_runs_still_loads():
    network = make_xor_network()
    doc = json.loads(dumps(network))
    doc["version"] = 3
    loaded, _ = loads(json.dumps(doc))
    assert loaded.runs == () and loaded.snapshot()["neurons"] == network.snapshot()["neurons"]


@pytest.mark.parametrize(("change", "message"), [
    (lambda run: run.pop("name"), 'runs[0] has no "name"'),
    (lambda run: run.update(colour=1), 'runs[0] has an unknown field "colour"'),
    (lambda run: run["settings"].update(learning_rate=-1),
     "runs[0].settings: learning_rate must be > 0"),
    (lambda run: run["curves"]["train_loss"].append(0.5),
     "runs[0].curves: all columns must have the same length"),
    (lambda run: run["curves"]["test_loss"].__setitem__(1, "x"),
     'runs[0].curves.test_loss[1] must be a finite number, got "x"'),
    (lambda run: run["parameters"].update(weights="@@@"),
     "runs[0].parameters.weights is not base64 text"),
    (lambda run: run["parameters"].update(weights="AAAA"),
     "runs[0].parameters.weights holds 3 bytes, not a whole number of float64 values"),
    (lambda run: run.update(stop_reason="bored"), "runs[0].stop_reason must be one of"),
    (lambda run: run["best"].update(test_loss={"value": 1.0}),
     'runs[0].best.test_loss has no "epoch"'),
    (lambda run: run["activations"].update(tanhh=[3]),
     'runs[0].activations has an unknown field "tanhh" (did you mean "tanh"?)'),
])
def test_a_broken_run_is_refused_with_its_place(change, message):
    network = make_xor_network()
    network.set_runs([make_run(network, 1)])
    doc = json.loads(dumps(network))
    change(doc["runs"][0])
    with pytest.raises(BpnetError) as caught:
        loads(json.dumps(doc), "x.bpnet")
    assert message in str(caught.value)


def test_only_the_newest_runs_keep_their_parameters():
    network = make_xor_network()
    runs = keep_parameters([make_run(network, i) for i in range(1, 6)], 2)
    assert [run.parameters is not None for run in runs] == [False, False, False, True, True]
    assert keep_parameters(runs, 10) == runs


def test_twenty_runs_keep_a_784_128_10_document_under_three_times_its_size():
    """The bound of the issue, counted in bytes: 20 runs, each with full curves; the newest
    keep their final parameters as far as the budget allows."""
    network = layered([784, 128, 10], "relu", "softmax")
    network.set_settings(TrainingSettings(loss="softmax_cross_entropy"))
    initialize(network)
    without = len(dumps(network).encode("utf-8"))
    network.set_runs(keep_parameters(
        [make_run(network, i, points=MAX_CURVE_POINTS, seed=i) for i in range(1, 21)], 20))
    kept = [run.parameters is not None for run in network.runs]
    assert kept[-1] and not kept[0] and kept == sorted(kept)   # the newest ones keep theirs
    with_runs = len(dumps(network).encode("utf-8"))
    assert with_runs < 3 * without, (with_runs, without)


def test_the_parameter_budget_keeps_the_newest_runs_that_fit():
    network = make_xor_network()
    runs = [make_run(network, i) for i in range(1, 6)]
    one = runs[0].parameters.packed_bytes
    kept = keep_parameters(runs, 10, budget=3 * one)
    assert [run.parameters is not None for run in kept] == [False, False, True, True, True]
    # the newest run keeps its weights even when they alone exceed the budget
    kept = keep_parameters(runs, 10, budget=one // 2)
    assert [run.parameters is not None for run in kept] == [False, False, False, False, True]


def test_a_file_with_runs_validates_against_the_schema():
    from tests.formats.test_bpnet_schema import _validator

    network, info = make_rich_network()
    network.set_runs([make_run(network, 1), make_run(network, 2, with_parameters=False)])
    _validator().validate(json.loads(dumps(network, info)))


def test_run_bytes_adds_up_to_what_the_runs_add_to_the_file(tmp_path):
    from bpstudio.formats.runs_table import run_bytes, write_runs_csv

    network = make_xor_network()
    without = len(dumps(network).encode("utf-8"))
    runs = [make_run(network, 1), make_run(network, 2, seed=1)]
    network.set_runs(runs)
    added = len(dumps(network).encode("utf-8")) - without
    assert abs(sum(run_bytes(r) for r in runs) - added) <= 16   # the key and brackets
    path = tmp_path / "runs.csv"
    write_runs_csv(path, runs, lambda i: f"h{i}")
    import csv

    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    assert rows[0][:6] == ["number", "name", "started", "shape", "differs", "epochs"]
    assert rows[1][:5] == ["1", "Run 1 · SGD η 0.5", "2026-12-03T13:00:00Z",
                           "2-2-1, 9 parameters", "first run"]
    assert len(rows) == 3 and rows[2][4] == "same settings"


def test_float32_parameters_of_a_large_network_round_trip_byte_for_byte():
    network = layered([100, 100, 10], "tanh", "tanh")
    initialize(network)
    network.set_runs([make_run(network, 1)])
    assert network.runs[0].parameters.dtype == "float32"
    text = dumps(network)
    loaded, _ = loads(text)
    assert dumps(loaded) == text
    stored = loaded.runs[0].parameters
    weights = [network.connections[c].weight for c in sorted(network.connections)]
    assert len(stored.weights) == len(weights) == 11_000
    assert max(abs(a - b) for a, b in zip(stored.weights, weights, strict=True)) < 1e-6
