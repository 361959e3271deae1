"""Incoming weights of first-layer neurons drawn as pictures the shape of the input image.

Each picture has its own symmetric scale (±max |w| of that neuron): orange negative,
white zero, blue positive. Pixels with no connection are hatched grey.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

PICTURE = 44
LABEL = 14
GAP = 6
MISSING_RGB = (209, 213, 219)


def pictures_rgb(values: np.ndarray, lut: np.ndarray) -> np.ndarray:
    """Weights ``(n, rows, cols)``, NaN where unconnected, through the diverging ``lut``,
    each picture on its own symmetric ±max |w| scale; ``(n, rows, cols, 3)`` uint8."""
    known = np.isfinite(values)
    magnitude = np.where(known, np.abs(values), 0.0)
    peak = magnitude.reshape(len(values), -1).max(axis=1, initial=0.0)
    scale = np.where(peak > 1e-12, peak, 1.0)[:, None, None]
    t = np.clip(np.where(known, values, 0.0) / scale, -1.0, 1.0)
    rgb = lut[np.rint((t + 1.0) * 0.5 * (len(lut) - 1)).astype(np.intp)]
    rgb[~known] = MISSING_RGB
    return rgb


def rgb_image(rgb: np.ndarray) -> QImage:
    """(rows, cols, 3) uint8 as a QImage that owns its pixels."""
    rgb = np.ascontiguousarray(rgb, dtype=np.uint8)
    height, width = rgb.shape[:2]
    return QImage(rgb.data, width, height, 3 * width, QImage.Format.Format_RGB888).copy()


class WeightPictures(QWidget):
    """A wrapping grid of labelled pictures (as many columns as the width allows)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.images: list[QImage] = []
        self.labels: list[str] = []
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def set_pictures(self, images: list[QImage], labels: list[str]) -> None:
        count_changed = len(images) != len(self.images)
        self.images, self.labels = images, labels
        if count_changed:
            self.updateGeometry()
        self.update()

    def _columns(self, width: int) -> int:
        return max(1, (width - GAP) // (PICTURE + GAP))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        rows = -(-len(self.images) // self._columns(width)) if self.images else 0
        return rows * (PICTURE + LABEL + GAP) + GAP

    def sizeHint(self) -> QSize:
        width = 8 * (PICTURE + GAP) + GAP
        return QSize(width, self.heightForWidth(width))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        font = QFont(self.font())
        font.setPointSizeF(7.5)
        painter.setFont(font)
        columns = self._columns(self.width())
        for i, image in enumerate(self.images):
            row, col = divmod(i, columns)
            rect = QRectF(GAP + col * (PICTURE + GAP), GAP + row * (PICTURE + LABEL + GAP),
                          PICTURE, PICTURE)
            painter.drawImage(rect, image)
            painter.setPen(QPen(QColor("#d1d5db"), 1))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect)
            painter.setPen(QColor("#374151"))
            painter.drawText(QRectF(rect.left() - GAP / 2, rect.bottom() + 1, PICTURE + GAP,
                                    LABEL), Qt.AlignmentFlag.AlignCenter, self.labels[i])
        painter.end()
