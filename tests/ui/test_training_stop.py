"""Stop, Pause, opening and closing never wait on the GUI thread for a slow training step.

A step of a huge full batch (the panel allows 10 million samples) takes seconds. The fake
step here blocks until the test releases it (or 5 s pass), so a GUI that waited for it
would be caught: its controls could not say "stopping" while the step still runs.
"""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox

from bpstudio.engine.training import Trainer
from bpstudio.ui.document.file_actions import read_example
from bpstudio.ui.main_window import MainWindow
from tests.ui.threads import alive


class SlowStep:
    """Trainer._step waits for :meth:`release`: one step of a huge batch. (The minute's
    limit only keeps a broken test from hanging; every test releases it.)"""

    def __init__(self) -> None:
        self.entered = threading.Event()
        self.released = threading.Event()

    def install(self, monkeypatch) -> None:
        original = Trainer._step

        def step(trainer: Trainer) -> float:
            self.entered.set()
            self.released.wait(60)
            return original(trainer)

        monkeypatch.setattr(Trainer, "_step", step)

    def release(self) -> None:
        self.released.set()


@pytest.fixture
def slow(monkeypatch) -> SlowStep:
    step = SlowStep()
    step.install(monkeypatch)
    yield step
    step.release()


@pytest.fixture
def win(qtbot, settings, dialogs):
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.set_document(read_example("xor"))
    network = window.document.network
    network.set_settings(network.settings.with_changes(epochs=10_000_000))
    window.show()
    qtbot.waitExposed(window)
    window.dialogs = dialogs
    yield window


def _inside_a_step(win: MainWindow, slow: SlowStep):
    assert win.training.start()
    assert slow.entered.wait(10)
    return win.training.session.worker


def _event_loop_turns(qtbot) -> bool:
    """A zero-time QTimer fires: the GUI thread is processing events."""
    fired: list[bool] = []
    QTimer.singleShot(0, lambda: fired.append(True))
    qtbot.waitUntil(lambda: bool(fired), timeout=15_000)
    return True


def test_stop_returns_at_once_and_applies_the_weights_when_the_worker_ends(
        qtbot, win, slow):
    network = win.document.network
    before = network.parameters()
    worker = _inside_a_step(win, slow)
    actions = win.training_actions
    actions.stop.trigger()
    # Stop has returned while the worker is still inside its step.
    assert alive(worker) and not slow.released.is_set()
    assert win.training.state == "stopping"
    assert actions.stop.text() == "Stopping…" and not actions.stop.isEnabled()
    assert not actions.train.isEnabled() and not actions.step.isEnabled()
    assert "Stopping" in win.training_panel.status.text()
    assert _event_loop_turns(qtbot) and alive(worker)
    assert network.parameters() == before          # nothing applied yet
    assert not win.training.start()                # no new run while this one ends
    with qtbot.waitSignal(win.training.state_changed, timeout=15_000,
                          check_params_cb=lambda s: s == "finished"):
        slow.release()
    assert not alive(worker) and win.training.session is None
    assert network.parameters() != before
    assert win.undo_stack.undoText() == "Apply trained weights"
    assert actions.stop.text() == "S&top" and actions.train.isEnabled()


def test_pause_returns_at_once_while_a_step_runs(qtbot, win, slow):
    worker = _inside_a_step(win, slow)
    win.training_actions.train.trigger()           # Pause
    assert win.training.state == "paused" and alive(worker)
    assert _event_loop_turns(qtbot)
    with qtbot.waitSignal(worker.state_changed, timeout=15_000,
                          check_params_cb=lambda s: s == "paused"):
        slow.release()
    assert win.training.state == "paused"


def test_reset_weights_while_a_step_runs_follows_the_applied_weights(qtbot, win, slow):
    _inside_a_step(win, slow)
    assert win.training.reset_weights()
    assert win.training.state == "stopping"
    with qtbot.waitSignal(win.undo_stack.indexChanged, timeout=15_000,
                          check_params_cb=lambda i: win.undo_stack.undoText().startswith(
                              "Reset weights")):
        slow.release()
    stack = win.undo_stack
    assert stack.command(stack.index() - 2).text() == "Apply trained weights"


def test_opening_another_document_does_not_wait_for_the_step(qtbot, win, slow, workers):
    worker = _inside_a_step(win, slow)
    assert win.files.new()
    assert alive(worker)                            # still in its step, the GUI moved on
    assert win.training.session is None and win.training.state == "idle"
    assert _event_loop_turns(qtbot)
    slow.release()
    qtbot.waitUntil(lambda: not alive(worker), timeout=15_000)


def test_closing_waits_for_the_step_with_a_busy_cursor(qtbot, win, slow, monkeypatch):
    cursors: list[object] = []
    monkeypatch.setattr(QGuiApplication, "setOverrideCursor",
                        lambda cursor: cursors.append(cursor))
    monkeypatch.setattr(QGuiApplication, "restoreOverrideCursor",
                        lambda: cursors.append("restored"))
    messages: list[str] = []
    win.training.status_message.connect(messages.append)
    worker = _inside_a_step(win, slow)
    win.dialogs.answer = QMessageBox.StandardButton.Discard
    releaser = threading.Timer(0.2, slow.release)   # the step ends while close() waits
    releaser.start()
    assert win.close()
    releaser.join()
    assert not alive(worker) and win.training.session is None
    assert len(cursors) == 2 and cursors[-1] == "restored"
    assert any("waiting for the current step" in m for m in messages)
