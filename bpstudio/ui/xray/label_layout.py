"""Where step mode's labels go: greedy placement in screen pixels, most important first.

Each label tries a list of candidate spots and takes the first that is on screen and
covers nothing placed before it (neurons, their labels, other cards). A card that fits
nowhere falls back to its one-line form, and then — unless it is essential (the current
neuron, the loss, the edges feeding the current neuron, the selection) — is left out,
so what is drawn is always readable.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QFont, QFontMetricsF

from bpstudio.ui.canvas import style

GAP = 5.0                 # pixels between a neuron and its card
PAD = (7.0, 4.0)          # card padding (x, y) in pixels
PILL_PAD = (6.0, 1.5)     # edge pills are one line: thinner, so more of them fit
OFF_SCREEN_WEIGHT = 4.0
EDGE_SPOTS = (0.68, 0.55, 0.8, 0.42, 0.3, 0.88, 0.18)
Line = tuple[str, QColor, bool]          # text, colour, bold


@dataclass
class Card:
    lines: list[Line]
    border: QColor
    current: bool = False
    pill: bool = False
    compact: list[Line] | None = None    # the one-line form used when space is short
    size: tuple[float, float] = (0.0, 0.0)
    rect: QRectF = field(default_factory=QRectF)

    @property
    def text(self) -> str:
        return " ".join(t for t, _, _ in self.lines)


def font(bold: bool = False) -> QFont:
    return style.label_font(9.0, bold)


def measure(card: Card) -> None:
    width = height = 0.0
    for text, _, bold in card.lines:
        metrics = QFontMetricsF(font(bold))
        width = max(width, metrics.horizontalAdvance(text))
        height += metrics.height()
    pad = padding(card)
    card.size = (width + 2 * pad[0], height + 2 * pad[1])


def padding(card: Card) -> tuple[float, float]:
    return PILL_PAD if card.pill else PAD


def neuron_spots(card: Card, center: QPointF, radius: float, role: str) -> list[QRectF]:
    """Beside a neuron: inputs prefer the left, outputs the right, hidden above/below."""
    w, h = card.size
    x, y = center.x(), center.y()
    r, side = radius + GAP, radius * 0.4
    spots = {
        "right": (x + r + 4, y - h / 2), "left": (x - r - w, y - h / 2),
        "above": (x - w / 2, y - r - h), "below": (x - w / 2, y + r),
        "above-right": (x + side, y - r - h), "below-right": (x + side, y + r),
        "above-left": (x - side - w, y - r - h), "below-left": (x - side - w, y + r),
    }
    names = {"input": ("left", "above-left", "below-left", "above", "below"),
             "output": ("right", "above-right", "below-right", "above", "below", "left"),
             }.get(role, ("above", "below", "above-right", "below-right", "above-left",
                          "below-left", "right", "left"))
    return [QRectF(*spots[n], w, h) for n in names]


def edge_spots(card: Card, source: QPointF, target: QPointF, radius: float) -> list[QRectF]:
    """On the edge (nearest the neuron it feeds first), then just beside it."""
    w, h = card.size
    start = QPointF(source.x() + radius, source.y())
    along = target - start
    length = max((along.x() ** 2 + along.y() ** 2) ** 0.5, 1e-9)
    normal = QPointF(-along.y() / length, along.x() / length)
    spots = []
    # centred on the line first, then beside it, then hanging off one end of the pill
    for anchor in (0.5, 0.12, 0.88):
        for shift in (0.0, -1.0, 1.0):
            for t in EDGE_SPOTS:
                p = start + along * t + normal * (shift * (h / 2 + 3))
                spots.append(QRectF(p.x() - w * anchor, p.y() - h / 2, w, h))
    return spots


def loss_spots(card: Card, outputs: list[QRectF]) -> list[QRectF]:
    """Right of the output neurons (and their labels), else under or over them."""
    w, h = card.size
    box = QRectF()
    for rect in outputs:
        box = box.united(rect)
    if box.isNull():
        box = QRectF(0, 0, 1, 1)
    mid = box.center().y()
    spots = [QRectF(box.right() + 10 + dx, mid + dy - h / 2, w, h)
             for dx in (0, 60, 140) for dy in (0, h + 6, -h - 6)]
    spots += [QRectF(box.center().x() - w / 2, box.bottom() + 8 + dy, w, h)
              for dy in (0, 80, 160)]
    spots += [QRectF(box.center().x() - w / 2, box.top() - h - 8 - dy, w, h)
              for dy in (0, 80, 160)]
    return spots


class Placer:
    """Places cards one by one among the rectangles already taken (vectorised: a card
    is tested against every taken rectangle at every candidate spot at once)."""

    def __init__(self, taken: list[QRectF], bounds: QRectF | None) -> None:
        self._taken = np.array([_edges_of(r) for r in taken], dtype=float).reshape(-1, 4)
        self.bounds = None if bounds is None else _edges_of(bounds)
        self.left_out = 0

    def _covers(self, spots: list[QRectF]) -> np.ndarray:
        """Area of each spot that is off screen (weighted) or on something placed."""
        s = np.array([_edges_of(r) for r in spots], dtype=float)
        area = (s[:, 2] - s[:, 0]) * (s[:, 3] - s[:, 1])
        cover = np.zeros(len(s))
        if self.bounds is not None:
            inside = _overlap(s, np.array([self.bounds]))[:, 0]
            cover += OFF_SCREEN_WEIGHT * (area - inside)
        if len(self._taken):
            cover += _overlap(s, self._taken).sum(axis=1)
        return cover

    def _take(self, card: Card, spot: QRectF) -> None:
        card.rect = spot
        grown = _edges_of(spot.adjusted(-2, -2, 2, 2))
        self._taken = np.vstack([self._taken, grown])

    def place(self, card: Card, spots_for: Callable[[Card], list[QRectF]],
              essential: bool) -> bool:
        """Put ``card`` at a free spot (full, then compact); False if it was left out."""
        forms = [card.lines] + ([card.compact] if card.compact else [])
        best: QRectF | None = None              # least covered spot of the full form
        for lines in forms:
            card.lines = lines
            measure(card)
            spots = spots_for(card)
            covers = self._covers(spots)
            free = np.flatnonzero(covers <= 0.0)
            if len(free):
                self._take(card, spots[int(free[0])])
                return True
            if lines is forms[0]:
                best = spots[int(np.argmin(covers))]
        card.lines = forms[0]
        if essential and best is not None:
            measure(card)
            self._take(card, best)
            return True
        self.left_out += 1
        return False


def _edges_of(rect: QRectF) -> tuple[float, float, float, float]:
    return rect.left(), rect.top(), rect.right(), rect.bottom()


def _overlap(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Intersection areas, shape (len(a), len(b)), of rectangles as (x1, y1, x2, y2)."""
    width = np.minimum(a[:, None, 2], b[None, :, 2]) - np.maximum(a[:, None, 0], b[None, :, 0])
    height = np.minimum(a[:, None, 3], b[None, :, 3]) - np.maximum(a[:, None, 1], b[None, :, 1])
    return np.clip(width, 0.0, None) * np.clip(height, 0.0, None)
