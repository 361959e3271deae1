"""Issue 13 in the window: trained weights keep their input scaling, the data cache, a
vanished dataset in the Problems dock."""

from __future__ import annotations

import os
import threading
import time
from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPointF
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QPushButton

from bpstudio.data import LoadCancelled, LoadProgress
from bpstudio.formats.bpnet import ProjectInfo, save
from bpstudio.model.scaling import NO_SCALING
from bpstudio.model.settings import DatasetSpec
from bpstudio.ui.document.file_actions import read_example
from bpstudio.ui.document.new_for_dataset import NewForDatasetDialog, parse_hidden
from bpstudio.ui.main_window import MainWindow
from bpstudio.ui.panels.image_options import ImageOptionsDialog
from bpstudio.ui.panels.training_panel import FOLDER_ITEM, IDX_ITEM
from bpstudio.ui.training import data_loader
from bpstudio.workflow import load_data_for, network_for_dataset
from tests.data.test_idx import write_pair
from tests.data.test_image_folder import make_folder
from tests.ui.test_training_panel import choose


def _step_and_stop(qtbot, win: MainWindow) -> None:
    training = win.training
    training.step()
    qtbot.waitUntil(lambda: training.progress is not None and training.progress.step >= 1,
                    timeout=15_000)
    with qtbot.waitSignal(training.state_changed, timeout=15_000,
                          check_params_cb=lambda s: s == "finished"):
        assert training.stop()


def test_applying_trained_weights_stores_the_input_scaling_they_were_trained_with(
        qtbot, win):
    network = win.document.network
    assert network.input_scaling == NO_SCALING
    network.set_settings(dataset=replace(network.dataset, samples=200, scale_inputs="zscore"))
    dataset = win.training.data.dataset(network)
    _step_and_stop(qtbot, win)
    assert win.undo_stack.undoText() == "Apply trained weights"
    stored = network.input_scaling
    assert stored.method == "zscore"
    assert stored == dataset.scaling
    # the statistics are the training split's raw mean and deviation
    raw = replace(network.dataset, scale_inputs="none")
    x_train = load_data_for(network, None, raw).x_train
    np.testing.assert_allclose(stored.offset, x_train.mean(axis=0))
    win.undo_stack.undo()
    assert network.input_scaling == NO_SCALING
    win.undo_stack.redo()
    assert network.input_scaling == stored


# ----------------------------------------------------------- the dataset picker
@pytest.fixture
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def _answer_options(monkeypatch, **changes) -> list[ImageOptionsDialog]:
    """The image options dialog, answered like a user: the given changes, then OK."""
    shown: list[ImageOptionsDialog] = []

    def exec_(dialog):
        shown.append(dialog)
        if "size" in changes:
            dialog.automatic.setChecked(False)
            dialog.width_box.setValue(changes["size"][0])
            dialog.height_box.setValue(changes["size"][1])
        if changes.get("rgb"):
            dialog.colour.setCurrentIndex(1)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ImageOptionsDialog, "exec", exec_)
    return shown


def test_an_image_folder_is_chosen_with_its_options_and_loads_off_the_gui_thread(
        qtbot, win, tmp_path, monkeypatch, private_cache):
    folder = make_folder(tmp_path / "shapes", per_class=6, mode="RGB")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a: str(folder))
    shown = _answer_options(monkeypatch, size=(10, 12), rgb=True)
    threads: list[threading.Thread] = []
    original = data_loader.load_data_sized

    def load(*args, **kwargs):
        threads.append(threading.current_thread())
        return original(*args, **kwargs)

    monkeypatch.setattr(data_loader, "load_data_sized", load)
    network = win.document.network
    network.set_settings(dataset=replace(network.dataset, scale_inputs="zscore"))
    choose(win.training_panel.dataset_combo, FOLDER_ITEM)
    assert len(shown) == 1 and shown[0].colour.isEnabled()
    spec = network.dataset
    assert (spec.name, spec.image_size, spec.grayscale) == (str(folder), (10, 12), False)
    assert spec.scale_inputs == "none"            # images default to raw [0, 1] pixels
    assert win.undo_stack.undoText() == "Train on " + str(folder)
    assert win.training_panel.image_options_button.isVisible()
    # 360 inputs (10 × 12 × RGB) against XOR's 2: the message says how to fit them
    qtbot.waitUntil(lambda: "10×12" in win.training.problem(), timeout=30_000)
    assert "360" in win.training.problem()
    assert len(threads) == 1 and threads[0] is not threading.main_thread()
    win.undo_stack.undo()
    assert network.dataset.name == "xor"


def test_an_idx_file_is_offered_grayscale_only(win, tmp_path, monkeypatch):
    images = write_pair(tmp_path, np.zeros((4, 3, 3), np.uint8),
                        np.array([0, 1, 0, 1], np.uint8))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(images), ""))
    shown = _answer_options(monkeypatch)
    choose(win.training_panel.dataset_combo, IDX_ITEM)
    assert len(shown) == 1 and not shown[0].colour.isEnabled()
    assert win.document.network.dataset.name == str(images)


def test_a_table_gets_z_score_inputs_by_default(win):
    choose(win.training_panel.dataset_combo, "iris")
    assert win.document.network.dataset.scale_inputs == "zscore"
    assert win.training_panel.editor("scale_inputs", "dataset").widget.currentData() \
        == "zscore"
    choose(win.training_panel.dataset_combo, "moons")
    assert win.document.network.dataset.scale_inputs == "none"


class _SlowLoad:
    """Reports progress, then waits for Cancel (or a minute, so a broken test ends)."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, *args, report=None, should_stop=None, **kwargs):
        self.calls += 1
        for done in range(0, 50, 10):
            report(LoadProgress("Decoding images", done, 100))
        for _ in range(6000):
            if should_stop():
                raise LoadCancelled("loading was cancelled")
            time.sleep(0.01)
        raise AssertionError("never cancelled")


def test_loading_shows_progress_and_cancel_stops_it_leaving_the_document_usable(
        qtbot, win, tmp_path, monkeypatch, private_cache):
    folder = make_folder(tmp_path / "shapes", per_class=2)
    slow = _SlowLoad()
    monkeypatch.setattr(data_loader, "load_data_sized", slow)
    network = win.document.network
    network.set_settings(dataset=replace(network.dataset, name=str(folder)))
    assert not win.training.start()               # Train waits for the data
    assert "once the data are in" in win.training.message
    dialog = win.load_dialog
    qtbot.waitUntil(lambda: dialog.value() == 40, timeout=30_000)
    assert "Decoding images" in dialog.labelText() and "40 of 100" in dialog.labelText()
    qtbot.waitUntil(dialog.isVisible, timeout=30_000)
    with qtbot.waitSignal(win.training.loader.failed, timeout=30_000):
        dialog.findChild(QPushButton).click()     # its Cancel button
    assert not dialog.isVisible()
    assert "cancelled" in win.training.problem()
    assert "cancelled" in win.training.message
    assert win.training.session is None
    assert slow.calls == 1
    win.training.view_state()                     # no reload by itself after Cancel
    assert slow.calls == 1 and not win.training.loader.busy
    win.training.start()                          # Train tries again
    qtbot.waitUntil(lambda: slow.calls == 2, timeout=30_000)
    win.training.loader.cancel()
    qtbot.waitUntil(lambda: not win.training.loader.busy, timeout=30_000)


# ------------------------------------------------------------------ the data cache
def test_a_data_file_rewritten_with_the_same_size_and_time_is_loaded_again(win, tmp_path):
    data = tmp_path / "points.csv"
    data.write_text("x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n0.5,0.5,0\n")
    network = win.document.network
    network.set_settings(dataset=replace(network.dataset, name=str(data), test_ratio=0.0))
    first = win.training.data.dataset(network)
    stat = data.stat()
    data.write_text("x1,x2,y\n9,9,0\n0,1,1\n1,0,1\n1,1,0\n0.5,0.5,0\n")   # same size
    os.utime(data, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert data.stat().st_mtime_ns == stat.st_mtime_ns
    second = win.training.data.dataset(network)
    assert second is not first
    assert 9.0 in second.x_train


# ------------------------------------------------------------------ problems dock
def test_a_dataset_moved_away_opens_the_document_and_shows_in_the_problems_dock(
        qtbot, win, tmp_path):
    data = tmp_path / "points.csv"
    data.write_text("x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n")
    network = read_example("xor").network
    network.set_settings(dataset=replace(network.dataset, name="points.csv"))
    save(network, tmp_path / "net.bpnet", ProjectInfo("moved"))
    data.rename(tmp_path / "elsewhere.csv")
    assert win.files.open_path(tmp_path / "net.bpnet")
    assert win.document.path == (tmp_path / "net.bpnet").resolve()
    messages = [p.message for p in win.problems.problems]
    assert any("points.csv" in m and "missing" in m for m in messages), messages
    assert not win.dialogs.warnings                 # opened, not refused
    shown = [win.problems.list.item(i).text() for i in range(win.problems.list.count())]
    assert any("missing" in text for text in shown)
    assert "points.csv" in win.training.problem()
    (tmp_path / "elsewhere.csv").rename(data)       # put back while the window was away
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow, timeout=15_000)
    with qtbot.waitSignal(win.problems.counts_changed, timeout=15_000):
        QApplication.sendEvent(win, QEvent(QEvent.Type.ActivationChange))
    assert not any("missing" in p.message for p in win.problems.problems)
    assert win.training.problem() == "" and win.training.view_state() is not None
    QApplication.sendEvent(win, QEvent(QEvent.Type.ActivationChange))
    assert not win._problems_timer.isActive()     # nothing changed: no validation again


# ------------------------------------------------------------- New for Dataset
def test_new_for_dataset_makes_what_the_command_line_makes(win, monkeypatch, tmp_path):
    def answer(dialog):
        dialog.set_dataset("iris")
        dialog.hidden.setText("8, 4")
        dialog.activation.setCurrentIndex(dialog.activation.findData("tanh"))
        dialog.seed.setValue(3)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NewForDatasetDialog, "exec", answer)
    assert win.new_for_dataset_action in win.menuBar().actions()[2].menu().actions()
    win.new_for_dataset_action.trigger()
    network = win.document.network
    assert win.document.info.title == "4-8-4-3 tanh for iris"
    assert win.document.path is None
    expected, _ = network_for_dataset(DatasetSpec("iris", scale_inputs="zscore"), None,
                                      (8, 4), "tanh", 3)
    assert network.snapshot() == expected.snapshot()
    assert network.input_scaling.method == "zscore"
    assert win.undo_stack.count() == 0


def test_new_for_dataset_reports_bad_data_and_keeps_the_open_document(win, monkeypatch,
                                                                       tmp_path):
    broken = tmp_path / "broken.csv"
    broken.write_text("a,b\n1,x\n")
    before = win.document

    def answer(dialog):
        dialog.set_dataset(str(broken))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NewForDatasetDialog, "exec", answer)
    assert not win.files.new_for_dataset()
    assert win.document is before
    assert len(win.dialogs.warnings) == 1 and "broken.csv" in win.dialogs.warnings[0]


def test_new_for_dataset_refuses_malformed_hidden_sizes_in_the_dialog(qtbot):
    dialog = NewForDatasetDialog()
    qtbot.addWidget(dialog)
    dialog.hidden.setText("0")
    assert dialog.request().hidden == ()
    with pytest.raises(ValueError, match="32,16"):
        parse_hidden("8,,4")
    dialog.hidden.setText("8,,4")      # (the validator lets a user type it; OK says no)
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "32,16" in dialog.error.text()


# ------------------------------------------------------- input layers as images
def _positions(network, ids):
    return [(network.neurons[i].x, network.neurons[i].y) for i in ids]


def test_a_layer_of_inputs_that_matches_the_images_is_laid_out_as_the_image(win):
    network = win.document.network
    network.set_settings(dataset=DatasetSpec("fashion"))
    ids = win.editor.add_neurons("input", 784, QPointF(100, 50))
    spots = _positions(network, ids)
    xs, ys = sorted({x for x, _ in spots}), sorted({y for _, y in spots})
    assert len(xs) == 28 and len(ys) == 28
    assert spots[:28] == [(x, ys[0]) for x in xs]          # row by row, as the pixels
    assert sum(xs) / 28 == pytest.approx(100) and sum(ys) / 28 == pytest.approx(50)
    win.undo_stack.undo()
    # RGB images of 10×12 from a folder: 360 inputs as three stacked 12×10 planes
    network.set_settings(dataset=DatasetSpec("shapes", image_width=10, image_height=12,
                                             grayscale=False))
    spots = _positions(network, win.editor.add_neurons("input", 360, QPointF(0, 0)))
    assert len({x for x, _ in spots}) == 10 and len({y for _, y in spots}) == 36
    win.undo_stack.undo()
    # a count that is no image stays a column block
    spots = _positions(network, win.editor.add_neurons("input", 10, QPointF(0, 0)))
    assert len({x for x, _ in spots}) == 1
