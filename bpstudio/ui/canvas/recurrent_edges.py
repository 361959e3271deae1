"""Recurrent connections drawn as curved back-arrows with a "t−1" mark; self-loops as loops.

A recurrent connection carries its source's value from the previous time step, so it is
drawn unlike the straight feed-forward edges: a curve bowing away from the straight line
(a loop above the neuron when it feeds itself) with a small "t−1" pill at its middle.
Networks have few of them, so one item paints them all with a path each; their colour
and width come from the same pen palette (weight, gradient, change) as every other edge.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QStyleOptionGraphicsItem, QWidget

from bpstudio.ui.canvas import style
from bpstudio.ui.canvas.edge_group import ARROW_PX, EDGE_Z, EdgeRowsItem, draw_segments

if TYPE_CHECKING:
    from bpstudio.ui.canvas.edges import EdgeLayer

SAMPLES = 24            # points per curve for hit-testing
BOW = 0.35              # how far a back-arrow bows out, as a share of its length
MIN_BOW = 36.0          # … and at least this many canvas units
LABEL_MIN_PX = 7.0      # the "t−1" pills show once a neuron's radius is this many pixels
MAX_PILLS = 8           # beyond this many curves only the selected or hovered carry a pill
#: a self-loop's Bézier controls around its neuron's centre, in neuron radii (y down)
SELF_LOOP = np.array([[0.88, -0.47], [2.6, -0.9], [1.3, -2.5], [0.35, -0.94]])
SELF_LOOP_LABEL = np.array([0.9, -0.55])    # its pill, from the loop's apex


def delay_label() -> str:
    """The mark every recurrent edge carries: it reads the previous time step."""
    return QCoreApplication.translate("RecurrentEdges", "t−1")


def curve_controls(src: np.ndarray, dst: np.ndarray, self_loop: np.ndarray) -> np.ndarray:
    """Bézier control points ``(n, 4, 2)`` of recurrent edges from centres ``src`` to ``dst``.

    Back-arrows bow to the right of their direction of travel (over the top for an edge
    running right to left, as recurrent ones mostly do), start on the source's rim and end
    on the target's rim so the arrowhead shows; a self-loop leaves the neuron's right side
    above its port and comes back in at its top (the upper right stays clear of neighbours
    stacked in a column).
    """
    r = style.NEURON_RADIUS
    delta = dst - src
    length = np.hypot(delta[:, 0], delta[:, 1])
    unit = delta / np.maximum(length, 1e-9)[:, None]
    normal = np.stack([-unit[:, 1], unit[:, 0]], axis=1)   # right of travel: up when leftward
    bow = np.maximum(length * BOW, MIN_BOW)[:, None] * 4 / 3   # peak of the curve ≈ bow
    c1 = src + delta * 0.2 + normal * bow
    c2 = src + delta * 0.8 + normal * bow
    p0 = src + _towards(src, c1) * r
    p3 = dst + _towards(dst, c2) * (r + 1.0)
    controls = np.stack([p0, c1, c2, p3], axis=1)
    if self_loop.any():
        centre = src[self_loop]
        controls[self_loop] = centre[:, None, :] + SELF_LOOP[None] * r
    return controls


def _towards(origin: np.ndarray, point: np.ndarray) -> np.ndarray:
    d = point - origin
    return d / np.maximum(np.hypot(d[:, 0], d[:, 1]), 1e-9)[:, None]


def bezier_points(controls: np.ndarray, count: int = SAMPLES) -> np.ndarray:
    """Points ``(n, count + 1, 2)`` along each cubic Bézier of ``controls (n, 4, 2)``."""
    t = np.linspace(0.0, 1.0, count + 1)[None, :, None]
    p0, p1, p2, p3 = (controls[:, k][:, None, :] for k in range(4))
    return ((1 - t) ** 3 * p0 + 3 * (1 - t) ** 2 * t * p1 + 3 * (1 - t) * t ** 2 * p2
            + t ** 3 * p3)


class RecurrentEdgesItem(EdgeRowsItem):
    """Every recurrent connection of the layer (rows flagged recurrent), painted as curves."""

    def __init__(self, layer: EdgeLayer) -> None:
        super().__init__(layer)
        self.setZValue(EDGE_Z + 0.5)     # above the straight edges, below the neurons
        self._controls = np.zeros((0, 4, 2))
        self._points = np.zeros((0, SAMPLES + 1, 2))
        self._labels = np.zeros((0, 2))     # where each "t−1" pill is centred
        self._rect = QRectF()

    def _compute_geometry(self) -> None:
        r, nodes = self.layer.rows, self.layer.nodes
        src_slots, dst_slots = r.src[self.rows], r.dst[self.rows]
        self._controls = curve_controls(nodes.pos[src_slots], nodes.pos[dst_slots],
                                        src_slots == dst_slots)
        self._points = bezier_points(self._controls)
        # A pill on a small self-loop would hide it: those sit just outside its apex.
        self._labels = self._points[:, SAMPLES // 2].copy()
        self._labels[src_slots == dst_slots] += SELF_LOOP_LABEL * style.NEURON_RADIUS
        if len(self.rows) == 0:
            self._rect = QRectF()
            return
        flat = self._points.reshape(-1, 2)
        lo, hi = flat.min(axis=0), flat.max(axis=0)
        pad = style.NEURON_RADIUS      # room for arrowheads and the "t−1" pills
        self._rect = QRectF(lo[0] - pad, lo[1] - pad, hi[0] - lo[0] + 2 * pad,
                            hi[1] - lo[1] + 2 * pad)

    def boundingRect(self) -> QRectF:
        self._ensure_geometry()
        return self._rect

    def curves(self) -> np.ndarray:
        """Sampled points of every curve, ``(n, SAMPLES + 1, 2)``, rows as :attr:`rows`."""
        self._ensure_geometry()
        return self._points

    def _path(self, position: int) -> QPainterPath:
        p0, c1, c2, p3 = (QPointF(*self._controls[position, k]) for k in range(4))
        path = QPainterPath(p0)
        path.cubicTo(c1, c2, p3)
        return path

    def _arrowhead(self, position: int, size: float) -> np.ndarray:
        """Two strokes at the curve's end along its final tangent, shape (2, 4)."""
        tip = self._controls[position, 3]
        back = self._controls[position, 2] - tip
        back = back / max(float(np.hypot(*back)), 1e-9) * size
        strokes = []
        for angle in (0.45, -0.45):
            cos, sin = np.cos(angle), np.sin(angle)
            wing = np.array([back[0] * cos - back[1] * sin, back[0] * sin + back[1] * cos])
            strokes.append(np.r_[tip, tip + wing])
        return np.array(strokes)

    # ------------------------------------------------------------- painting
    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        self._ensure_geometry()
        if len(self.rows) == 0:
            return
        scale = QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())
        detailed = scale * style.NEURON_RADIUS >= LABEL_MIN_PX
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        pens = self.layer.pens(True)
        buckets = self.layer.rows.bucket[self.rows]
        rank = {bucket: k for k, bucket in enumerate(self.layer.paint_order)}
        order = sorted(range(len(self.rows)), key=lambda i: rank.get(int(buckets[i]), 0))
        for position in order:
            painter.setPen(pens[int(buckets[position])])
            painter.drawPath(self._path(position))
            if detailed:
                draw_segments(painter, self._arrowhead(position, ARROW_PX / scale))
        self._paint_highlights(painter, scale)
        if detailed:
            self._paint_labels(painter)

    def _paint_highlights(self, painter: QPainter, scale: float) -> None:
        layer = self.layer
        marked = [(cid, style.SELECTION) for cid in layer.selected]
        if layer.hovered is not None:
            marked.append((layer.hovered, style.HOVER))
        for cid, color in marked:
            row = layer.row_of.get(cid, -1)
            hits = np.flatnonzero(self.rows == row)
            if row < 0 or len(hits) == 0:
                continue
            position = int(hits[0])
            halo = QColor(color)
            halo.setAlpha(110)
            painter.setPen(style.cosmetic_pen(halo, 7.0))
            painter.drawPath(self._path(position))
            painter.setPen(style.cosmetic_pen(color, 2.0))
            painter.drawPath(self._path(position))
            draw_segments(painter, self._arrowhead(position, ARROW_PX / scale))

    def labelled(self) -> np.ndarray:
        """Positions (into :attr:`rows`) of the curves that carry a "t−1" pill: all of
        them, or in a dense drawing only the selected and hovered ones."""
        if len(self.rows) <= MAX_PILLS:
            return np.arange(len(self.rows))
        layer = self.layer
        marked = [layer.row_of.get(c, -1) for c in [*layer.selected, layer.hovered]
                  if c is not None]
        return np.flatnonzero(np.isin(self.rows, marked))

    def _paint_labels(self, painter: QPainter) -> None:
        """A "t−1" pill at the middle of each curve, at a fixed size on screen."""
        text = delay_label()
        font = style.label_font(8)
        metrics = QFontMetricsF(font)
        middles = self._labels[self.labelled()]
        painter.save()
        transform = painter.worldTransform()
        painter.resetTransform()
        painter.setFont(font)
        painter.setPen(QPen(QColor("#d1d5db"), 1))
        pill = QRectF(0, 0, metrics.horizontalAdvance(text) + 8, metrics.height() + 2)
        for middle in middles:
            pill.moveCenter(transform.map(QPointF(*middle)))
            painter.setPen(QPen(QColor("#d1d5db"), 1))
            painter.setBrush(QColor(255, 255, 255))
            painter.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)
            painter.setPen(style.MUTED_TEXT)
            painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()

    # ----------------------------------------------------------- hit testing
    def nearest(self, pos: QPointF, tolerance: float) -> tuple[float, int] | None:
        """(distance, connection id) of the closest curve within ``tolerance``, or None."""
        points = self.curves()
        if len(points) == 0 or not self._rect.adjusted(
                -tolerance, -tolerance, tolerance, tolerance).contains(pos):
            return None
        a, b = points[:, :-1], points[:, 1:]
        d = b - a
        p = np.array([pos.x(), pos.y()])
        t = np.clip(((p - a) * d).sum(axis=2) / np.maximum((d * d).sum(axis=2), 1e-12),
                    0.0, 1.0)
        closest = a + t[..., None] * d
        dist = np.hypot(closest[..., 0] - p[0], closest[..., 1] - p[1]).min(axis=1)
        best = int(np.argmin(dist))
        if dist[best] > tolerance:
            return None
        return float(dist[best]), int(self.layer.rows.cid[self.rows[best]])
