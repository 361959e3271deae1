"""The timeline in the window: scrubbing shows exactly the run's parameters at that epoch
on every view, Use These Weights is one undo step, the scrubber's keys and clicks, Replay
and Space, and the timeline surviving pause, resume and edits."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from bpstudio.engine.training import Trainer
from bpstudio.examples import EXAMPLES_DIR
from bpstudio.ui.main_window import MainWindow
from bpstudio.workflow import prepare_training
from tests.ui.test_training_gui import long_run, pause_and_settle, stop_and_wait, wait_state

pytestmark = pytest.mark.slow


def finished_run(qtbot, window: MainWindow, epochs: int = 300) -> None:
    network = window.document.network
    network.set_settings(network.settings.with_changes(epochs=epochs))
    window.training.start()
    wait_state(qtbot, window, "finished", timeout=30_000)


def headless_params_at(network, epoch: int) -> np.ndarray:
    """The parameters a headless run of the same document has after ``epoch`` epochs."""
    prepared = prepare_training(network, EXAMPLES_DIR)
    trainer = Trainer(prepared.plan, prepared.data, network.settings)
    while trainer.epoch < epoch:
        trainer.run_epoch()
    return trainer.params.copy()


def test_scrubbing_shows_exactly_the_parameters_the_run_had_at_that_epoch(qtbot, win):
    before = win.document.network.copy()          # the weights the run starts from
    finished_run(qtbot, win)
    timeline = win.training.timeline
    snapshots = timeline.snapshots()
    assert [s.epoch for s in snapshots[:20]] == list(range(20))
    for epoch in (0, 7, snapshots[len(snapshots) // 2].epoch):
        shown = win.training.view_epoch(epoch)
        assert shown is not None and shown.epoch == epoch
        state = win.training.view_state()
        expected = headless_params_at(before, epoch).astype(np.float32)
        np.testing.assert_array_equal(state.params.astype(np.float32), expected)
        win.visuals.redraw_now()
        assert win.visuals.frame.state is state        # the views draw that very state
        assert win.visuals.overlay.frame.state is state
    assert "Viewing epoch" in win.training_label.text()
    assert win.training_plots.loss_plot.cursor_line.isVisible()
    win.training.show_present()
    assert not win.training_plots.loss_plot.cursor_line.isVisible()


def test_use_these_weights_is_one_undo_step(qtbot, win):
    finished_run(qtbot, win)
    network = win.document.network
    trained = network.parameters()
    steps = win.undo_stack.count()
    snapshot = win.training.view_epoch(5)
    assert win.timeline_bar.use_button.isEnabled()
    win.timeline_bar.use_button.click()
    assert win.undo_stack.count() == steps + 1
    assert win.training.viewing is None                     # the present holds them now
    weights, _ = network.parameters()
    plan_weights = dict(zip(snapshot.layout.connection_ids,
                            snapshot.params[snapshot.layout.weight_index].tolist(),
                            strict=True))
    assert weights == pytest.approx(plan_weights)
    win.undo_stack.undo()
    assert network.parameters() == trained
    assert len(win.training.timeline) > 100                  # the run's timeline stays


def test_the_keys_and_a_click_on_a_curve_scrub(qtbot, win):
    finished_run(qtbot, win)
    bar, training = win.timeline_bar, win.training
    bar.slider.setFocus()
    QTest.keyClick(bar.slider, Qt.Key.Key_Home)
    assert training.viewing.epoch == 0
    QTest.keyClick(bar.slider, Qt.Key.Key_Right)
    QTest.keyClick(bar.slider, Qt.Key.Key_Right)
    assert training.viewing.epoch == 2
    QTest.keyClick(bar.slider, Qt.Key.Key_Left)
    assert training.viewing.epoch == 1
    QTest.keyClick(bar.slider, Qt.Key.Key_End)
    assert training.viewing is None
    win.training_plots.loss_plot.epoch_clicked.emit(12.2)
    assert training.viewing.epoch == 12
    assert win.training_plots.metric_plot.cursor_line.value() == 12
    best = training.timeline.best()
    bar.best_button.click()
    assert training.viewing is best
    assert "snapshot" in bar.slider.toolTip()


def test_the_sliders_tooltip_gives_the_size_as_of_when_it_shows(qtbot, win):
    finished_run(qtbot, win)
    bar, timeline = win.timeline_bar, win.training.timeline
    bar.slider.setToolTip("stale")
    QApplication.sendEvent(bar.slider, QHelpEvent(QEvent.Type.ToolTip, QPoint(5, 5),
                                                  bar.slider.mapToGlobal(QPoint(5, 5))))
    tip = bar.slider.toolTip()
    assert f"{len(timeline.snapshots())} snapshot" in tip
    assert f"({timeline.nbytes / 2 ** 20:,.1f} MB" in tip


def test_scrubbing_while_training_pauses_and_resume_returns_to_the_present(qtbot, win):
    long_run(win)
    win.training.start()
    qtbot.waitUntil(lambda: len(win.training.timeline) > 5, timeout=10_000)
    win.training.view_epoch(3)
    assert win.training.state == "paused"
    assert win.training.viewing.epoch == 3
    win.training.start()
    assert win.training.viewing is None and win.training.state == "running"
    qtbot.waitUntil(lambda: win.training.session.worker.state == "running")
    pause_and_settle(qtbot, win)
    # an edit that keeps the shape: the timeline stays and is still shown
    count = len(win.training.timeline)
    network = win.document.network
    cid = next(iter(network.connections))
    win.editor.set_connection_properties({cid: {"weight": 0.25}})
    qtbot.waitUntil(lambda: win.training.session.snapshot.params is not None)
    assert len(win.training.timeline) >= count
    assert win.training.view_epoch(2).epoch == 2
    assert win.training.view_state().params.shape == (win.training.view_state().plan.n_params,)
    stop_and_wait(qtbot, win)


def test_replay_plays_and_space_pauses_it(qtbot, win):
    finished_run(qtbot, win, epochs=200)
    replay = win.training.replay
    assert replay.play()
    assert win.training.viewing.epoch == 0
    qtbot.waitUntil(lambda: win.training.viewing is not None
                    and win.training.viewing.epoch > 3, timeout=5_000)
    win.training.toggle()                          # Space
    assert not replay.playing
    assert win.training.state == "finished"        # training was not started
    shown = win.training.viewing.epoch
    qtbot.wait(100)
    assert win.training.viewing.epoch == shown


def test_a_structural_edit_keeps_the_timeline_of_what_remains(qtbot, win):
    finished_run(qtbot, win)
    network = win.document.network
    snapshot = win.training.timeline.snapshots()[10]
    hidden = next(n.id for n in network.neurons.values() if n.role == "hidden")
    win.scene.select([hidden])
    win.editor.delete_selection()
    qtbot.waitUntil(lambda: win.training.view_state() is not None
                    and len(win.training.view_state().plan.connection_ids)
                    == len(network.connections))
    assert len(win.training.timeline) > 100
    win.training.view_snapshot(snapshot)
    state = win.training.view_state()
    assert state.plan.n_params < snapshot.layout.n_params
    kept = next(iter(network.connections))
    position = list(snapshot.layout.connection_ids).index(kept)
    expected = snapshot.params[snapshot.layout.weight_index[position]]
    assert state.params[state.plan.weight_position(kept)] == expected


def test_use_these_weights_while_paused_stops_the_run_first(qtbot, win):
    long_run(win)
    win.training.start()
    qtbot.waitUntil(lambda: len(win.training.timeline) > 20, timeout=10_000)
    steps = win.undo_stack.count()
    win.training.view_epoch(4)
    with qtbot.waitSignal(win.training.state_changed, timeout=15_000,
                          check_params_cb=lambda s: s == "finished"):
        assert win.training.use_viewed_weights()
    qtbot.waitUntil(lambda: win.undo_stack.count() == steps + 2)
    assert win.undo_stack.text(steps) == "Apply trained weights"
    assert win.undo_stack.text(steps + 1) == "Use the weights of epoch 4"
