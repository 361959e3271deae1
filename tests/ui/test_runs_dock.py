"""The Runs dock: trainings recorded, overlaid in their colours, renamed, deleted,
restored (each one undo step), refused onto another drawing, exported."""

from __future__ import annotations

import csv

import numpy as np
import pytest
from PySide6.QtCore import Qt

from bpstudio.model.runs import structure_fingerprint
from bpstudio.ui.document.file_actions import read_example
from bpstudio.ui.main_window import MainWindow
from bpstudio.ui.plots.run_overlay import run_colour
from tests.formats.test_bpnet_runs import make_run
from tests.ui.test_training_gui import stop_and_wait, wait_state


def _train(qtbot, window: MainWindow, epochs: int, **changes) -> None:
    network = window.document.network
    network.set_settings(network.settings.with_changes(epochs=epochs, **changes))
    assert window.training.start()
    wait_state(qtbot, window, "finished", timeout=20_000)


@pytest.fixture
def runs(win):  # noqa: F811
    """Three runs on the XOR drawing, with different learning rates and curves."""
    network = win.document.network
    for number, rate in ((1, 0.5), (2, 0.1), (3, 2.0)):
        network.set_settings(network.settings.with_changes(learning_rate=rate))
        network.set_runs((*network.runs, make_run(network, number, points=20, seed=number)))
    win.undo_stack.clear()
    return network


@pytest.mark.slow
def test_a_training_in_the_window_is_recorded_as_one_run(qtbot, win):  # noqa: F811
    network = win.document.network
    _train(qtbot, win, 50, learning_rate=0.5)
    assert len(network.runs) == 1
    run = network.runs[0]
    assert run.epochs == 50 and run.stop_reason == "epochs"
    assert run.name == "Run 1 · SGD η 0.5"
    # the record's curves end where the document's history ends
    assert run.curves.epochs[-1] == network.history.epochs[-1] == 50
    assert run.curves.train_loss[-1] == network.history.train_loss[-1]
    assert run.parameters is not None
    assert win.runs_panel.model.rowCount() == 1
    # Undo of "Apply trained weights" takes the run away with the weights; Redo brings both
    win.undo_stack.undo()
    assert network.runs == ()
    win.undo_stack.redo()
    assert len(network.runs) == 1
    _train(qtbot, win, 30, learning_rate=0.1)
    assert [r.name for r in network.runs] == ["Run 1 · SGD η 0.5", "Run 2 · SGD η 0.1"]
    model = win.runs_panel.model
    assert model.data(model.index(0, 1)) == "Run 2 · SGD η 0.1"     # newest first
    assert model.data(model.index(0, 2)) == "η 0.5 → 0.1, epochs 50 → 30"


@pytest.mark.slow
def test_pause_and_resume_stay_one_run(qtbot, win):  # noqa: F811
    network = win.document.network
    network.set_settings(network.settings.with_changes(epochs=10_000_000))
    assert win.training.start()
    wait_state(qtbot, win, "running")
    qtbot.waitUntil(lambda: (win.training.progress or 0) and win.training.progress.epoch > 5)
    win.training.pause()
    wait_state(qtbot, win, "paused")
    assert win.training.start()
    wait_state(qtbot, win, "running")
    stop_and_wait(qtbot, win)
    assert len(network.runs) == 1 and network.runs[0].stop_reason == "stopped"


def test_ticked_runs_are_drawn_in_their_colours_with_a_legend(win, runs):  # noqa: F811
    panel, overlay = win.runs_panel, win.run_overlay
    panel.model.set_ticked(0, True)
    panel.model.set_ticked(2, True)
    assert [i for _, i in overlay.shown] == [0, 2]
    loss_items = overlay.curves_of(win.training_plots.loss_plot)
    metric_items = overlay.curves_of(win.training_plots.metric_plot)
    assert len(loss_items) == 4 and len(metric_items) == 2   # train + test loss; test metric
    colours = [item.opts["pen"].color().name() for item in metric_items]
    assert colours == [run_colour(0), run_colour(2)]
    loss_colours = {item.opts["pen"].color().name() for item in loss_items}
    assert loss_colours == {run_colour(0), run_colour(2)}
    # the curves are the runs' own numbers (test metric in percent)
    x, y = metric_items[1].getData()
    expected = [v * 100 for v in runs.runs[2].curves.test_metric if v is not None]
    assert np.allclose(y, expected) and x[0] == runs.runs[2].curves.epochs[1]
    labels = [label.text for _, label in overlay.legend.items]
    assert labels == [f"1: {runs.runs[0].name}", f"3: {runs.runs[2].name}"]
    # the table's swatch is the same colour
    model = panel.model
    swatch = model.data(model.index(model.row_of(2), 0), Qt.ItemDataRole.DecorationRole)
    assert swatch.name() == run_colour(2)
    panel.model.set_ticked(0, False)
    assert [i for _, i in overlay.shown] == [2]
    assert len(overlay.curves_of(win.training_plots.metric_plot)) == 1


def test_rename_and_delete_are_undoable_and_keep_ticks(win, runs):  # noqa: F811
    panel, model = win.runs_panel, win.runs_panel.model
    model.set_ticked(1, True)
    assert model.setData(model.index(model.row_of(1), 1), "  slow one ")
    assert runs.runs[1].name == "slow one"
    assert win.undo_stack.undoText() == "Rename run “Run 2 · SGD η 0.1” to “slow one”"
    assert [i for _, i in model.ticked_runs()] == [1]       # the tick survived the rename
    win.undo_stack.undo()
    assert runs.runs[1].name == "Run 2 · SGD η 0.1"
    win.undo_stack.redo()
    panel.select_run(0)
    assert panel.delete_selected()
    assert [r.name for r in runs.runs] == ["slow one", "Run 3 · SGD η 2"]
    assert [run.name for run, _ in model.ticked_runs()] == ["slow one"]
    win.undo_stack.undo()
    assert len(runs.runs) == 3 and runs.runs[0].name == "Run 1 · SGD η 0.5"


def test_restore_settings_is_one_undo_step(win, runs):  # noqa: F811
    panel = win.runs_panel
    assert runs.settings.learning_rate == 2.0
    panel.select_run(0)
    assert panel.restore_settings()
    assert runs.settings == runs.runs[0].settings and runs.settings.learning_rate == 0.5
    assert win.undo_stack.count() == 1
    win.undo_stack.undo()
    assert runs.settings.learning_rate == 2.0


def test_restore_weights_is_one_undo_step(win, runs):  # noqa: F811
    panel = win.runs_panel
    before = {c: runs.connections[c].weight for c in runs.connections}
    stored = runs.runs[1].parameters
    runs.set_parameters({c: 0.0 for c in runs.connections}, {})
    win.undo_stack.clear()
    panel.select_run(1)
    assert panel.restore_weights()
    assert [runs.connections[c].weight for c in sorted(runs.connections)] == list(
        stored.weights)
    assert win.undo_stack.count() == 1 and "Restore weights of" in win.undo_stack.undoText()
    win.undo_stack.undo()
    assert all(runs.connections[c].weight == 0.0 for c in runs.connections)
    assert before   # (the drawing had weights before the test zeroed them)


def test_restoring_weights_onto_another_drawing_is_refused_with_its_message(win, runs):  # noqa: F811
    panel = win.runs_panel
    win.editor.add_neurons("hidden", 1, win._view_center())
    assert structure_fingerprint(runs) != runs.runs[0].fingerprint
    weights = {c: runs.connections[c].weight for c in runs.connections}
    count = win.undo_stack.count()
    panel.select_run(0)
    assert not panel.restore_weights()
    assert panel.message.isVisibleTo(panel)
    assert "Cannot restore the weights: Run 1 · SGD η 0.5 was trained on a different " \
           "drawing" in panel.message.text()
    assert win.undo_stack.count() == count
    assert weights == {c: runs.connections[c].weight for c in runs.connections}
    # the table greys the runs of another drawing and says why
    model = panel.model
    tip = model.data(model.index(model.row_of(0), 1), Qt.ItemDataRole.ToolTipRole)
    assert "Made on another drawing" in tip


def test_keep_only_the_last_runs_and_the_size_shown(win, runs):  # noqa: F811
    panel = win.runs_panel
    assert panel.size_label.text().startswith("3 runs, ") and "3 with weights" in \
        panel.size_label.text()
    assert panel.keep_last(1)
    assert [r.name for r in runs.runs] == ["Run 3 · SGD η 2"]
    assert panel.size_label.text().startswith("1 run, ")
    win.undo_stack.undo()
    assert len(runs.runs) == 3
    assert not panel.keep_last(5) and "Nothing to forget" in panel.message.text()


def test_fewer_kept_weights_apply_to_the_next_run(win, settings):  # noqa: F811
    win.runs_panel.set_kept_weights(0)
    assert win.training.runs_with_weights == 0
    assert win.store.runs_with_weights() == 0


def test_export_csv_writes_the_table(win, runs, tmp_path):  # noqa: F811
    path = tmp_path / "runs.csv"
    assert win.runs_panel.export_csv(str(path))
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    assert [row[1] for row in rows[1:]] == [r.name for r in runs.runs]
    assert rows[2][4] == "η 0.5 → 0.1"


def test_the_dock_follows_a_new_document(win, runs):  # noqa: F811
    win.runs_panel.model.set_ticked(0, True)
    win.set_document(read_example("xor"))
    assert win.runs_panel.model.rowCount() == 0 and win.run_overlay.shown == []
    assert win.runs_panel.size_label.text().startswith("No runs yet")


@pytest.mark.slow
def test_a_structural_edit_while_training_begins_a_new_run(qtbot, win):
    """Pause/resume stays one run; a new drawing mid-training is a new run (the first
    keeps its curves, its drawing's fingerprint and no weights: they fit no drawing)."""
    from tests.ui.test_training_gui import _hidden_neuron_with_edges, long_run

    network = long_run(win)
    training = win.training
    before = structure_fingerprint(network)
    training.start()
    qtbot.waitUntil(lambda: training.progress.epoch >= 20, timeout=15_000)
    new = _hidden_neuron_with_edges(win)
    qtbot.waitUntil(lambda: new in training.view_state().plan.neuron_ids, timeout=15_000)
    switched_at = training.progress.epoch
    qtbot.waitUntil(lambda: training.progress.epoch >= switched_at + 20, timeout=15_000)
    stop_and_wait(qtbot, win)
    first, second = network.runs
    assert first.fingerprint == before != second.fingerprint == structure_fingerprint(network)
    assert first.parameters is None and second.parameters is not None
    assert first.stop_reason == "stopped" and "drawing changed" in first.stop_message
    assert first.curves.epochs[0] == 1 and first.curves.epochs[-1] <= switched_at
    # the curves (thinned on long runs) split where the drawing changed
    assert second.curves.epochs[0] > first.curves.epochs[-1]
    assert second.curves.epochs[-1] == network.history.epochs[-1]
    assert first.epochs + second.epochs == training.progress.epoch
    assert first.shape.startswith("2-2-1") and second.shape.startswith("2-3-1")
    assert [r.name.split(" · ")[0] for r in network.runs] == ["Run 1", "Run 2"]
    # both came with the one "Apply trained weights" step
    win.undo_stack.undo()
    assert network.runs == ()
