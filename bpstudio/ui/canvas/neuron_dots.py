"""Every neuron of a big drawing painted by one item when they are small on screen.

Below ``DETAIL_PX`` of on-screen radius a neuron shows only its halo, body and (outputs)
inner ring, so neurons that look alike share one sprite: each look is drawn once per zoom
(at a few sub-pixel offsets) with the layer functions ``paint_body`` uses, and one
``drawPixmapFragments`` call per look blits it at every centre, straight from a NumPy
array. The NeuronItems stay in the scene for hit-testing, with ``ItemHasNoContents`` so
Qt skips their Python ``paint``; the scene switches that (``NetworkScene.set_zoom``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

import numpy as np
import shiboken6
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPixmap
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from bpstudio.ui.canvas.neuron_item import (
    DETAIL_PX,
    DOT_PX,
    HALO_WIDTH,
    NEURON_Z,
    NeuronItem,
    R,
    fill_for,
    ink_for,
    paint_dot,
    paint_fill,
    paint_halo,
    paint_outline,
)

LookKey = tuple[str, bool, int | None, int | None]

EXTENT = R + HALO_WIDTH / 2 + 1.0   # scene units from a centre to the edge of its halo
# Sub-pixel positions per axis each look is rendered at: a centre is off by at most
# 1 / (2 * PHASES) px, and every layer costs PHASES² path renders after a zoom change.
PHASES = 2
MAX_ATLASES = 500          # looks cached at one zoom before the cache starts afresh
MAX_LOOKS = 2000           # looks known before unused ones are forgotten (live fills)


def _tinted(mask: QImage, color: QColor) -> QImage:
    """``mask`` (a shape in opaque white) recoloured to ``color``."""
    # Coverage times colour, exactly what filling the shape with ``color`` gives.
    image = mask.copy()
    painter = QPainter(image)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
    painter.fillRect(image.rect(), color)
    painter.end()
    return image


def _cell_size(lod: float, dpr: float) -> int:
    """Side in device pixels of a sprite cell: even, so its middle is a pixel corner."""
    return 2 * (math.ceil(EXTENT * lod * dpr) + 1)


class NeuronDotsItem(QGraphicsItem):
    """All neurons as sprites: positions and looks in arrays, one blit call per look."""

    #: Drawing-wide, so never an obstacle for the X-ray's value cards.
    cards_may_cover = True

    def __init__(self, items: dict[int, NeuronItem]) -> None:
        super().__init__()
        self._items = items         # the scene's neuron items, for painting in detail
        self.setZValue(NEURON_Z - 1)   # above the edges, below the (contentless) items
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(False)
        self.setVisible(False)
        self._capacity = 64
        self.pos_xy = np.zeros((self._capacity, 2))
        self.look = np.full(self._capacity, -1, dtype=np.int32)   # -1: free slot
        self.slot_of: dict[int, int] = {}
        self._free: list[int] = []
        self._count = 0                            # slots in use or freed, from 0
        self._look_ids: dict[LookKey, int] = {}
        self._looks: list[LookKey] = []
        self._highlighted = np.zeros(0, dtype=bool)   # per look: has a halo (drawn last)
        self._atlases: dict[int, QPixmap] = {}     # look → its sprites at this zoom
        self._layers: dict[tuple, QImage] = {}     # what the atlases are composed of
        self._atlas_scale: tuple[float, float] | None = None
        self._rect = QRectF()
        self._geometry_dirty = True
        self.atlases_rendered = 0                  # looks rendered so far (tests, bench)

    # ---------------------------------------------------------------- neurons
    def add(self, items: list[NeuronItem]) -> None:
        for item in items:
            slot = self._free.pop() if self._free else self._new_slot()
            self.slot_of[item.neuron_id] = slot
            pos = item.pos()
            self.pos_xy[slot] = (pos.x(), pos.y())
            self.look[slot] = self._look_id(item.look_key())
        self._geometry_changed()

    def _new_slot(self) -> int:
        if self._count == self._capacity:
            self._capacity *= 2
            pos_xy = np.zeros((self._capacity, 2))
            pos_xy[: self._count] = self.pos_xy[: self._count]
            look = np.full(self._capacity, -1, dtype=np.int32)
            look[: self._count] = self.look[: self._count]
            self.pos_xy, self.look = pos_xy, look
        self._count += 1
        return self._count - 1

    def remove(self, neuron_ids: list[int]) -> None:
        for nid in neuron_ids:
            slot = self.slot_of.pop(nid, None)
            if slot is not None:
                self.look[slot] = -1
                self._free.append(slot)
        self._geometry_changed()

    def move(self, neuron_id: int, x: float, y: float) -> None:
        slot = self.slot_of.get(neuron_id)
        if slot is not None:
            self.pos_xy[slot] = (x, y)
            self._geometry_changed()

    def restyle(self, item: NeuronItem) -> None:
        """The neuron's look changed (selection, hover, fill, role…): repaint its dot.
        Hidden (the items paint themselves), nothing: :meth:`relook` catches up when the
        dots take over, as live fills restyle every neuron several times a second."""
        slot = self.slot_of.get(item.neuron_id)
        if slot is None or not self.isVisible():
            return
        look = self._look_id(item.look_key())
        if look != self.look[slot]:
            self.look[slot] = look
            x, y = self.pos_xy[slot]
            self.update(QRectF(x - EXTENT, y - EXTENT, 2 * EXTENT, 2 * EXTENT))

    def relook(self, items: Iterable[NeuronItem]) -> None:
        """Take every neuron's current look (before the dots are shown again)."""
        for item in items:
            slot = self.slot_of.get(item.neuron_id)
            if slot is not None:
                self.look[slot] = self._look_id(item.look_key())

    def look_of(self, neuron_id: int) -> LookKey:
        return self._looks[int(self.look[self.slot_of[neuron_id]])]

    def _look_id(self, key: LookKey) -> int:
        look = self._look_ids.get(key)
        if look is None:
            if len(self._looks) >= MAX_LOOKS:
                self._forget_unused_looks()
            look = self._look_ids[key] = len(self._looks)
            self._looks.append(key)
            self._highlighted = np.append(self._highlighted, key[3] is not None)
        return look

    def _forget_unused_looks(self) -> None:
        """Renumber the looks in use: a long training run's fills keep making new ones."""
        looks = self.look[: self._count]
        used = np.unique(looks[looks >= 0])
        renumber = np.full(len(self._looks), -1, dtype=np.int32)
        renumber[used] = np.arange(len(used), dtype=np.int32)
        looks[looks >= 0] = renumber[looks[looks >= 0]]
        self._looks = [self._looks[k] for k in used.tolist()]
        self._look_ids = {key: k for k, key in enumerate(self._looks)}
        self._highlighted = self._highlighted[used]
        self._atlases.clear()

    # ------------------------------------------------------------- geometry
    def _geometry_changed(self) -> None:
        if not self._geometry_dirty:
            self.prepareGeometryChange()
            self._geometry_dirty = True

    def boundingRect(self) -> QRectF:
        if self._geometry_dirty:
            self._geometry_dirty = False
            live = self.look[: self._count] >= 0
            if live.any():
                xy = self.pos_xy[: self._count][live]
                lo, hi = xy.min(axis=0), xy.max(axis=0)
                self._rect = QRectF(lo[0] - EXTENT, lo[1] - EXTENT,
                                    hi[0] - lo[0] + 2 * EXTENT, hi[1] - lo[1] + 2 * EXTENT)
            else:
                self._rect = QRectF()
        return self._rect

    def shape(self) -> QPainterPath:
        return QPainterPath()       # never hit: clicks and hovers find the NeuronItems

    # ------------------------------------------------------------- painting
    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        transform = painter.worldTransform()
        lod = QStyleOptionGraphicsItem.levelOfDetailFromTransform(transform)
        if lod * R >= DETAIL_PX or transform.isRotating() or \
                not math.isclose(transform.m11(), transform.m22()):
            # Rendered bigger than the view shows it (an export, a second view) or
            # distorted: sprites cannot carry glyphs and labels, so each neuron paints.
            self._paint_items(painter, option, widget)
            return
        exposed = option.exposedRect.adjusted(-EXTENT, -EXTENT, EXTENT, EXTENT)
        xy = self.pos_xy[: self._count]
        shown = np.flatnonzero((self.look[: self._count] >= 0)
                               & (xy[:, 0] >= exposed.left()) & (xy[:, 0] <= exposed.right())
                               & (xy[:, 1] >= exposed.top()) & (xy[:, 1] <= exposed.bottom()))
        if len(shown) == 0:
            return
        dpr = painter.device().devicePixelRatioF()
        if self._atlas_scale != (lod, dpr) or len(self._atlases) > MAX_ATLASES:
            self._atlases.clear()
            self._layers.clear()
            self._atlas_scale = (lod, dpr)
        size = _cell_size(lod, dpr)
        # One run per look, highlighted looks last so their halo is on top where dots
        # overlap; within a look, the order of the slots.
        looks = self.look[shown].astype(np.int64)
        order = np.argsort(self._highlighted[looks] * len(self._looks) + looks, kind="stable")
        shown, looks = shown[order], looks[order]
        starts = np.flatnonzero(np.r_[True, looks[1:] != looks[:-1]])
        ends = np.r_[starts[1:], len(looks)]
        # Centres in device pixels: a whole pixel, and a sub-pixel phase picking the cell.
        device = xy[shown] * (transform.m11(), transform.m22()) + (transform.dx(),
                                                                    transform.dy())
        device *= dpr
        whole = np.floor(device)
        phase = np.rint((device - whole) * PHASES)
        carry = phase == PHASES
        whole += carry
        phase[carry] = 0
        # PixmapFragment: x, y (target centre), sourceLeft, sourceTop, width, height,
        # scaleX, scaleY, rotation, opacity: ten doubles, so each run of rows is a
        # PixmapFragment[] Qt reads straight from the array's memory.
        fragments = np.zeros((len(shown), 10))
        fragments[:, :2] = whole / dpr
        fragments[:, 2:4] = phase * size
        fragments[:, 4:6] = size
        fragments[:, 6:8] = 1.0 / dpr
        fragments[:, 9] = 1.0
        row_bytes = fragments.strides[0]
        painter.save()
        painter.resetTransform()
        for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
            atlas = self._atlas(int(looks[start]), lod, dpr, size)
            painter.drawPixmapFragments(
                shiboken6.wrapInstance(fragments.ctypes.data + start * row_bytes,
                                       QPainter.PixmapFragment), end - start, atlas)
        painter.restore()

    def _atlas(self, look: int, lod: float, dpr: float, size: int) -> QPixmap:
        """The look as paint_body draws it at this zoom, in every sub-pixel phase."""
        # Cell (i, j), of side ``size``, has the centre (i, j) / PHASES px right of and
        # below its middle pixel corner. It is composed from cached layers in paint_body's
        # order (halo, fill, outline): a new fill colour costs a tint, not path renders.
        cached = self._atlases.get(look)
        if cached is not None:
            return cached
        role, frozen, fill, halo = self._looks[look]
        image = QImage(PHASES * size, PHASES * size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(0)
        painter = QPainter(image)
        if halo is not None:
            painter.drawImage(0, 0, self._layer(
                ("halo", role, halo), lod, dpr, size,
                lambda p: paint_halo(p, role, QColor.fromRgba(halo))))
        if lod * R < DOT_PX:
            painter.drawImage(0, 0, self._layer(("dot", role), lod, dpr, size,
                                                lambda p: paint_dot(p, role)))
        else:
            fill_color = None if fill is None else QColor.fromRgba(fill)
            mask = self._layer(("fill", role), lod, dpr, size,
                               lambda p: paint_fill(p, role, QColor(Qt.GlobalColor.white)))
            painter.drawImage(0, 0, _tinted(mask, fill_for(role, fill_color)))
            ink = ink_for(role, fill_color)
            painter.drawImage(0, 0, self._layer(
                ("outline", role, frozen, ink.rgba()), lod, dpr, size,
                lambda p: paint_outline(p, role, frozen, ink)))
        painter.end()
        self.atlases_rendered += 1
        cached = self._atlases[look] = QPixmap.fromImage(image)
        return cached

    def _layer(self, key: tuple, lod: float, dpr: float, size: int,
               draw: Callable[[QPainter], None]) -> QImage:
        """One of paint_body's layers in every sub-pixel phase, cached at this zoom."""
        cached = self._layers.get(key)
        if cached is not None:
            return cached
        image = QImage(PHASES * size, PHASES * size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(0)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for i in range(PHASES):
            for j in range(PHASES):
                painter.resetTransform()
                painter.translate((i + 0.5) * size + i / PHASES, (j + 0.5) * size + j / PHASES)
                painter.scale(lod * dpr, lod * dpr)
                draw(painter)
        painter.end()
        self._layers[key] = image
        return image

    def _paint_items(self, painter: QPainter, option: QStyleOptionGraphicsItem,
                     widget: QWidget | None) -> None:
        """Each exposed neuron's own paint, in full detail."""
        exposed = option.exposedRect
        for item in self._items.values():
            pos = item.pos()
            if not exposed.intersects(item.boundingRect().translated(pos)):
                continue
            painter.save()
            painter.translate(pos)
            item.paint(painter, option, widget)
            painter.restore()

