"""File ▸ Export…: one dialog listing every format of ``exports.FORMATS`` with what it is
for, and where to write it. The format is the one selected in the list; the file name's
suffix follows the selection (``net.onnx`` becomes ``net.c`` when C is chosen)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bpstudio.formats.exports import FORMATS, FORMATS_BY_KEY, ExportFormat
from bpstudio.ui.i18n import translate
from bpstudio.ui.words import export_label

KEY_ROLE = Qt.ItemDataRole.UserRole


def with_suffix(path: Path, chosen: ExportFormat) -> Path:
    """``path`` named for ``chosen``: its suffix kept if the format writes it, replaced if
    it is another format's, appended otherwise (``run.v2`` → ``run.v2.onnx``)."""
    suffix = path.suffix.lower()
    if suffix in chosen.suffixes:
        return path
    if any(suffix in f.suffixes for f in FORMATS):
        return path.with_suffix(chosen.suffixes[0])
    return path.with_name(path.name + chosen.suffixes[0])


class ExportDialog(QDialog):
    """Pick a format and a file; :meth:`chosen` is (path, format key) once accepted."""

    def __init__(self, path: Path, format_key: str = "npz",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export Trained Network"))
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Every format takes raw inputs (the document's input scaling "
                               "is built in) and gives the outputs BP Studio computes."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.formats = QListWidget()
        self.formats.setWordWrap(True)
        self.formats.setSpacing(2)
        self.formats.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for export_format in FORMATS:
            suffixes = " ".join(export_format.suffixes)
            item = QListWidgetItem(
                f"{translate('ExportFormats', export_format.name)} ({suffixes}) — "
                f"{translate('ExportFormats', export_format.about)}")
            item.setData(KEY_ROLE, export_format.key)
            item.setToolTip(export_label(export_format))
            self.formats.addItem(item)
        self.formats.setMinimumHeight(6 * 44)
        layout.addWidget(self.formats, 1)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("File")))
        self.path = QLineEdit(str(path))
        row.addWidget(self.path, 1)
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        row.addWidget(browse)
        layout.addLayout(row)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Export"))
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.formats.currentRowChanged.connect(self._follow_format)
        self.path.textChanged.connect(self._follow_path)
        self.select(format_key if format_key in FORMATS_BY_KEY else FORMATS[0].key)
        self.resize(620, 440)

    # ------------------------------------------------------------- choice
    def format(self) -> ExportFormat:
        item = self.formats.currentItem()
        return FORMATS_BY_KEY[item.data(KEY_ROLE)] if item else FORMATS[0]

    def select(self, key: str) -> None:
        for row in range(self.formats.count()):
            if self.formats.item(row).data(KEY_ROLE) == key:
                self.formats.setCurrentRow(row)
                return

    def chosen(self) -> tuple[Path, str]:
        """The file to write and the format's key."""
        return Path(self.path.text().strip()).expanduser(), self.format().key

    def _follow_format(self, row: int) -> None:
        text = self.path.text().strip()
        if text:
            renamed = str(with_suffix(Path(text), self.format()))
            if renamed != text:
                self.path.setText(renamed)

    def _follow_path(self, text: str) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            bool(text.strip()))

    def _browse(self) -> None:
        chosen = self.format()
        patterns = " ".join(f"*{s}" for s in chosen.suffixes)
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export as {name}").format(name=chosen.name), self.path.text(),
            f"{chosen.name} ({patterns})",
            options=QFileDialog.Option.DontConfirmOverwrite)
        if name:
            self.path.setText(str(with_suffix(Path(name), chosen)))

    def _accept(self) -> None:
        if not self.path.text().strip():
            return
        path = with_suffix(Path(self.path.text().strip()).expanduser(), self.format())
        self.path.setText(str(path))
        if path.exists():
            answer = QMessageBox.question(
                self, self.tr("Replace the file?"),
                self.tr("{name} exists already. Replace it (and the files written "
                        "with it)?").format(name=path.name),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.accept()
