"""File ▸ Export Animation…: options, a file name, a progress dialog that can cancel."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QSpinBox,
    QWidget,
)

from bpstudio.ui.animation import (
    DEFAULT_FRAMES,
    DEFAULT_SECONDS,
    DEFAULT_SIZE,
    MAX_FRAMES,
    MAX_SIZE,
    MIN_SIZE,
    AnimationCancelled,
    AnimationOptions,
    export_animation,
)
from bpstudio.ui.i18n import translate

if TYPE_CHECKING:
    from bpstudio.ui.main_window import MainWindow

FILTERS = QT_TRANSLATE_NOOP("AnimationDialog", "Animated GIF (*.gif);;Animated PNG (*.png "
                                               "*.apng)")



class AnimationOptionsDialog(QDialog):
    """Frames, size and length of the animation (sensible defaults: 60 frames, 800×500,
    6 s)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("ExportAnimation", "Export Animation"))
        form = QFormLayout(self)
        form.addRow(QLabel(translate("ExportAnimation", "The run's timeline, from the first "
                                                        "epoch to the last: the canvas, the "
                                                        "loss curve and the data view.")))
        self.frames = QSpinBox()
        self.frames.setRange(2, MAX_FRAMES)
        self.frames.setValue(DEFAULT_FRAMES)
        self.width_box, self.height_box = QSpinBox(), QSpinBox()
        for box, value in ((self.width_box, DEFAULT_SIZE[0]),
                           (self.height_box, DEFAULT_SIZE[1])):
            box.setRange(MIN_SIZE, MAX_SIZE)
            box.setValue(value)
            box.setSuffix(" px")
        size = QHBoxLayout()
        size.addWidget(self.width_box)
        size.addWidget(QLabel("×"))
        size.addWidget(self.height_box)
        self.seconds = QDoubleSpinBox()
        self.seconds.setRange(0.5, 600.0)
        self.seconds.setDecimals(1)
        self.seconds.setValue(DEFAULT_SECONDS)
        self.seconds.setSuffix(" s")
        form.addRow(translate("ExportAnimation", "Frames"), self.frames)
        form.addRow(translate("ExportAnimation", "Size"), size)
        form.addRow(translate("ExportAnimation", "Length"), self.seconds)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def options(self) -> AnimationOptions:
        return AnimationOptions(self.frames.value(),
                                (self.width_box.value(), self.height_box.value()),
                                self.seconds.value())


def export_animation_interactively(window: MainWindow) -> bool:
    """Ask for options and a file, render with a cancellable progress dialog; True once
    written."""
    if len(window.training.timeline) < 2:
        QMessageBox.information(
            window, translate("ExportAnimation", "Export Animation"),
            translate("ExportAnimation", "There is no timeline to animate yet: train the "
                                         "network first (the animation shows how this run "
                                         "learned)."))
        return False
    dialog = AnimationOptionsDialog(window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    options = dialog.options()
    start = window.store.last_directory()
    name = (window.document.display_name if window.document is not None else "network")
    path, _ = QFileDialog.getSaveFileName(window, translate("ExportAnimation", "Export Animation"),
                                          str(Path(start or ".") / f"{name}.gif"),
                                          QCoreApplication.translate("AnimationDialog", FILTERS))
    if not path:
        return False
    target = Path(path)
    if target.suffix.lower() not in (".gif", ".png", ".apng"):
        target = target.with_suffix(".gif")
    progress = QProgressDialog(translate("ExportAnimation", "Rendering the animation…"),
                               translate("ExportAnimation", "Cancel"), 0, options.frames,
                               window)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(300)

    def report(done: int, total: int) -> bool:
        progress.setValue(done)
        return not progress.wasCanceled()

    try:
        written = export_animation(window, target, options, report)
    except AnimationCancelled:
        window.show_message(translate("ExportAnimation", "Animation export cancelled: no file "
                                                         "was written"))
        return False
    except (ValueError, OSError) as error:
        QMessageBox.warning(window, translate("ExportAnimation", "Cannot export the animation"),
                            str(error))
        return False
    finally:
        progress.close()
    window.store.set_last_directory(target)
    window.show_message(translate("ExportAnimation", "Wrote %s (%s frames, %s KB)") % (
        target.name, options.frames, f"{written / 1024:,.0f}"))
    return True
