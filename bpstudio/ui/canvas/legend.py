"""The legend in the canvas corner: neuron roles and what edge colour and width mean."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from bpstudio.ui.canvas import style
from bpstudio.ui.canvas.edge_style import LegendEntry

ROW = 18
PAD = 10


class LegendWidget(QWidget):
    """A small translucent card drawn over the view; it never takes the mouse."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._entries: list[LegendEntry] = []
        self.setFont(style.label_font(8.5))

    def set_entries(self, entries: list[LegendEntry]) -> None:
        self._entries = entries
        self.resize(self.sizeHint())
        self.update()

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        texts = [e.text for e in self._entries] + ["input   hidden   output"]
        width = max(metrics.horizontalAdvance(t) for t in texts) + 2 * PAD + 44
        return QSize(width, PAD * 2 + ROW * (len(self._entries) + 1) + 4)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        card = QColor("white")
        card.setAlpha(230)
        painter.setPen(QPen(QColor("#e5e7eb"), 1))
        painter.setBrush(card)
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 8, 8)
        y = PAD + ROW / 2
        self._paint_roles(painter, y)
        for entry in self._entries:
            y += ROW
            pen = QPen(entry.color, entry.width)
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            if entry.dashed:
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawLine(QPointF(PAD, y), QPointF(PAD + 32, y))
            painter.setPen(style.TEXT)
            painter.drawText(QRectF(PAD + 40, y - ROW / 2, self.width(), ROW),
                             Qt.AlignmentFlag.AlignVCenter, entry.text)
        painter.end()

    def _paint_roles(self, painter: QPainter, y: float) -> None:
        x = PAD + 6
        for role in ("input", "hidden", "output"):
            border, fill = style.ROLE_COLORS[role]
            painter.setPen(QPen(border, 1.5))
            painter.setBrush(fill)
            path = QPainterPath()
            if role == "input":
                path.addRoundedRect(QRectF(x - 6, y - 6, 12, 12), 3, 3)
            else:
                path.addEllipse(QPointF(x, y), 6, 6)
            painter.drawPath(path)
            if role == "output":
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawEllipse(QPointF(x, y), 3.5, 3.5)
            painter.setPen(style.TEXT)
            text_width = self.fontMetrics().horizontalAdvance(role)
            painter.drawText(QRectF(x + 10, y - ROW / 2, text_width + 4, ROW),
                             Qt.AlignmentFlag.AlignVCenter, role)
            x += 10 + text_width + 18
