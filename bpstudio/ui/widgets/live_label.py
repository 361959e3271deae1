"""A label for numbers that change many times a second (status lines, plot readouts).

``QLabel.setText`` always calls ``updateGeometry()``. In a layout that invalidates the
parent's layout, and each layout's ``activate()`` calls ``updateGeometry()`` on its own
widget in turn: one changed digit in the training panel re-laid out the panel, its dock
and the main window (2–3 ms on the GUI thread, plus a dock-geometry animation object per
dock), about 12 times a second while training. With the GIL shared, that time came out
of training.

:class:`LiveLabel` is a layout-free box holding a plain ``QLabel`` that fills it: the
label's geometry requests end at the box, which ignores them, so a new text costs a
repaint of the label alone. The label is a stock ``QLabel`` on purpose: it paints in
C++ without the GIL, where a Python ``paintEvent`` would hold it while drawing.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class LiveLabel(QWidget):
    """Plain or rich text in ``lines`` lines; wrapped, or elided to its width. Its size
    comes from the layout and ``lines`` / ``widest``, not from its text, except that
    wrapped text which needs more lines gets them (a re-layout only then)."""

    def __init__(self, text: str = "", *, lines: int = 1, wrap: bool = False,
                 rich: bool = False, color: str | None = None, bold: bool = False,
                 point_size: float | None = None, widest: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._lines = lines
        self._wrap = wrap
        self._widest = widest
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
        self.label.setWordWrap(wrap)
        self.label.setAlignment(Qt.AlignmentFlag.AlignLeft | (
            Qt.AlignmentFlag.AlignTop if lines > 1 else Qt.AlignmentFlag.AlignVCenter))
        font = self.label.font()
        if bold:
            font.setWeight(font.Weight.DemiBold)
        if point_size is not None:
            font.setPointSizeF(point_size)
        self.label.setFont(font)
        if color is not None:
            palette = self.label.palette()
            palette.setColor(QPalette.ColorRole.WindowText, QColor(color))
            self.label.setPalette(palette)
        self._height = self._least_height()
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setText(text)

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:
        """Show ``text``: a repaint of the label alone, never a re-layout."""
        if text != self._text:
            self._text = text
            self._show()

    def _show(self) -> None:
        if self._wrap:
            self.label.setText(self._text)
            # More (or again fewer) lines than the last text: the one change of text that
            # re-lays out, so nothing is cut off (a validation loss joining the line).
            height = self._wrapped_height()
            if height != self._height:
                self._height = height
                self.updateGeometry()
            return
        if self.label.textFormat() == Qt.TextFormat.RichText:
            self.label.setText(self._text)
            return
        self.label.setText(self.label.fontMetrics().elidedText(
            self._text, Qt.TextElideMode.ElideRight,
            max(self.label.contentsRect().width() - 2, 20)))    # inside a stylesheet's padding

    def _least_height(self) -> int:
        return self._lines * self.label.fontMetrics().lineSpacing() + 2

    def _wrapped_height(self) -> int:
        """Room for the text wrapped at the current width, at least ``lines`` lines."""
        if not self._text or self.width() <= 0:
            return self._least_height()
        return max(self._least_height(), self.label.heightForWidth(self.width()))

    def sizeHint(self) -> QSize:
        metrics = self.label.fontMetrics()
        width = metrics.horizontalAdvance(self._widest) + 8 if self._widest else 100
        return QSize(width, self._height)

    def minimumSizeHint(self) -> QSize:
        return QSize(40, self.sizeHint().height())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.label.setGeometry(self.rect())
        self._show()
