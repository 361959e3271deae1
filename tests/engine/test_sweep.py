"""The sweep as a plain function: grid parsing, the order of points, the best, stopping."""

from __future__ import annotations

import pytest

from bpstudio.examples import example_path
from bpstudio.formats import load
from bpstudio.model.runs import Best
from bpstudio.sweep import (
    SweepError,
    best_index,
    make_grid,
    parse_assignment,
    points,
    ranking_measure,
    run_sweep,
)
from tests.formats.test_bpnet_runs import make_run


def test_values_take_the_settings_types():
    assert parse_assignment("learning_rate=0.01, 0.1,1") == ("learning_rate", (0.01, 0.1, 1.0))
    assert parse_assignment("batch-size=0,16") == ("batch_size", (0, 16))
    assert parse_assignment("nesterov=on,off") == ("nesterov", (True, False))
    assert parse_assignment("optimizer=sgd,adam") == ("optimizer", ("sgd", "adam"))
    with pytest.raises(SweepError, match="batch_size: '1.5' is not a whole number"):
        parse_assignment("batch_size=1.5")
    with pytest.raises(SweepError, match="a value is given twice"):
        parse_assignment("seed=1,1")


def test_points_vary_the_last_setting_fastest_and_the_grid_is_bounded():
    grid = make_grid([parse_assignment("learning_rate=0.1,1"),
                      parse_assignment("optimizer=sgd,adam")])
    assert points(grid) == [{"learning_rate": 0.1, "optimizer": "sgd"},
                            {"learning_rate": 0.1, "optimizer": "adam"},
                            {"learning_rate": 1.0, "optimizer": "sgd"},
                            {"learning_rate": 1.0, "optimizer": "adam"}]
    many = ",".join(str(i) for i in range(11))
    with pytest.raises(SweepError, match="the grid has 121 points; a sweep makes at most 100"):
        make_grid([parse_assignment(f"seed={many}"), parse_assignment(f"epochs={many[2:]},11")])
    with pytest.raises(SweepError, match="give at least one setting"):
        make_grid([])


def test_the_best_is_ranked_by_validation_then_test_then_training_loss():
    network, _ = load(example_path("xor"))
    a, b = make_run(network, 1), make_run(network, 2)
    a = a.__class__(**{**a.__dict__, "best": {"test_loss": Best(0.5, 1),
                                              "train_loss": Best(0.1, 1)}})
    b = b.__class__(**{**b.__dict__, "best": {"test_loss": Best(0.4, 1),
                                              "train_loss": Best(0.2, 1)}})
    assert ranking_measure([a, b]) == "test_loss" and best_index([a, b]) == 1
    c = b.__class__(**{**b.__dict__, "best": {"train_loss": Best(0.05, 1)}})
    assert ranking_measure([a, c]) == "train_loss" and best_index([a, c]) == 1
    assert best_index([]) is None


def test_each_point_starts_from_the_documents_weights_and_reports_its_end():
    network, _ = load(example_path("xor"))
    network.set_settings(network.settings.with_changes(epochs=20))
    before = network.snapshot()
    reports = []
    grid = make_grid([parse_assignment("learning_rate=0.5,2")])
    runs = run_sweep(network, grid, None, report=reports.append)
    assert network.snapshot() == before   # the document is not changed
    assert [r.settings.learning_rate for r in runs] == [0.5, 2.0]
    assert [r.epochs for r in runs] == [20, 20]
    finished = [p for p in reports if p.finished is not None]
    assert [p.finished for p in finished] == runs
    # the same start: a repeat of the first point gives the same numbers
    again = run_sweep(network, make_grid([parse_assignment("learning_rate=0.5")]), None)
    assert again[0].final == runs[0].final and again[0].curves == runs[0].curves


def test_a_stop_keeps_the_runs_finished_so_far():
    network, _ = load(example_path("xor"))
    network.set_settings(network.settings.with_changes(epochs=5))
    calls = []

    def stop_after_first() -> bool:
        return bool(calls)

    runs = run_sweep(network, make_grid([parse_assignment("seed=1,2,3")]), None,
                     report=lambda p: calls.append(p) if p.finished else None,
                     should_stop=stop_after_first)
    assert len(runs) == 1 and runs[0].settings.seed == 1


def test_a_blank_drawing_gets_fresh_weights_per_point():
    from bpstudio.model.builders import layered

    network = layered([2, 4, 1], "tanh", "tanh")
    network.set_settings(network.settings.with_changes(epochs=3), )
    runs = run_sweep(network, make_grid([parse_assignment("seed=1,2")]), None)
    assert all(w == 0.0 for w in (c.weight for c in network.connections.values()))
    first, second = (run.parameters.weights for run in runs)
    assert len(set(first)) > 1 and first != second   # symmetry broken, per seed
