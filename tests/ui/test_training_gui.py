"""Training from the window: Train/Pause/Resume/Step/Stop, undo, divergence, closing."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from bpstudio.engine.backprop import Engine
from bpstudio.formats.bpnet import ProjectInfo, load
from bpstudio.model.builders import layered
from bpstudio.model.network import Network
from bpstudio.model.settings import DatasetSpec, TrainingSettings
from bpstudio.ui.document.commands import ConnectNeuronsCommand, DeleteItemsCommand, apply_and_push
from bpstudio.ui.document.file_actions import Document
from bpstudio.ui.main_window import MainWindow
from tests.ui.threads import alive

LONG = 10_000_000     # epochs: a run that only ends when the test ends it


def use(window: MainWindow, network: Network) -> Network:
    window.set_document(Document(network, ProjectInfo("test")))
    return network


def wait_state(qtbot, window: MainWindow, state: str, timeout: int = 10_000) -> None:
    if window.training.state != state:
        with qtbot.waitSignal(window.training.state_changed, timeout=timeout,
                              check_params_cb=lambda s: s == state):
            pass


def stop_and_wait(qtbot, window: MainWindow) -> None:
    """Stop returns at once; the weights are applied when the worker has finished."""
    with qtbot.waitSignal(window.training.state_changed, timeout=15_000,
                          check_params_cb=lambda s: s == "finished"):
        assert window.training.stop()


def pause_and_settle(qtbot, window: MainWindow) -> None:
    """Pause and wait until the worker confirms (its last snapshot is in by then)."""
    worker = window.training.session.worker
    with qtbot.waitSignal(worker.state_changed, check_params_cb=lambda s: s == "paused"):
        window.training.pause()


def quick_run(window: MainWindow) -> Network:
    """XOR until its training loss is at most 0.04 (about 200 epochs: fast tests)."""
    network = window.document.network
    network.set_settings(network.settings.with_changes(learning_rate=5.0, target_loss=0.04))
    return network


def long_run(window: MainWindow, **changes) -> Network:
    network = window.document.network
    network.set_settings(network.settings.with_changes(epochs=LONG, **changes))
    return network


# ------------------------------------------------------------ the whole flow
def test_training_xor_from_the_gui_learns_and_the_plot_holds_the_history(qtbot, win):
    network = quick_run(win)
    win.training_actions.train.trigger()
    assert win.training.state == "running"
    wait_state(qtbot, win, "finished")
    history = network.history
    assert len(history) and history.train_loss[-1] < 0.05
    assert win.undo_stack.command(win.undo_stack.index() - 1).text() == "Apply trained weights"
    plots = win.training_plots
    qtbot.waitUntil(
        lambda: len(plots.loss_plot.curve_data()[0]) == len(win.training.history),
        timeout=15_000)
    epochs, train = plots.loss_plot.curve_data()
    assert epochs[-1] == history.epochs[-1] == win.training.progress.epoch
    assert list(epochs) == list(range(1, len(epochs) + 1))     # every epoch, in order
    assert train[-1] == pytest.approx(history.train_loss[-1]) and train[-1] <= 0.04
    assert f"epoch {int(epochs[-1]):,}" in plots.loss_plot.readout_text()
    # XOR has no test set: the accuracy chart holds the train curve, which reaches 100 %.
    assert win.document.network.dataset.test_ratio == 0
    x, accuracy = plots.metric_plot.curve_data(0)
    assert len(x) >= 2 and accuracy[-1] == pytest.approx(100.0)
    assert not np.isfinite(plots.metric_plot.curve_data(1)[1]).any()
    # a narrow plot's readout may leave out the names; its tooltip has the whole line
    assert "100.0%" in plots.metric_plot.readout_text()
    assert "train 100.0%" in plots.metric_plot.readout.toolTip()
    assert not win.training.message


def test_a_run_that_ends_by_itself_says_why_and_not_stopping(qtbot, win):
    """Reaching the target loss ends the run: the status bar says so; "Stopping…" (the
    wait for a step in progress after Stop) is not shown, as no step is left to end."""
    quick_run(win)
    messages: list[str] = []
    win.training.status_message.connect(messages.append)
    win.training_actions.train.trigger()
    wait_state(qtbot, win, "finished")
    assert any(m.startswith("Training ended") for m in messages), messages
    assert not any(m.startswith("Stopping") for m in messages), messages


def test_undo_after_training_restores_the_exact_weights(qtbot, win):
    network = quick_run(win)
    before = network.parameters()
    win.training.start()
    wait_state(qtbot, win, "finished")
    trained = network.parameters()
    assert trained != before
    win.undo_stack.undo()
    assert network.parameters() == before          # exactly, not approximately
    assert len(network.history) == 0
    win.undo_stack.redo()
    assert network.parameters() == trained


def test_pause_resume_and_stop(qtbot, win):
    network = long_run(win, batch_size=1)
    before = network.parameters()
    training = win.training
    training.start()
    wait_state(qtbot, win, "running")
    qtbot.waitUntil(lambda: training.progress.step > 100, timeout=15_000)
    worker = training.session.worker
    with qtbot.waitSignal(worker.state_changed, check_params_cb=lambda s: s == "paused"):
        win.training_actions.train.trigger()        # the same button pauses
    assert training.state == "paused"               # latency: bench/bench_pause_stop.py
    steps = training.progress.step                  # the pausing run's last report is in
    training.step()                                 # counted, not timed: exactly one
    qtbot.waitUntil(lambda: training.progress.step > steps, timeout=15_000)
    assert training.progress.step == steps + 1      # nothing trained while paused
    assert win.training_actions.train.text() == "&Resume"
    win.training_actions.train.trigger()
    wait_state(qtbot, win, "running")
    qtbot.waitUntil(lambda: training.progress.step > steps + 100, timeout=15_000)
    worker = training.session.worker
    with qtbot.waitSignal(training.state_changed, timeout=15_000,
                          check_params_cb=lambda s: s == "finished"):
        win.training_actions.stop.trigger()
    assert not alive(worker) and training.session is None
    assert training.state == "finished"
    assert network.parameters() != before
    assert win.undo_stack.undoText() == "Apply trained weights"


def test_step_and_step_epoch(qtbot, win):
    network = win.document.network
    network.set_settings(network.settings.with_changes(batch_size=1))
    training = win.training
    win.training_actions.step.trigger()
    assert training.state == "paused"
    qtbot.waitUntil(lambda: training.progress.step == 1, timeout=15_000)
    assert training.progress.epoch == 0
    win.training_actions.step_epoch.trigger()
    qtbot.waitUntil(lambda: training.progress.epoch == 1, timeout=15_000)
    assert training.progress.step == 4              # four XOR points, one at a time
    assert training.state == "paused"
    assert len(training.history) == 1
    state = training.view_state()
    assert not np.array_equal(state.params, state.initial_params)


def test_space_toggles_training_except_while_typing(qtbot, win):
    long_run(win)
    training = win.training
    win.view.setFocus()
    QTest.keyClick(win.view, Qt.Key.Key_Space)
    assert training.state == "running"
    QTest.keyClick(win.view, Qt.Key.Key_Space)
    assert training.state == "paused"
    spin = win.training_panel.editor("epochs").widget
    spin.setFocus()
    QTest.keyClick(spin.lineEdit(), Qt.Key.Key_Space)
    assert training.state == "paused"               # typed into the field instead


def test_holding_space_on_the_canvas_pans_instead_of_training(qtbot, win):
    win.view.setFocus()
    viewport = win.view.viewport()
    QTest.keyPress(win.view, Qt.Key.Key_Space)
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, pos=viewport.rect().center())
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=viewport.rect().center())
    QTest.keyRelease(win.view, Qt.Key.Key_Space)
    assert win.training.state == "idle"


def _focus_on(qtbot, widget) -> None:
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=15_000)


def test_space_on_a_checkbox_toggles_it_instead_of_training(qtbot, win):
    long_run(win)
    win.scene.select([max(win.document.network.neurons)])
    box = win.properties.neuron_frozen
    assert box.isEnabled() and box.isVisible()
    before = box.isChecked()
    _focus_on(qtbot, box)
    QTest.keyClick(box, Qt.Key.Key_Space)
    assert box.isChecked() != before
    assert win.training.state == "idle"


@pytest.mark.parametrize("which", ["history list", "problems list"])
def test_space_on_a_list_does_not_train(qtbot, win, which):
    long_run(win)
    widget = win.history if which == "history list" else win.problems.list
    _focus_on(qtbot, widget)
    QTest.keyClick(widget, Qt.Key.Key_Space)
    assert win.training.state == "idle"


def test_space_on_the_canvas_still_trains(qtbot, win):
    long_run(win)
    _focus_on(qtbot, win.view)
    QTest.keyClick(win.view, Qt.Key.Key_Space)
    assert win.training.state == "running"
    QTest.keyClick(win.view, Qt.Key.Key_Space)
    assert win.training.state == "paused"


def test_train_menu_lists_every_control_with_its_shortcut(win):
    menu = next(a.menu() for a in win.menuBar().actions() if a.text() == "&Train")
    shortcuts = {a.text(): a.shortcut().toString() for a in menu.actions() if a.text()}
    assert shortcuts == {"&Train": "Space", "&Step": "F10", "Step &Epoch": "Shift+F10",
                         "&Finish Now": "F9", "S&top": "Shift+F5",
                         "&Reset Weights": "Ctrl+Shift+R", "S&weep…": "Ctrl+Shift+G"}


# ---------------------------------------------------------------- divergence
def test_a_diverging_learning_rate_pauses_with_a_message_and_finite_weights(qtbot, win):
    network = use(win, layered([2, 6, 1], activation="relu", output_activation="identity"))
    network.set_settings(TrainingSettings(learning_rate=1000.0, epochs=LONG, seed=3),
                         DatasetSpec(name="plane", samples=64))
    win.training.start()
    wait_state(qtbot, win, "paused")
    assert "learning rate" in win.training.message
    assert win.training_panel.banner.isVisible()
    assert "learning rate" in win.training_panel.banner.text()
    state = win.training.view_state()
    assert np.isfinite(state.params).all()
    assert np.abs(state.params).max() < 1e3   # from before the blow-up, not ~1e150
    stop_and_wait(qtbot, win)
    weights, biases = network.parameters()
    assert all(math.isfinite(v) for v in [*weights.values(), *biases.values()])
    assert max(abs(v) for v in [*weights.values(), *biases.values()]) < 1e3


# --------------------------------------------------------- edits while training
def _hidden_neuron_with_edges(window: MainWindow) -> int:
    network = window.document.network
    window.editor.add_neurons("hidden", 1, window.view.mapToScene(10, 10))
    new = max(network.neurons)
    inputs = [n.id for n in network.inputs()]
    output = network.outputs()[0].id
    pairs = [(i, new) for i in inputs] + [(new, output)]
    assert apply_and_push(window.undo_stack, ConnectNeuronsCommand(network, pairs)) is None
    return new


def test_a_structural_edit_keeps_training_with_the_trained_weights(qtbot, win):
    network = long_run(win)
    training = win.training
    training.start()
    qtbot.waitUntil(lambda: training.progress.step > 200, timeout=15_000)
    old_ids = training.view_state().plan.connection_ids
    new = _hidden_neuron_with_edges(win)
    qtbot.waitUntil(lambda: new in training.view_state().plan.neuron_ids, timeout=15_000)
    state = training.view_state()
    assert training.state == "running"
    trained = state.weights_by_connection()
    document = {c: network.connections[c].weight for c in old_ids}
    assert any(trained[c] != document[c] for c in old_ids)   # not reset to the document
    # New connections drawn with weight 0 start from small random values.
    fresh = [c.id for c in network.connections.values() if new in (c.source, c.target)]
    assert all(trained[c] != 0.0 for c in fresh)
    qtbot.waitUntil(lambda: training.progress.step > state.progress.step + 100, timeout=15_000)
    win.undo_stack.undo()                           # the connections
    win.undo_stack.undo()                           # the neuron
    qtbot.waitUntil(lambda: new not in training.view_state().plan.neuron_ids, timeout=15_000)
    assert training.state == "running"
    stop_and_wait(qtbot, win)
    assert set(network.connections) == set(old_ids)


def test_an_edit_that_breaks_the_network_pauses_until_it_is_undone(qtbot, win):
    network = long_run(win)
    training = win.training
    training.start()
    wait_state(qtbot, win, "running")
    output = network.outputs()[0].id
    apply_and_push(win.undo_stack, DeleteItemsCommand(network, [output]))
    wait_state(qtbot, win, "paused")
    assert training.message.startswith("Training paused:")
    assert training.view_state() is None and training.problem()
    win.undo_stack.undo()
    wait_state(qtbot, win, "running")
    assert training.view_state() is not None and not training.message


def test_a_settings_edit_applies_to_the_running_trainer(qtbot, win):
    long_run(win)
    training = win.training
    training.start()
    wait_state(qtbot, win, "running")
    win.training_panel.editor("learning_rate").widget.setValue(0.05)
    assert win.document.network.settings.learning_rate == 0.05
    qtbot.waitUntil(lambda: training.progress.learning_rate == 0.05, timeout=15_000)
    assert training.state == "running"
    assert win.undo_stack.undoText() == "Set Learning rate η"


def test_a_weight_typed_in_while_training_goes_into_the_run(qtbot, win):
    """The worker trains on from the typed value, its momentum cleared: one full-batch
    step later the weight is exactly 3.25 − η·∂L/∂w, the gradient taken at 3.25."""
    network = long_run(win, optimizer="momentum", momentum=0.9, learning_rate=0.5)
    training = win.training
    training.step_epoch()
    qtbot.waitUntil(lambda: training.progress.epoch == 1, timeout=15_000)
    cid = min(network.connections)
    win.editor.set_connection_properties({cid: {"weight": 3.25}})
    qtbot.waitUntil(lambda: training.view_state().weights_by_connection()[cid] == 3.25,
                    timeout=15_000)                    # the edit has reached the session
    typed = training.view_state()
    _, grad = Engine(typed.plan, typed.params.copy()).loss_and_gradient(
        typed.data.x_train, typed.data.y_train)
    training.step()
    qtbot.waitUntil(lambda: training.progress.step == 2, timeout=15_000)
    expected = 3.25 - 0.5 * grad[typed.plan.weight_position(cid)]
    assert training.view_state().weights_by_connection()[cid] == pytest.approx(expected,
                                                                             rel=1e-12)


def test_a_new_dataset_restarts_the_curves_but_keeps_the_weights(qtbot, win):
    network = long_run(win)
    training = win.training
    training.start()
    qtbot.waitUntil(lambda: training.progress.epoch > 50, timeout=15_000)
    pause_and_settle(qtbot, win)
    weights = training.view_state().weights_by_connection()
    win.editor.set_dataset(DatasetSpec(name="gaussians", samples=40), "dataset",
                           "dataset.name")
    qtbot.waitUntil(lambda: training.view_state().dataset.name == "gaussians", timeout=15_000)
    assert training.view_state().weights_by_connection() == weights
    assert training.progress.epoch == 0 and len(training.history) == 0
    training.step_epoch()
    qtbot.waitUntil(lambda: training.progress.epoch == 1, timeout=15_000)
    assert list(training.history.epochs) == [1.0]
    assert network.dataset.name == "gaussians"


# ---------------------------------------------------------- files and closing
def test_saving_while_training_writes_the_latest_weights(qtbot, win, tmp_path):
    network = long_run(win)
    before = network.parameters()
    training = win.training
    training.start()
    qtbot.waitUntil(lambda: training.progress.epoch > 20, timeout=15_000)
    pause_and_settle(qtbot, win)
    assert training.has_unsaved_progress()
    path = tmp_path / "during.bpnet"
    assert win.files._write(path)
    saved, _ = load(path)
    assert saved.parameters()[0] == training.view_state().weights_by_connection()
    assert len(saved.history) > 0
    assert network.parameters() == before           # the document waits for Stop
    assert not training.has_unsaved_progress()
    stop_and_wait(qtbot, win)
    assert network.parameters()[0] == saved.parameters()[0]


def test_closing_the_window_while_training_asks_and_ends_the_thread(qtbot, win, workers):
    long_run(win)
    win.training.start()
    wait_state(qtbot, win, "running")
    win.dialogs.answer = QMessageBox.StandardButton.Cancel
    assert not win.close()                           # the user changed their mind
    assert win.training.state == "running"
    win.dialogs.answer = QMessageBox.StandardButton.Discard
    assert win.close()
    assert win.dialogs.questions                     # unsaved training was noticed
    assert win.training.session is None
    assert workers and not any(alive(w) for w in workers)


def test_opening_another_document_while_training_ends_the_thread(qtbot, win, workers):
    long_run(win)
    win.training.start()
    wait_state(qtbot, win, "running")
    assert win.files.new()
    assert win.training.session is None and win.training.state == "idle"
    # The old run's thread ends in the background (opening does not wait for its step).
    qtbot.waitUntil(lambda: not any(alive(w) for w in workers), timeout=15_000)


# -------------------------------------------------------------- resets, errors
def test_reset_weights_is_one_undoable_step(qtbot, win):
    network = quick_run(win)
    win.training.start()
    wait_state(qtbot, win, "finished")
    trained = network.parameters()
    win.training_actions.reset.trigger()
    assert win.undo_stack.undoText() == "Reset weights (xavier)"
    assert network.parameters() != trained and len(network.history) == 0
    assert win.training.state == "idle" and len(win.training.history) == 0
    win.undo_stack.undo()
    assert network.parameters() == trained and len(network.history) > 0
    qtbot.waitUntil(lambda: len(win.training.history) == len(network.history), timeout=15_000)


def test_a_blank_drawing_gets_initialised_as_its_own_undo_step(qtbot, win):
    network = use(win, layered([2, 2, 1]))
    network.set_settings(TrainingSettings(learning_rate=2.0, epochs=LONG),
                         DatasetSpec(name="xor", samples=4, test_ratio=0.0))
    win.training.step()
    assert win.undo_stack.undoText() == "Initialise weights (xavier)"
    assert any(c.weight != 0 for c in network.connections.values())
    stop_and_wait(qtbot, win)
    win.undo_stack.undo()
    win.undo_stack.undo()
    assert all(c.weight == 0 for c in network.connections.values())


def test_a_network_that_cannot_train_says_why_without_a_traceback(qtbot, win, capsys):
    use(win, Network())
    assert not win.training.start()
    assert win.training.message.startswith("Cannot train:")
    assert win.training_panel.banner.isVisible()
    assert win.training.session is None
    assert "Traceback" not in capsys.readouterr().err


# ------------------------------------------------------------ view contract
def test_view_state_follows_the_document_while_idle(qtbot, win):
    training = win.training
    state = training.view_state()
    assert state is not None and state.state == "idle" and state.progress is None
    assert state.weights_by_connection() == win.document.network.parameters()[0]
    assert training.view_state() is state            # cached
    cid = min(win.document.network.connections)
    with qtbot.waitSignal(training.view_changed):
        win.editor.set_connection_properties({cid: {"weight": -0.75}})
    assert training.view_state().weights_by_connection()[cid] == -0.75
    use(win, Network())
    assert training.view_state() is None and training.problem()


def test_view_changed_carries_snapshots_and_state_while_training(qtbot, win):
    quick_run(win)
    training = win.training
    states: list[str] = []
    training.state_changed.connect(states.append)
    views = []
    training.view_changed.connect(lambda: views.append(training.view_state()))
    training.start()
    wait_state(qtbot, win, "finished")
    assert states[0] in ("paused", "running") and states[-1] == "finished"
    live = [v for v in views if v is not None and v.state == "running"]
    assert live and all(v.grad_mean is not None for v in live if v.progress.step > 0)
    assert views[-1].state == "finished"
    assert views[-1].progress.epoch == len(win.document.network.history)


@pytest.mark.slow
def test_a_run_that_ends_saturated_at_chance_says_so(qtbot, win):
    """The issue's run: tanh output, η = 1000; the window said nothing (issue 10 §3)."""
    from bpstudio.engine.saturation import MESSAGE
    from bpstudio.model.builders import layered
    from bpstudio.model.settings import DatasetSpec, TrainingSettings
    from bpstudio.workflow import initialize

    network = layered([2, 4, 1], "tanh", "tanh")
    network.set_settings(TrainingSettings(learning_rate=1000.0, epochs=200),
                         DatasetSpec(name="xor"))
    initialize(network)
    use(win, network)
    win.training_actions.train.trigger()
    wait_state(qtbot, win, "finished", timeout=60_000)
    assert win.training.message.startswith(f"At the end of training the {MESSAGE} (")
    assert win.training_panel.banner.text() == win.training.message
    win.training_actions.train.trigger()       # a new run: the sentence goes
    assert MESSAGE not in win.training.message
    stop_and_wait(qtbot, win)


@pytest.mark.slow
def test_redo_steps_lost_to_the_applied_weights_are_named(qtbot, win):
    """Undoing during training lost the redo history without a word (issue 10 §4)."""
    long_run(win)
    win.training_actions.train.trigger()
    neuron = max(win.document.network.neurons)
    for label in ("first", "second"):
        assert win.editor.set_neuron_properties({neuron: {"label": label}})
    win.undo_stack.undo()
    win.undo_stack.undo()
    # weights are applied (and the redo steps dropped) only after a step was taken
    qtbot.waitUntil(lambda: win.training.progress.step > 0, timeout=15_000)
    messages: list[str] = []
    win.training.status_message.connect(messages.append)
    stop_and_wait(qtbot, win)
    assert any(m.endswith("; the 2 steps undone during training can no longer be redone")
               for m in messages), messages
    assert not win.undo_stack.canRedo()
