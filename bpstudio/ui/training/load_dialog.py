"""The progress bar and Cancel button of a dataset loading in the background, and of any
long job run with :func:`run_with_progress` (Network ▸ New for Dataset…)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar, cast

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from bpstudio.data import LoadProgress
from bpstudio.progress import Report, ShouldStop
from bpstudio.ui.i18n import translate
from bpstudio.ui.training.data_loader import CallThread, DatasetLoader

SHOW_AFTER_MS = 400     # a load from the image cache ends before the dialog would flash



class LoadDialog(QProgressDialog):
    """Follows a :class:`DatasetLoader`: "Decoding images: 2,500 of 10,000", Cancel stops
    the load (the document and its data stay as they were). Not modal: the window stays
    usable while images decode."""

    def __init__(self, loader: DatasetLoader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.loader = loader
        self.setWindowTitle(translate("LoadDialog", "Loading dataset"))
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.setMinimumDuration(SHOW_AFTER_MS)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setMinimumWidth(380)
        self.canceled.connect(loader.cancel)
        loader.progress.connect(self._on_progress)
        loader.ended.connect(self._on_ended)
        self.reset()     # a fresh QProgressDialog shows itself after the minimum duration
        self.hide()

    def _on_progress(self, name: str, report: LoadProgress | None) -> None:
        name = Path(name).name or name     # the folder, not its whole path
        if report is None:        # a load starts: the timer of minimumDuration starts too
            self.setLabelText(translate("LoadDialog", "Loading {name}…").format(name=name))
            self.setRange(0, 0)
            self.setValue(0)
            return
        self.setLabelText(translate("LoadDialog", "{stage} of {name}: {done:,} of {total:,}")
                          .format(stage=translate("Progress", report.stage), name=name,
                                  done=report.done, total=report.total))
        self.setRange(0, max(report.total, 1))
        self.setValue(min(report.done, max(report.total, 1)))

    def _on_ended(self) -> None:
        self.reset()
        self.hide()


T = TypeVar("T")


def run_with_progress(parent: QWidget, title: str,
                      work: Callable[[Report, ShouldStop], T]) -> T:
    """``work(report, should_stop)`` on a thread while a window-modal progress dialog
    (Cancel included) keeps the window painted; returns its result or raises what it
    raised (LoadCancelled after Cancel)."""
    thread = CallThread(work, parent)
    dialog = QProgressDialog(title, translate("LoadDialog", "Cancel"), 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(SHOW_AFTER_MS)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumWidth(380)
    dialog.canceled.connect(thread.cancel)

    def show(report: LoadProgress) -> None:
        dialog.setLabelText(translate("LoadDialog", "{stage}: {done:,} of {total:,}").format(
            stage=translate("Progress", report.stage), done=report.done, total=report.total))
        dialog.setRange(0, max(report.total, 1))
        dialog.setValue(min(report.done, max(report.total, 1)))

    thread.reported.connect(show)
    loop = QEventLoop()
    thread.finished.connect(loop.quit)
    dialog.setValue(0)          # starts the minimum-duration timer
    thread.start()
    if not thread.isFinished():
        loop.exec()
    thread.wait()
    dialog.reset()
    dialog.deleteLater()
    thread.deleteLater()
    if thread.error is not None:
        raise thread.error
    return cast(T, thread.result)
