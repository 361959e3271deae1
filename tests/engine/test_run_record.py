"""A recorded run says what the trainer did: its curves, counters, best and final numbers."""

from __future__ import annotations

import math

from bpstudio.engine.training import Trainer
from bpstudio.examples import example_path
from bpstudio.formats import dumps, load, loads
from bpstudio.model.runs import (
    MAX_CURVE_POINTS,
    restore_problem,
    structure_fingerprint,
    weights_by_id,
)
from bpstudio.run_record import RunSegments, append_run, record_run
from bpstudio.workflow import prepare_training, store_trained


def _train(name: str, **changes):
    network, _ = load(example_path(name))
    network.set_settings(network.settings.with_changes(**changes))
    prepared = prepare_training(network, None)
    trainer = Trainer(prepared.plan, prepared.data, network.settings)
    trainer.run()
    store_trained(network, prepared.plan, prepared.dataset)
    return network, prepared, trainer


def test_the_record_matches_the_trainers_history():
    network, prepared, trainer = _train("spiral", epochs=40, validation_ratio=0.2)
    run = record_run(network, prepared.plan, trainer, started="2026-12-03T13:00:00Z")
    rows = trainer.history.rows
    assert run.curves.epochs == tuple(r[0] for r in rows)          # 40 rows: none thinned
    assert run.curves.train_loss == tuple(r[1] for r in rows)
    assert run.curves.test_loss == tuple(r[2] for r in rows)
    assert run.curves.test_metric == tuple(r[3] for r in rows)
    assert run.curves.validation_loss == tuple(trainer.history.validation)
    assert all(v is not None for v in run.curves.validation_loss)
    assert (run.epochs, run.steps, run.stop_reason) == (40, trainer.steps, "epochs")
    assert run.final["test_loss"] == trainer.last_test_loss
    assert run.final["validation_loss"] == trainer.last_validation_loss
    lowest = min(rows, key=lambda r: r[2])
    assert (run.best["test_loss"].value, run.best["test_loss"].epoch) == (lowest[2], lowest[0])
    highest = max(r[3] for r in rows)
    assert run.best["test_metric"].value == highest
    assert run.settings == network.settings and run.dataset == network.dataset
    assert run.shape.startswith("2-") and run.name == "Run 1 · " + run.name.split(" · ")[1]
    # the parameters recorded are the trained ones the document received
    weights, biases = weights_by_id(run, network)
    assert weights == {c: network.connections[c].weight for c in network.connections}
    assert biases == {i: n.bias for i, n in network.neurons.items() if n.role != "input"}


def test_long_runs_are_thinned_and_survive_save_load_save():
    network, prepared, trainer = _train("xor", epochs=1000)
    append_run(network, record_run(network, prepared.plan, trainer,
                                   started="2026-12-03T13:00:00Z"))
    run = network.runs[0]
    assert len(run.curves) == MAX_CURVE_POINTS
    assert run.curves.epochs[0] == 1 and run.curves.epochs[-1] == 1000
    assert run.final["train_loss"] == run.curves.train_loss[-1]
    assert math.isfinite(run.seconds) and run.steps_per_second > 0
    text = dumps(network)
    again, _ = loads(text)
    assert dumps(again) == text and restore_problem(again.runs[0], again) is None


def test_a_new_drawing_mid_session_splits_it_into_two_runs():
    """RunSegments: the runs of one session, one per drawing (issue 12)."""
    network, prepared, trainer = _train("xor", epochs=30)
    segments = RunSegments(network, prepared.plan, network.settings)
    # the same structure (a weight typed in) is no new run
    assert not segments.drawing_changed(network, prepared.plan, network.settings, 5, 5, 0.1)
    old = network.copy()
    steps_at_10 = trainer.steps * 10 // 30
    network.add_neuron("hidden")
    at_10 = trainer.elapsed / 3
    assert segments.drawing_changed(network, prepared.plan, network.settings, 10,
                                    steps_at_10, at_10)
    first, second = segments.runs(network, prepared.plan, trainer)
    rows = trainer.history.rows
    assert first.curves.epochs == tuple(range(1, 11))
    assert first.curves.train_loss == tuple(r[1] for r in rows[:10])
    assert second.curves.epochs == tuple(range(11, 31))
    assert (first.epochs, second.epochs) == (10, 20)
    assert (first.steps, second.steps) == (steps_at_10, trainer.steps - steps_at_10)
    assert first.seconds == round(at_10, 3)
    assert second.seconds == round(trainer.elapsed - at_10, 3)
    assert first.fingerprint == structure_fingerprint(old) != second.fingerprint
    assert first.parameters is None and second.parameters is not None
    best_early = min(rows[:10], key=lambda r: r[1])
    assert first.best["train_loss"].epoch == best_early[0]
    assert first.final["train_loss"] == rows[9][1]
    assert [r.name.split(" · ")[0] for r in (first, second)] == ["Run 1", "Run 2"]
    # a drawing changed before its first epoch leaves no run of its own
    quick = RunSegments(old, prepared.plan, network.settings)
    quick.drawing_changed(network, prepared.plan, network.settings, 0, 0, 0.0)
    assert len(quick.runs(network, prepared.plan, trainer)) == 1
