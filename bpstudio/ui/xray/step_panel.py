"""The step-mode dock: which samples, the step buttons, what the step did, the update."""

from __future__ import annotations

import re

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from bpstudio.ui.i18n import translate
from bpstudio.ui.xray.actions import KEYS, XRayActions
from bpstudio.ui.xray.session import BIG_EDGES, BIG_NEURONS, XRaySession
from bpstudio.ui.xray.step_mode import StepMode
from bpstudio.xray.text import fmt
from bpstudio.xray.update import UpdateResult, UpdateRow

_ROOT = QModelIndex()
HINT_STYLE = "color: #92400e; background: #fef3c7; border-radius: 4px; padding: 4px 6px;"
NOTE_STYLE = "color: #6b7280; font-size: 8.5pt;"
#: a step's phase (Step.phase) in words
PHASES = {"start": QT_TRANSLATE_NOOP("StepPanel", "start"),
          "forward": QT_TRANSLATE_NOOP("StepPanel", "forward"),
          "loss": QT_TRANSLATE_NOOP("StepPanel", "loss"),
          "backward": QT_TRANSLATE_NOOP("StepPanel", "backward")}


def _label(text: str = "", style: str = "", wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if style:
        label.setStyleSheet(style)
    return label


class StepPanel(QWidget):
    """Controls and narration of step mode."""

    def __init__(self, session: XRaySession, step: StepMode, actions: XRayActions) -> None:
        super().__init__()
        self.session, self.step, self.xray_actions = session, step, actions
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        heading = _label(self.tr("Backprop, one neuron at a time"))
        heading.setObjectName("panelHeading")
        layout.addWidget(heading)
        layout.addLayout(self._sample_row())
        self.samples_text = _label(style=NOTE_STYLE)
        layout.addWidget(self.samples_text)
        layout.addLayout(self._buttons())
        self.progress = _label(style="color: #374151; font-weight: 600;")
        layout.addWidget(self.progress)
        self.narration = _label(style="font-size: 10.5pt; color: #111827;")
        self.narration.setMinimumHeight(48)
        layout.addWidget(self.narration)
        self.hint = _label(style=HINT_STYLE)
        layout.addWidget(self.hint)
        self.big_note = _label(
            self.tr("This network is big (over {neurons} neurons or {edges} edges): the "
                    "canvas labels only the selected neuron's neighbourhood and the current "
                    "neuron. Select a neuron to see its numbers.").format(
                neurons=BIG_NEURONS, edges=BIG_EDGES), NOTE_STYLE)
        layout.addWidget(self.big_note)
        self.update_title = _label(style="font-weight: 600; color: #047857;")
        layout.addWidget(self.update_title)
        self.table = self._update_table()
        layout.addWidget(self.table, 1)
        keys = _label(self.tr("Keys (canvas focused): ") + " · ".join(
            f"<b>{translate('XRayActions', k)}</b> "
            f"{re.split('[:：]', translate('XRayActions', w))[0]}" for k, w in KEYS),
            NOTE_STYLE)
        keys.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(keys)
        layout.addStretch(0)
        step.changed.connect(self.refresh)
        session.values_changed.connect(lambda structure: self.refresh())
        self.refresh()

    def _sample_row(self) -> QGridLayout:
        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("Sample")), 0, 0)
        self.sample_spin = QSpinBox()
        self.sample_spin.setMinimum(1)
        self.sample_spin.setToolTip(self.tr("Which training sample the pass runs on"))
        grid.addWidget(self.sample_spin, 0, 1)
        self.of_label = QLabel()
        grid.addWidget(self.of_label, 0, 2)
        self.minibatch = QCheckBox(self.tr("minibatch of"))
        self.minibatch.setToolTip(self.tr("Average over consecutive samples, as minibatch "
                                          "training does"))
        grid.addWidget(self.minibatch, 1, 0)
        self.batch_spin = QSpinBox()
        self.batch_spin.setRange(2, 256)
        self.batch_spin.setValue(4)
        grid.addWidget(self.batch_spin, 1, 1)
        grid.addWidget(QLabel(self.tr("samples")), 1, 2)
        grid.setColumnStretch(3, 1)
        self.sample_spin.valueChanged.connect(self._on_samples)
        self.minibatch.toggled.connect(self._on_samples)
        self.batch_spin.valueChanged.connect(self._on_samples)
        return grid

    def _buttons(self) -> QGridLayout:
        grid = QGridLayout()
        self.backward_button = QPushButton(self.tr("← Backward"))
        self.forward_button = QPushButton(self.tr("Forward →"))
        self.run_button = QPushButton(self.tr("Whole pass"))
        self.update_button = QPushButton(self.tr("Apply update"))
        self.leave_button = QPushButton(self.tr("Leave"))
        for i, (button, slot, tip) in enumerate((
                (self.backward_button, self.step.backward, self.tr("Next neuron backward (←)")),
                (self.forward_button, self.step.forward,
                 self.tr("Next neuron of the forward pass (→)")),
                (self.run_button, self.step.run_pass,
                 self.tr("Forward, loss and backward (Shift+→)")),
                (self.update_button, self.step.apply_update, "w ← w − η·∂L/∂w (U)"),
                (self.leave_button, self.step.leave, self.tr("Back to the plain canvas (Esc)")))):
            button.setToolTip(tip)
            button.clicked.connect(lambda checked=False, s=slot: s())
            grid.addWidget(button, i // 3, i % 3)
        return grid

    def _update_table(self) -> QTableView:
        table = QTableView()
        self.model = UpdateModel()
        table.setModel(self.model)
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setResizeContentsPrecision(100)   # a few rows, not 2,410
        table.horizontalHeader().setStretchLastSection(True)
        table.selectionModel().currentRowChanged.connect(self._on_table_row)
        return table

    # ----------------------------------------------------------------- refresh
    def _on_samples(self) -> None:
        batch = self.batch_spin.value() if self.minibatch.isChecked() else 1
        self.session.set_samples(self.sample_spin.value() - 1, batch)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        step, session = self.step, self.session
        if not self.isVisible() and not step.active:
            return          # nothing to show: do not trace a pass nobody looks at
        n = session.n_samples()
        for spin in (self.sample_spin, self.batch_spin, self.minibatch):
            spin.blockSignals(True)
        self.sample_spin.setMaximum(max(n, 1))
        self.sample_spin.setValue(session.sample + 1)
        self.batch_spin.setMaximum(max(n, 2))
        self.minibatch.setChecked(session.batch_size > 1)
        for spin in (self.sample_spin, self.batch_spin, self.minibatch):
            spin.blockSignals(False)
        for widget in (self.sample_spin, self.batch_spin, self.minibatch):
            widget.setEnabled(n > 0)
        if n:
            self.of_label.setText(self.tr("of {n}").format(n=n))
            self.samples_text.setText(session.describe_samples())
        else:    # "Sample 1 of 0" said nothing: say there is no data, and why
            self.of_label.setText(self.tr("(no data)"))
            self.samples_text.setText(self.tr("No samples to step through: {0}").format(
                session.error() or self.tr("the dataset is empty")))
        running = session.training_running()
        sequence = step.sequence()
        usable = sequence is not None and not running
        for button in (self.forward_button, self.backward_button, self.run_button,
                       self.update_button):
            button.setEnabled(usable)
        self.leave_button.setEnabled(step.active)
        self.xray_actions.set_stepping(step.active, not running)
        if sequence is None:
            self.progress.setText("")
        elif not step.active:
            self.progress.setText(self.tr("Step mode is off: press Forward (or X on the "
                                          "canvas)."))
        else:
            phase = translate("StepPanel", PHASES.get(sequence.steps[step.index].phase, ""))
            self.progress.setText(self.tr("Step {index} of {last} · {phase}").format(
                index=step.index, last=sequence.last, phase=phase))
        self.narration.setText(step.description() if step.active or sequence is None else "")
        self.hint.setText(step.hint)
        self.hint.setVisible(bool(step.hint))
        self.big_note.setVisible(session.is_big())
        self._fill_update()

    def _fill_update(self) -> None:
        result = self.step.update_result
        self.table.setVisible(result is not None)
        self.update_title.setVisible(result is not None)
        if result is self.model.result:
            return
        self.model.set_result(result)
        if result is not None:
            self.update_title.setText(
                self.tr("One step with η = {rate}: loss {before} → {after} on these samples "
                        "(largest changes first)").format(
                    rate=fmt(result.learning_rate), before=fmt(result.loss_before),
                    after=fmt(result.loss_after)))

    def _on_table_row(self, current: QModelIndex, previous: QModelIndex) -> None:
        row = self.model.row(current.row())
        if row is not None:
            self.session.select_parameter(row.kind, row.id)


class UpdateModel(QAbstractTableModel):
    """old → new of every parameter, largest change first; rows are made when shown (a
    digits network has thousands)."""

    HEADERS = (QT_TRANSLATE_NOOP("UpdateModel", "parameter"),
               QT_TRANSLATE_NOOP("UpdateModel", "old"), "∂L/∂p",
               QT_TRANSLATE_NOOP("UpdateModel", "new = old − η·∂L/∂p"))
    RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter

    def __init__(self) -> None:
        super().__init__()
        self.result: UpdateResult | None = None
        self.rows: list[UpdateRow] = []

    def set_result(self, result: UpdateResult | None) -> None:
        self.beginResetModel()
        self.result = result
        self.rows = [] if result is None else sorted(
            result.rows, key=lambda r: (r.frozen, -abs(r.new - r.old), r.kind, r.id))
        self.endResetModel()

    def row(self, index: int) -> UpdateRow | None:
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return translate("UpdateModel", self.HEADERS[section])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> object:
        row = self.row(index.row())
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            new = fmt(row.new) + (self.tr("  (frozen)") if row.frozen else "")
            return (row.name, fmt(row.old), fmt(row.grad), new)[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column():
            return self.RIGHT
        return None
