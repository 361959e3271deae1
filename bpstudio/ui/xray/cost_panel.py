"""The cost dock: multiply-adds of a forward pass, of backprop, and of nudging every
parameter one at a time, so the reason backprop wins is a number on this network."""

from __future__ import annotations

import math

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from bpstudio.engine.cost import Cost, cost_of
from bpstudio.engine.plan import CompileError, compile_network
from bpstudio.ui.canvas import style
from bpstudio.ui.xray.session import XRaySession

BARS = (("forward pass", "#64748b"), ("backward pass (backprop)", "#dc2626"),
        ("every gradient by backprop", "#2563eb"), ("every gradient by nudging", "#ea580c"))


def count(n: int) -> str:
    return f"{n:,}"


class CostBars(QWidget):
    """Four horizontal bars on a log scale (nudging dwarfs everything on a linear one)."""

    def __init__(self) -> None:
        super().__init__()
        self.values: list[int] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(300, 4 * 26 + 8)

    def set_values(self, values: list[int]) -> None:
        self.values = values
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.values:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        top = math.log10(max(max(self.values), 10))
        label_width = min(190.0, self.width() * 0.45)
        room = max(self.width() - label_width - 90, 40)
        for i, ((name, color), value) in enumerate(zip(BARS, self.values, strict=True)):
            y = 4 + i * 26
            painter.setPen(style.TEXT)
            painter.drawText(QRectF(0, y, label_width - 8, 20),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, name)
            length = room * math.log10(max(value, 1) + 1) / (top + 1e-9)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(color))
            painter.drawRoundedRect(QRectF(label_width, y + 3, max(length, 2), 14), 3, 3)
            painter.setPen(style.TEXT)
            painter.drawText(QRectF(label_width + length + 6, y, 90, 20),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             count(value))
        painter.end()


class CostPanel(QWidget):
    """Counts per sample from ``engine.cost`` for the document's current drawing."""

    def __init__(self, session: XRaySession) -> None:
        super().__init__()
        self.session = session
        self.cost: Cost | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        title = QLabel("What all the gradients cost (multiply-adds per sample)")
        title.setObjectName("panelHeading")
        title.setWordWrap(True)
        layout.addWidget(title)
        self.bars = CostBars()
        layout.addWidget(self.bars)
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
            self.text.setText(f"The network cannot run yet: {error}")
            return
        self.cost = cost
        self.bars.set_values([cost.forward, cost.backward, cost.backprop, cost.nudging])
        self.text.setText(
            f"<p>{count(cost.weights)} weights and {count(cost.biases)} biases: "
            f"<b>{count(cost.parameters)} parameters</b>.</p>"
            f"<p><b>Forward pass:</b> one multiply-add per weight, {count(cost.forward)}.<br>"
            f"<b>Backward pass:</b> ∂L/∂w = δ·a for every weight, plus ∂L/∂a += w·δ for "
            f"every weight leaving a non-input neuron: {count(cost.backward)}.<br>"
            f"<b>Backprop, every gradient:</b> forward + backward = "
            f"{count(cost.backprop)}.<br>"
            f"<b>Nudging, every gradient:</b> two forward passes per parameter, "
            f"2 × {count(cost.parameters)} × {count(cost.forward)} = "
            f"{count(cost.nudging)}.</p>"
            f"<p style='font-size:11pt'>Backprop is <b>{cost.speedup:,.0f}× cheaper</b> here. "
            "Its cost grows like the number of weights; nudging's like its square — the "
            "reason networks with many parameters are trained by backprop.</p>"
            f"<p style='color:#6b7280'>Per sample: multiply by the batch size for a "
            f"minibatch. The compiled level plan actually executes "
            f"{count(cost.executed_forward)} multiply-adds per forward pass, counting the "
            "zeros of missing connections inside its dense blocks.</p>")
