"""The properties dock: edit the selected neuron(s) or connection(s) through intents."""

from __future__ import annotations

import math

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from bpstudio.model.network import ROLES, Network
from bpstudio.model.settings import ACTIVATIONS
from bpstudio.ui.i18n import translate
from bpstudio.ui.words import ROLE_WORDS, connection_count, neuron_count

MIXED = QT_TRANSLATE_NOOP("PropertiesPanel", "(mixed)")
# Inputs pass their data value through: an activation or bias set on a mixed selection
# goes to its hidden and output neurons only.
NOT_FOR_INPUTS = frozenset({"activation", "bias"})


def parse_number(text: str, name: str) -> float:
    """The finite number in ``text``, or ValueError with a message naming ``name``."""
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        raise ValueError(translate("PropertiesPanel", "{name} must be a number, e.g. 0.5 or "
                                                      "-1.2e-3").format(name=name)) from None
    if not math.isfinite(value):
        raise ValueError(translate("PropertiesPanel", "{name} must be a finite number")
                         .format(name=name))
    return value


class NumberField(QLineEdit):
    """A line edit for one number; invalid text is kept, marked red and explained."""

    committed = Signal(float)

    def __init__(self, name: str, error_label: QLabel) -> None:
        super().__init__()
        self.name = name
        self._error = error_label
        self._shown = ""
        self.editingFinished.connect(self._on_editing_finished)

    def show_value(self, value: float | None) -> None:
        self._shown = "" if value is None else f"{value:.6g}"
        self.setText(self._shown)
        self.setPlaceholderText(translate("PropertiesPanel", MIXED) if value is None else "")
        self._set_invalid("")

    def _on_editing_finished(self) -> None:
        if self.text() == self._shown:
            return
        try:
            value = parse_number(self.text(), translate("EditController", self.name))
        except ValueError as error:
            self._set_invalid(str(error))
            return
        self._set_invalid("")
        self._shown = self.text()
        self.committed.emit(value)

    def _set_invalid(self, message: str) -> None:
        self.setProperty("invalid", bool(message))
        self.style().unpolish(self)
        self.style().polish(self)
        self._error.setText(message)
        self._error.setVisible(bool(message))


def _error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("fieldError")
    label.setWordWrap(True)
    label.setVisible(False)
    return label


class PropertiesPanel(QWidget):
    """Shows one of: summary, neuron, connection, several items. Edits become intents."""

    #: {neuron id: {field: value}}
    neurons_edit_requested = Signal(object)
    #: {connection id: {field: value}}
    connections_edit_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.network: Network | None = None
        self.neuron_ids: list[int] = []
        self.connection_ids: list[int] = []
        self._updating = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        self.heading = QLabel()
        self.heading.setObjectName("panelHeading")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.pages = QStackedWidget()
        layout.addWidget(self.pages)
        self.message = QLabel()
        self.message.setObjectName("fieldError")
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self._build_summary()
        self._build_neuron_page()
        self._build_connection_page()

    # ------------------------------------------------------------ building
    def _build_summary(self) -> None:
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.pages.addWidget(self.summary)

    def _build_neuron_page(self) -> None:
        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(0, 6, 0, 0)
        self.label_edit = QLineEdit()
        self.label_edit.setPlaceholderText(self.tr("optional name, e.g. x1"))
        self.label_edit.editingFinished.connect(self._on_label_edited)
        self.role_combo = QComboBox()
        for role in ROLES:
            self.role_combo.addItem(translate("EditController", ROLE_WORDS[role]), role)
        self.role_combo.activated.connect(
            lambda: self._edit_neurons("role", self.role_combo.currentData()))
        self.activation_combo = QComboBox()
        self.activation_combo.addItems(ACTIVATIONS)
        self.activation_combo.activated.connect(
            lambda: self._edit_neurons("activation", self.activation_combo.currentText()))
        self.bias_error = _error_label()
        self.bias_edit = NumberField("bias", self.bias_error)
        self.bias_edit.committed.connect(lambda v: self._edit_neurons("bias", v))
        self.neuron_frozen = QCheckBox(self.tr("frozen (training leaves the bias alone)"))
        self.neuron_frozen.clicked.connect(
            lambda checked: self._edit_neurons("frozen", bool(checked)))
        form.addRow(self.tr("Label"), self.label_edit)
        form.addRow(self.tr("Role"), self.role_combo)
        form.addRow(self.tr("Activation"), self.activation_combo)
        form.addRow(self.tr("Bias"), self.bias_edit)
        form.addRow("", self.bias_error)
        form.addRow("", self.neuron_frozen)
        self.inputs_note = QLabel()
        self.inputs_note.setObjectName("paletteHint")
        self.inputs_note.setWordWrap(True)
        form.addRow("", self.inputs_note)
        self.neuron_page = page
        self.pages.addWidget(page)

    def _build_connection_page(self) -> None:
        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(0, 6, 0, 0)
        self.weight_error = _error_label()
        self.weight_edit = NumberField("weight", self.weight_error)
        self.weight_edit.committed.connect(lambda v: self._edit_connections("weight", v))
        self.connection_frozen = QCheckBox(self.tr("frozen (training leaves the weight alone)"))
        self.connection_frozen.clicked.connect(
            lambda checked: self._edit_connections("frozen", bool(checked)))
        self.connection_recurrent = QCheckBox(self.tr("recurrent (t−1)"))
        self.connection_recurrent.setToolTip(self.tr(
            "Carries the source's value from the previous time step into the target. Only "
            "recurrent connections may close a loop; a network with any trains on sequences."))
        self.connection_recurrent.clicked.connect(
            lambda checked: self._edit_connections("recurrent", bool(checked)))
        form.addRow(self.tr("Weight"), self.weight_edit)
        form.addRow("", self.weight_error)
        form.addRow("", self.connection_frozen)
        form.addRow("", self.connection_recurrent)
        self.connection_page = page
        self.pages.addWidget(page)

    # ------------------------------------------------------------- showing
    def set_network(self, network: Network) -> None:
        self.network = network
        self.show_selection([], [])

    def show_selection(self, neuron_ids: list[int], connection_ids: list[int]) -> None:
        self.neuron_ids = [n for n in neuron_ids if n in self.network.neurons]
        self.connection_ids = [c for c in connection_ids if c in self.network.connections]
        self.message.setVisible(False)
        self.refresh()

    def refresh(self) -> None:
        """Re-read the selected items from the model (after any edit or undo)."""
        if self.network is None:
            return
        self.neuron_ids = [n for n in self.neuron_ids if n in self.network.neurons]
        self.connection_ids = [c for c in self.connection_ids if c in self.network.connections]
        self._updating = True
        try:
            if self.neuron_ids and not self.connection_ids:
                self._show_neurons()
            elif self.connection_ids and not self.neuron_ids:
                self._show_connections()
            else:
                self._show_summary()
        finally:
            self._updating = False

    def _show_summary(self) -> None:
        net = self.network
        if self.neuron_ids or self.connection_ids:
            self.heading.setText(self.tr("{neurons} and {connections} selected").format(
                neurons=neuron_count(len(self.neuron_ids)),
                connections=connection_count(len(self.connection_ids))))
            self.summary.setText(self.tr("Select only neurons or only connections to edit "
                                         "them."))
        else:
            self.heading.setText(self.tr("Network"))
            roles = {r: sum(1 for n in net.neurons.values() if n.role == r) for r in ROLES}
            self.summary.setText(
                " · ".join((self.tr("%Ln input(s)", "", roles["input"]),
                            self.tr("%Ln hidden", "", roles["hidden"]),
                            self.tr("%Ln output(s)", "", roles["output"])))
                + "<br>" + connection_count(len(net.connections))
                + " · " + self.tr("%Ln parameter(s)", "", net.parameter_count())
                + "<br><br><span style='color:#6b7280'>"
                + self.tr("Select a neuron or a connection to edit it.") + "</span>")
        self.pages.setCurrentWidget(self.summary)

    def _show_neurons(self) -> None:
        neurons = [self.network.neurons[n] for n in self.neuron_ids]
        one = neurons[0] if len(neurons) == 1 else None
        self.heading.setText(self.tr("Neuron {name}").format(name=one.name) if one
                             else neuron_count(len(neurons)))
        self.label_edit.setEnabled(one is not None)
        self.label_edit.setText(one.label if one else "")
        self.label_edit.setPlaceholderText(self.tr("optional name, e.g. x1") if one else
                                           self.tr("labels are edited one at a time"))

        inputs = [n for n in neurons if n.role == "input"]
        others = [n for n in neurons if n.role != "input"]

        def common(field: str, among: list = neurons):
            values = {getattr(n, field) for n in among}
            return values.pop() if len(values) == 1 else None

        self.role_combo.setCurrentIndex(self.role_combo.findData(common("role"))
                                        if common("role") is not None else -1)
        # Activation and bias show (and edit) the non-input neurons of a mixed selection.
        activation = common("activation", others or neurons)
        self.activation_combo.setCurrentIndex(
            self.activation_combo.findText(activation) if activation is not None else -1)
        for combo in (self.role_combo, self.activation_combo):
            combo.setPlaceholderText(translate("PropertiesPanel", MIXED))
        self.activation_combo.setEnabled(bool(others))
        self.bias_edit.setEnabled(bool(others))
        self.bias_edit.show_value(common("bias", others or neurons))
        note = ""
        if inputs and others:
            note = self.tr("Activation and bias apply to the %n non-input neuron(s); ", "",
                           len(others)) + self.tr("the %n input(s) pass data through "
                                                  "unchanged.", "", len(inputs))
        self.inputs_note.setText(note)
        self.inputs_note.setVisible(bool(note))
        for widget in (self.activation_combo, self.bias_edit):
            widget.setToolTip(note)
        frozen = common("frozen")
        self.neuron_frozen.setTristate(frozen is None)
        self.neuron_frozen.setCheckState(
            Qt.CheckState.PartiallyChecked if frozen is None
            else Qt.CheckState.Checked if frozen else Qt.CheckState.Unchecked)
        self.pages.setCurrentWidget(self.neuron_page)

    def _show_connections(self) -> None:
        conns = [self.network.connections[c] for c in self.connection_ids]
        if len(conns) == 1:
            c = conns[0]
            src, dst = self.network.neurons[c.source], self.network.neurons[c.target]
            self.heading.setText(self.tr("Connection {source} → {target}")
                                 .format(source=src.name, target=dst.name))
        else:
            self.heading.setText(connection_count(len(conns)))
        weights = {c.weight for c in conns}
        self.weight_edit.show_value(weights.pop() if len(weights) == 1 else None)
        frozen = {c.frozen for c in conns}
        self.connection_frozen.setTristate(len(frozen) > 1)
        self.connection_frozen.setCheckState(
            Qt.CheckState.PartiallyChecked if len(frozen) > 1
            else Qt.CheckState.Checked if frozen.pop() else Qt.CheckState.Unchecked)
        recurrent = {c.recurrent for c in conns}
        self.connection_recurrent.setTristate(len(recurrent) > 1)
        self.connection_recurrent.setCheckState(
            Qt.CheckState.PartiallyChecked if len(recurrent) > 1
            else Qt.CheckState.Checked if recurrent.pop() else Qt.CheckState.Unchecked)
        self.pages.setCurrentWidget(self.connection_page)

    def show_refusal(self, message: str) -> None:
        """An edit this panel asked for was refused by the model: say why here."""
        self.message.setText(message)
        self.message.setVisible(True)
        self.refresh()
        self.message.setVisible(True)

    # --------------------------------------------------------------- edits
    def _on_label_edited(self) -> None:
        if len(self.neuron_ids) == 1:
            self._edit_neurons("label", self.label_edit.text().strip())

    def _edit_neurons(self, field: str, value) -> None:
        if self._updating or not self.neuron_ids:
            return
        ids = self.neuron_ids
        if field in NOT_FOR_INPUTS:
            ids = [n for n in ids if self.network.neurons[n].role != "input"]
        if not ids:
            return
        self.message.setVisible(False)
        self.neurons_edit_requested.emit({nid: {field: value} for nid in ids})

    def _edit_connections(self, field: str, value) -> None:
        if self._updating or not self.connection_ids:
            return
        self.message.setVisible(False)
        self.connections_edit_requested.emit(
            {cid: {field: value} for cid in self.connection_ids})
