"""The training dock: controls, a status line, and every setting of the run.

Edits are intents (``settings_edit_requested`` / ``dataset_edit_requested``); the window
turns them into undoable commands, and the panel follows the document's
``settings_changed`` event, so undo and redo show up here as well.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from bpstudio.data import BUILTINS, dataset_kind, default_scaling
from bpstudio.engine.targets import target_encoding
from bpstudio.engine.training import Progress
from bpstudio.model.network import Network
from bpstudio.model.settings import DatasetSpec, SettingsError
from bpstudio.ui.i18n import translate
from bpstudio.ui.panels.image_options import ImageOptionsDialog
from bpstudio.ui.panels.training_fields import (
    DATASET_TIP,
    GROUPS,
    Field,
    FieldEditor,
    field_visible,
)
from bpstudio.ui.widgets.live_label import LiveLabel
from bpstudio.ui.words import DATASET_NAMES

CSV_ITEM = "\0csv"          # item data of "CSV file…" (never a real dataset name)
FOLDER_ITEM = "\0folder"    # "Image folder…"
IDX_ITEM = "\0idx"          # "MNIST (IDX) file…"
CHOOSER_ITEMS = (CSV_ITEM, FOLDER_ITEM, IDX_ITEM)
CSV_FILTER = QT_TRANSLATE_NOOP("TrainingPanel", "CSV files (*.csv *.txt);;All files (*)")
IDX_FILTER = QT_TRANSLATE_NOOP("TrainingPanel", "MNIST-format images (*idx3-ubyte "
                                                "*idx3-ubyte.gz *.idx3 *.idx3.gz);;All files "
                                                "(*)")
#: dataset kinds whose image options (size, colour, invert) the dialog edits
IMAGE_KINDS = ("image_folder", "idx")
STATE_WORDS = {"idle": QT_TRANSLATE_NOOP("TrainingPanel", "Ready"),
               "running": QT_TRANSLATE_NOOP("TrainingPanel", "Training"),
               "paused": QT_TRANSLATE_NOOP("TrainingPanel", "Paused"),
               "stopping": QT_TRANSLATE_NOOP("TrainingPanel", "Stopping…"),
               "finished": QT_TRANSLATE_NOOP("TrainingPanel", "Finished")}
HEADING_STYLE = "font-weight: 600; color: #374151; padding-top: 8px;"
BANNER_STYLE = ("background: #fef2f2; border: 1px solid #fecaca; border-radius: 6px; "
                "color: #991b1b; padding: 6px;")


class StatusLabel(LiveLabel):
    """The status bar's training line: as wide as ``widest`` when there is room, elided
    when not, hidden (taking no room) when empty, with the whole line as its tooltip."""

    def __init__(self, widest: str, parent: QWidget | None = None) -> None:
        super().__init__(widest=widest, parent=parent)   # empty: hidden by setText

    def setText(self, text: str) -> None:
        self.setToolTip(text)
        # Empty, it takes no room: the status bar's messages (the welcome line) get it.
        if self.isHidden() == bool(text):
            self.setHidden(not text)
        super().setText(text)


class _WheelGuard(QObject):
    """Scrolling the panel must not change a spin box or combo box it passes over."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Wheel and not watched.hasFocus():
            event.ignore()
            return True
        return False


def format_elapsed(seconds: float) -> str:
    minutes, rest = divmod(max(seconds, 0.0), 60)
    hours, minutes = divmod(int(minutes), 60)
    return f"{hours}:{minutes:02d}:{rest:04.1f}" if hours else f"{minutes}:{rest:04.1f}"


def state_word(state: str) -> str:
    return translate("TrainingPanel", STATE_WORDS[state]) if state in STATE_WORDS else state


def status_line(state: str, progress: Progress | None) -> str:
    """'Training · epoch 1,234 · 1,150 steps/s · 0:12.3' (the numbers the issue asks for)."""
    word = state_word(state)
    if progress is None:
        return (translate("TrainingPanel", "{state}: press Train (Space) to start")
                .format(state=word) if state == "idle" else word)
    rate = progress.steps_per_second if state == "running" else None
    return _status_parts(word, progress.epoch, progress.step, rate, progress.elapsed)


def _status_parts(word: str, epoch: int, step: int, rate: float | None,
                  elapsed: float) -> str:
    parts = [word, translate("TrainingPanel", "epoch {epoch}").format(epoch=f"{epoch:,}"),
             translate("TrainingPanel", "step {step}").format(step=f"{step:,}")]
    if rate is not None:
        parts.append(translate("TrainingPanel", "{rate} steps/s").format(rate=f"{rate:,.0f}"))
    parts.append(format_elapsed(elapsed))
    return " · ".join(parts)


def widest_status_line() -> str:
    """A long status line in the current language, to size the status bar's label."""
    return _status_parts(state_word("running"), 100_000, 1_000_000, 10_000, 0)


def _number(value: float) -> str:
    """4 significant digits; ∞ for an overflow (a diverging run), — for NaN."""
    if math.isnan(value):
        return "—"
    return f"{value:.4g}" if math.isfinite(value) else ("∞" if value > 0 else "−∞")


def loss_line(progress: Progress | None) -> str:
    """'train loss 0.0123 · test loss 0.0145 · test accuracy 96.1% · η 0.5'."""
    if progress is None or math.isnan(progress.train_loss):
        return ""
    parts = [translate("TrainingPanel", "train loss {value}")
             .format(value=_number(progress.train_loss))]
    if progress.validation_loss is not None:
        parts.append(translate("TrainingPanel", "validation loss {value}")
                     .format(value=_number(progress.validation_loss)))
    if progress.test_loss is not None:
        parts.append(translate("TrainingPanel", "test loss {value}")
                     .format(value=_number(progress.test_loss)))
    metric = progress.test_metric
    if metric is not None:
        parts.append(translate("TrainingPanel", "test accuracy {value}")
                     .format(value=f"{metric:.1%}") if progress.metric_name == "accuracy"
                     else translate("TrainingPanel", "test R² {value}")
                     .format(value=_number(metric)))
    parts.append(f"η {progress.learning_rate:.3g}")
    return " · ".join(parts)


class TrainingPanel(QWidget):
    """Train/Step/Stop buttons, the status line, a message banner and the settings form."""

    #: (TrainingSettings, field label, field name)
    settings_edit_requested = Signal(object, str, str)
    #: (DatasetSpec, field label, field name)
    dataset_edit_requested = Signal(object, str, str)
    #: a passing report for the status bar (a typed value out of range)
    status_message = Signal(str)

    def __init__(self, actions: Sequence[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.network: Network | None = None
        self._base_dir: Callable[[], Path | None] = lambda: None
        self._wheel_guard = _WheelGuard(self)
        self.editors: dict[tuple[str, str], FieldEditor] = {}
        self._forms: dict[tuple[str, str], QFormLayout] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.setSpacing(6)
        layout.addLayout(self._build_controls(actions))
        # Numbers change many times a second: they must never re-layout the window.
        self.status = LiveLabel(status_line("idle", None), lines=2, wrap=True,
                                color="#1f2937", bold=True)
        self.losses = LiveLabel(lines=2, wrap=True, color="#4b5563")
        for label in (self.status, self.losses):
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.setVisible(False)
        self.pace = LiveLabel(lines=1, color="#6b7280")
        self.pace.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self._speed_row = QHBoxLayout()
        self._speed_row.setSpacing(6)
        layout.addLayout(self._speed_row)
        for widget in (self.status, self.pace, self.losses, self.banner):
            layout.addWidget(widget)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self._build_form())
        layout.addWidget(scroll, 1)
        # The settings scroll: the dock may be short (the window restores small sizes).
        self.setMinimumSize(160, 90)

    # ------------------------------------------------------------ building
    def _build_controls(self, actions: Sequence[QAction]) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(2)
        self.buttons: list[QToolButton] = []
        for i, action in enumerate(actions):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setAutoRaise(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)   # Space must reach the shortcut
            if i == 0:   # Train/Pause/Resume: the one button that needs its word
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
                button.setMinimumWidth(84)
            self.buttons.append(button)
            row.addWidget(button)
        row.addStretch(1)
        return row

    def _build_form(self) -> QWidget:
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 4, 0)
        column.setSpacing(2)
        column.addWidget(self._heading(self.tr("Dataset")))
        self.dataset_combo = QComboBox()
        self.dataset_combo.setToolTip(translate("TrainingFields", DATASET_TIP))
        self.dataset_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.dataset_combo.setMinimumContentsLength(8)
        for name, info in BUILTINS.items():
            # sequence sets say so: they need a network with recurrent connections
            shown = translate("Datasets", DATASET_NAMES.get(name, name))
            if info.is_sequences:
                shown = QCoreApplication.translate("TrainingPanel", "{0} · sequences").format(
                    shown)
            self.dataset_combo.addItem(shown, name)
            self.dataset_combo.setItemData(self.dataset_combo.count() - 1,
                                           translate("Datasets", info.description),
                                           Qt.ItemDataRole.ToolTipRole)
        self.dataset_combo.insertSeparator(self.dataset_combo.count())
        self.dataset_combo.addItem(self.tr("CSV file…"), CSV_ITEM)
        self.dataset_combo.addItem(self.tr("Image folder…"), FOLDER_ITEM)
        self.dataset_combo.setItemData(
            self.dataset_combo.count() - 1,
            self.tr("A folder with one subfolder of images (PNG, JPEG, BMP, GIF, WebP) per "
                    "class, named after the class"), Qt.ItemDataRole.ToolTipRole)
        self.dataset_combo.addItem(self.tr("MNIST (IDX) file…"), IDX_ITEM)
        self.dataset_combo.setItemData(
            self.dataset_combo.count() - 1,
            self.tr("An …-images-idx3-ubyte[.gz] file with its labels file beside it "
                    "(MNIST, Fashion-MNIST, EMNIST)"), Qt.ItemDataRole.ToolTipRole)
        self.dataset_combo.activated.connect(self._on_dataset_activated)
        self.dataset_combo.installEventFilter(self._wheel_guard)
        column.addWidget(self.dataset_combo)
        self.image_options_button = QPushButton(self.tr("Image options…"))
        self.image_options_button.setToolTip(self.tr("Size, grayscale or RGB, invert, input "
                                                     "scaling and test ratio of the images"))
        self.image_options_button.clicked.connect(self._edit_image_options)
        self.image_options_button.setVisible(False)
        column.addWidget(self.image_options_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.dataset_hint = QLabel()
        self.dataset_hint.setTextFormat(Qt.TextFormat.RichText)
        self.dataset_hint.setWordWrap(True)
        self.dataset_hint.setStyleSheet("color: #6b7280; font-size: 8.5pt;")
        column.addWidget(self.dataset_hint)
        self._headings: dict[str, tuple[QLabel, tuple[Field, ...]]] = {}
        for title, fields in GROUPS:
            if title != "Data":
                heading = self._heading(translate("TrainingFields", title))
                self._headings[title] = (heading, fields)
                column.addWidget(heading)
            form = QFormLayout()
            form.setContentsMargins(0, 0, 0, 0)
            form.setHorizontalSpacing(8)
            form.setVerticalSpacing(4)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            for field in fields:
                editor = FieldEditor(field)
                editor.setParent(self)
                editor.edited.connect(lambda value, f=field: self._on_field_edited(f, value))
                editor.refused.connect(lambda text, e=editor: self._on_refused(e, text))
                key = (field.target, field.name)
                self.editors[key] = editor
                self._forms[key] = form
                if isinstance(editor.widget, QAbstractSpinBox | QComboBox):
                    editor.widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
                    editor.widget.installEventFilter(self._wheel_guard)
                label = QLabel(translate("TrainingFields", field.label))
                label.setToolTip(translate("TrainingFields", field.tip))
                form.addRow(label, editor.widget)
            column.addLayout(form)
        self.field_error = QLabel()
        self.field_error.setObjectName("fieldError")
        self.field_error.setWordWrap(True)
        self.field_error.setVisible(False)
        column.addWidget(self.field_error)
        column.addStretch(1)
        return content

    @staticmethod
    def _heading(text: str) -> QLabel:
        label = QLabel(text)
        label.setStyleSheet(HEADING_STYLE)
        return label

    # ------------------------------------------------------------ document
    def set_network(self, network: Network, base_dir: Callable[[], Path | None]) -> None:
        if self.network is not None:
            events = self.network.events
            events.settings_changed.disconnect(self.refresh)
            for event in (events.neurons_added, events.neurons_removed,
                          events.points_changed):
                event.disconnect(self._show_targets)
            events.neurons_changed.disconnect(self._on_neurons_changed)
        self.network, self._base_dir = network, base_dir
        events = network.events
        events.settings_changed.connect(self.refresh)
        # the targets line follows the outputs: how many, and their activation
        for event in (events.neurons_added, events.neurons_removed, events.points_changed):
            event.connect(self._show_targets)
        events.neurons_changed.connect(self._on_neurons_changed)
        self.refresh()

    def editor(self, name: str, target: str = "settings") -> FieldEditor:
        return self.editors[(target, name)]

    def refresh(self) -> None:
        """Show the document's settings (after an edit, an undo or a new document)."""
        network = self.network
        if network is None:
            return
        settings, spec = network.settings, network.dataset
        self._show_dataset(spec)
        for (target, name), editor in self.editors.items():
            editor.show(getattr(settings if target == "settings" else spec, name))
            self._forms[(target, name)].setRowVisible(
                editor.widget, field_visible(editor.field, settings, spec))
        # a group none of whose settings applies (time steps for samples) hides its title
        for heading, fields in self._headings.values():
            heading.setVisible(any(field_visible(f, settings, spec) for f in fields))

    def _kind(self, spec: DatasetSpec) -> str:
        return dataset_kind(spec, self._base_dir())

    def _show_dataset(self, spec: DatasetSpec) -> None:
        """Select ``spec`` in the combo: built-ins, then the last file or folder, then the
        choosers ("CSV file…", "Image folder…", "MNIST (IDX) file…")."""
        combo = self.dataset_combo
        file_row = len(BUILTINS)
        has_file = combo.count() > len(BUILTINS) + 1 + len(CHOOSER_ITEMS)
        kind = self._kind(spec)
        self.image_options_button.setVisible(kind in IMAGE_KINDS or spec.name == "fashion")
        if spec.is_builtin:
            combo.setCurrentIndex(combo.findData(spec.name))
            self._show_hint(translate("Datasets", BUILTINS[spec.name].description))
            return
        if has_file and combo.itemData(file_row) != spec.name:
            combo.removeItem(file_row)     # the previous file makes room for this one
            has_file = False
        if not has_file:
            shown = self.tr("drawn points") if spec.is_drawn else Path(spec.name).name
            combo.insertItem(file_row, shown, spec.name)
            combo.setItemData(file_row, spec.name, Qt.ItemDataRole.ToolTipRole)
        combo.setCurrentIndex(file_row)
        self._show_hint(self._file_hint(spec, kind))

    def _file_hint(self, spec: DatasetSpec, kind: str) -> str:
        if kind == "drawn":
            count = len(self.network.drawn_points) if self.network is not None else 0
            return self.tr("The %n point(s) drawn on the decision-boundary plane (Draw data)",
                           "", count)
        if kind == "image_folder":
            return self.tr("Image folder {name}: one subfolder per class; {size}, {colour}"
                           ).format(name=spec.name, size=self._size_text(spec),
                                    colour=self.tr("grayscale") if spec.grayscale
                                    else self.tr("RGB"))
        if kind == "idx":
            return self.tr("MNIST-format images {name} with the labels file beside it; "
                           "{size}").format(name=spec.name, size=self._size_text(spec))
        return self.tr("CSV file {name}: one row per sample, inputs first, targets last"
                       ).format(name=spec.name)

    def _size_text(self, spec: DatasetSpec) -> str:
        if spec.image_size is None:
            return self.tr("automatic size")
        return self.tr("resized to {w}×{h}").format(w=spec.image_width, h=spec.image_height)

    def _on_neurons_changed(self, ids: list[int], fields: frozenset[str]) -> None:
        if fields & {"role", "activation"}:
            self._show_targets()

    def _show_targets(self, *changed: object) -> None:
        if self.network is not None:
            self._show_dataset(self.network.dataset)

    def _show_hint(self, description: str) -> None:
        """The dataset's description, then how its labels become targets for the outputs
        drawn now: 'Targets: −1 / +1 for classes 0 / 1 (tanh output, threshold 0)'."""
        text = html.escape(description, quote=False)
        network = self.network
        outputs = network.outputs() if network is not None else []
        if network is not None and outputs:
            spec = network.dataset
            activations = {n.activation for n in outputs}
            targets = target_encoding(
                len(outputs), activations.pop() if len(activations) == 1 else None,
                BUILTINS[spec.name].task if spec.is_builtin else None)
            text += ("<div style='margin-top: 3px; color: #374151'>"
                     + self.tr("Targets: {targets}").format(
                         targets=html.escape(targets, quote=False))
                     + "</div>")
        self.dataset_hint.setText(text)

    # --------------------------------------------------------------- edits
    def _on_field_edited(self, field: Field, value: object) -> None:
        network = self.network
        if network is None:
            return
        try:
            if field.target == "settings":
                if getattr(network.settings, field.name) == value:
                    return
                self.settings_edit_requested.emit(
                    network.settings.with_changes(**{field.name: value}), field.label,
                    field.name)
            else:
                if getattr(network.dataset, field.name) == value:
                    return
                self.dataset_edit_requested.emit(
                    replace(network.dataset, **{field.name: value}), field.label,
                    f"dataset.{field.name}")
        except SettingsError as error:
            self.show_field_error(str(error))
            self.refresh()
            return
        self.show_field_error("")

    def _on_dataset_activated(self, index: int) -> None:
        network = self.network
        if network is None:
            return
        data = self.dataset_combo.itemData(index)
        spec = network.dataset
        if data in CHOOSER_ITEMS:
            new = self._choose_file(data, spec)
            if new is None:
                self._show_dataset(spec)
                return
            if new != spec:
                self.dataset_edit_requested.emit(new, "dataset", "dataset.name")
            return
        if data == spec.name:
            return
        self.dataset_edit_requested.emit(self._switched(spec, data), "dataset", "dataset.name")

    def _switched(self, spec: DatasetSpec, name: str) -> DatasetSpec:
        """``spec`` moved to the dataset ``name``, with that dataset's default input
        scaling (z-score for tables, none for images and generated points) and automatic
        image options."""
        new = replace(spec, name=name, image_width=0, image_height=0, grayscale=True,
                      invert=False)
        if spec.name == "xor" and spec.samples == 4:
            # The classic four XOR points are a special case; other sets need real sizes.
            default = DatasetSpec()
            new = replace(new, samples=default.samples, test_ratio=default.test_ratio)
        return replace(new, scale_inputs=default_scaling(new, self._base_dir()))

    def _choose_file(self, chooser: str, spec: DatasetSpec) -> DatasetSpec | None:
        """Ask for a CSV file, an image folder or an IDX file (and for images, their
        options); None if the user cancelled."""
        base = self._base_dir()
        start = str(base) if base else ""
        if chooser == FOLDER_ITEM:
            path = QFileDialog.getExistingDirectory(self, self.tr("Train on an image folder"),
                                                    start)
        else:
            title, filter_ = ((self.tr("Train on a CSV file"), translate("TrainingPanel",
                                                                         CSV_FILTER))
                              if chooser == CSV_ITEM else
                              (self.tr("Train on MNIST-format images"),
                               translate("TrainingPanel", IDX_FILTER)))
            path, _ = QFileDialog.getOpenFileName(self, title, start, filter_)
        if not path:
            return None
        new = self._switched(spec, self._relative(Path(path)))
        if self._kind(new) not in IMAGE_KINDS:
            return new
        return self._ask_image_options(new)

    def _ask_image_options(self, spec: DatasetSpec) -> DatasetSpec | None:
        dialog = ImageOptionsDialog(spec, rgb_possible=self._kind(spec) == "image_folder",
                                    parent=self)
        try:
            if dialog.exec() != ImageOptionsDialog.DialogCode.Accepted:
                return None
            return dialog.spec()
        finally:
            dialog.deleteLater()

    def _edit_image_options(self) -> None:
        network = self.network
        if network is None:
            return
        new = self._ask_image_options(network.dataset)
        if new is not None and new != network.dataset:
            self.dataset_edit_requested.emit(new, self.tr("image options"),
                                             "dataset.images")

    def _relative(self, chosen: Path) -> str:
        base = self._base_dir()
        if base is not None and chosen.is_relative_to(base):
            return str(chosen.relative_to(base))   # the project folder can move
        return str(chosen)

    def show_field_error(self, message: str) -> None:
        self.field_error.setText(message)
        self.field_error.setVisible(bool(message))

    # -------------------------------------------------------------- status
    def show_progress(self, state: str, progress: Progress | None) -> None:
        self.status.setText(status_line(state, progress))
        text = loss_line(progress)
        self.losses.setText(text)
        self.losses.setVisible(bool(text))

    def add_speed_control(self, box: QWidget) -> None:
        """The Speed control, on its own row under the buttons."""
        label = QLabel(self.tr("Speed"))
        label.setToolTip(box.toolTip())
        self._speed_row.addWidget(label)
        self._speed_row.addWidget(box, 1)

    def show_pace(self, text: str) -> None:
        """Which pace is in force (or will be, before training)."""
        self.pace.setText(text)

    def _on_refused(self, editor: FieldEditor, text: str) -> None:
        """Say why a typed value did not stick, beside the field and in the status bar."""
        widget = editor.widget
        QToolTip.showText(widget.mapToGlobal(widget.rect().bottomLeft()), text, widget)
        self.status_message.emit(text)

    def show_message(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.setVisible(bool(text))
