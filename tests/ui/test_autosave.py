"""Crash recovery in the window: autosaved copies, the restore prompt, clean-up (issue 10 §1)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from bpstudio.formats.bpnet import ProjectInfo, load, save
from bpstudio.formats.recovery import RecoveryStore
from bpstudio.ui.document import autosave
from bpstudio.ui.document.file_actions import Document, read_document
from bpstudio.ui.main_window import MainWindow
from tests.ui.conftest import xor_network

EDITED = "edited before the crash"


@pytest.fixture
def document(tmp_path) -> Path:
    path = tmp_path / "xor.bpnet"
    save(xor_network(), path, ProjectInfo("XOR"))
    past = time.time() - 120          # saved two minutes ago: the copies are newer
    os.utime(path, (past, past))
    return path


def _window(qtbot, tmp_path, folder: Path, **options) -> MainWindow:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings, recovery=RecoveryStore(folder), **options)
    qtbot.addWidget(window)
    return window


def _rename_last_neuron(window: MainWindow, label: str = EDITED) -> int:
    neuron = max(window.document.network.neurons)
    assert window.editor.set_neuron_properties({neuron: {"label": label}})
    return neuron


def _answer(monkeypatch, answer: str) -> list[str]:
    asked: list[str] = []

    def ask(parent, recovery):
        asked.append(recovery.title)
        return answer

    monkeypatch.setattr(autosave, "ask_restore", ask)
    return asked


@pytest.mark.slow
def test_edits_come_back_after_sigkill(qtbot, tmp_path, document, monkeypatch, dialogs):
    """Edit in a real window, let the timer autosave, SIGKILL the process; the next window
    offers the work back and Restore shows it, unsaved, while the user's file is as saved."""
    folder = tmp_path / "recovery"
    script = f"""
import os
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
app = QApplication([])
from bpstudio.formats.recovery import RecoveryStore
from bpstudio.ui.document.file_actions import read_document
from bpstudio.ui.main_window import MainWindow
settings = QSettings({str(tmp_path / "child.ini")!r}, QSettings.Format.IniFormat)
window = MainWindow(settings, recovery=RecoveryStore({str(folder)!r}), autosave_ms=50)
window.set_document(read_document({str(document)!r}))
window.show()
window.autosaver.saved.connect(lambda path: print("autosaved", flush=True))
neuron = max(window.document.network.neurons)
window.editor.set_neuron_properties({{neuron: {{"label": {EDITED!r}}}}})
app.exec()
"""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    with subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                          env=env) as child:
        try:
            assert child.stdout is not None and child.stdout.readline().strip() == "autosaved"
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL
    asked = _answer(monkeypatch, autosave.RESTORE)
    window = _window(qtbot, tmp_path, folder)
    window.set_document(Document(xor_network(), ProjectInfo("XOR")))
    assert window.autosaver.offer_recovery()
    assert asked == ["XOR"]
    shown = window.document
    assert shown.path == document.resolve()
    assert shown.network.neurons[max(shown.network.neurons)].label == EDITED
    assert window.isWindowModified() and not window.undo_stack.isClean()
    assert EDITED not in document.read_text()      # the user's own file as it was saved
    # Saving keeps the work and removes the copy.
    assert window.files.save()
    assert load(document)[0].neurons[max(shown.network.neurons)].label == EDITED
    assert RecoveryStore(folder).all() == []


def test_a_copy_is_kept_while_unsaved_and_removed_when_undone(qtbot, tmp_path, document,
                                                              dialogs):
    folder = tmp_path / "recovery"
    window = _window(qtbot, tmp_path, folder)
    window.set_document(read_document(document))
    assert window.autosaver.autosave_now() is None        # nothing unsaved: no copy
    assert RecoveryStore(folder).all() == []
    before = document.read_bytes()
    _rename_last_neuron(window)
    copy = window.autosaver.autosave_now()
    assert copy is not None and copy.parent == folder
    assert document.read_bytes() == before                 # never over the user's file
    [found] = RecoveryStore(folder).all()
    assert found.document == document.resolve()
    window.undo_stack.undo()                                # back to the saved state
    window.autosaver.autosave_now()
    assert RecoveryStore(folder).all() == []


def test_the_timer_writes_a_copy_after_an_edit(qtbot, tmp_path, document, dialogs):
    window = _window(qtbot, tmp_path, tmp_path / "recovery", autosave_ms=20)
    window.set_document(read_document(document))
    with qtbot.waitSignal(window.autosaver.saved, timeout=10_000) as written:
        _rename_last_neuron(window)
    assert written.args[0].is_file()


def test_save_and_a_clean_close_remove_the_copy(qtbot, tmp_path, document, dialogs):
    folder = tmp_path / "recovery"
    window = _window(qtbot, tmp_path, folder)
    window.set_document(read_document(document))
    _rename_last_neuron(window)
    window.autosaver.autosave_now()
    assert window.files.save()
    assert RecoveryStore(folder).all() == []
    _rename_last_neuron(window, "edited after saving")
    window.autosaver.autosave_now()
    assert len(RecoveryStore(folder).all()) == 1           # unsaved again: a copy
    dialogs.answer = dialogs.answer.Discard                 # the prompt: discard changes
    assert window.close()
    assert RecoveryStore(folder).all() == []


def test_an_untitled_document_is_offered_and_later_keeps_it(qtbot, tmp_path, monkeypatch,
                                                            dialogs):
    folder = tmp_path / "recovery"
    store = RecoveryStore(folder)
    store.write(xor_network(), ProjectInfo("Sketch"), None, "abc123")   # a dead window's
    _dead_writer(store)
    _answer(monkeypatch, autosave.LATER)
    window = _window(qtbot, tmp_path, folder)
    window.set_document(Document(xor_network(), ProjectInfo("XOR")))
    assert not window.autosaver.offer_recovery()
    assert len(store.pending()) == 1                         # Later: offered next time
    _answer(monkeypatch, autosave.RESTORE)
    assert window.autosaver.offer_recovery()
    assert window.document.path is None and window.document.info.title == "Sketch"
    assert window.windowTitle().startswith("Untitled")
    # Its next copies replace the restored one instead of adding a second.
    _rename_last_neuron(window)
    window.autosaver.autosave_now()
    [kept] = store.all()
    assert kept.untitled_id == "abc123"


def test_discard_removes_the_copy(qtbot, tmp_path, monkeypatch, dialogs):
    folder = tmp_path / "recovery"
    store = RecoveryStore(folder)
    store.write(xor_network(), ProjectInfo("Sketch"), None, "abc123")
    _dead_writer(store)
    _answer(monkeypatch, autosave.DISCARD)
    window = _window(qtbot, tmp_path, folder)
    window.set_document(Document(xor_network(), ProjectInfo("XOR")))
    assert not window.autosaver.offer_recovery()
    assert store.all() == []


def test_no_store_means_no_copies(qtbot, settings, tmp_path, dialogs):
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.set_document(Document(xor_network(), ProjectInfo("XOR")))
    _rename_last_neuron(window)
    assert window.autosaver.autosave_now() is None
    assert not window.autosaver.timer.isActive()


# ---------------------------------------------------------------- helpers
def _dead_writer(store: RecoveryStore) -> None:
    """Make every copy look written by a process that has ended (a crash)."""
    import json

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    for recovery in store.all():
        header, body = recovery.path.read_bytes().split(b"\n", 1)
        fields = json.loads(header) | {"pid": child.pid}
        recovery.path.write_bytes(json.dumps(fields).encode() + b"\n" + body)
