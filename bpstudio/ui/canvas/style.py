"""Colours, sizes and pens of the canvas: one place, so the look stays consistent."""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainterPath, QPen

NEURON_RADIUS = 18.0          # canvas units; builders space neurons 56 apart
PORT_RADIUS = 5.0             # the output knob a connect drag starts from
GRID = 20.0                   # snap-to-grid step and background dot spacing
SELECTION_WIDTH = 3.0

BACKGROUND = QColor("#f7f8fa")
GRID_DOT = QColor("#d5d9e0")
TEXT = QColor("#1f2937")
MUTED_TEXT = QColor("#6b7280")
SELECTION = QColor("#2563eb")
HOVER = QColor("#60a5fa")
VALID_TARGET = QColor("#16a34a")
INVALID_TARGET = QColor("#dc2626")
RECURRENT_TARGET = QColor("#d97706")     # a target only a recurrent connection may reach

# Role colours: (border, fill). Shapes differ too, so roles read even in grey scale.
ROLE_COLORS = {
    "input": (QColor("#0f766e"), QColor("#ccfbf1")),
    "hidden": (QColor("#475569"), QColor("#ffffff")),
    "output": (QColor("#7c3aed"), QColor("#ede9fe")),
}

# Edge colours in "weight" mode: the sign picks the hue, |w| the width.
POSITIVE = QColor("#2563eb")
NEGATIVE = QColor("#ea580c")
ZERO = QColor("#9ca3af")

# Gradient mode: reversed viridis (perceptually uniform), so big gradients are dark and
# stand out on the light canvas; its yellow end is cut off because it vanishes there.
SEQUENTIAL_MAP = "viridis"
SEQUENTIAL_LIGHT_END = 0.88     # position in the map of the smallest value's colour


def sequential_colors(count: int) -> list[QColor]:
    """``count`` colours from light (small values) to dark (large), evenly spaced."""
    return [QColor(c) for c in _sequential_rgb(count)]


@cache
def _sequential_rgb(count: int) -> tuple[int, ...]:
    import pyqtgraph as pg  # deferred: the canvas imports without the plotting stack

    cmap = pg.colormap.get(SEQUENTIAL_MAP)
    stops = [SEQUENTIAL_LIGHT_END * (1 - (k + 0.5) / count) for k in range(count)]
    return tuple(QColor(*(int(c) for c in cmap.map(s, mode="byte")[:3])).rgb()
                 for s in stops)


def label_font(point_size: float = 8.5, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSizeF(point_size)
    font.setBold(bold)
    return font


def cosmetic_pen(color: QColor, width: float = 1.0,
                 style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
    """A pen whose width is in screen pixels, so edges stay visible when zoomed out."""
    pen = QPen(color, width, style)
    pen.setCosmetic(True)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    return pen


def _unit_curve(fn, x0: float = -1.0, x1: float = 1.0, steps: int = 24) -> list[QPointF]:
    return [QPointF(x0 + (x1 - x0) * i / steps, fn(x0 + (x1 - x0) * i / steps))
            for i in range(steps + 1)]


#: The curve each activation of engine/activations.py draws on its neuron, x ↦ y in the
#: box (-1, -1)–(1, 1) with y pointing down: the function's shape, stretched and scaled to
#: read at glyph size (leaky ReLU's slope exaggerated). softmax, a group activation, is
#: drawn as bars instead. tests/ui/test_glyphs.py checks every activation has its row.
GLYPH_CURVES: dict[str, Callable[[float], float]] = {
    "sigmoid": lambda x: 0.8 - 1.6 / (1 + math.exp(-6 * x)),
    "tanh": lambda x: -0.8 * math.tanh(3 * x),
    "identity": lambda x: -0.8 * x,
    "relu": lambda x: 0.6 - 1.4 * max(0.0, x),
    "leaky_relu": lambda x: 0.6 - 1.4 * (x if x > 0 else 0.15 * x),
    "softplus": lambda x: 0.6 - 1.4 * math.log1p(math.exp(4 * x)) / 4,
    "sine": lambda x: -0.7 * math.sin(math.pi * x),
}


def activation_glyph(name: str) -> QPainterPath:
    """A tiny curve of the activation in the box (-1, -1)–(1, 1), y pointing down."""
    path = QPainterPath()
    if name == "softmax":
        for i, h in enumerate((0.5, 1.3, 0.8)):
            left = -0.85 + i * 0.6
            path.addRect(QRectF(left, 0.7 - h, 0.45, h))
        return path
    points = _unit_curve(GLYPH_CURVES.get(name, GLYPH_CURVES["identity"]))
    path.moveTo(points[0])
    for p in points[1:]:
        path.lineTo(p)
    return path
