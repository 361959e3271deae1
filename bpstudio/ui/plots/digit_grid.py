"""A page of test images with the predicted and true label under each; mistakes in red."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QPaintEvent, QPen
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


def fit_label(metrics: QFontMetrics, predicted: str, true: str, wrong: bool,
              width: int) -> str:
    """"Coat ✓" or "Shirt ≠ Dress" in ``width`` pixels: long class names (Fashion-MNIST's
    "T-shirt/top") are cut each to its share, so both names keep their start; the
    tooltip has them whole."""
    label = f"{predicted} ≠ {true}" if wrong else f"{predicted} ✓"
    if metrics.horizontalAdvance(label) <= width:
        return label
    elide = Qt.TextElideMode.ElideRight
    if not wrong:
        mark = metrics.horizontalAdvance(" ✓")
        return f"{metrics.elidedText(predicted, elide, max(width - mark, 1))} ✓"
    share = max((width - metrics.horizontalAdvance(" ≠ ")) // 2, 1)
    return (f"{metrics.elidedText(predicted, elide, share)} ≠ "
            f"{metrics.elidedText(true, elide, share)}")


def colour_images(pixels: np.ndarray) -> list[QImage]:
    """RGB images ``(n, rows, cols, 3)`` with values in [0, 1] as the colours they are."""
    rgb = np.clip(np.nan_to_num(pixels, nan=0.0), 0.0, 1.0)
    rgb = np.ascontiguousarray(np.round(255 * rgb).astype(np.uint8))
    height, width = rgb.shape[1:3]
    return [QImage(c.data, width, height, 3 * width, QImage.Format.Format_RGB888).copy()
            for c in rgb]


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
        #: the dataset's class names: long ones ("T-shirt/top") get two caption lines
        self.class_names: tuple[str, ...] = ()
        # (names, cell, font) → two_lines(): asked for every cell of every paint, and
        # measuring every class name each time was most of the paint's cost
        self._two_lines: tuple[tuple[object, ...], bool] = ((), False)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)

    def cell(self) -> float:
        return min(max((self.width() - GAP) / self.columns - GAP, MIN_CELL), MAX_CELL)

    def _font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(8.0)
        return font

    def set_class_names(self, names: tuple[str, ...]) -> None:
        """The names captions use; set before :meth:`capacity` is asked for a page."""
        if names != self.class_names:
            self.class_names = tuple(names)
            self.update()

    def two_lines(self) -> bool:
        """Captions on two lines ("Pullover" over "≠ Coat") when "a ≠ b" of the longest
        names would not fit one line under the cell."""
        if not self.class_names:
            return False
        key = (self.class_names, self.cell(), self.font().key())
        if self._two_lines[0] != key:
            metrics = QFontMetrics(self._font())
            widest = max(metrics.horizontalAdvance(name) for name in self.class_names)
            self._two_lines = (key, 2 * widest + metrics.horizontalAdvance(" ≠ ")
                               > self.cell() + GAP)
        return self._two_lines[1]

    def label_height(self) -> float:
        return 2 * LABEL - 3 if self.two_lines() else LABEL

    def capacity(self) -> int:
        """Images that fit in the current size (at least one row)."""
        rows = int((self.height() - GAP) // (self.cell() + self.label_height() + GAP))
        return self.columns * max(rows, 1)

    def sizeHint(self) -> QSize:
        return QSize(self.columns * (44 + GAP) + GAP, 6 * (44 + LABEL + GAP) + GAP)

    def minimumSizeHint(self) -> QSize:
        return QSize(self.columns * (MIN_CELL + GAP) + GAP, MIN_CELL + LABEL + 2 * GAP)

    def set_items(self, images: list[QImage], predicted: list[str], true: list[str],
                  details: list[str] | None = None) -> None:
        """One page: images with predicted and true label text (same lengths). The same
        page again (while training, most refreshes) is not repainted: ``details`` only
        feed the tooltips."""
        self.details = details or [""] * len(images)
        if (predicted == self.predicted and true == self.true
                and len(images) == len(self.images)
                and all(new is old for new, old in zip(images, self.images, strict=True))):
            return
        self.images, self.predicted, self.true = images, predicted, true
        self.wrong = [p != t for p, t in zip(predicted, true, strict=True)]
        self.update()

    def resizeEvent(self, event) -> None:  # noqa: ANN001 - QResizeEvent
        super().resizeEvent(event)
        self.resized.emit()

    def cell_rect(self, index: int, sizes: tuple[float, float] | None = None) -> QRectF:
        """Where image ``index`` goes; ``sizes``: (cell, label height) if known."""
        cell, label = sizes or (self.cell(), self.label_height())
        row, col = divmod(index, self.columns)
        return QRectF(GAP + col * (cell + GAP), GAP + row * (cell + label + GAP), cell, cell)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        painter.setFont(self._font())
        cell = self.cell()
        two_lines = self.two_lines()
        label_height = self.label_height()
        metrics = painter.fontMetrics()
        elide = Qt.TextElideMode.ElideRight
        for i, image in enumerate(self.images[: self.capacity()]):
            rect = self.cell_rect(i, (cell, label_height))
            painter.drawImage(rect, image)
            wrong = self.wrong[i]
            painter.setPen(QPen(WRONG, 2.0) if wrong else QPen(FRAME, 1.0))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect.adjusted(-1, -1, 1, 1) if wrong else rect)
            painter.setPen(WRONG if wrong else RIGHT)
            width = int(cell + GAP)
            if two_lines:
                first = self.predicted[i] if wrong else f"{self.predicted[i]} ✓"
                lines = [metrics.elidedText(first, elide, width)]
                if wrong:
                    lines.append(metrics.elidedText(f"≠ {self.true[i]}", elide, width))
                label = "\n".join(lines)
            else:
                label = fit_label(metrics, self.predicted[i], self.true[i], wrong, width)
            painter.drawText(QRectF(rect.left() - GAP / 2, rect.bottom() + 1, cell + GAP,
                                    label_height),
                             Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, label)
        painter.end()

    def index_at(self, pos: QPoint) -> int | None:
        for i in range(min(len(self.images), self.capacity())):
            if self.cell_rect(i).adjusted(0, 0, 0, self.label_height()).contains(
                    pos.toPointF()):
                return i
        return None

    def mouseMoveEvent(self, event) -> None:  # noqa: ANN001 - QMouseEvent
        index = self.index_at(event.position().toPoint())
        if index is None or not self.details[index]:
            QToolTip.hideText()
        else:
            QToolTip.showText(event.globalPosition().toPoint(), self.details[index], self)
        super().mouseMoveEvent(event)
