"""Opening a big file: off the GUI thread, with progress and Cancel (issue 10 §2)."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QProgressDialog, QPushButton

from bpstudio.formats.bpnet import ProjectInfo, save
from bpstudio.model.builders import layered
from bpstudio.progress import LoadCancelled, LoadProgress
from bpstudio.ui.document import loading


@pytest.fixture
def big_file(tmp_path, monkeypatch):
    """A 2-64-64-1 network saved, with the threshold lowered so it counts as big."""
    path = tmp_path / "big.bpnet"
    save(layered([2, 64, 64, 1]), path, ProjectInfo("Big"))
    monkeypatch.setattr(loading, "THREADED_BYTES", 1)
    return path


def test_a_big_file_loads_in_a_thread_and_reports_its_stages(window, big_file, monkeypatch):
    seen: list[tuple[str, bool]] = []
    original = loading.load

    def load(path, report, should_stop):
        def on_report(progress: LoadProgress) -> None:
            seen.append((progress.stage, threading.current_thread() is threading.main_thread()))
            report(progress)
        return original(path, report=on_report, should_stop=should_stop)

    monkeypatch.setattr(loading, "load", lambda path, report=None, should_stop=None:
                        load(path, report, should_stop))
    assert window.files.open_path(big_file)
    assert window.document.path == big_file.resolve()
    assert len(window.document.network.neurons) == 131
    assert {stage for stage, _ in seen} >= {"Reading the file"}
    assert not any(on_main for _, on_main in seen)           # never on the GUI thread
    assert window.findChild(QProgressDialog) is None or not window.findChild(
        QProgressDialog).isVisible()


def test_cancel_stops_the_load_and_keeps_the_document(window, big_file, monkeypatch, qtbot):
    """The loader polls should_stop; Cancel sets it, the load ends, nothing changes."""
    before = window.document
    started = threading.Event()

    def slow_load(path, report=None, should_stop=None):
        report(LoadProgress("Neurons", 10, 1_000_000))
        started.set()
        for _ in range(6000):                # a safety release after a minute
            if should_stop():
                raise LoadCancelled("loading was cancelled")
            threading.Event().wait(0.01)     # a loader between two of its checks
        raise AssertionError("Cancel never reached the loader")

    monkeypatch.setattr(loading, "load", slow_load)

    def press_cancel() -> None:
        dialog = window.findChild(QProgressDialog, "load_progress")
        assert dialog is not None
        [button] = [b for b in dialog.findChildren(QPushButton) if b.text() == "Cancel"]
        button.click()

    def cancel_when_started() -> None:
        started.wait()
        press_cancel()

    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, cancel_when_started)
    assert not window.files.open_path(big_file)
    assert window.document is before
    assert window.dialogs.warnings == []                     # cancelling is not an error
    assert "cancelled" in window.statusBar().currentMessage()


def test_a_refused_big_file_names_itself(window, big_file):
    big_file.write_text('{"format": "bpstudio-network", "version": 1, "neurons": [')
    before = window.document
    assert not window.files.open_path(big_file)
    [warning] = window.dialogs.warnings
    assert "big.bpnet" in warning
    assert window.document is before
