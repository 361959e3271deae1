"""Connections drawn in bulk: NumPy arrays of segments, one item per group of edges.

A group holds the edges between two depth columns (source depth, target depth): a
neuron at depth d only has edges in groups (d, ·) and (·, d), so moving it dirties few
groups, and a dense group has a natural "bundle" shape between its two spans.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from PySide6.QtCore import QPointF
from PySide6.QtGui import QPen

from bpstudio.model.network import Connection
from bpstudio.ui.canvas.edge_group import EdgeGroupItem
from bpstudio.ui.canvas.edge_style import EdgeColoring, WeightColoring
from bpstudio.ui.canvas.recurrent_edges import RecurrentEdgesItem


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
                              recurrent=(np.bool_, ()), bucket=(np.int16, ()), alive=(np.bool_, ()),
                              value=(np.float64, ()), group=(np.int32, ()))
        self.row_of: dict[int, int] = {}
        self._free_rows: list[int] = []
        self._row_count = 0
        self.use_values = False             # colour by ``rows.value`` instead of the weights
        self._rows_cache: tuple[Sequence[int], int, np.ndarray] | None = None
        self._topology_version = 0          # bumped whenever rows come or go
        self.groups: dict[tuple[int, int], EdgeGroupItem] = {}
        #: the recurrent connections, drawn as curves by one item (None while there are none)
        self.loops: RecurrentEdgesItem | None = None
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
        if self.loops is not None:
            self.loops.geometry_changed()

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
        r.recurrent[index] = [c.recurrent for c in connections]
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
        """Weights, frozen or recurrent flags changed: re-bucket those rows only (and
        regroup them when a connection became recurrent or ordinary)."""
        connections = [c for c in connections if c.id in self.row_of]
        if not connections:
            return
        index = np.asarray([self.row_of[c.id] for c in connections], dtype=np.int64)
        self.rows.weight[index] = [c.weight for c in connections]
        self.rows.frozen[index] = [c.frozen for c in connections]
        recurrent = np.asarray([c.recurrent for c in connections], dtype=np.bool_)
        if not np.array_equal(self.rows.recurrent[index], recurrent):
            self.rows.recurrent[index] = recurrent
            self._topology_version += 1
            self._topology_dirty = True
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
            for group in self._items():
                group.values_changed()
            return len(index)
        moved = buckets != r.bucket[index]
        changed = index[moved]
        if len(changed):
            r.bucket[changed] = buckets[moved]
            for serial in np.unique(r.group[changed]).tolist():
                group = self._group_serial.get(serial)
                if group is not None:
                    group.values_changed()
            if self.loops is not None and r.recurrent[changed].any():
                self.loops.style_changed()
        return len(changed)

    def pens(self, detailed: bool) -> list[QPen]:
        return self._pens[detailed]

    # ----------------------------------------------------------------- groups
    def flush(self) -> None:
        """Recompute depth columns and regroup edges after connections came or went.
        Depths follow the ordinary edges; recurrent ones go to the curves' item."""
        if not self._topology_dirty:
            return
        self._topology_dirty = False
        r = self.rows
        alive = np.flatnonzero(r.alive[: self._row_count])
        looping = r.recurrent[alive]
        self._flush_loops(alive[looping])
        live = alive[~looping]
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

    def _flush_loops(self, rows: np.ndarray) -> None:
        """Hand the recurrent rows to their item (made on first need, kept when emptied)."""
        if self.loops is None:
            if not len(rows):
                return
            self.loops = RecurrentEdgesItem(self)
            self.scene.addItem(self.loops)
        self.rows.group[rows] = -1
        self.loops.set_rows(rows)

    def _items(self) -> list[EdgeGroupItem | RecurrentEdgesItem]:
        items: list[EdgeGroupItem | RecurrentEdgesItem] = list(self.groups.values())
        if self.loops is not None:
            items.append(self.loops)
        return items

    def connection_at(self, pos: QPointF, tolerance: float) -> int | None:
        """Id of the connection nearest ``pos`` within ``tolerance`` scene units."""
        self.flush()
        best: tuple[float, int] | None = None
        for group in self._items():
            hit = group.nearest(pos, tolerance)
            if hit is not None and (best is None or hit[0] < best[0]):
                best = hit
        return best[1] if best else None

    def repaint(self) -> None:
        for group in self._items():
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


