"""The image options of a dataset: size, grayscale or RGB, invert, input scaling, test share.

Shown when an image folder or an IDX file is chosen in the training dock, and by its
"Image options…" button afterwards. Its result is a whole DatasetSpec, so the change is
one undo step.
"""

from __future__ import annotations

import html
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from bpstudio.model.scaling import DESCRIPTIONS
from bpstudio.model.settings import MAX_IMAGE_SIDE, SCALINGS, DatasetSpec
from bpstudio.ui.i18n import translate
from bpstudio.ui.panels.training_fields import SCALE_CHOICES

DEFAULT_SIDE = 28     # what the size boxes offer when "automatic" is switched off


def scaling_choices() -> list[tuple[str, str]]:
    """(value, shown text) of every input scaling, as the Training dock shows them."""
    assert [value for value, _ in SCALE_CHOICES] == list(SCALINGS)
    return [(value, translate("TrainingFields", text)) for value, text in SCALE_CHOICES]


class ImageOptionsDialog(QDialog):
    """Edit the image options of ``spec``; :meth:`spec` is the result."""

    def __init__(self, spec: DatasetSpec, *, rgb_possible: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Image options"))
        self._spec = spec
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("How the images of <b>{name}</b> become inputs: one input "
                               "per pixel (three with RGB), values in [0, 1].")
                       .replace("{name}", html.escape(spec.name)))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.automatic = QCheckBox(self.tr("Automatic (the most common size, at most 28×28)"))
        self.automatic.setChecked(spec.image_size is None)
        self.width_box, self.height_box = QSpinBox(), QSpinBox()
        for box, value in ((self.width_box, spec.image_width),
                           (self.height_box, spec.image_height)):
            box.setRange(1, MAX_IMAGE_SIDE)
            box.setValue(value or DEFAULT_SIDE)
            box.setSuffix(" px")
        size_row = QHBoxLayout()
        size_row.addWidget(self.width_box)
        size_row.addWidget(QLabel("×"))
        size_row.addWidget(self.height_box)
        size_row.addStretch(1)
        self.automatic.toggled.connect(self._follow_automatic)
        form.addRow(self.tr("Size"), self.automatic)
        form.addRow("", size_row)
        self.colour = QComboBox()
        self.colour.addItem(self.tr("Grayscale (one input per pixel)"), True)
        self.colour.addItem(self.tr("RGB (three inputs per pixel)"), False)
        self.colour.setCurrentIndex(0 if spec.grayscale or not rgb_possible else 1)
        self.colour.setEnabled(rgb_possible)
        if not rgb_possible:
            self.colour.setToolTip(self.tr("IDX files hold grayscale images"))
        form.addRow(self.tr("Colour"), self.colour)
        self.invert = QCheckBox(self.tr("Invert (dark strokes on light paper)"))
        self.invert.setChecked(spec.invert)
        form.addRow("", self.invert)
        self.scaling = QComboBox()
        for value, text in scaling_choices():
            self.scaling.addItem(text, value)
            self.scaling.setItemData(self.scaling.count() - 1, DESCRIPTIONS[value],
                                     Qt.ItemDataRole.ToolTipRole)
        self.scaling.setCurrentIndex(max(self.scaling.findData(spec.scale_inputs), 0))
        self.scaling.setToolTip(self.tr("Fitted on the training split; images are in [0, 1] "
                                        "already, so none is the usual choice"))
        form.addRow(self.tr("Scale inputs"), self.scaling)
        self.test_ratio = QDoubleSpinBox()
        self.test_ratio.setRange(0, 0.9)
        self.test_ratio.setSingleStep(0.05)
        self.test_ratio.setValue(spec.test_ratio)
        form.addRow(self.tr("Test ratio"), self.test_ratio)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._follow_automatic(self.automatic.isChecked())
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)

    def _follow_automatic(self, automatic: bool) -> None:
        self.width_box.setEnabled(not automatic)
        self.height_box.setEnabled(not automatic)

    def spec(self) -> DatasetSpec:
        """The spec with the options as the dialog shows them."""
        width, height = ((0, 0) if self.automatic.isChecked()
                         else (self.width_box.value(), self.height_box.value()))
        return replace(self._spec, image_width=width, image_height=height,
                       grayscale=bool(self.colour.currentData()),
                       invert=self.invert.isChecked(),
                       scale_inputs=str(self.scaling.currentData()),
                       test_ratio=round(self.test_ratio.value(), 2))
