"""Connections drawn in bulk: NumPy arrays of segments, one item per group of edges.

A group holds the edges between two depth columns (source depth, target depth): a
neuron at depth d only has edges in groups (d, ·) and (·, d), so moving it dirties few
groups, and a dense group has a natural "bundle" shape between its two spans.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence

import numpy as np
import shiboken6
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from bpstudio.model.network import Connection
from bpstudio.ui.canvas import style
from bpstudio.ui.canvas.edge_style import EdgeColoring, WeightColoring

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


class _Growable:
    """Columns of equal length that double their capacity as rows are added."""

    def __init__(self, **dtypes: tuple[type, tuple[int, ...]]) -> None:
        self._specs = dtypes
        self.capacity = 64
        for name, (dtype, shape) in dtypes.items():
            setattr(self, name, np.zeros((self.capacity, *shape), dtype=dtype))

    def reserve(self, size: int) -> None:
        if size <= self.capacity:
            return
        new_cap = max(size, self.capacity * 2)
        for name in self._specs:
            old = getattr(self, name)
            grown = np.zeros((new_cap, *old.shape[1:]), dtype=old.dtype)
            grown[: self.capacity] = old
            setattr(self, name, grown)
        self.capacity = new_cap


class EdgeLayer:
    """The scene's mirror of every connection and neuron position, in NumPy arrays."""

    def __init__(self, scene) -> None:
        self.scene = scene
        self.coloring: EdgeColoring = WeightColoring()
        self._pens = {True: self.coloring.pens(True), False: self.coloring.pens(False)}
        self.paint_order = self.coloring.paint_order()
        # neuron slots: where each neuron's centre is, and its depth column
        self.nodes = _Growable(pos=(np.float64, (2,)), depth=(np.int32, ()),
                               alive=(np.bool_, ()))
        self.slot_of: dict[int, int] = {}
        self._free_slots: list[int] = []
        self._slot_count = 0
        # edge rows
        # value: what a non-weight colouring shows (|∂L/∂w|, Δw, a live weight); NaN = none.
        # group: serial of the EdgeGroupItem holding the row (-1 until the next flush).
        self.rows = _Growable(cid=(np.int64, ()), src=(np.int32, ()), dst=(np.int32, ()),
                              weight=(np.float64, ()), frozen=(np.bool_, ()),
                              bucket=(np.int16, ()), alive=(np.bool_, ()),
                              value=(np.float64, ()), group=(np.int32, ()))
        self.row_of: dict[int, int] = {}
        self._free_rows: list[int] = []
        self._row_count = 0
        self.use_values = False             # colour by ``rows.value`` instead of the weights
        self._rows_cache: tuple[Sequence[int], int, np.ndarray] | None = None
        self._topology_version = 0          # bumped whenever rows come or go
        self.groups: dict[tuple[int, int], EdgeGroupItem] = {}
        self.live = False   # training is recolouring the edges: prefer cheap strokes
        self._group_serial: dict[int, EdgeGroupItem] = {}
        self._next_serial = 0
        self.selected: set[int] = set()     # connection ids
        self.hovered: int | None = None     # connection id under the mouse
        self._topology_dirty = False

    # ---------------------------------------------------------------- neurons
    def add_node(self, neuron_id: int, x: float, y: float) -> None:
        slot = self._free_slots.pop() if self._free_slots else self._new_slot()
        self.slot_of[neuron_id] = slot
        self.nodes.pos[slot] = (x, y)
        self.nodes.depth[slot] = 0
        self.nodes.alive[slot] = True

    def _new_slot(self) -> int:
        self.nodes.reserve(self._slot_count + 1)
        self._slot_count += 1
        return self._slot_count - 1

    def remove_node(self, neuron_id: int) -> None:
        slot = self.slot_of.pop(neuron_id)
        self.nodes.alive[slot] = False
        self._free_slots.append(slot)

    def move_node(self, neuron_id: int, x: float, y: float) -> None:
        slot = self.slot_of.get(neuron_id)
        if slot is None:
            return
        self.nodes.pos[slot] = (x, y)
        depth = int(self.nodes.depth[slot])
        for key, group in self.groups.items():
            if depth in key:
                group.geometry_changed()

    # ------------------------------------------------------------------ edges
    def add(self, connections: Iterable[Connection]) -> None:
        connections = list(connections)
        if not connections:
            return
        reuse = min(len(self._free_rows), len(connections))
        rows = [self._free_rows.pop() for _ in range(reuse)]
        fresh = len(connections) - reuse
        self.rows.reserve(self._row_count + fresh)
        rows += range(self._row_count, self._row_count + fresh)
        self._row_count += fresh
        index = np.asarray(rows, dtype=np.int64)
        slot_of = self.slot_of
        r = self.rows
        r.cid[index] = [c.id for c in connections]
        r.src[index] = [slot_of[c.source] for c in connections]
        r.dst[index] = [slot_of[c.target] for c in connections]
        r.weight[index] = [c.weight for c in connections]
        r.frozen[index] = [c.frozen for c in connections]
        r.alive[index] = True
        r.value[index] = np.nan
        r.group[index] = -1
        self.row_of.update(zip((c.id for c in connections), rows, strict=True))
        self._topology_version += 1
        self._restyle(index)
        self._topology_dirty = True

    def remove(self, connection_ids: Iterable[int]) -> None:
        rows = [self.row_of.pop(cid) for cid in connection_ids if cid in self.row_of]
        if not rows:
            return
        self.rows.alive[rows] = False
        self._free_rows.extend(rows)
        self._topology_version += 1
        self.selected.difference_update(connection_ids)
        self._topology_dirty = True

    def update(self, connections: Iterable[Connection]) -> None:
        """Weights or frozen flags changed: re-bucket those rows only."""
        connections = [c for c in connections if c.id in self.row_of]
        if not connections:
            return
        index = np.asarray([self.row_of[c.id] for c in connections], dtype=np.int64)
        self.rows.weight[index] = [c.weight for c in connections]
        self.rows.frozen[index] = [c.frozen for c in connections]
        self._restyle(index)

    def set_coloring(self, coloring: EdgeColoring) -> None:
        """Switch the colouring mode (e.g. "gradient size") and re-bucket every edge."""
        self.coloring = coloring
        self._pens = {True: coloring.pens(True), False: coloring.pens(False)}
        self.paint_order = coloring.paint_order()
        self._restyle(None)

    def restyle_all(self) -> None:
        self._restyle(None)

    def rows_for(self, connection_ids: Sequence[int]) -> np.ndarray:
        """Row of each connection id (-1 where the scene has none), cached per sequence.

        A training run hands over the same ``plan.connection_ids`` tuple with every
        report, so the dictionary lookups happen once per plan, not once per frame.
        """
        cache = self._rows_cache
        if cache is not None and cache[0] is connection_ids \
                and cache[1] == self._topology_version:
            return cache[2]
        row_of = self.row_of
        rows = np.fromiter((row_of.get(cid, -1) for cid in connection_ids), dtype=np.int64,
                           count=len(connection_ids))
        self._rows_cache = (connection_ids, self._topology_version, rows)
        return rows

    def set_values(self, connection_ids: Sequence[int], values: np.ndarray) -> int:
        """Colour by ``values`` (aligned with ``connection_ids``) instead of the model's
        weights; edges not listed have no value. Only edges whose bucket changed are
        re-penned and only their groups repainted. Returns how many edges changed."""
        rows = self.rows_for(connection_ids)
        known = rows >= 0
        r = self.rows
        r.value[: self._row_count] = np.nan
        r.value[rows[known]] = np.asarray(values, dtype=np.float64)[known]
        self.use_values = True
        return self._restyle(None, changed_only=True)

    def clear_values(self) -> None:
        """Back to colouring by the model's weights."""
        if self.use_values:
            self.use_values = False
            self._restyle(None)

    def inputs(self, index: np.ndarray) -> np.ndarray:
        """What the colouring maps for rows ``index``: their values or their weights."""
        r = self.rows
        if not self.use_values:
            return r.weight[index]
        values = r.value[index]
        if self.coloring.falls_back_to_weight:
            values = np.where(np.isnan(values), r.weight[index], values)
        return values

    def _restyle(self, index: np.ndarray | None, changed_only: bool = False) -> int:
        r = self.rows
        live = np.flatnonzero(r.alive[: self._row_count])
        live_inputs = self.inputs(live)
        repen = self.coloring.prepare(live_inputs)
        if repen:
            self._pens = {True: self.coloring.pens(True), False: self.coloring.pens(False)}
        if repen or index is None:
            index, inputs = live, live_inputs
        else:
            inputs = self.inputs(index)
        buckets = self.coloring.buckets(inputs, r.frozen[index])
        if repen or not changed_only:
            r.bucket[index] = buckets
            for group in self.groups.values():
                group.style_changed()
            return len(index)
        moved = buckets != r.bucket[index]
        changed = index[moved]
        if len(changed):
            r.bucket[changed] = buckets[moved]
            for serial in np.unique(r.group[changed]).tolist():
                group = self._group_serial.get(serial)
                if group is not None:
                    group.style_changed()
        return len(changed)

    def pens(self, detailed: bool) -> list[QPen]:
        return self._pens[detailed]

    # ----------------------------------------------------------------- groups
    def flush(self) -> None:
        """Recompute depth columns and regroup edges after connections came or went."""
        if not self._topology_dirty:
            return
        self._topology_dirty = False
        r = self.rows
        live = np.flatnonzero(r.alive[: self._row_count])
        src, dst = r.src[live], r.dst[live]
        depth = _depths(self._slot_count, src, dst)
        self.nodes.depth[: self._slot_count] = depth
        keys = depth[src].astype(np.int64) * (1 << 20) + depth[dst]
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        if len(keys):
            starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
            ends = np.r_[starts[1:], len(keys)]
        else:
            starts = ends = np.zeros(0, dtype=np.int64)
        wanted: dict[tuple[int, int], np.ndarray] = {}
        for start, end in zip(starts, ends, strict=True):
            key = int(sorted_keys[start])
            wanted[(key >> 20, key & ((1 << 20) - 1))] = live[order[start:end]]
        for key in list(self.groups):
            if key not in wanted:
                item = self.groups.pop(key)
                self._group_serial.pop(item.serial, None)
                self.scene.removeItem(item)
        for key, rows in wanted.items():
            item = self.groups.get(key)
            if item is None:
                item = self.groups[key] = EdgeGroupItem(self, key, self._next_serial)
                self._group_serial[item.serial] = item
                self._next_serial += 1
                self.scene.addItem(item)
            r.group[rows] = item.serial
            item.set_rows(rows)

    def connection_at(self, pos: QPointF, tolerance: float) -> int | None:
        """Id of the connection nearest ``pos`` within ``tolerance`` scene units."""
        self.flush()
        best: tuple[float, int] | None = None
        for group in self.groups.values():
            hit = group.nearest(pos, tolerance)
            if hit is not None and (best is None or hit[0] < best[0]):
                best = hit
        return best[1] if best else None

    def repaint(self) -> None:
        for group in self.groups.values():
            group.update()

    def set_live(self, live: bool) -> None:
        """Training started or stopped recolouring; repaint in full detail when it stops."""
        if live != self.live:
            self.live = live
            if not live:
                self.repaint()

    def paint_cost(self) -> float:
        """Seconds the groups' last paints took: what one more restyle will cost again."""
        return sum(group.last_paint_seconds for group in self.groups.values())


def _depths(count: int, src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """Longest-path depth of every slot, by relaxation (bounded, so cycles still end)."""
    depth = np.zeros(count, dtype=np.int32)
    for _ in range(min(count, 512)):
        candidate = depth.copy()
        np.maximum.at(candidate, dst, depth[src] + 1)
        if np.array_equal(candidate, depth):
            break
        depth = candidate
    return depth


class EdgeGroupItem(QGraphicsItem):
    """All edges from one depth column to another, painted with one call per pen."""

    def __init__(self, layer: EdgeLayer, key: tuple[int, int], serial: int = -1) -> None:
        super().__init__()
        self.layer = layer
        self.key = key
        self.serial = serial     # the layer's handle for "repaint the group of this row"
        self.rows = np.zeros(0, dtype=np.int64)
        self.setZValue(EDGE_Z)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self._segments = np.zeros((0, 4))
        self._rect = QRectF()
        self._hull = QPolygonF()
        self._span = 1.0
        self._label_at = QPointF()
        self._gap = 0.0
        self._geometry_dirty = True
        self._by_bucket: tuple[np.ndarray, np.ndarray] | None = None
        self.last_mode = ""
        self.last_paint_seconds = 0.0   # how long the last paint took (redraw budgets)

    def set_rows(self, rows: np.ndarray) -> None:
        self.rows = rows
        self.geometry_changed()
        self.style_changed()

    def geometry_changed(self) -> None:
        if not self._geometry_dirty:
            self.prepareGeometryChange()
            self._geometry_dirty = True

    def style_changed(self) -> None:
        self._by_bucket = None
        self.update()

    # ------------------------------------------------------------- geometry
    def _ensure_geometry(self) -> None:
        if not self._geometry_dirty:
            return
        self._geometry_dirty = False
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
        seg = self.segments()
        if len(seg) == 0:
            return
        scale = QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())
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
        dense = len(seg) >= MIN_BUNDLE_EDGES and len(seg) / (self._span * scale) > BUNDLE_DENSITY
        if dense or cost_px > FAST_BUDGET_PX:
            self.last_mode = "bundle"
            self._paint_bundle(painter)
            # Edges whose both ends are on screen still read as lines: draw those.
            local = visible & self._both_ends_inside(exposed) if not dense else visible[:0]
            if 0 < int(local.sum()) <= MAX_LOCAL_EDGES:
                self._paint_lines(painter, local, scale, detailed=True)
            self._paint_bundle_label(painter, scale)
        else:
            detailed = cost_px <= (AA_BUDGET_LIVE_PX if self.layer.live else AA_BUDGET_PX)
            self.last_mode = "detail" if detailed else "fast"
            self._paint_lines(painter, visible, scale, detailed)
        self._paint_highlights(painter, scale)

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

    def _paint_bundle(self, painter: QPainter) -> None:
        color = self.layer.coloring.bundle_color(self.layer.inputs(self.rows))
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
        text = f"{len(self.rows):,} connections"
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
