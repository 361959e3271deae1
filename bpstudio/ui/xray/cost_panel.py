"""The cost dock: multiply-adds of a forward pass, of backprop, and of nudging every
parameter one at a time, so the reason backprop wins is a number on this network."""

from __future__ import annotations

import math

from PySide6.QtCore import QT_TRANSLATE_NOOP, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPaintEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from bpstudio.engine.plan import CompileError, compile_network
from bpstudio.ui.canvas import style
from bpstudio.ui.i18n import translate
from bpstudio.ui.xray.session import XRaySession
from bpstudio.xray.cost import Cost, cost_of

BARS = ((QT_TRANSLATE_NOOP("CostPanel", "forward pass"), "#64748b"),
        (QT_TRANSLATE_NOOP("CostPanel", "backward pass (backprop)"), "#dc2626"),
        (QT_TRANSLATE_NOOP("CostPanel", "every gradient by backprop"), "#2563eb"),
        (QT_TRANSLATE_NOOP("CostPanel", "every gradient by nudging"), "#ea580c"))


MIN_WIDTH = 170           # "every gradient by nudging" and its bar, in a narrow dock
SCALE_NOTE = QT_TRANSLATE_NOOP("CostPanel", "Bars to scale (linear): the longest is nudging. "
                                           "Backprop's bar is {share} of it.")


def count(n: int) -> str:
    return f"{n:,}"


class CostBars(QWidget):
    """Four bars to scale (linear): on a digits network backprop's is a sliver beside
    nudging's, and that is the point. Each row: the name on its own line, the bar under
    it with its count after it (inside it, in white, where the bar fills the row), so no
    name or number is cut at a narrow dock."""

    ROW_GAP = 5

    def __init__(self) -> None:
        super().__init__()
        self.values: list[int] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def _line(self) -> float:
        return QFontMetricsF(self.font()).height()

    def _row_height(self) -> float:
        return 2 * self._line() + 2 + self.ROW_GAP

    def sizeHint(self) -> QSize:
        return QSize(300, math.ceil(len(BARS) * self._row_height()) + 4)

    def minimumSizeHint(self) -> QSize:
        return QSize(MIN_WIDTH, self.sizeHint().height())

    def set_values(self, values: list[int]) -> None:
        self.values = values
        self.update()

    def rows(self) -> list[tuple[QRectF, QRectF, QRectF, bool]]:
        """(name, count, bar, count inside the bar) of each row at the current width."""
        metrics = QFontMetricsF(self.font())
        line, width = self._line(), float(self.width())
        top = max(self.values, default=0)
        rows = []
        for i, value in enumerate(self.values):
            y = 2 + i * self._row_height()
            length = max(width * value / top if top > 0 else 0.0, 2.0)
            bar = QRectF(0, y + line + 2, length, line)
            number = metrics.horizontalAdvance(count(value)) + 4
            inside = length + 6 + number > width
            where = (QRectF(length - number - 4, bar.top(), number, line) if inside
                     else QRectF(length + 6, bar.top(), number, line))
            rows.append((QRectF(0, y, width, line), where, bar, inside))
        return rows

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.values:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetricsF(self.font())
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        for (name, color), value, (name_rect, count_rect, bar, inside) in zip(
                BARS, self.values, self.rows(), strict=True):
            painter.setPen(style.TEXT)
            painter.drawText(name_rect, left, metrics.elidedText(
                translate("CostPanel", name), Qt.TextElideMode.ElideRight, name_rect.width()))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(color))
            painter.drawRoundedRect(bar, 3, 3)
            painter.setPen(QColor("white") if inside else style.TEXT)
            painter.drawText(count_rect, Qt.AlignmentFlag.AlignRight
                             | Qt.AlignmentFlag.AlignVCenter, count(value))
        painter.end()


class CostPanel(QWidget):
    """Counts per sample from ``xray.cost`` for the document's current drawing."""

    def __init__(self, session: XRaySession) -> None:
        super().__init__()
        self.session = session
        self.cost: Cost | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        title = QLabel(self.tr("What all the gradients cost (multiply-adds per sample)"))
        title.setObjectName("panelHeading")
        title.setWordWrap(True)
        layout.addWidget(title)
        self.bars = CostBars()
        layout.addWidget(self.bars)
        self.scale_note = QLabel()
        self.scale_note.setWordWrap(True)
        self.scale_note.setStyleSheet("color: #6b7280;")
        layout.addWidget(self.scale_note)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.text)
        layout.addStretch(1)
        session.values_changed.connect(self._on_values_changed)
        session.document_changed.connect(self.refresh)

    def _on_values_changed(self, structure: bool) -> None:
        if structure:         # weights do not change what the gradients cost
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        network = self.session.network
        if not self.isVisible() or network is None:
            return
        try:
            cost = cost_of(compile_network(network))
        except CompileError as error:
            self.cost = None
            self.bars.set_values([])
            self.scale_note.setText("")
            self.text.setText(self.tr("The network cannot run yet: {problem}")
                              .format(problem=error))
            return
        self.cost = cost
        self.bars.set_values([cost.forward, cost.backward, cost.backprop, cost.nudging])
        share = cost.backprop / max(cost.nudging, 1)
        percent = (f"{share:.0%}" if share >= 0.01 else f"{share:.2%}" if share >= 0.0001
                   else self.tr("under 0.01%"))
        self.scale_note.setText(translate("CostPanel", SCALE_NOTE).format(share=percent))
        self.text.setText(self.tr(
            "<p>{weights} weights and {biases} biases: <b>{parameters} parameters</b>.</p>"
            "<p><b>Forward pass:</b> one multiply-add per weight, {forward}.<br>"
            "<b>Backward pass:</b> ∂L/∂w = δ·a for every weight, plus ∂L/∂a += w·δ for "
            "every weight leaving a non-input neuron: {backward}.<br>"
            "<b>Backprop, every gradient:</b> forward + backward = {backprop}.<br>"
            "<b>Nudging, every gradient:</b> two forward passes per parameter, "
            "2 × {parameters} × {forward} = {nudging}.</p>"
            "<p style='font-size:11pt'>Backprop is <b>{speedup}× cheaper</b> here. "
            "Its cost grows like the number of weights; nudging's like its square — the "
            "reason networks with many parameters are trained by backprop.</p>"
            "<p style='color:#6b7280'>Per sample: multiply by the batch size for a "
            "minibatch. The compiled level plan actually executes {executed} multiply-adds "
            "per forward pass, counting the zeros of missing connections inside its dense "
            "blocks.</p>").format(
            weights=count(cost.weights), biases=count(cost.biases),
            parameters=count(cost.parameters), forward=count(cost.forward),
            backward=count(cost.backward), backprop=count(cost.backprop),
            nudging=count(cost.nudging), speedup=f"{cost.speedup:,.0f}",
            executed=count(cost.executed_forward)))
