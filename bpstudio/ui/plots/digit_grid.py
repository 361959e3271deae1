"""A page of test images with the predicted and true label under each; mistakes in red."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from bpstudio.ui.i18n import translate

MAX_CELL = 56      # image side in pixels when there is room
MIN_CELL = 24
LABEL = 15         # label row under each image
GAP = 6
WRONG = QColor("#dc2626")
RIGHT = QColor("#374151")
FRAME = QColor("#d1d5db")
#: the line above the grid that says how to read a caption (else only the tooltip did)
def key_html() -> str:
    """The line above the grid that says how to read a caption."""
    return translate("DigitGrid", "Caption: <b>predicted</b> ✓ when right; <span "
                                  "style='color:{wrong}'><b>predicted ≠ true</b></span>, "
                                  "framed in red, when wrong").format(wrong=WRONG.name())


def gray_images(pixels: np.ndarray) -> list[QImage]:
    """Images ``(n, rows, cols)`` with values in [0, 1] (1 = ink) as dark-on-white
    8-bit greyscale QImages."""
    ink = np.clip(np.nan_to_num(pixels, nan=0.0), 0.0, 1.0)
    gray = np.ascontiguousarray(np.round(255 * (1 - ink)).astype(np.uint8))
    height, width = gray.shape[1:]
    return [QImage(g.data, width, height, width, QImage.Format.Format_Grayscale8).copy()
            for g in gray]


class DigitGrid(QWidget):
    """A page of images, as many as fit (``columns`` across, cells sized to the width);
    each shows "predicted ✓" or, in red, "predicted ≠ true"."""

    #: the size changed, so :meth:`capacity` may have too
    resized = Signal()

    def __init__(self, columns: int = 8, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = columns
        self.images: list[QImage] = []
        self.predicted: list[str] = []
        self.true: list[str] = []
        self.details: list[str] = []
        self.wrong: list[bool] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)

    def cell(self) -> float:
        return min(max((self.width() - GAP) / self.columns - GAP, MIN_CELL), MAX_CELL)

    def capacity(self) -> int:
        """Images that fit in the current size (at least one row)."""
        rows = int((self.height() - GAP) // (self.cell() + LABEL + GAP))
        return self.columns * max(rows, 1)

    def sizeHint(self) -> QSize:
        return QSize(self.columns * (44 + GAP) + GAP, 6 * (44 + LABEL + GAP) + GAP)

    def minimumSizeHint(self) -> QSize:
        return QSize(self.columns * (MIN_CELL + GAP) + GAP, MIN_CELL + LABEL + 2 * GAP)

    def set_items(self, images: list[QImage], predicted: list[str], true: list[str],
                  details: list[str] | None = None) -> None:
        """One page: images with predicted and true label text (same lengths)."""
        self.images, self.predicted, self.true = images, predicted, true
        self.wrong = [p != t for p, t in zip(predicted, true, strict=True)]
        self.details = details or [""] * len(images)
        self.update()

    def resizeEvent(self, event) -> None:  # noqa: ANN001 - QResizeEvent
        super().resizeEvent(event)
        self.resized.emit()

    def cell_rect(self, index: int) -> QRectF:
        cell = self.cell()
        row, col = divmod(index, self.columns)
        return QRectF(GAP + col * (cell + GAP), GAP + row * (cell + LABEL + GAP), cell, cell)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        font = QFont(self.font())
        font.setPointSizeF(8.0)
        painter.setFont(font)
        cell = self.cell()
        for i, image in enumerate(self.images[: self.capacity()]):
            rect = self.cell_rect(i)
            painter.drawImage(rect, image)
            wrong = self.wrong[i]
            painter.setPen(QPen(WRONG, 2.0) if wrong else QPen(FRAME, 1.0))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect.adjusted(-1, -1, 1, 1) if wrong else rect)
            label = (f"{self.predicted[i]} ≠ {self.true[i]}" if wrong
                     else f"{self.predicted[i]} ✓")
            painter.setPen(WRONG if wrong else RIGHT)
            painter.drawText(QRectF(rect.left() - GAP / 2, rect.bottom() + 1, cell + GAP, LABEL),
                             Qt.AlignmentFlag.AlignCenter, label)
        painter.end()

    def index_at(self, pos: QPoint) -> int | None:
        for i in range(min(len(self.images), self.capacity())):
            if self.cell_rect(i).adjusted(0, 0, 0, LABEL).contains(pos.toPointF()):
                return i
        return None

    def mouseMoveEvent(self, event) -> None:  # noqa: ANN001 - QMouseEvent
        index = self.index_at(event.position().toPoint())
        if index is None or not self.details[index]:
            QToolTip.hideText()
        else:
            QToolTip.showText(event.globalPosition().toPoint(), self.details[index], self)
        super().mouseMoveEvent(event)
