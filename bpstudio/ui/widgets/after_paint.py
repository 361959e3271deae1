"""A stand-in for a widget that is costly to make, built right after the first frame.

The plots need pyqtgraph, whose import and first plots are about a third of the start's
CPU time. The window's first frame does not wait for them: each plot's place holds a
:class:`BuildAfterPaint` of the plot's size, background and empty-state hint; right after
it first paints (the whole window painted in that frame), a zero timer builds the plot in
its place. Anything that needs the plot earlier builds it then (the owner's ``build`` is
idempotent), and a stand-in that never shows (a hidden dock) builds nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget


class BuildAfterPaint(QWidget):
    """Paints ``background`` (None: the parent's) and ``hint`` (grey italic, top left)
    until ``build`` replaces it; calls ``build`` once, after its first paint."""

    def __init__(self, build: Callable[[], None], *, background: str | None = None,
                 hint: str = "", hint_at: tuple[int, int] = (0, 0),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build = build
        self._background = QColor(background) if background is not None else None
        self.hint = hint
        self._hint_at = hint_at
        self._scheduled = False

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        if self._background is not None:
            painter.fillRect(self.rect(), self._background)
        if self.hint:
            font = painter.font()
            font.setItalic(True)
            font.setPointSizeF(8.5)      # as the plots' readouts (loss_plot.CurvePlot)
            painter.setFont(font)
            painter.setPen(QColor("#4b5563"))
            x, y = self._hint_at
            painter.drawText(self.rect().adjusted(x, y, 0, 0),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
                             self.hint)
        painter.end()
        if not self._scheduled:
            self._scheduled = True
            # After this event: the frame this paint belongs to is finished first. Tied to
            # this widget: when an early build has replaced it, the timer goes with it.
            QTimer.singleShot(0, self, self._build)
