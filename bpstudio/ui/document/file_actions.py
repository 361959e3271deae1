"""New, New for Dataset, Open, Import, Save, Save As, Revert, Recent files, Examples and
Export for the window.

The current document is never touched by a failed load: the new network is read
completely first and only then replaces the old one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from bpstudio.data import Dataset, LoadCancelled
from bpstudio.examples import example_path, list_examples
from bpstudio.formats.bpnet import BpnetError, ProjectInfo, load, save
from bpstudio.model.network import Network
from bpstudio.progress import Report, ShouldStop
from bpstudio.ui.document.loading import load_with_progress
from bpstudio.ui.document.new_for_dataset import NewForDatasetDialog, NewForDatasetRequest
from bpstudio.ui.i18n import translate
from bpstudio.ui.settings_store import SettingsStore
from bpstudio.ui.training.load_dialog import run_with_progress
from bpstudio.workflow import export_document, network_for_dataset

if TYPE_CHECKING:
    from bpstudio.ui.main_window import MainWindow

def import_filter() -> str:
    """The import dialog's filters: every importable model, then each format."""
    # The exporters and importers load on first use, not with the window (start-up time).
    from bpstudio.formats.imports import IMPORT_FORMATS

    patterns = " ".join(f"*{f.suffix}" for f in IMPORT_FORMATS)
    return ";;".join([translate("FileActions", "Networks to import ({patterns})").format(
                          patterns=patterns),
                      *(f"{f.name} (*{f.suffix})" for f in IMPORT_FORMATS),
                      translate("FileActions", "All files (*)")])


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
        raise BpnetError(translate("Document", "cannot open {path}: {reason}").format(
            path=path, reason=error.strerror or error)) from None
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
    #: the document was written to its file (its recovery copy can go)
    document_saved = Signal()

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

    def new_for_dataset(self) -> bool:
        """Network ▸ New for Dataset…: ask for the dataset and hidden layers, then make the
        network as ``bpstudio new --dataset`` does (loading on a thread, with Cancel)."""
        if not self.maybe_save():
            return False
        dialog = NewForDatasetDialog(self.window, self.store.last_directory())
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            request = dialog.request()
        finally:
            dialog.deleteLater()
        return self.create_for_dataset(request)

    def create_for_dataset(self, request: NewForDatasetRequest) -> bool:
        """Make and show the network ``request`` describes; one clear message if the
        data cannot be loaded, nothing changed if the user cancels the loading."""
        def work(report: Report, should_stop: ShouldStop) -> tuple[Network, Dataset]:
            return network_for_dataset(request.spec, None, request.hidden,
                                       request.activation, request.seed, report=report,
                                       should_stop=should_stop)

        try:
            network, dataset = run_with_progress(self.window, self.tr("Loading the dataset"),
                                                 work)
        except LoadCancelled:
            self.message.emit(self.tr("New network cancelled: the current one stays open"))
            return False
        except ValueError as error:   # data, settings or shape problems, worded already
            self._error(self.tr("Cannot make the network"), str(error))
            return False
        sizes = [len(network.inputs()), *request.hidden, len(network.outputs())]
        title = f"{'-'.join(map(str, sizes))} {request.activation} for {dataset.name}"
        self.window.set_document(Document(network, ProjectInfo(title=title)))
        self.message.emit(self.tr("New {title}: press Train (Space) to start").format(
            title=title))
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
        """Open without asking about unsaved changes (the caller already did); a big file
        loads behind a progress dialog with Cancel."""
        try:
            loaded = load_with_progress(self.window, path)
        except BpnetError as error:
            self._error(self.tr("Cannot open the file"), str(error))
            return False
        if loaded is None:
            self.message.emit(self.tr("Opening {name} was cancelled; nothing changed").format(
                name=Path(path).name))
            return False
        document = Document(*loaded, Path(path).resolve())
        self.window.set_document(document)
        self._remember(document.path)
        self.message.emit(self.tr("Opened {name}").format(name=document.path.name))
        return True

    def import_model(self, path: str | Path | None = None) -> bool:
        """File ▸ Import…: an ONNX model or BP Studio's own .npz/.json export, opened as a
        new, unsaved document; the open document stays if the file cannot be read."""
        if not self.maybe_save():
            return False
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self.window, self.tr("Import a network"),
                                                  self.store.last_directory(),
                                                  import_filter())
            if not path:
                return False
        from bpstudio.formats.imports import ModelImportError, import_network

        try:
            network, info = import_network(path)
        except ModelImportError as error:
            self._error(self.tr("Cannot import"), str(error))
            return False
        self.window.set_document(Document(network, info))
        self.store.set_last_directory(Path(path).resolve())
        self.message.emit(self.tr("Imported {name}: {neurons:,} neurons, {connections:,} "
                                  "connections; Save As keeps it as a .bpnet").format(
            name=Path(path).name, neurons=len(network.neurons),
            connections=len(network.connections)))
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
        self.document_saved.emit()
        self.message.emit(self.tr("Saved {name}").format(name=path.name))
        return True

    def export(self, format_key: str | None = None) -> bool:
        """File ▸ Export…: the export dialog, on ``format_key`` or the last format used,
        in the last export folder."""
        from bpstudio.formats.exports import FORMATS, FORMATS_BY_KEY
        from bpstudio.ui.document.export_dialog import ExportDialog

        document = self.window.document
        stem = document.path.stem if document.path else document.example or "network"
        folder, last_key = self.store.export_location()
        key = format_key or (last_key if last_key in FORMATS_BY_KEY else FORMATS[0].key)
        folder = folder or self.store.last_directory() or str(Path.home())
        suggestion = Path(folder) / f"{stem}{FORMATS_BY_KEY[key].suffixes[0]}"
        dialog = ExportDialog(suggestion, key, self.window)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            path, key = dialog.chosen()
        finally:
            dialog.deleteLater()
        return self.export_to(path, key)

    def export_to(self, path: Path, format_key: str) -> bool:
        """Write the network (with the latest weights while training) in that format."""
        from bpstudio.formats.exports import FORMATS_BY_KEY, ExportError

        document = self.window.document
        try:
            written = export_document(
                self.window.training.network_for_saving(), path,
                base_dir=self.window.document_dir(), format_key=format_key,
                title=document.info.title or Path(document.display_name).stem)
        except (ExportError, OSError) as error:
            self._error(self.tr("Cannot export"), str(error))
            return False
        self.store.set_export_location(path, format_key)
        self.message.emit(self.tr("Exported {format}: {files}").format(
            format=FORMATS_BY_KEY[format_key].name,
            files=", ".join(p.name for p in written)))
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
