"""The legend in the canvas corner: neuron roles, what edge colour and width mean, and
colour bars for the continuous mappings (gradient size, neuron fill)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from bpstudio.ui.canvas import style
from bpstudio.ui.canvas.edge_style import ColorBar, LegendEntry
from bpstudio.ui.i18n import translate
from bpstudio.ui.words import ROLE_WORDS

ROW = 18
PAD = 10
BAR_WIDTH = 200
BAR_HEIGHT = 9
BAR_BLOCK = ROW + BAR_HEIGHT + 14     # title row, the bar, its tick labels


class LegendWidget(QWidget):
    """A small translucent card drawn over the view; it never takes the mouse."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._entries: list[LegendEntry] = []
        self._bars: list[ColorBar] = []
        self.setFont(style.label_font(8.5))

    def set_entries(self, entries: list[LegendEntry]) -> None:
        self._entries = entries
        self._relayout()

    def set_colorbars(self, bars: list[ColorBar]) -> None:
        """Colour bars drawn under the line samples (an empty list removes them)."""
        self._bars = list(bars)
        self._relayout()

    def colorbars(self) -> list[ColorBar]:
        return list(self._bars)

    def entries(self) -> list[LegendEntry]:
        return list(self._entries)

    def _relayout(self) -> None:
        # Keep the bottom edge where it was: the view anchors the card to its corner.
        bottom = self.geometry().bottom()
        self.resize(self.sizeHint())
        if self.parentWidget() is not None and self.isVisible():
            self.move(self.x(), bottom - self.height() + 1)
        self.update()

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        roles = "   ".join(translate("EditController", ROLE_WORDS[r]) for r in ROLE_WORDS)
        texts = [e.text for e in self._entries] + [roles]
        width = max(metrics.horizontalAdvance(t) for t in texts) + 2 * PAD + 44
        for bar in self._bars:
            width = max(width, metrics.horizontalAdvance(bar.title) + 2 * PAD,
                        BAR_WIDTH + 2 * PAD + self._tick_overhang(bar))
        height = PAD * 2 + ROW * (len(self._entries) + 1) + 4 + BAR_BLOCK * len(self._bars)
        return QSize(width, height)

    def _tick_overhang(self, bar: ColorBar) -> int:
        """Room for the last tick label, which is centred on the bar's right end."""
        if not bar.ticks:
            return 0
        return self.fontMetrics().horizontalAdvance(bar.ticks[-1][1]) // 2 + 2

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
        y += ROW / 2 + 4
        for bar in self._bars:
            self._paint_bar(painter, bar, y)
            y += BAR_BLOCK
        painter.end()

    def _paint_bar(self, painter: QPainter, bar: ColorBar, top: float) -> None:
        painter.setPen(style.TEXT)
        painter.drawText(QRectF(PAD, top, self.width() - 2 * PAD, ROW),
                         Qt.AlignmentFlag.AlignVCenter, bar.title)
        y = top + ROW
        cells = len(bar.colors)
        cell = BAR_WIDTH / max(cells, 1)
        painter.setPen(Qt.PenStyle.NoPen)
        for k, color in enumerate(bar.colors):
            # Overlap by a pixel so antialiasing leaves no seams between cells.
            painter.fillRect(QRectF(PAD + k * cell, y, cell + 1, BAR_HEIGHT), color)
        painter.setPen(QPen(QColor("#9ca3af"), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(QRectF(PAD, y, BAR_WIDTH, BAR_HEIGHT))
        metrics = self.fontMetrics()
        boxes = []
        for index, label in bar.ticks:
            x = PAD + index * cell
            painter.setPen(QPen(QColor("#6b7280"), 1))
            painter.drawLine(QPointF(x, y + BAR_HEIGHT), QPointF(x, y + BAR_HEIGHT + 3))
            width = metrics.horizontalAdvance(label) + 2
            boxes.append((min(max(x - width / 2, 2), self.width() - width - 2), width))
        painter.setPen(style.MUTED_TEXT)
        for k in labelled_ticks(boxes):
            left, width = boxes[k]
            painter.drawText(QRectF(left, y + BAR_HEIGHT + 1, width, 13),
                             Qt.AlignmentFlag.AlignCenter, bar.ticks[k][1])

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
            word = translate("EditController", ROLE_WORDS[role])
            text_width = self.fontMetrics().horizontalAdvance(word)
            painter.drawText(QRectF(x + 10, y - ROW / 2, text_width + 4, ROW),
                             Qt.AlignmentFlag.AlignVCenter, word)
            x += 10 + text_width + 18


TICK_GAP = 4   # pixels between two tick labels


def labelled_ticks(boxes: list[tuple[float, float]]) -> list[int]:
    """Which ticks get their label, given each label's (left, width): the first and the
    last always, the others where they keep TICK_GAP from their neighbours. A wide range
    once printed every decade into the next (10⁻²⁶10⁻²⁵…)."""
    if len(boxes) <= 1:
        return list(range(len(boxes)))
    last_left = boxes[-1][0]
    chosen = [0]
    for k in range(1, len(boxes) - 1):
        left, width = boxes[k]
        previous_left, previous_width = boxes[chosen[-1]]
        if left >= previous_left + previous_width + TICK_GAP \
                and left + width + TICK_GAP <= last_left:
            chosen.append(k)
    first_left, first_width = boxes[0]
    if last_left >= first_left + first_width + TICK_GAP:
        chosen.append(len(boxes) - 1)
    return chosen
