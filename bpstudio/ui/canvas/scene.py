"""NetworkScene: mirrors a Network's events into items. It never mutates the model."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsSceneHelpEvent,
    QToolTip,
)

from bpstudio.model.fields import NAME, POSITION, STRUCTURE, TRAINABILITY, neuron_kinds
from bpstudio.model.network import Connection, Network, Neuron
from bpstudio.ui.canvas import style
from bpstudio.ui.canvas.edges import EdgeLayer
from bpstudio.ui.canvas.neuron_dots import NeuronDotsItem
from bpstudio.ui.canvas.neuron_item import DETAIL_PX, NeuronItem
from bpstudio.ui.i18n import translate
from bpstudio.ui.words import ROLE_WORDS

SCENE_MARGIN = 2000.0
#: what a neuron's glyph shows: its role's shape, its activation's curve, its label and
#: (dashed border) whether it is frozen; the bias is only in its tooltip
DRAWN_KINDS = frozenset({STRUCTURE, TRAINABILITY, NAME})
# From this many neurons, small neurons are painted by one NeuronDotsItem: below it the
# items' own (cached) paint is cheap enough, and small drawings keep it at every zoom.
BATCH_MIN_NEURONS = 200
#: zooms at which neurons are cached as pictures at 1:1 and scaled, not re-rendered
ITEM_CACHE_ZOOMS = (0.5, 1.0)


class NetworkScene(QGraphicsScene):
    """Neuron items and edge groups for one Network, kept in step with its events."""

    #: emitted after neurons and/or connections were (de)selected
    selection_changed = Signal()
    #: the neuron under the mouse changed: its id, or None when the mouse left it
    hovered_neuron_changed = Signal(object)

    def __init__(self, network: Network, parent=None) -> None:
        super().__init__(parent)
        self.network = network
        # The default BSP index re-indexes on every move and ran out of memory at 100k
        # edges; we have few items (one per neuron plus one per edge group).
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.setBackgroundBrush(style.BACKGROUND)
        self.items_by_id: dict[int, NeuronItem] = {}
        self.edges = EdgeLayer(self)
        self.dots = NeuronDotsItem(self.items_by_id)
        self.addItem(self.dots)
        self._zoom = 1.0                # the view's, for choosing how neurons are painted
        self.neurons_batched = False    # True: the dots paint them, the items do not
        self._cache_mode = QGraphicsItem.CacheMode.DeviceCoordinateCache   # NeuronItem's
        self._hover_item: NeuronItem | None = None
        self._emitting = False
        #: extra tooltip lines from live training, ("neuron" | "connection", id) → lines
        self.live_tooltip: Callable[[str, int], list[str]] | None = None
        self.selectionChanged.connect(self._on_item_selection_changed)
        events = network.events
        self._subscriptions = [
            (events.neurons_added, self._on_neurons_added),
            (events.neurons_removed, self._on_neurons_removed),
            (events.connections_added, self._on_connections_added),
            (events.connections_removed, self._on_connections_removed),
            (events.neurons_changed, self._on_neurons_changed),
            (events.connections_changed, self._on_connections_changed),
            (events.parameters_changed, self._on_parameters_changed),
        ]
        for event, handler in self._subscriptions:
            event.connect(handler)
        self._on_neurons_added(list(network.neurons.values()))
        self._on_connections_added(list(network.connections.values()))

    def detach(self) -> None:
        """Stop following the network (the document is being replaced)."""
        for event, handler in self._subscriptions:
            event.disconnect(handler)
        self._subscriptions = []

    # ------------------------------------------------------------ model events
    def _on_neurons_added(self, neurons: list[Neuron]) -> None:
        added = []
        for neuron in neurons:
            self.edges.add_node(neuron.id, neuron.x, neuron.y)
            item = NeuronItem(neuron, self._on_item_moved, self.dots.restyle)
            item.setCacheMode(self._cache_mode)
            if self.neurons_batched:
                item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents)
            self.items_by_id[neuron.id] = item
            self.addItem(item)
            added.append(item)
        self.dots.add(added)
        self._choose_painting()
        self._grow_rect()

    def _on_neurons_removed(self, neurons: list[Neuron]) -> None:
        for neuron in neurons:
            item = self.items_by_id.pop(neuron.id)
            if item is self._hover_item:
                self._hover_item = None
                self.hovered_neuron_changed.emit(None)
            self.removeItem(item)
            self.edges.remove_node(neuron.id)
        self.dots.remove([n.id for n in neurons])
        self._choose_painting()
        self.edges.flush()

    def _on_connections_added(self, connections: list[Connection]) -> None:
        self.edges.add(connections)
        self.edges.flush()

    def _on_connections_removed(self, connections: list[Connection]) -> None:
        ids = [c.id for c in connections]
        had_selected = bool(self.edges.selected.intersection(ids))
        if self.edges.hovered in ids:
            self.edges.hovered = None
        self.edges.remove(ids)
        self.edges.flush()
        if had_selected:
            self._emit_selection()

    def _on_neurons_changed(self, ids: list[int], fields: frozenset[str]) -> None:
        kinds = neuron_kinds(fields)
        look = bool(kinds & DRAWN_KINDS)
        moved = POSITION in kinds
        for nid in ids:
            neuron = self.network.neurons[nid]
            item = self.items_by_id[nid]
            if moved:
                item.setPos(neuron.x, neuron.y)
            if look:
                item.update_from(neuron)
        if moved:
            self._grow_rect()

    def _on_connections_changed(self, ids: list[int], fields: frozenset[str]) -> None:
        self.edges.update(self.network.connections[cid] for cid in ids)
        self.edges.flush()      # a connection made recurrent (or ordinary) changes group

    def _on_parameters_changed(self, connection_ids: list[int], neuron_ids: list[int]) -> None:
        self.edges.update(self.network.connections[cid] for cid in connection_ids)

    def _on_item_moved(self, item: NeuronItem) -> None:
        pos = item.pos()
        self.edges.move_node(item.neuron_id, pos.x(), pos.y())
        self.dots.move(item.neuron_id, pos.x(), pos.y())

    # ------------------------------------------------------ neuron painting
    def set_zoom(self, zoom: float) -> None:
        """The view's scale changed: paint neurons in one batch while they are small."""
        self._zoom = zoom
        self._choose_painting()

    def _choose_painting(self) -> None:
        """Batch a big drawing's neurons while they are too small on screen for glyphs;
        below 1:1 cache each neuron at 1:1, so zooming only scales the cached pictures."""
        # Batched, each looks like one of a few sprites, and 900 Python paints cost 60 ms.
        batched = len(self.items_by_id) > BATCH_MIN_NEURONS and \
            self._zoom * style.NEURON_RADIUS < DETAIL_PX
        # A device-pixel cache is re-rendered by Python paint code at every zoom step:
        # 460 neurons on screen at zoom 0.6 took 42 ms. Pictures cached at 1:1 are only
        # scaled down (smoothly) while zooming from half size to 1:1; below half size
        # bilinear scaling drops detail, and big drawings are batched there anyway.
        mode = (QGraphicsItem.CacheMode.ItemCoordinateCache
                if ITEM_CACHE_ZOOMS[0] <= self._zoom < ITEM_CACHE_ZOOMS[1]
                else QGraphicsItem.CacheMode.DeviceCoordinateCache)
        if mode != self._cache_mode:
            self._cache_mode = mode
            for item in self.items_by_id.values():
                item.setCacheMode(mode)
        if batched == self.neurons_batched:
            return
        self.neurons_batched = batched
        for item in self.items_by_id.values():
            item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, batched)
            if not batched:
                item.update()      # their caches may predate changes made while batched
        if batched:
            self.dots.relook(self.items_by_id.values())   # looks changed while hidden
        self.dots.setVisible(batched)

    def _grow_rect(self) -> None:
        """Keep room around the drawing so users can pan and drop beyond its edge."""
        rect = self.itemsBoundingRect().adjusted(-SCENE_MARGIN, -SCENE_MARGIN,
                                                 SCENE_MARGIN, SCENE_MARGIN)
        self.setSceneRect(self.sceneRect().united(rect))

    # ---------------------------------------------------------------- queries
    def neuron_item(self, neuron_id: int) -> NeuronItem:
        return self.items_by_id[neuron_id]

    def neuron_at(self, pos: QPointF) -> NeuronItem | None:
        """The topmost neuron whose body or port covers ``pos``."""
        for item in self.items(pos):
            if isinstance(item, NeuronItem):
                return item
        return None

    def port_at(self, pos: QPointF) -> NeuronItem | None:
        item = self.neuron_at(pos)
        if item is not None and item.port_contains(item.mapFromScene(pos)):
            return item
        return None

    def connection_at(self, pos: QPointF, tolerance: float) -> int | None:
        return self.edges.connection_at(pos, tolerance)

    def drawing_rect(self) -> QRectF:
        """Bounding box of all neurons with what is drawn beside them, their labels and
        thumbnails (what "fit to view" shows)."""
        rect = QRectF()
        for item in self.items_by_id.values():
            rect = rect.united(item.sceneBoundingRect())
            if item.childItems():
                rect = rect.united(item.mapRectToScene(item.childrenBoundingRect()))
        return rect

    # -------------------------------------------------------------- selection
    def selected_neuron_ids(self) -> list[int]:
        return sorted(item.neuron_id for item in self.selectedItems()
                      if isinstance(item, NeuronItem))

    def selected_connection_ids(self) -> list[int]:
        return sorted(self.edges.selected)

    def select(self, neuron_ids: Iterable[int] = (), connection_ids: Iterable[int] = (),
               add: bool = False) -> None:
        """Replace (or extend, with ``add``) the selection; one selection_changed."""
        self._emitting = True
        try:
            if not add:
                self.clearSelection()
                self.edges.selected.clear()
            for nid in neuron_ids:
                if nid in self.items_by_id:
                    self.items_by_id[nid].setSelected(True)
            self.edges.selected.update(c for c in connection_ids if c in self.edges.row_of)
        finally:
            self._emitting = False
        self.edges.repaint()
        self._emit_selection()

    def toggle_connection(self, connection_id: int) -> None:
        self.edges.selected.symmetric_difference_update({connection_id})
        self.edges.repaint()
        self._emit_selection()

    def select_all(self) -> None:
        self.select(self.items_by_id, ())

    def _on_item_selection_changed(self) -> None:
        if not self._emitting:
            self.selection_changed.emit()

    def _emit_selection(self) -> None:
        self.selection_changed.emit()

    # ------------------------------------------------------------------ hover
    def set_hover(self, pos: QPointF | None, tolerance: float) -> None:
        """Highlight what the mouse is over: a neuron, its port, or an edge."""
        item = self.neuron_at(pos) if pos is not None else None
        if item is not self._hover_item and self._hover_item is not None:
            self._hover_item.set_hover(False)
        if item is not self._hover_item:
            self._hover_item = item
            self.hovered_neuron_changed.emit(None if item is None else item.neuron_id)
        edge = None
        if item is not None:
            item.set_hover(True, item.port_contains(item.mapFromScene(pos)))
        elif pos is not None:
            edge = self.connection_at(pos, tolerance)
        if edge != self.edges.hovered:
            self.edges.hovered = edge
            self.edges.repaint()

    def helpEvent(self, event: QGraphicsSceneHelpEvent) -> None:
        """Tooltips with exact values, computed when asked (not stored on 100k items)."""
        view = event.widget().parent() if event.widget() else None
        scale = view.transform().m11() if view is not None and hasattr(view, "transform") \
            else 1.0
        text = self.tooltip_at(event.scenePos(), 6.0 / max(scale, 1e-6))
        if text:
            QToolTip.showText(event.screenPos(), text, event.widget())
        else:
            QToolTip.hideText()
        event.accept()

    def tooltip_at(self, pos: QPointF, tolerance: float) -> str:
        item = self.neuron_at(pos)
        if item is not None:
            n = self.network.neurons[item.neuron_id]
            role = translate("EditController", ROLE_WORDS.get(n.role, n.role))
            lines = [f"<b>{n.name}</b> — " + self.tr("{role} neuron #{id}").format(role=role,
                                                                                  id=n.id)]
            if n.role != "input":
                lines.append(self.tr("activation: {name}").format(name=n.activation))
                lines.append(self.tr("bias: {value}").format(value=f"{n.bias:.6g}"))
            lines.append(self.tr("in: {incoming}, out: %n connection(s)", "",
                                 len(self.network.outgoing(n.id)))
                         .format(incoming=len(self.network.incoming(n.id))))
            if n.frozen:
                lines.append(self.tr("frozen: bias is not trained"))
            return "<br>".join(lines + self._live_lines("neuron", n.id))
        cid = self.connection_at(pos, tolerance)
        if cid is not None:
            c = self.network.connections[cid]
            src, dst = self.network.neurons[c.source], self.network.neurons[c.target]
            frozen = "<br>" + self.tr("frozen: not trained") if c.frozen else ""
            recurrent = ("<br>" + QCoreApplication.translate(
                "NetworkScene", "recurrent: reads {0} from the previous time step (t−1)"
            ).format(src.name)) if c.recurrent else ""
            live = "".join("<br>" + line for line in self._live_lines("connection", cid))
            weight = self.tr("weight: {value}").format(value=f"{c.weight:.6g}")
            return f"<b>{src.name} → {dst.name}</b><br>{weight}{recurrent}{frozen}{live}"
        return ""

    def _live_lines(self, kind: str, item_id: int) -> list[str]:
        return self.live_tooltip(kind, item_id) if self.live_tooltip is not None else []

    def render_ready(self) -> None:
        """Bring lazily computed edge groups up to date (before painting offscreen)."""
        self.edges.flush()

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        super().drawBackground(painter, rect)
        scale = painter.worldTransform().m11()
        if scale * style.GRID < 10:     # dots closer than 10 px would be noise
            return
        step = style.GRID * (2 if scale * style.GRID < 16 else 1)
        painter.setPen(style.cosmetic_pen(style.GRID_DOT, 1.6))
        painter.drawPoints(grid_dots(rect, step))

    def items_for(self, neuron_ids: Iterable[int]) -> list[QGraphicsItem]:
        return [self.items_by_id[n] for n in neuron_ids if n in self.items_by_id]


MAX_GRID_DOTS = 200_000   # far more than any screen shows at ≥ 10 px apart


def grid_dots(rect: QRectF, step: float) -> list[QPointF]:
    """The background grid's dots inside ``rect``, counted by whole-number indices: adding
    ``step`` to x ≈ 1e18 leaves it unchanged, so a loop over coordinates never ended. No
    dots for a non-finite rectangle or one needing more than MAX_GRID_DOTS."""
    edges = (rect.left(), rect.top(), rect.right(), rect.bottom())
    if not all(math.isfinite(v / step) for v in edges):
        return []
    first_x, last_x = math.ceil(rect.left() / step), math.floor(rect.right() / step)
    first_y, last_y = math.ceil(rect.top() / step), math.floor(rect.bottom() / step)
    columns, rows = last_x - first_x + 1, last_y - first_y + 1
    if columns <= 0 or rows <= 0 or columns * rows > MAX_GRID_DOTS:
        return []
    return [QPointF(i * step, j * step) for j in range(first_y, last_y + 1)
            for i in range(first_x, last_x + 1)]
