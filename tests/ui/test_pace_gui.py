"""The Speed control: remembered in the view settings (not the document), both boxes
agree, a change reaches a running worker at once, Finish Now goes to full speed."""

from __future__ import annotations

import math

import pytest

from bpstudio.engine.pace import AUTO_SECONDS, Pace
from bpstudio.ui.document.file_actions import read_example
from bpstudio.ui.main_window import MainWindow
from tests.ui.test_training_gui import long_run, stop_and_wait
from tests.ui.threads import alive

pytestmark = pytest.mark.slow


@pytest.fixture
def win(qtbot, settings, dialogs, workers):
    settings.setValue("view/training_pace", "auto")     # what a new user gets
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.set_document(read_example("xor"))
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()
    assert not any(alive(w) for w in workers)


def test_auto_stretches_a_short_run_and_says_so(qtbot, win):
    assert win.training.pace == Pace("auto")
    assert win.speed_box.currentText() == "Auto" == win.toolbar_speed_box.currentText()
    network = win.document.network
    win.training.start()
    session = win.training.session
    qtbot.waitUntil(lambda: session.pace_rate is not None)
    n_train = session.current.data.n_train
    batch = network.settings.batch_size or n_train
    steps = network.settings.epochs * math.ceil(n_train / min(batch, n_train))
    assert session.pace_rate == pytest.approx(steps / AUTO_SECONDS)
    qtbot.waitUntil(lambda: "Auto pace" in win.training_label.text())
    stop_and_wait(qtbot, win)


def test_a_new_speed_reaches_the_running_worker_and_is_remembered(qtbot, win, settings):
    long_run(win)
    win.training.start()
    session = win.training.session
    box = win.toolbar_speed_box
    box.setCurrentIndex(box.findData("30"))
    box.activated.emit(box.findData("30"))
    assert win.speed_box.currentData() == "30"               # the dock's box follows
    qtbot.waitUntil(lambda: session.pace_rate == 30)
    assert settings.value("view/training_pace") == "30"
    assert "30" not in str(win.document.network.settings)    # not in the document
    win.training_actions.finish.trigger()                    # F9
    qtbot.waitUntil(lambda: session.pace_rate is None)
    assert win.training.state == "running" and win.training.finishing
    qtbot.waitUntil(lambda: "Finish now" in win.training_label.text())
    stop_and_wait(qtbot, win)
    assert not win.training.finishing
    assert win.training.pace == Pace("rate", 30)             # the choice itself stays


def test_the_choice_is_read_back_by_a_new_window(qtbot, settings, dialogs):
    settings.setValue("view/training_pace", "epoch")
    window = MainWindow(settings)
    qtbot.addWidget(window)
    assert window.training.pace == Pace("epoch")
    assert window.speed_box.currentText() == "1 epoch per frame"
