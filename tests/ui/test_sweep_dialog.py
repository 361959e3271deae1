"""Train ▸ Sweep…: a grid trained in the background, progress, Cancel, the best highlighted."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor

from bpstudio.ui.panels.sweep_dialog import BEST_BACKGROUND
from tests.ui.threads import alive


def _dialog(win, first: tuple[str, str], second: tuple[str, str] | None = None):  # noqa: F811
    dialog = win.open_sweep()
    dialog.setting_boxes[0].setCurrentText(first[0])
    dialog.value_edits[0].setText(first[1])
    if second:
        dialog.setting_boxes[1].setCurrentText(second[0])
        dialog.value_edits[1].setText(second[1])
    return dialog


def test_the_grid_is_checked_as_it_is_typed(win):  # noqa: F811
    dialog = _dialog(win, ("learning_rate", "0.1, 1"), ("optimizer", "sgd, adam"))
    assert dialog.start_button.isEnabled() and dialog.grid_label.text().startswith("4 runs")
    dialog.value_edits[0].setText("0.1, -1")
    assert not dialog.start_button.isEnabled()
    assert "learning_rate must be > 0" in dialog.grid_label.text()
    dialog.setting_boxes[1].setCurrentText("learning_rate")
    dialog.value_edits[0].setText("0.1")
    assert "learning_rate is swept twice" in dialog.grid_label.text()
    dialog.close()


@pytest.mark.slow
def test_a_sweep_records_one_run_per_point_as_one_undo_step(qtbot, win):  # noqa: F811
    network = win.document.network
    network.set_settings(network.settings.with_changes(epochs=40))
    weights = {c: network.connections[c].weight for c in network.connections}
    dialog = _dialog(win, ("learning_rate", "0.1, 2"), ("optimizer", "sgd, adam"))
    with qtbot.waitSignal(dialog.recorded, timeout=60_000) as recorded:
        assert dialog.start()
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=10_000)
    assert recorded.args[0] == [0, 1, 2, 3]
    assert [r.name for r in network.runs] == [
        "Run 1 · η 0.1, optimizer sgd", "Run 2 · η 0.1, optimizer adam",
        "Run 3 · η 2, optimizer sgd", "Run 4 · η 2, optimizer adam"]
    assert all(r.epochs == 40 for r in network.runs)
    # the document's weights are untouched; the sweep's runs are ticked in the dock
    assert weights == {c: network.connections[c].weight for c in network.connections}
    assert [i for _, i in win.run_overlay.shown] == [0, 1, 2, 3]
    # the summary highlights the best (lowest best training loss: XOR has no test set)
    best = dialog.best_row()
    losses = [r.best["train_loss"].value for r in network.runs]
    assert best == losses.index(min(losses))
    assert dialog.table.rowCount() == 4
    assert dialog.table.item(best, 0).background().color() == QColor(BEST_BACKGROUND)
    assert dialog.table.item(best, 0).font().bold()
    assert dialog.status.text().startswith("Done: 4 runs added")
    assert win.undo_stack.undoText() == "Record a sweep of 4 runs"
    win.undo_stack.undo()
    assert network.runs == ()
    dialog.close()


@pytest.mark.slow
def test_cancel_keeps_the_finished_runs_and_leaves_no_thread(qtbot, win):  # noqa: F811
    network = win.document.network
    network.set_settings(network.settings.with_changes(epochs=10_000_000))
    dialog = _dialog(win, ("seed", "0, 1, 2"))
    assert dialog.start()
    qtbot.waitUntil(lambda: dialog.progress.value() > 0 or "epoch" in dialog.status.text(),
                    timeout=20_000)
    with qtbot.waitSignal(dialog.recorded, timeout=30_000):
        dialog.cancel()
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=10_000)
    assert len(network.runs) == 1 and network.runs[0].stop_reason == "stopped"
    assert dialog.status.text().startswith("Cancelled after 1 of 3 runs")
    dialog.close()


@pytest.mark.slow
def test_closing_the_dialog_while_it_runs_ends_the_thread(qtbot, win):  # noqa: F811
    network = win.document.network
    network.set_settings(network.settings.with_changes(epochs=10_000_000))
    dialog = _dialog(win, ("seed", "0, 1"))
    assert dialog.start()
    worker = dialog.worker
    qtbot.waitUntil(lambda: "epoch" in dialog.status.text(), timeout=20_000)
    dialog.reject()
    assert not alive(worker)
    assert len(network.runs) == 1
