"""Where the tour's box goes: clear of the network it describes and the docks it opens.

The box is a tool window; left where Qt puts it, it sat over the middle of the window,
which is where the canvas draws the network the page talks about. Each page it moves to
the first of a few candidate spots (the canvas's corners, the window's, then beside the
window) that covers none of the rectangles to avoid, narrower and taller if only that
fits, or else to the one covering least of them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QPoint, QRect, QSize

MARGIN = 12      # pixels between the box and the edges it is placed against


def _covered(box: QRect, avoid: Sequence[QRect]) -> int:
    """Pixels of ``avoid`` under ``box`` (overlaps between avoided rects count twice)."""
    total = 0
    for rect in avoid:
        common = box.intersected(rect)
        if not common.isEmpty():
            total += common.width() * common.height()
    return total


def candidate_spots(size: QSize, canvas: QRect, window: QRect) -> list[QPoint]:
    """Top-left corners to try, best first, in global coordinates: the canvas's four
    corners, the window's (over docks the page did not open), then beside the window."""
    w, h = size.width(), size.height()
    spots = []
    for area in (canvas, window):
        left, right = area.left() + MARGIN, area.right() + 1 - MARGIN - w
        top, bottom = area.top() + MARGIN, area.bottom() + 1 - MARGIN - h
        spots += [QPoint(right, top), QPoint(left, top), QPoint(right, bottom),
                  QPoint(left, bottom)]
    return spots + [QPoint(window.right() + 1 + MARGIN, window.top() + MARGIN),
                    QPoint(window.left() - MARGIN - w, window.top() + MARGIN)]


def place_box(sizes: Sequence[QSize], spots: Callable[[QSize], list[QPoint]],
              avoid: Sequence[QRect], screen: QRect) -> QRect:
    """The box, of the first of ``sizes`` (largest first, narrower ones taller) that
    fits at one of its ``spots`` covering none of ``avoid``; if none does, the box of the
    first size covering least of them. Boxes are kept within ``screen``."""
    best, best_cover = None, None
    for size in sizes:
        for spot in spots(size):
            # (QRect's right() and bottom() are one pixel short of left + width)
            x = min(max(spot.x(), screen.left()), screen.right() + 1 - size.width())
            y = min(max(spot.y(), screen.top()), screen.bottom() + 1 - size.height())
            box = QRect(QPoint(x, y), size)
            cover = _covered(box, avoid)
            if cover == 0:
                return box
            if size == sizes[0] and (best_cover is None or cover < best_cover):
                best, best_cover = box, cover
    return best if best is not None else QRect(screen.topLeft(), sizes[0])
