"""The training thread: runs, pauses, steps, swaps plans and always ends cleanly."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from bpstudio.engine.backprop import Engine
from bpstudio.engine.pace import FULL_SPEED, Pace
from bpstudio.engine.plan import compile_network
from bpstudio.engine.targets import prepare
from bpstudio.engine.training import Trainer
from bpstudio.model.builders import layered
from bpstudio.model.settings import TrainingSettings
from bpstudio.ui.training.worker import TrainingWorker
from bpstudio.workflow import initialize

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
LABELS = np.array([0, 1, 1, 0])


def make_trainer(net=None, **changes) -> Trainer:
    net = net or layered([2, 2, 1])
    settings = TrainingSettings(learning_rate=2.0, epochs=5000, seed=1).with_changes(**changes)
    net.set_settings(settings)
    if all(c.weight == 0 for c in net.connections.values()):
        initialize(net)
    plan = compile_network(net)
    return Trainer(plan, prepare(plan, X, LABELS, X[:0], LABELS[:0], "classification", 2),
                   settings)


@pytest.fixture
def worker(qtbot):
    created: list[TrainingWorker] = []

    def make(trainer: Trainer) -> TrainingWorker:
        w = TrainingWorker(trainer)
        created.append(w)
        w.start()
        return w

    yield make
    for w in created:
        assert w.shutdown()
        assert not w.isRunning()


def test_runs_to_the_end_and_reports(qtbot, worker):
    w = worker(make_trainer())
    snapshots = []
    w.snapshot_ready.connect(lambda: snapshots.append(w.take_snapshot()))
    with qtbot.waitSignal(w.run_finished, timeout=30_000) as finished:
        w.resume_training()
    progress = finished.args[0]
    assert progress.stop_reason == "epochs" and progress.train_loss < 0.01
    taken = [s for s in snapshots if s is not None]   # several signals may share one
    assert taken and taken[-1].progress.epoch == 5000
    assert len(taken) < 5000                          # throttled: not one per epoch
    reset, rows = w.take_history()
    assert not reset and rows[-1][0] == 5000
    assert w.state == "finished"


def test_pause_stops_between_minibatches_and_resume_continues(qtbot, worker):
    trainer = make_trainer(epochs=10_000_000, batch_size=1)
    w = worker(trainer)
    with qtbot.waitSignal(w.state_changed, check_params_cb=lambda s: s == "running"):
        w.resume_training()
    with qtbot.waitSignal(w.state_changed, timeout=15_000,
                          check_params_cb=lambda s: s == "paused"):
        w.pause_training()
    steps = trainer.steps                  # the worker waits for a command now
    with qtbot.waitSignal(w.snapshot_ready, timeout=15_000):
        w.step_once()                      # counted, not timed: exactly one step
    assert trainer.steps == steps + 1      # nothing ran while paused
    with qtbot.waitSignal(w.state_changed, check_params_cb=lambda s: s == "running"):
        w.resume_training()
    qtbot.waitUntil(lambda: trainer.steps > steps + 100)
    with qtbot.waitSignal(w.state_changed, check_params_cb=lambda s: s == "paused"):
        w.pause_training()


def test_step_and_step_epoch(qtbot, worker):
    trainer = make_trainer(batch_size=1)
    w = worker(trainer)
    with qtbot.waitSignal(w.snapshot_ready):
        w.step_once()
    assert trainer.steps == 1
    snapshot = w.take_snapshot()
    assert snapshot.progress.step == 1 and snapshot.grad_mean is not None
    assert not np.array_equal(snapshot.params, snapshot.initial_params)
    with qtbot.waitSignal(w.snapshot_ready):
        w.step_epoch()
    assert trainer.steps == 4 and trainer.epoch == 1


def test_settings_change_applies_without_stopping(qtbot, worker):
    trainer = make_trainer(epochs=10_000_000)
    w = worker(trainer)
    with qtbot.waitSignal(w.state_changed, check_params_cb=lambda s: s == "running"):
        w.resume_training()
    w.apply_settings(trainer.settings.with_changes(learning_rate=0.01))
    qtbot.waitUntil(lambda: trainer.settings.learning_rate == 0.01)
    steps = trainer.steps
    qtbot.waitUntil(lambda: trainer.steps > steps + 10)
    assert w.state == "running"


def test_switching_to_an_edited_plan_keeps_training_state(qtbot, worker):
    net = layered([2, 2, 1])
    trainer = make_trainer(net)
    w = worker(trainer)
    with qtbot.waitSignal(w.snapshot_ready):
        w.step_epoch()
    trained = w.take_snapshot().params
    extra = net.add_neuron("hidden")
    net.connect(1, extra.id, 0.5)
    net.connect(extra.id, 5, 0.5)
    edited = make_trainer(net)
    with qtbot.waitSignal(w.snapshot_ready):     # a swap publishes the new layout at once
        w.switch_to(edited.plan, edited.data, edited.settings, fresh=False)
    snapshot = w.take_snapshot()
    assert snapshot.plan is edited.plan and snapshot.progress.step == 1
    assert snapshot.initial_params.shape == edited.params.shape
    before = trainer.plan.parameters(trained)[0]
    after = edited.plan.parameters(snapshot.params)[0]
    assert {c: after[c] for c in before} == before    # the trained weights carry over
    with qtbot.waitSignal(w.snapshot_ready):
        w.step_once()
    snapshot = w.take_snapshot()
    assert snapshot.plan is edited.plan and snapshot.progress.step == 2


def test_a_typed_weight_is_trained_from_with_its_momentum_cleared(qtbot, worker):
    trainer = make_trainer(optimizer="momentum", momentum=0.9, batch_size=0,
                           learning_rate=0.5)
    w = worker(trainer)
    with qtbot.waitSignal(w.snapshot_ready):
        w.step_epoch()                             # the velocity is non-zero by now
    plan, cid = trainer.plan, min(trainer.plan.connection_ids)
    with qtbot.waitSignal(w.snapshot_ready):       # the override publishes at once
        w.override({cid: 3.25}, {})
    typed = w.take_snapshot().params
    assert plan.parameters(typed)[0][cid] == 3.25
    _, grad = Engine(plan, typed.copy()).loss_and_gradient(trainer.data.x_train,
                                                           trainer.data.y_train)
    with qtbot.waitSignal(w.snapshot_ready):
        w.step_once()
    # plain gradient descent from the typed value: v = −η·g once the velocity is cleared
    expected = 3.25 - 0.5 * grad[plan.weight_position(cid)]
    assert plan.parameters(w.take_snapshot().params)[0][cid] == pytest.approx(expected,
                                                                              rel=1e-12)


def test_replacement_with_its_own_history_restarts_the_gui_history(qtbot, worker):
    trainer = make_trainer()
    w = worker(trainer)
    with qtbot.waitSignal(w.snapshot_ready):
        w.step_epoch()
    reset, rows = w.take_history()
    # Each row as the trainer recorded it, plus the train metric the worker measured.
    assert not reset and [row[:5] for row in rows] == [trainer.history.rows[0]]
    assert rows[0][5] == pytest.approx(trainer.training_metric())
    fresh = make_trainer()
    with qtbot.waitSignal(w.snapshot_ready):
        w.switch_to(fresh.plan, fresh.data, fresh.settings, fresh=True)
    assert w.take_history() == (True, [])
    with qtbot.waitSignal(w.snapshot_ready):
        w.step_epoch()
    reset, rows = w.take_history()
    assert not reset and [row[0] for row in rows] == [1]


def test_an_error_in_a_switch_pauses_and_keeps_the_thread(qtbot, worker, capsys,
                                                          monkeypatch):
    trainer = make_trainer()
    w = worker(trainer)

    def broken(new: Trainer, old: Trainer) -> int:
        raise RuntimeError("boom")

    monkeypatch.setattr(Trainer, "continue_from", broken)
    other = make_trainer()
    with qtbot.waitSignal(w.failed) as failed:
        w.switch_to(other.plan, other.data, other.settings, fresh=False)
    assert "boom" in failed.args[0]
    assert "RuntimeError" in capsys.readouterr().err
    with qtbot.waitSignal(w.snapshot_ready):
        w.step_once()
    assert trainer.steps == 1 and w.isRunning()


def test_the_trainer_is_only_readable_once_the_thread_ended(qtbot):
    trainer = make_trainer()
    w = TrainingWorker(trainer)
    w.start()
    with pytest.raises(RuntimeError):
        w.trainer()
    assert w.shutdown()
    assert w.trainer() is trainer


def test_shutdown_while_running_ends_the_thread(qtbot):
    w = TrainingWorker(make_trainer(epochs=10_000_000))
    w.start()
    with qtbot.waitSignal(w.state_changed, check_params_cb=lambda s: s == "running"):
        w.resume_training()
    assert w.shutdown(2000)
    assert not w.isRunning()


def test_a_long_step_epoch_gives_way_to_pause(qtbot, worker):
    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 1, (200_000, 2))
    labels = (x[:, 0] * x[:, 1] > 0).astype(int)
    net = layered([2, 2, 1])
    initialize(net)
    plan = compile_network(net)
    settings = TrainingSettings(batch_size=1, epochs=10)
    trainer = Trainer(plan, prepare(plan, x, labels, x[:0], labels[:0], "classification", 2),
                      settings)
    w = worker(trainer)
    w.step_epoch()
    qtbot.waitUntil(lambda: trainer.steps > 10)
    with qtbot.waitSignal(w.snapshot_ready, timeout=15_000):
        w.pause_training()                   # answered long before 200,000 steps
    assert trainer.epoch == 0 and trainer.steps < 200_000


@pytest.mark.parametrize(("pace", "reached", "reported"), [
    (FULL_SPEED, 900.0, [0.0, 0.1, 0.2]),                  # every other one of the engine's
    (Pace("rate", 1000), 500.0, [0.0, 0.1, 0.2]),          # behind its pace: full speed
    (Pace("rate", 1000), 990.0, [0.0, 0.05, 0.1, 0.15, 0.2]),   # keeping its pace: all
    (Pace("rate", 10), 10.0, [0.0, 0.05, 0.1, 0.15, 0.2]),      # single steps show
])
def test_reports_come_ten_times_a_second_at_full_speed(monkeypatch, pace, reached,
                                                        reported):
    """The engine offers a report every REPORT_INTERVAL (0.05 s); a run going as fast as
    it can gets every other one passed on, a run keeping its pace all of them, and the
    run's last always goes."""
    from bpstudio.ui.training import worker as worker_module

    w = TrainingWorker(make_trainer(), pace=pace)
    w._update_pace()
    now = [0.0]
    monkeypatch.setattr(worker_module.time, "perf_counter", lambda: now[0])
    seen: list[float] = []
    monkeypatch.setattr(w, "_report", lambda progress: (
        seen.append(now[0]), setattr(w, "_reported_at", now[0])))
    progress = replace(w._trainer.progress(), steps_per_second=reached)
    for tick in range(5):
        now[0] = tick * 0.05
        w._report_while_running(progress)
    assert seen == pytest.approx(reported)
    now[0] = 0.21                                   # the run ends just after a report
    w._report_while_running(replace(progress, stop_reason="epochs"))
    assert seen[-1] == 0.21
