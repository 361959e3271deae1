"""Files: save and open round trip, unsaved-changes prompts, failures keep the document."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QSettings
from PySide6.QtWidgets import QFileDialog, QMessageBox

from bpstudio.formats.bpnet import load
from bpstudio.ui.main_window import MainWindow
from tests.ui.conftest import xor_network


def _save_to(window, monkeypatch, path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    assert window.files.save()


def test_save_then_open_gives_the_same_network_and_layout(window, monkeypatch, tmp_path):
    net = window.document.network
    window.editor.move({5: (net.neurons[5].x, net.neurons[5].y)}, {5: (333.0, 44.5)})
    window.editor.set_neuron_properties({3: {"label": "h1", "bias": 0.125, "frozen": True}})
    path = tmp_path / "mine.bpnet"
    _save_to(window, monkeypatch, path)
    expected = net.snapshot()
    window.files.new()
    assert not window.document.network.neurons
    assert window.files.open(path)
    assert window.document.network.snapshot() == expected
    item = window.scene.neuron_item(5)
    assert (item.pos().x(), item.pos().y()) == (333.0, 44.5)
    assert window.windowTitle().startswith("mine.bpnet")
    assert str(path.resolve()) in window.store.recent_files()


def test_title_marker_follows_the_save_point(window, monkeypatch, tmp_path):
    assert not window.isWindowModified()
    window.editor.add_neurons("hidden", 1, QPointF(0, 200))
    assert window.isWindowModified()
    _save_to(window, monkeypatch, tmp_path / "a.bpnet")
    assert not window.isWindowModified()
    assert window.windowTitle() == "a.bpnet[*] — BP Studio"
    window.undo_stack.undo()       # back past the save point
    assert window.isWindowModified()
    window.undo_stack.redo()
    assert not window.isWindowModified()


def test_unsaved_changes_prompt_cancel_keeps_the_document(window, monkeypatch, tmp_path):
    window.editor.add_neurons("hidden", 1, QPointF(0, 200))
    network = window.document.network
    window.dialogs.answer = QMessageBox.StandardButton.Cancel
    assert not window.files.new()
    assert window.dialogs.questions and "Save the changes" in window.dialogs.questions[-1]
    assert window.document.network is network
    assert not window.close()          # closing is refused too
    window.dialogs.answer = QMessageBox.StandardButton.Discard
    assert window.files.new()
    assert window.document.network is not network


def test_unsaved_changes_prompt_save_writes_the_file(window, monkeypatch, tmp_path):
    window.editor.add_neurons("hidden", 1, QPointF(0, 200))
    window.dialogs.answer = QMessageBox.StandardButton.Save
    path = tmp_path / "saved.bpnet"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    assert window.files.new()
    network, _ = load(path)
    assert len(network.neurons) == 6


def test_broken_file_shows_message_and_keeps_document(window, tmp_path):
    window.editor.add_neurons("hidden", 1, QPointF(0, 200))
    before = window.document.network.snapshot()
    bad = tmp_path / "bad.bpnet"
    bad.write_text("{ not json", encoding="utf-8")
    window.dialogs.answer = QMessageBox.StandardButton.Discard
    assert not window.files.open(bad)
    assert window.dialogs.warnings and "bad.bpnet" in window.dialogs.warnings[-1]
    assert window.document.network.snapshot() == before
    assert window.undo_stack.count() == 1      # the edit history survives too


def test_missing_recent_file_is_dropped(window, tmp_path):
    ghost = tmp_path / "gone.bpnet"
    window.store.add_recent_file(ghost)
    assert not window.files.open_recent(str(ghost.resolve()))
    assert str(ghost.resolve()) not in window.store.recent_files()


def test_revert_discards_changes(window, monkeypatch, tmp_path):
    path = tmp_path / "r.bpnet"
    _save_to(window, monkeypatch, path)
    window.editor.add_neurons("hidden", 1, QPointF(0, 200))
    window.dialogs.answer = QMessageBox.StandardButton.Discard
    assert window.files.revert()
    assert len(window.document.network.neurons) == 5
    assert not window.isWindowModified()


def test_geometry_docks_and_recent_files_persist(qtbot, tmp_path, dialogs):
    from bpstudio.formats.bpnet import ProjectInfo
    from bpstudio.ui.document.file_actions import Document

    path = tmp_path / "settings.ini"
    first = MainWindow(QSettings(str(path), QSettings.Format.IniFormat))
    qtbot.addWidget(first)
    first.set_document(Document(xor_network(), ProjectInfo()))
    first.resize(770, 560)
    first.show()
    first.history_dock.hide()
    first.store.add_recent_file(tmp_path / "x.bpnet")
    assert first.close()
    second = MainWindow(QSettings(str(path), QSettings.Format.IniFormat))
    qtbot.addWidget(second)
    second.set_document(Document(xor_network(), ProjectInfo()))
    second.show()
    assert (second.width(), second.height()) == (770, 560)
    assert second.history_dock.isHidden()
    assert second.store.recent_files() == [str((tmp_path / "x.bpnet").resolve())]
