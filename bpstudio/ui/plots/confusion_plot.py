"""A confusion matrix as a table of counts: rows = true class, columns = predicted.

Rows carry the class names in full (up to :data:`MAX_ROW_LABEL` pixels); columns carry
them too when they fit the cells, else the class numbers, and the rows say "0 T-shirt/top"
so the numbers can be read."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

MAX_CELL = 40
MIN_CELL = 18
HEADER = 22        # room for the column names and the axis captions
MAX_ROW_LABEL = 120
RIGHT = np.array([37, 99, 235], dtype=np.float64)     # correct counts: blue
WRONG = np.array([220, 38, 38], dtype=np.float64)     # mistakes: red
TEXT = QColor("#1f2937")
MUTED = QColor("#6b7280")


def _shade(rgb: np.ndarray, share: float) -> QColor:
    """``rgb`` mixed into white by ``share`` (0 = white)."""
    mixed = 255.0 - (255.0 - rgb) * min(max(share, 0.0), 1.0)
    return QColor(*(int(round(v)) for v in mixed))


class ConfusionMatrixPlot(QWidget):
    """Cells tinted by the share of their true class: the diagonal blue, mistakes red."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.matrix = np.zeros((0, 0), dtype=np.int64)
        self.names: tuple[str, ...] = ()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_matrix(self, matrix: np.ndarray, names: tuple[str, ...]) -> None:
        """``matrix[true, predicted]`` counts and one name per class."""
        resized = matrix.shape != self.matrix.shape
        if not resized and tuple(names) == self.names and np.array_equal(matrix, self.matrix):
            return          # training: most refreshes count the same
        self.matrix = np.asarray(matrix, dtype=np.int64)
        self.names = tuple(names)
        if resized:
            self.updateGeometry()
        self.update()

    def _font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(8.0)
        return font

    def _row_width(self) -> int:
        """Room for the row labels: the longest "k name", capped."""
        metrics = QFontMetrics(self._font())
        widest = max((metrics.horizontalAdvance(f"{k} {name}")
                      for k, name in enumerate(self.names)), default=HEADER)
        return min(max(widest + 8, HEADER), MAX_ROW_LABEL)

    def labels(self) -> tuple[list[str], list[str]]:
        """(column labels, row labels): the names, or numbers over the columns when the
        names do not fit their cells (the rows then pair each number with its name)."""
        n = len(self.matrix)
        names = [self.names[k] if k < len(self.names) else str(k) for k in range(n)]
        metrics = QFontMetrics(self._font())
        cell = self.cell()
        if all(metrics.horizontalAdvance(name) <= cell - 2 for name in names):
            return names, names
        return ([str(k) for k in range(n)],
                [name if name == str(k) else f"{k} {name}" for k, name in enumerate(names)])

    def cell(self) -> float:
        """Cells sized to fit the widget (a column for the row sums included)."""
        n = max(len(self.matrix), 1)
        room = min(self.width() - HEADER - self._row_width() - 12,
                   self.height() - 2 * HEADER - 6)
        return min(max(room / (n + 1), MIN_CELL), MAX_CELL)

    def sizeHint(self) -> QSize:
        n = len(self.matrix)
        return QSize(HEADER + self._row_width() + (n + 1) * 28 + 12, 2 * HEADER + n * 28 + 6)

    def minimumSizeHint(self) -> QSize:
        n = len(self.matrix)
        return QSize(HEADER + self._row_width() + (n + 1) * MIN_CELL + 12,
                     2 * HEADER + n * MIN_CELL + 6)

    def paintEvent(self, event: QPaintEvent) -> None:
        n = len(self.matrix)
        if n == 0:
            return
        painter = QPainter(self)
        painter.setFont(self._font())
        cell = self.cell()
        row_width = self._row_width()
        left, top = HEADER + row_width, 2 * HEADER
        rows = self.matrix.sum(axis=1)
        painter.setPen(MUTED)
        painter.drawText(QRectF(left, 0, n * cell, HEADER), Qt.AlignmentFlag.AlignCenter,
                         self.tr("predicted class →"))
        painter.save()
        painter.translate(0, top + n * cell)
        painter.rotate(-90)
        painter.drawText(QRectF(0, 0, n * cell, HEADER), Qt.AlignmentFlag.AlignCenter,
                         self.tr("true class →"))
        painter.restore()
        columns, rows_text = self.labels()
        metrics = painter.fontMetrics()
        for k in range(n):
            painter.drawText(QRectF(left + k * cell, HEADER, cell, HEADER),
                             Qt.AlignmentFlag.AlignCenter, columns[k])
            row = metrics.elidedText(rows_text[k], Qt.TextElideMode.ElideRight, row_width - 4)
            painter.drawText(QRectF(HEADER, top + k * cell, row_width - 4, cell),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, row)
        for t in range(n):
            for p in range(n):
                count = int(self.matrix[t, p])
                share = count / rows[t] if rows[t] else 0.0
                base = RIGHT if t == p else WRONG
                fill = _shade(base, 0.12 + 0.88 * share if count else 0.0)
                rect = QRectF(left + p * cell, top + t * cell, cell, cell)
                painter.fillRect(rect, fill)
                painter.setPen(QPen(QColor("#e5e7eb"), 1))
                painter.drawRect(rect)
                if count:
                    painter.setPen(QColor("white") if fill.lightnessF() < 0.55 else TEXT)
                    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(count))
        painter.setPen(MUTED)
        painter.drawText(QRectF(left + n * cell + 2, top - HEADER, cell + 8, HEADER),
                         Qt.AlignmentFlag.AlignCenter, "Σ")
        for t in range(n):
            painter.drawText(QRectF(left + n * cell + 2, top + t * cell, cell + 8, cell),
                             Qt.AlignmentFlag.AlignCenter, str(int(rows[t])))
        painter.end()
