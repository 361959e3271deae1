"""A recorded run says what the trainer did: its curves, counters, best and final numbers."""

from __future__ import annotations

import math

from bpstudio.engine.training import Trainer
from bpstudio.examples import example_path
from bpstudio.formats import dumps, load, loads
from bpstudio.model.runs import MAX_CURVE_POINTS, restore_problem, weights_by_id
from bpstudio.run_record import append_run, record_run
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
