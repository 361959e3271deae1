"""One item per group of edges: painted from NumPy arrays with one call per pen.

Level of detail by the on-screen length of what would be drawn: antialiased |w|-wide
pens with arrowheads for small drawings, thin aliased lines for big ones, and a
translucent bundle between the two spans when edges are denser than pixels.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import numpy as np
import shiboken6
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from bpstudio.ui.canvas import style
from bpstudio.ui.words import connection_count

if TYPE_CHECKING:
    from bpstudio.ui.canvas.edges import EdgeLayer

EDGE_Z = -10.0
AA_BUDGET_PX = 400_000        # antialiased, |w|-wide pens while the visible length fits
# While training recolours the edges many times a second, wide antialiased strokes (about
# 30 ms for the 2,368 digits edges, against 2 ms thin and aliased) would eat the time the
# training thread needs: only small drawings keep them then.
AA_BUDGET_LIVE_PX = 60_000
FAST_BUDGET_PX = 3_000_000    # thin opaque aliased lines up to this many pixels
BUNDLE_DENSITY = 3.0          # edges per screen pixel of span beyond which lines mean nothing
MIN_BUNDLE_EDGES = 64
MAX_LOCAL_EDGES = 3000        # in a bundle, edges with both ends on screen drawn as lines
ARROW_PX = 7.0


def draw_segments(painter: QPainter, segments: np.ndarray) -> None:
    """One ``drawLines`` call over an (n, 4) float64 array, without n Python objects."""
    if len(segments) == 0:
        return
    segments = np.ascontiguousarray(segments, dtype=np.float64)
    # QLineF is four doubles: hand Qt the array's memory as a QLineF[] (as pyqtgraph does).
    painter.drawLines(shiboken6.wrapInstance(segments.ctypes.data, QLineF), len(segments))


class EdgeRowsItem(QGraphicsItem):
    """An item painting some of the edge layer's rows, whose geometry is worked out from the
    layer's arrays when next needed (a drag moves neurons many times between paints)."""

    def __init__(self, layer: EdgeLayer) -> None:
        super().__init__()
        self.layer = layer
        self.rows = np.zeros(0, dtype=np.int64)
        self._geometry_dirty = True

    def set_rows(self, rows: np.ndarray) -> None:
        self.rows = rows
        self.geometry_changed()
        self.style_changed()

    def geometry_changed(self) -> None:
        if not self._geometry_dirty:
            self.prepareGeometryChange()
            self._geometry_dirty = True

    def style_changed(self) -> None:
        self.update()

    def values_changed(self) -> None:
        """The rows' values (so perhaps their pens) changed: training recoloured them."""
        self.style_changed()

    def _ensure_geometry(self) -> None:
        if self._geometry_dirty:
            self._geometry_dirty = False
            self._compute_geometry()

    def _compute_geometry(self) -> None:
        raise NotImplementedError


class EdgeGroupItem(EdgeRowsItem):
    """All edges from one depth column to another, painted with one call per pen."""

    def __init__(self, layer: EdgeLayer, key: tuple[int, int], serial: int = -1) -> None:
        super().__init__(layer)
        self.key = key
        self.serial = serial     # the layer's handle for "repaint the group of this row"
        self.setZValue(EDGE_Z)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self._segments = np.zeros((0, 4))
        self._rect = QRectF()
        self._hull = QPolygonF()
        self._span = 1.0
        self._label_at = QPointF()
        self._gap = 0.0
        self._by_bucket: tuple[np.ndarray, np.ndarray] | None = None
        self.last_mode = ""
        self.last_paint_seconds = 0.0   # how long the last paint took (redraw budgets)
        #: the colour (rgba) of the last paint when it showed the group as a bundle alone,
        #: no lines: new values then change what is seen only if they change that colour
        self._bundle_rgba: int | None = None

    def style_changed(self) -> None:
        self._by_bucket = None
        self.update()

    def values_changed(self) -> None:
        """Repaint for new values, unless the group showed as a bundle alone and its
        colour stays: while training recolours the edges four times a second, the
        digits example's 2,048-edge bundle repainted each time to look the same."""
        if self._bundle_rgba is not None and self._bundle_rgba == self._bundle_color().rgba():
            self._by_bucket = None
            return
        self.style_changed()

    # ------------------------------------------------------------- geometry
    def _compute_geometry(self) -> None:
        r, nodes = self.layer.rows, self.layer.nodes
        src = nodes.pos[r.src[self.rows]]
        dst = nodes.pos[r.dst[self.rows]]
        # Edges leave from the source's output port and end on the target's rim, so the
        # arrowhead shows.
        start = src + (style.NEURON_RADIUS, 0.0)
        delta = dst - start
        length = np.hypot(delta[:, 0], delta[:, 1])
        unit = delta / np.maximum(length, 1e-9)[:, None]
        trim = np.minimum(style.NEURON_RADIUS + 1.0, length[:, None] / 2)
        self._segments = np.hstack([start, dst - unit * trim])
        if len(self.rows) == 0:
            self._rect = QRectF()
            self._hull = QPolygonF()
            return
        both = np.vstack([src, dst])
        lo, hi = both.min(axis=0), both.max(axis=0)
        self._rect = QRectF(lo[0], lo[1], hi[0] - lo[0], hi[1] - lo[1]).adjusted(
            -style.NEURON_RADIUS, -style.NEURON_RADIUS, style.NEURON_RADIUS,
            style.NEURON_RADIUS)
        self._hull = _hull_between(src, dst)
        # The bundle's label goes halfway between the spans' centres: in the open gap.
        mid = (src.min(axis=0) + src.max(axis=0) + dst.min(axis=0) + dst.max(axis=0)) / 4
        gap = (src[:, 0].max(), dst[:, 0].min())
        x = (gap[0] + gap[1]) / 2 if gap[1] > gap[0] else mid[0]
        self._gap = float(max(gap[1] - gap[0] - 2 * style.NEURON_RADIUS, 0.0))
        self._label_at = QPointF(float(x), float(mid[1]))
        span_src = np.ptp(src, axis=0).max()
        span_dst = np.ptp(dst, axis=0).max()
        self._span = float(max(span_src, span_dst, 1.0))

    def boundingRect(self) -> QRectF:
        self._ensure_geometry()
        return self._rect

    def segments(self) -> np.ndarray:
        self._ensure_geometry()
        return self._segments

    def _bucket_order(self) -> tuple[np.ndarray, np.ndarray]:
        """Row positions sorted by bucket, and where each bucket starts (cached)."""
        if self._by_bucket is None:
            bucket = self.layer.rows.bucket[self.rows]
            order = np.argsort(bucket, kind="stable")
            count = len(self.layer.pens(True))
            bounds = np.searchsorted(bucket[order], np.arange(count + 1))
            self._by_bucket = (order, bounds)
        return self._by_bucket

    # ------------------------------------------------------------- painting
    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        started = time.perf_counter()
        self._paint(painter, option)
        self.last_paint_seconds = time.perf_counter() - started

    def _paint(self, painter: QPainter, option: QStyleOptionGraphicsItem) -> None:
        self._bundle_rgba = None
        seg = self.segments()
        if len(seg) == 0:
            return
        scale = QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())
        # Denser than lines can show: the bundle alone, whatever part is exposed (no need
        # to find the edges in it: a neighbouring group's repaint exposes a sliver).
        if len(seg) >= MIN_BUNDLE_EDGES and len(seg) / (self._span * scale) > BUNDLE_DENSITY:
            self._paint_bundle_alone(painter, scale)
            self._paint_highlights(painter, scale)
            return
        exposed = option.exposedRect
        visible = ((np.maximum(seg[:, 0], seg[:, 2]) >= exposed.left())
                   & (np.minimum(seg[:, 0], seg[:, 2]) <= exposed.right())
                   & (np.maximum(seg[:, 1], seg[:, 3]) >= exposed.top())
                   & (np.minimum(seg[:, 1], seg[:, 3]) <= exposed.bottom()))
        count = int(visible.sum())
        if count == 0:
            return
        diagonal = np.hypot(exposed.width(), exposed.height())
        lengths = np.hypot(seg[visible, 2] - seg[visible, 0], seg[visible, 3] - seg[visible, 1])
        cost_px = float(np.minimum(lengths, diagonal).sum()) * scale
        if cost_px > FAST_BUDGET_PX:
            # Edges whose both ends are on screen still read as lines: draw those.
            local = visible & self._both_ends_inside(exposed)
            if 0 < int(local.sum()) <= MAX_LOCAL_EDGES:
                self.last_mode = "bundle"
                self._paint_bundle(painter, self._bundle_color())
                self._paint_lines(painter, local, scale, detailed=True)
                self._paint_bundle_label(painter, scale)
            else:
                self._paint_bundle_alone(painter, scale)
        else:
            detailed = cost_px <= (AA_BUDGET_LIVE_PX if self.layer.live else AA_BUDGET_PX)
            self.last_mode = "detail" if detailed else "fast"
            self._paint_lines(painter, visible, scale, detailed)
        self._paint_highlights(painter, scale)

    def _paint_bundle_alone(self, painter: QPainter, scale: float) -> None:
        """The bundle with its count and no lines: its colour is all values change."""
        self.last_mode = "bundle"
        color = self._bundle_color()
        self._paint_bundle(painter, color)
        self._paint_bundle_label(painter, scale)
        self._bundle_rgba = color.rgba()

    def _both_ends_inside(self, rect: QRectF) -> np.ndarray:
        nodes, r = self.layer.nodes, self.layer.rows
        inside = []
        for slots in (r.src[self.rows], r.dst[self.rows]):
            p = nodes.pos[slots]
            inside.append((p[:, 0] >= rect.left()) & (p[:, 0] <= rect.right())
                          & (p[:, 1] >= rect.top()) & (p[:, 1] <= rect.bottom()))
        return inside[0] & inside[1]

    def _paint_lines(self, painter: QPainter, visible: np.ndarray, scale: float,
                     detailed: bool) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, detailed)
        order, bounds = self._bucket_order()
        seg = self._segments
        arrows = detailed and scale * style.NEURON_RADIUS >= 7
        pens = self.layer.pens(detailed)
        for bucket in self.layer.paint_order:
            pen = pens[bucket]
            lo, hi = bounds[bucket], bounds[bucket + 1]
            if lo == hi:
                continue
            picked = order[lo:hi]
            picked = picked[visible[picked]]
            if len(picked) == 0:
                continue
            lines = seg[picked]
            if arrows:
                lines = np.vstack([lines, _arrowheads(lines, ARROW_PX / scale)])
            painter.setPen(pen)
            draw_segments(painter, lines)

    def _bundle_color(self) -> QColor:
        return self.layer.coloring.bundle_color(self.layer.inputs(self.rows))

    def _paint_bundle(self, painter: QPainter, color: QColor) -> None:
        fill = QColor(color)
        fill.setAlpha(45)
        edge = QColor(color)
        edge.setAlpha(150)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(style.cosmetic_pen(edge, 1.0))
        painter.setBrush(fill)
        painter.drawPolygon(self._hull)

    def _paint_bundle_label(self, painter: QPainter, scale: float) -> None:
        box = self._hull.boundingRect()
        text = connection_count(len(self.rows))
        metrics = QFontMetricsF(style.label_font(9, bold=True))
        if self._gap * scale > metrics.horizontalAdvance(text) + 16 and \
                box.height() * scale > 40:     # only where the label fits in the open gap
            painter.save()
            device = painter.worldTransform().map(self._label_at)
            painter.resetTransform()
            painter.setFont(style.label_font(9, bold=True))
            pill = QRectF(0, 0, metrics.horizontalAdvance(text) + 16, metrics.height() + 6)
            pill.moveCenter(device)
            painter.setPen(QPen(QColor("#d1d5db"), 1))
            painter.setBrush(QColor(255, 255, 255, 235))
            painter.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)
            painter.setPen(style.TEXT)
            painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, text)
            painter.restore()

    def _paint_highlights(self, painter: QPainter, scale: float) -> None:
        layer = self.layer
        marked = [(cid, style.SELECTION) for cid in layer.selected]
        if layer.hovered is not None:
            marked.append((layer.hovered, style.HOVER))
        if not marked:
            return
        mine = _rows_in(self.rows, [layer.row_of.get(cid, -1) for cid, _ in marked])
        if not mine:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for position, color in ((p, marked[i][1]) for i, p in mine):
            line = self._segments[position: position + 1]
            halo = QColor(color)
            halo.setAlpha(110)
            painter.setPen(style.cosmetic_pen(halo, 7.0))
            draw_segments(painter, line)
            painter.setPen(style.cosmetic_pen(color, 2.0))
            draw_segments(painter, np.vstack([line, _arrowheads(line, ARROW_PX / scale)]))

    # ----------------------------------------------------------- hit testing
    def nearest(self, pos: QPointF, tolerance: float) -> tuple[float, int] | None:
        """(distance, connection id) of the closest edge within ``tolerance``, or None."""
        seg = self.segments()
        if len(seg) == 0 or not self._rect.adjusted(
                -tolerance, -tolerance, tolerance, tolerance).contains(pos):
            return None
        px, py = pos.x(), pos.y()
        near = ((np.minimum(seg[:, 0], seg[:, 2]) - tolerance <= px)
                & (np.maximum(seg[:, 0], seg[:, 2]) + tolerance >= px)
                & (np.minimum(seg[:, 1], seg[:, 3]) - tolerance <= py)
                & (np.maximum(seg[:, 1], seg[:, 3]) + tolerance >= py))
        index = np.flatnonzero(near)
        if len(index) == 0:
            return None
        s = seg[index]
        d = s[:, 2:] - s[:, :2]
        t = ((px - s[:, 0]) * d[:, 0] + (py - s[:, 1]) * d[:, 1]) / np.maximum(
            (d * d).sum(axis=1), 1e-12)
        t = np.clip(t, 0.0, 1.0)
        dist = np.hypot(s[:, 0] + t * d[:, 0] - px, s[:, 1] + t * d[:, 1] - py)
        best = int(np.argmin(dist))
        if dist[best] > tolerance:
            return None
        return float(dist[best]), int(self.layer.rows.cid[self.rows[index[best]]])


def _rows_in(rows: np.ndarray, wanted: list[int]) -> list[tuple[int, int]]:
    """(index into ``wanted``, position in ``rows``) for each wanted row this group holds."""
    if not len(rows):
        return []
    found = []
    hits = np.isin(rows, wanted)
    for position in np.flatnonzero(hits):
        row = int(rows[position])
        for i, w in enumerate(wanted):
            if w == row:
                found.append((i, int(position)))
    return found


def _arrowheads(lines: np.ndarray, size: float) -> np.ndarray:
    """Two short strokes per line forming a chevron at its end, shape (2n, 4)."""
    tip = lines[:, 2:]
    d = tip - lines[:, :2]
    unit = d / np.maximum(np.hypot(d[:, 0], d[:, 1]), 1e-9)[:, None]
    cos, sin = np.cos(0.45), np.sin(0.45)
    back = -unit * size
    left = np.stack([back[:, 0] * cos - back[:, 1] * sin,
                     back[:, 0] * sin + back[:, 1] * cos], axis=1)
    right = np.stack([back[:, 0] * cos + back[:, 1] * sin,
                      -back[:, 0] * sin + back[:, 1] * cos], axis=1)
    return np.vstack([np.hstack([tip, tip + left]), np.hstack([tip, tip + right])])


def _hull_between(src: np.ndarray, dst: np.ndarray) -> QPolygonF:
    """Convex hull of the two spans' bounding boxes: the outline of a bundle."""
    corners = []
    for points in (src, dst):
        lo, hi = points.min(axis=0), points.max(axis=0)
        corners += [(lo[0], lo[1]), (hi[0], lo[1]), (hi[0], hi[1]), (lo[0], hi[1])]
    hull = _convex_hull(sorted(set(corners)))
    return QPolygonF([QPointF(x, y) for x, y in hull])


def _convex_hull(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Andrew's monotone chain on a handful of points."""
    if len(points) <= 2:
        return points

    def cross(o, a, b) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[tuple[float, float]] = []
    for p in points:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list[tuple[float, float]] = []
    for p in reversed(points):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]
