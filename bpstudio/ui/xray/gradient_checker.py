"""The gradient checker dock: backprop beside finite differences for every parameter.

Rows come sorted worst first; a row beyond the tolerance is red. Selecting a row selects
its edge (weight) or neuron (bias) on the canvas.
"""

from __future__ import annotations

import csv
from pathlib import Path

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from bpstudio.engine.gradcheck import (
    DEFAULT_EPSILON,
    DEFAULT_TOLERANCE,
    GradientRow,
    gradient_check,
)
from bpstudio.engine.plan import compile_network
from bpstudio.ui.i18n import translate
from bpstudio.ui.xray.session import XRaySession
from bpstudio.xray.text import fmt, parameter_name, plain

EPSILONS = (1e-3, 1e-4, 1e-5, 1e-6, 1e-7)
TOLERANCES = (1e-4, 1e-5, 1e-6, 1e-7, 1e-8)
BAD = QColor("#fee2e2")
SIZE_ROWS = 100            # rows measured to size the columns
_ROOT = QModelIndex()
WIDEST_NUMBER = "−1.23457e−10"     # fmt(x, 6) at its longest
WIDEST_NAME = "w(h10 → h12)"
WIDEST_VALUE = "−0.1234"
# short headers so all five columns fit a ~430 px dock; the tooltips say them in full
HEADERS = (QT_TRANSLATE_NOOP("CheckModel", "parameter"),
           QT_TRANSLATE_NOOP("CheckModel", "rel. error"),
           QT_TRANSLATE_NOOP("CheckModel", "backprop"),
           QT_TRANSLATE_NOOP("CheckModel", "nudging"),
           QT_TRANSLATE_NOOP("CheckModel", "value"))
HEADER_TIPS = (QT_TRANSLATE_NOOP("CheckModel", "The weight w(source → target) or the bias "
                                               "b(neuron)"),
               QT_TRANSLATE_NOOP("CheckModel", "|backprop − nudging| / max(|backprop|, "
                                               "|nudging|)"),
               QT_TRANSLATE_NOOP("CheckModel", "backprop's ∂L/∂p"),
               QT_TRANSLATE_NOOP("CheckModel", "nudging: (L(p+ε) − L(p−ε)) / 2ε"),
               QT_TRANSLATE_NOOP("CheckModel", "the parameter's value"))


def _combo(values: tuple[float, ...], default: float) -> QComboBox:
    combo = QComboBox()
    for value in values:
        combo.addItem(f"{value:.0e}", value)
    combo.setCurrentIndex(values.index(default))
    return combo


class GradientCheckPanel(QWidget):
    """One click checks every parameter on the X-ray's samples."""

    def __init__(self, session: XRaySession) -> None:
        super().__init__()
        self.session = session
        self.rows: list[GradientRow] = []
        self.names: list[str] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        controls = QHBoxLayout()
        controls.addWidget(QLabel("ε"))
        self.epsilon = _combo(EPSILONS, DEFAULT_EPSILON)
        controls.addWidget(self.epsilon)
        controls.addWidget(QLabel(self.tr("tolerance")))
        self.tolerance = _combo(TOLERANCES, DEFAULT_TOLERANCE)
        self.tolerance.currentIndexChanged.connect(lambda index: self._fill())
        controls.addWidget(self.tolerance)
        self.check_button = QPushButton(self.tr("Check every gradient"))
        self.check_button.setToolTip(self.tr("Backprop and central differences for every "
                                             "weight and bias, in float64"))
        self.check_button.clicked.connect(lambda checked=False: self.check())
        self.export_button = QPushButton(self.tr("Export CSV…"))
        self.export_button.clicked.connect(lambda checked=False: self.export())
        controls.addStretch(1)
        layout.addLayout(controls)
        buttons = QHBoxLayout()
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.summary = QLabel(self.tr("Press “Check every gradient” to compare backprop with "
                                      "nudging each parameter."))
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.model = CheckModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        # the two derivatives share the room; names, errors and values are sized to fit
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in (2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        header.setResizeContentsPrecision(SIZE_ROWS)   # measure a few rows, not thousands
        # wide enough for every column, so the dock opens at a width that shows all of them
        # (a bare table lets the dock shrink and pushes "nudging" off-screen)
        metrics = self.table.fontMetrics()
        pad = 14
        number = metrics.horizontalAdvance(WIDEST_NUMBER) + pad
        sized = sum(metrics.horizontalAdvance(text) + pad
                    for text in (WIDEST_NAME, translate("CheckModel", HEADERS[1]), WIDEST_VALUE))
        self.table.setMinimumWidth(sized + 2 * number
                                   + self.table.verticalScrollBar().sizeHint().width()
                                   + 2 * self.table.frameWidth())
        self.table.selectionModel().currentRowChanged.connect(self._on_row)
        layout.addWidget(self.table, 1)
        self.export_button.setEnabled(False)
        session.values_changed.connect(self._on_stale)
        session.document_changed.connect(lambda: self._on_stale(True))

    @property
    def tolerance_value(self) -> float:
        return float(self.tolerance.currentData())

    def flagged(self) -> list[GradientRow]:
        return [r for r in self.rows if r.relative_error > self.tolerance_value]

    def check(self) -> bool:
        """Run the check on the X-ray's samples; False if the network cannot run."""
        session, network, batch = self.session, self.session.network, self.session.batch()
        if network is None or batch is None:
            self.summary.setText(session.error())
            return False
        plan = compile_network(network, "float64")
        rows = gradient_check(plan, *batch, float(self.epsilon.currentData()))
        self.rows = sorted(rows, key=lambda r: -r.relative_error)
        self.names = [parameter_name(network, r.kind, r.id) for r in self.rows]
        self._fill()
        return True

    def _fill(self) -> None:
        tolerance = self.tolerance_value
        self.model.set_rows(self.rows, self.names, tolerance)
        self.export_button.setEnabled(bool(self.rows))
        if not self.rows:
            return
        bad = len(self.flagged())
        samples = (translate("LensPanel", "sample {index}").format(index=self.session.sample + 1)
                   if self.session.batch_size == 1
                   else translate("LensPanel", "a minibatch of {batch}").format(
                       batch=self.session.batch_size))
        worst = fmt(self.rows[0].relative_error, 2)
        if bad:
            self.summary.setText(self.tr(
                "<b style='color:#b91c1c'>{bad} of {all} parameters disagree</b> beyond "
                "{tolerance} on {samples} (worst relative error {worst}): their backprop "
                "gradient is wrong.").format(bad=bad, all=len(self.rows),
                                             tolerance=fmt(tolerance, 1), samples=samples,
                                             worst=worst))
        else:
            self.summary.setText(self.tr(
                "<b style='color:#047857'>All {all} parameters agree</b> on {samples}: worst "
                "relative error {worst}, below {tolerance}.").format(
                all=len(self.rows), samples=samples, worst=worst,
                tolerance=fmt(tolerance, 1)))

    def _on_stale(self, structure: bool) -> None:
        if self.rows:
            self.rows, self.names = [], []
            self._fill()
            self.summary.setText(self.tr("The network or the samples changed: check again."))

    def _on_row(self, current: QModelIndex, previous: QModelIndex) -> None:
        if 0 <= current.row() < len(self.rows):
            row = self.rows[current.row()]
            self.session.select_parameter(row.kind, row.id)

    def write_csv(self, path: str | Path) -> None:
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["kind", "id", "name", "value", "backprop", "numeric",
                             "relative_error", "beyond_tolerance"])
            for row, name in zip(self.rows, self.names, strict=True):
                writer.writerow([row.kind, row.id, plain(name), repr(row.value),
                                 repr(row.backprop), repr(row.numeric),
                                 repr(row.relative_error),
                                 row.relative_error > self.tolerance_value])

    def export(self) -> bool:
        if not self.rows:
            return False
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the gradient check"),
                                              "gradient-check.csv",
                                              self.tr("CSV files (*.csv)"))
        if not path:
            return False
        try:
            self.write_csv(path)
        except OSError as error:
            self.summary.setText(self.tr("Cannot write {path}: {problem}").format(
                path=path, problem=error.strerror or error))
            return False
        self.summary.setText(self.tr("Wrote %n row(s) to {name}", "", len(self.rows))
                             .format(name=Path(path).name))
        return True


class CheckModel(QAbstractTableModel):
    """The check's rows, worst first; red where beyond the tolerance. Rows are formatted
    only when shown (a digits network has thousands)."""

    RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[GradientRow] = []
        self.names: list[str] = []
        self.tolerance = DEFAULT_TOLERANCE

    def set_rows(self, rows: list[GradientRow], names: list[str], tolerance: float) -> None:
        self.beginResetModel()
        self.rows, self.names, self.tolerance = rows, names, tolerance
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return translate("CheckModel", HEADERS[section])
        if role == Qt.ItemDataRole.ToolTipRole:
            return translate("CheckModel", HEADER_TIPS[section])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (self.names[index.row()], fmt(row.relative_error, 2), fmt(row.backprop, 6),
                    fmt(row.numeric, 6), fmt(row.value))[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column():
            return self.RIGHT
        if role == Qt.ItemDataRole.BackgroundRole and row.relative_error > self.tolerance:
            return QBrush(BAD)
        return None
