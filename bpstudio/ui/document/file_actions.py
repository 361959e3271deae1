"""New, Open, Save, Save As, Revert, Recent files, Examples and Export for the window.

The current document is never touched by a failed load: the new network is read
completely first and only then replaces the old one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox

from bpstudio.examples import example_path, list_examples
from bpstudio.formats.bpnet import BpnetError, ProjectInfo, load, save
from bpstudio.model.network import Network
from bpstudio.ui.i18n import translate
from bpstudio.ui.settings_store import SettingsStore

if TYPE_CHECKING:
    from bpstudio.ui.main_window import MainWindow

@cache
def export_filters() -> dict[str, str]:
    """The export dialog's filter for each format the exporter writes ("NumPy arrays
    (*.npz)" → ".npz"). The exporters load with the first export, not with the window."""
    from bpstudio.formats.exports import EXPORT_FORMATS

    return {f"{about.split(':')[0].split(' (')[0]} (*{suffix})": suffix
            for suffix, about in EXPORT_FORMATS}


def export_path(name: str, selected_filter: str) -> Path:
    """The file an export writes: ``name`` as typed, plus the chosen filter's suffix when
    the name does not already end in one of the export formats' (``weights`` with the JSON
    filter is ``weights.json``; ``run.v2`` is ``run.v2.json``)."""
    path = Path(name)
    if path.suffix.lower() in export_filters().values():
        return path
    suffix = export_filters().get(selected_filter)
    return path.with_name(path.name + suffix) if suffix else path


@dataclass
class Document:
    """A network and where it came from. ``path`` is None for new and example networks."""

    network: Network
    info: ProjectInfo
    path: Path | None = None
    example: str = ""          # example name, if it was opened from the examples

    @property
    def display_name(self) -> str:
        if self.path is not None:
            return self.path.name
        if self.example:
            return translate("Document", "{title} (example)").format(
                title=translate("Examples", self.info.title) if self.info.title
                else self.example)
        return translate("Document", "Untitled")


def read_document(path: str | Path) -> Document:
    """Load ``path`` completely; raises BpnetError with one clear message."""
    try:
        network, info = load(path)
    except OSError as error:     # the loader reports most; keep a guard for the rest
        raise BpnetError(f"cannot open {path}: {error.strerror or error}") from None
    return Document(network, info, Path(path).resolve())


def read_example(name: str) -> Document:
    try:
        path = example_path(name)
    except ValueError as error:
        raise BpnetError(str(error)) from None
    network, info = load(path)
    return Document(network, info, None, example=name)


class FileActions(QObject):
    """The file side of the main window: prompts, dialogs, the recent-files list."""

    #: a short report for the status bar
    message = Signal(str)
    recent_changed = Signal()

    def __init__(self, window: MainWindow, store: SettingsStore) -> None:
        super().__init__(window)
        self.window = window
        self.store = store

    # ------------------------------------------------------------ prompts
    def maybe_save(self) -> bool:
        """Ask Save / Discard / Cancel if there are unsaved changes; True to go on."""
        if self.window.undo_stack.isClean() and not self.window.training.has_unsaved_progress():
            return True
        answer = QMessageBox.question(
            self.window, self.tr("Unsaved changes"),
            self.tr("Save the changes to {name} first?").format(
                name=self.window.document.display_name),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def _error(self, title: str, message: str) -> None:
        QMessageBox.warning(self.window, title, message)
        self.message.emit(message)

    # ------------------------------------------------------------ opening
    def new(self) -> bool:
        if not self.maybe_save():
            return False
        self.window.set_document(Document(Network(), ProjectInfo()))
        self.message.emit(self.tr("New network: drag neurons from the palette onto the canvas"))
        return True

    def open(self, path: str | Path | None = None) -> bool:
        if not self.maybe_save():
            return False
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self.window, self.tr("Open network"),
                                                  self.store.last_directory(),
                                                  self._file_filter())
            if not path:
                return False
        return self.open_path(path)

    def open_path(self, path: str | Path) -> bool:
        """Open without asking about unsaved changes (the caller already did)."""
        try:
            document = read_document(path)
        except BpnetError as error:
            self._error(self.tr("Cannot open the file"), str(error))
            return False
        self.window.set_document(document)
        self._remember(document.path)
        self.message.emit(self.tr("Opened {name}").format(name=document.path.name))
        return True

    def open_example(self, name: str) -> bool:
        if not self.maybe_save():
            return False
        try:
            document = read_example(name)
        except BpnetError as error:
            self._error(self.tr("Cannot open the example"), str(error))
            return False
        self.window.set_document(document)
        self.message.emit(self.tr("Opened the {name}; Save As keeps your own copy")
                          .format(name=document.display_name))
        return True

    def revert(self) -> bool:
        document = self.window.document
        if self.window.undo_stack.isClean():
            self.message.emit(self.tr("Nothing to revert: no unsaved changes"))
            return False
        answer = QMessageBox.question(
            self.window, self.tr("Revert"),
            self.tr("Discard all unsaved changes to {name}?").format(name=document.display_name),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Discard:
            return False
        try:
            fresh = read_document(document.path) if document.path else \
                read_example(document.example) if document.example else \
                Document(Network(), ProjectInfo())
        except BpnetError as error:
            self._error(self.tr("Cannot revert"), str(error))
            return False
        self.window.set_document(fresh)
        self.message.emit(self.tr("Reverted {name}").format(name=fresh.display_name))
        return True

    # ------------------------------------------------------------- saving
    def save(self) -> bool:
        document = self.window.document
        if document.path is None:
            return self.save_as()
        return self._write(document.path)

    def save_as(self) -> bool:
        document = self.window.document
        suggestion = str(document.path) if document.path else str(
            Path(self.store.last_directory() or Path.home())
            / f"{document.example or 'network'}.bpnet")
        path, _ = QFileDialog.getSaveFileName(self.window, self.tr("Save network as"),
                                              suggestion, self._file_filter())
        if not path:
            return False
        path = Path(path)
        if not path.suffix:
            path = path.with_suffix(".bpnet")
        return self._write(path)

    def _write(self, path: Path) -> bool:
        document = self.window.document
        training = self.window.training
        try:
            # While training, the file gets the latest weights; the document itself keeps
            # its pre-training weights until the run ends and is applied (one undo step).
            save(training.network_for_saving(), path, document.info)
        except (BpnetError, OSError) as error:
            self._error(self.tr("Cannot save"), str(error))
            return False
        training.mark_saved()
        document.path = path.resolve()
        document.example = ""
        self.window.undo_stack.setClean()
        self.window.update_title()
        self._remember(document.path)
        self.message.emit(self.tr("Saved {name}").format(name=path.name))
        return True

    def export(self) -> bool:
        try:
            from bpstudio.formats.exports import ExportError, export_network
        except ImportError:
            self._error(self.tr("Export"),
                        self.tr("Exporting weights is not available in this build."))
            return False
        document = self.window.document
        stem = document.path.stem if document.path else document.example or "network"
        name, chosen_filter = QFileDialog.getSaveFileName(
            self.window, self.tr("Export trained weights"),
            str(Path(self.store.last_directory() or Path.home()) / f"{stem}.npz"),
            ";;".join(export_filters()))
        if not name:
            return False
        path = export_path(name, chosen_filter)
        try:
            export_network(self.window.training.network_for_saving(), path)
        except (ExportError, OSError) as error:
            self._error(self.tr("Cannot export"), str(error))
            return False
        self.message.emit(self.tr("Exported the weights to {name}").format(name=Path(path).name))
        return True

    # ------------------------------------------------------------- recents
    def _remember(self, path: Path | None) -> None:
        if path is not None:
            self.store.add_recent_file(path)
            self.store.set_last_directory(path)
            self.recent_changed.emit()

    def open_recent(self, path: str) -> bool:
        if not Path(path).is_file():
            self.store.remove_recent_file(path)
            self.recent_changed.emit()
            self._error(self.tr("Cannot open the file"),
                        self.tr("{path} no longer exists; it was removed from the recent "
                                "files.").format(path=path))
            return False
        return self.open(path)

    def _file_filter(self) -> str:
        return self.tr("BP Studio networks (*.bpnet);;All files (*)")

    def examples(self) -> list[tuple[str, str]]:
        """(name, title) of every built-in example, for the Examples menu."""
        return [(info.name, info.title) for info in list_examples()]
