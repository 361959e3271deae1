"""The progress bar and Cancel button of a dataset loading in the background."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from bpstudio.data import LoadProgress
from bpstudio.ui.training.data_loader import DatasetLoader

SHOW_AFTER_MS = 400     # a load from the image cache ends before the dialog would flash


def _tr(text: str) -> str:
    return QCoreApplication.translate("LoadDialog", text)


class LoadDialog(QProgressDialog):
    """Follows a :class:`DatasetLoader`: "Decoding images: 2,500 of 10,000", Cancel stops
    the load (the document and its data stay as they were). Not modal: the window stays
    usable while images decode."""

    def __init__(self, loader: DatasetLoader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.loader = loader
        self.setWindowTitle(_tr("Loading dataset"))
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
            self.setLabelText(_tr("Loading {name}…").format(name=name))
            self.setRange(0, 0)
            self.setValue(0)
            return
        self.setLabelText(_tr("{stage} of {name}: {done:,} of {total:,}").format(
            stage=report.stage, name=name, done=report.done, total=report.total))
        self.setRange(0, max(report.total, 1))
        self.setValue(min(report.done, max(report.total, 1)))

    def _on_ended(self) -> None:
        self.reset()
        self.hide()
