"""Network ▸ New for Dataset…: a network whose inputs and outputs fit a dataset.

The same code as ``bpstudio new --dataset``: :func:`bpstudio.workflow.network_for_dataset`
(inputs and outputs matched, image inputs as a grid, a fitting loss, the input scaling
fitted). The dialog only gathers its arguments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from bpstudio.data import BUILTINS, dataset_kind, default_scaling
from bpstudio.model.settings import ACTIVATIONS, MAX_SEED, DatasetSpec
from bpstudio.ui.i18n import translate
from bpstudio.ui.panels.image_options import ImageOptionsDialog, scaling_choices
from bpstudio.ui.panels.training_panel import CSV_FILTER, IDX_FILTER

FILE_ITEM = "\0file"        # "CSV or IDX file…"
FOLDER_ITEM = "\0folder"    # "Image folder…"
HIDDEN_PATTERN = r"\s*(\d+\s*(,\s*\d+\s*)*)?"
DEFAULT_DATASET = "fashion"


@dataclass(frozen=True)
class NewForDatasetRequest:
    """What :func:`bpstudio.workflow.network_for_dataset` is called with."""

    spec: DatasetSpec
    hidden: tuple[int, ...]
    activation: str
    seed: int


def parse_hidden(text: str) -> tuple[int, ...]:
    """``"32, 16"`` → (32, 16); ``""`` or ``"0"`` → no hidden layer. ValueError otherwise."""
    if not re.fullmatch(HIDDEN_PATTERN, text):
        raise ValueError(translate("NewForDataset", "hidden layers must look like 32,16; got "
                                   "{text!r}").format(text=text))
    sizes = tuple(int(part) for part in text.replace(" ", "").split(",") if part)
    if sizes == (0,):
        return ()
    if any(size < 1 for size in sizes):
        raise ValueError(translate("NewForDataset", "hidden layer sizes must be positive; got "
                                   "{text!r}").format(text=text))
    return sizes


class NewForDatasetDialog(QDialog):
    """Dataset, hidden layers, activation, seed (and image options for images)."""

    def __init__(self, parent: QWidget | None = None, start_dir: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New Network for a Dataset"))
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self._start_dir = start_dir
        self._spec = replace(DatasetSpec(name=DEFAULT_DATASET),
                             scale_inputs=default_scaling(DatasetSpec(DEFAULT_DATASET)))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Makes a network whose inputs and outputs fit the data: one "
                               "input per feature (images as a grid), softmax outputs for "
                               "classes, one sigmoid output for two, identity outputs for "
                               "regression, with a fitting loss."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.dataset = QComboBox()
        for name, info in BUILTINS.items():
            self.dataset.addItem(name, name)
            self.dataset.setItemData(self.dataset.count() - 1, info.description,
                                     Qt.ItemDataRole.ToolTipRole)
        self.dataset.insertSeparator(self.dataset.count())
        self.dataset.addItem(self.tr("CSV or IDX file…"), FILE_ITEM)
        self.dataset.addItem(self.tr("Image folder…"), FOLDER_ITEM)
        self.dataset.setCurrentIndex(self.dataset.findData(DEFAULT_DATASET))
        self.dataset.activated.connect(self._on_dataset_activated)
        form.addRow(self.tr("Dataset"), self.dataset)
        self.description = QLabel()
        self.description.setTextFormat(Qt.TextFormat.PlainText)   # paths are not HTML
        self.description.setWordWrap(True)
        self.description.setStyleSheet("color: #6b7280;")
        form.addRow("", self.description)
        self.image_options = QPushButton(self.tr("Image options…"))
        self.image_options.clicked.connect(self._edit_image_options)
        form.addRow("", self.image_options)
        self.scaling = QComboBox()
        for value, text in scaling_choices():
            self.scaling.addItem(text, value)
        form.addRow(self.tr("Scale inputs"), self.scaling)
        self.hidden = QLineEdit("32")
        self.hidden.setValidator(QRegularExpressionValidator(QRegularExpression(HIDDEN_PATTERN)))
        self.hidden.setToolTip(self.tr("Neurons per hidden layer, comma-separated (64,32); "
                                       "0 or empty for none"))
        form.addRow(self.tr("Hidden layers"), self.hidden)
        self.activation = QComboBox()
        for name in ACTIVATIONS:
            if name != "softmax":
                self.activation.addItem(name, name)
        self.activation.setCurrentIndex(self.activation.findData("relu"))
        form.addRow(self.tr("Hidden activation"), self.activation)
        self.seed = QSpinBox()
        self.seed.setRange(0, MAX_SEED)
        form.addRow(self.tr("Seed"), self.seed)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Create"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        self._show_spec()

    # ------------------------------------------------------------ dataset
    def _on_dataset_activated(self, index: int) -> None:
        data = self.dataset.itemData(index)
        if data == FILE_ITEM:
            path, _ = QFileDialog.getOpenFileName(
                self, self.tr("Dataset file"), self._start_dir,
                translate("TrainingPanel", CSV_FILTER).split(";;")[0] + ";;"
                + translate("TrainingPanel", IDX_FILTER))
        elif data == FOLDER_ITEM:
            path = QFileDialog.getExistingDirectory(self, self.tr("Image folder"),
                                                    self._start_dir)
        else:
            path = data
        if path:
            self.set_dataset(str(path))
        else:
            self._show_spec()

    def set_dataset(self, name: str) -> None:
        """Choose the built-in ``name`` or the file or folder at that path."""
        spec = DatasetSpec(name=name)
        self._spec = replace(spec, scale_inputs=default_scaling(spec))
        self._show_spec()

    def _edit_image_options(self) -> None:
        dialog = ImageOptionsDialog(self._spec, parent=self,
                                    rgb_possible=dataset_kind(self._spec) == "image_folder")
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._spec = dialog.spec()
            self._show_spec()
        dialog.deleteLater()

    def _show_spec(self) -> None:
        spec, combo = self._spec, self.dataset
        index = combo.findData(spec.name)
        if index < 0:      # a file or folder: one row above the separator holds it
            path_row = len(BUILTINS)
            if combo.itemData(path_row) not in (None, FILE_ITEM, FOLDER_ITEM) and \
                    combo.itemData(path_row) not in BUILTINS:
                combo.removeItem(path_row)
            combo.insertItem(path_row, Path(spec.name).name, spec.name)
            combo.setItemData(path_row, spec.name, Qt.ItemDataRole.ToolTipRole)
            index = path_row
        combo.setCurrentIndex(index)
        kind = dataset_kind(spec)
        self.description.setText(BUILTINS[spec.name].description if spec.is_builtin
                                 else spec.name)
        self.image_options.setVisible(kind in ("image_folder", "idx")
                                      or spec.name == "fashion")
        self.scaling.setCurrentIndex(max(self.scaling.findData(spec.scale_inputs), 0))

    # ------------------------------------------------------------- result
    def request(self) -> NewForDatasetRequest:
        """What the dialog shows; ValueError (worded for the user) if hidden is malformed."""
        spec = replace(self._spec, scale_inputs=str(self.scaling.currentData()))
        return NewForDatasetRequest(spec, parse_hidden(self.hidden.text()),
                                    str(self.activation.currentData()), self.seed.value())

    def accept(self) -> None:
        try:
            self.request()
        except ValueError as error:
            self.error.setText(str(error))
            self.error.setVisible(True)
            return
        super().accept()
