"""The numbers of step mode drawn over the canvas: one item above every neuron and edge.

Labels are laid out in screen pixels (readable at any zoom) by ``label_layout``: the
current neuron's card first, then the loss, the edges feeding the current neuron, the
selection, and then the rest, newest first, as long as they fit.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QT_TRANSLATE_NOOP, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPen, QTransform
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from bpstudio.model.network import Network
from bpstudio.ui.canvas import style
from bpstudio.ui.canvas.edge_group import EDGE_Z
from bpstudio.ui.canvas.neuron_item import NeuronItem
from bpstudio.ui.i18n import translate
from bpstudio.ui.words import counts
from bpstudio.ui.xray.label_layout import (
    Card,
    Line,
    Placer,
    edge_spots,
    font,
    loss_spots,
    neuron_spots,
    padding,
)
from bpstudio.xray.steps import Visible, card_lines
from bpstudio.xray.text import fmt, neuron_name
from bpstudio.xray.update import UpdateResult

OVERLAY_Z = 50.0
FORWARD_TEXT = QColor("#1d4ed8")
BACKWARD_TEXT = QColor("#b91c1c")
UPDATE_TEXT = QColor("#047857")
CURRENT = QColor("#f59e0b")
CARD_BORDER = {"forward": QColor("#93c5fd"), "backward": QColor("#fca5a5"),
               "update": QColor("#6ee7b7"), "loss": QColor("#c4b5fd")}
MARGIN_PX = 280.0         # how far beyond the drawing labels may reach
MAX_MARGIN = 1500.0       # … in scene units, however far out the view is zoomed
LEFT_OUT_NOTE = QT_TRANSLATE_NOOP("ValueOverlay", "{n} hidden to keep the rest readable: zoom "
                                                  "in, or select a neuron")

Placed = tuple[str, int, Card]            # ("neuron" | "edge" | "loss", id, card)


class ValueOverlay(QGraphicsItem):
    """Cards beside neurons, pills on edges and the loss card, for one step of a pass."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(OVERLAY_Z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(False)
        self.network: Network | None = None
        self.visible: Visible | None = None
        self.update_result: UpdateResult | None = None
        self.loss_text = ""                      # "L = (0.37 − 0)² = 0.1385"
        self.extra_loss = ""                     # the whole training set, after an update
        self.recent: list[int] = []              # revealed neurons, newest first
        self.focus_neurons: set[int] | None = None
        self.focus_edges: set[int] | None = None
        self._rect = QRectF()
        self.placed: list[Placed] = []           # the last layout (tests read it)
        self._version = 0                        # bumped whenever the content changes
        self._layout_key: object = None
        self._note = ""
        self.left_out = 0                        # labels the last layout had to leave out

    # ------------------------------------------------------------------ content
    def set_content(self, network: Network, visible: Visible | None,
                    update: UpdateResult | None, loss_text: str, extra_loss: str,
                    recent: list[int], focus: tuple[set[int], set[int]] | None,
                    zoom: float) -> None:
        self.network, self.visible, self.update_result = network, visible, update
        self.loss_text, self.extra_loss, self.recent = loss_text, extra_loss, recent
        self.focus_neurons, self.focus_edges = focus if focus is not None else (None, None)
        self.refresh_geometry(zoom)

    def refresh_geometry(self, zoom: float) -> None:
        """Cover the drawing plus room for labels (pixels) at ``zoom``."""
        self.prepareGeometryChange()
        self._version += 1
        rect = QRectF()
        for item in getattr(self.scene(), "items_by_id", {}).values():
            rect = rect.united(item.sceneBoundingRect())
        margin = min(MARGIN_PX / max(zoom, 1e-3), MAX_MARGIN)
        self._rect = rect.adjusted(-margin, -margin, margin, margin)
        self.update()

    def boundingRect(self) -> QRectF:
        return self._rect

    def shape(self) -> QPainterPath:
        return QPainterPath()       # never hit: clicks go to the neurons and edges below

    # ------------------------------------------------------------------- cards
    def _neuron_card(self, nid: int, values: dict[str, float]) -> Card:
        network, visible = self.network, self.visible
        assert network is not None
        name = neuron_name(network, nid)
        if "x" in values:
            return Card([(f"{name} = {fmt(values['x'])}", FORWARD_TEXT, False)],
                        CARD_BORDER["forward"])
        a = (f"a = {fmt(values['a'])}" if "a" in values
             else "a = " + translate("ValueOverlay", "(softmax waits)"))
        batch = visible.batch if visible is not None else 1
        title = (f"{name} · " + translate("ValueOverlay", "means of {batch}").format(batch=batch)
                 if batch > 1 else name)
        lines: list[Line] = [(title, style.TEXT, True),
                             (f"z = {fmt(values['z'])}", FORWARD_TEXT, False),
                             (a, FORWARD_TEXT, False)]
        if visible is not None and nid in visible.targets:
            lines.append((translate("ValueOverlay", "target t = {value}")
                          .format(value=fmt(visible.targets[nid])), style.MUTED_TEXT, False))
        if "delta" not in values:
            return Card(lines, CARD_BORDER["forward"],
                        compact=[(f"{name}: {a}", FORWARD_TEXT, False)])
        rule = visible.rules.get(nid, "product") if visible is not None else "product"
        backward = card_lines(values, rule, batch)
        lines += [(text, BACKWARD_TEXT, False) for text in backward[:-1]]
        lines.append((backward[-1], BACKWARD_TEXT, True))       # δ, the one that matters
        return Card(lines, CARD_BORDER["backward"],
                    compact=[(f"{name}: δ = {fmt(values['delta'])}", BACKWARD_TEXT, False)])

    def _update_cards(self) -> tuple[dict[int, Card], dict[int, Card], Card]:
        update, network, visible = self.update_result, self.network, self.visible
        assert update is not None and network is not None and visible is not None
        neurons = {n.id: self._neuron_card(n.id, visible.neurons[n.id])
                   for n in network.inputs() if n.id in visible.neurons}
        edges: dict[int, Card] = {}
        for row in update.rows:
            text = f"{fmt(row.old)} → {fmt(row.new)}" + (
                translate("ValueOverlay", " (frozen)") if row.frozen else "")
            if row.kind == "weight":
                # short edges between a neuron and a weight picture: just the new value
                short = [(f"→ {fmt(row.new)}", UPDATE_TEXT, False)] if row.new != row.old \
                    else None
                edges[row.id] = Card([(text, UPDATE_TEXT, False)], CARD_BORDER["update"],
                                     pill=True, compact=short)
            else:
                name = neuron_name(network, row.id)
                neurons[row.id] = Card([(name, style.TEXT, True), (f"b: {text}", UPDATE_TEXT,
                                                                    False)],
                                       CARD_BORDER["update"],
                                       compact=[(f"{name}: b → {fmt(row.new)}", UPDATE_TEXT,
                                                 False)])
        loss = Card([(translate("ValueOverlay", "after one step"), style.TEXT, True),
                     (f"L: {fmt(update.loss_before)} → {fmt(update.loss_after)}", UPDATE_TEXT,
                      True)], CARD_BORDER["loss"])
        if self.extra_loss:
            loss.lines.append((self.extra_loss, style.MUTED_TEXT, False))
        return neurons, edges, loss

    def _cards(self) -> tuple[dict[int, Card], dict[int, Card], Card | None, int | None]:
        """Neuron cards, edge pills, the loss card and the current neuron."""
        visible = self.visible
        if self.network is None or visible is None:
            return {}, {}, None, None
        if self.update_result is not None:
            neurons, edges, loss_card = self._update_cards()
            return neurons, edges, loss_card, None
        neurons = {nid: self._neuron_card(nid, values)
                   for nid, values in visible.neurons.items()}
        edges = {}
        for cid, values in visible.edges.items():
            if "grad_w" in values:
                edges[cid] = Card([(f"∂L/∂w = {fmt(values['grad_w'])}", BACKWARD_TEXT, False)],
                                  CARD_BORDER["backward"], pill=True)
            else:
                edges[cid] = Card([(f"w·a = {fmt(values['term'])}", FORWARD_TEXT, False)],
                                  CARD_BORDER["forward"], pill=True)
        loss = None
        if visible.loss is not None:
            loss = Card([(translate("ValueOverlay", "loss"), style.TEXT, True),
                         (self.loss_text, style.TEXT, False)],
                        CARD_BORDER["loss"])
        current = visible.step.neuron
        if current is not None and current in neurons:
            neurons[current].current = True
        return neurons, edges, loss, current

    # ------------------------------------------------------------------ layout
    def _queue(self, neurons: dict[int, Card], edges: dict[int, Card], loss: Card | None,
               current: int | None) -> list[tuple[str, int, Card, bool]]:
        """(kind, id, card, essential) in the order they get a spot."""
        assert self.network is not None
        scene = self.scene()
        selected_n = set(scene.selected_neuron_ids()) if scene is not None else set()
        selected_e = set(scene.selected_connection_ids()) if scene is not None else set()
        feeding = {c.id for c in self.network.incoming(current)} if current is not None \
            else set()
        rank = {nid: i for i, nid in enumerate(self.recent)}
        late = len(rank) + 1

        def edge_rank(cid: int) -> int:
            c = self.network.connections.get(cid) if self.network else None
            return rank.get(c.target, late) if c is not None else late

        queue: list[tuple[str, int, Card, bool]] = []
        if current is not None and current in neurons:
            queue.append(("neuron", current, neurons[current], True))
        if loss is not None:
            queue.append(("loss", 0, loss, True))
        queue += [("edge", c, edges[c], True) for c in sorted(feeding & set(edges))]
        queue += [("neuron", n, neurons[n], True) for n in sorted(selected_n & set(neurons))
                  if n != current]
        queue += [("edge", c, edges[c], True) for c in sorted(selected_e & set(edges))
                  if c not in feeding]
        done = {(kind, key) for kind, key, _, _ in queue}
        # after an update the news is what moved: when not every old → new fits, the
        # largest |Δ| keep their labels and the unchanged ones are left out first
        update = self.update_result
        change = {(r.kind, r.id): abs(r.new - r.old) for r in update.rows} if update else {}

        def neuron_key(n: int) -> tuple[float, int]:
            if update is not None:
                return (-change.get(("bias", n), math.inf), n)   # inputs (no bias) first
            return (rank.get(n, late), n)

        def edge_key(c: int) -> tuple[float, int]:
            if update is not None:
                return (-change.get(("weight", c), 0.0), c)
            return (edge_rank(c), c)

        queue += [("neuron", n, neurons[n], False) for n in sorted(neurons, key=neuron_key)
                  if ("neuron", n) not in done]
        queue += [("edge", c, edges[c], False) for c in sorted(edges, key=edge_key)
                  if ("edge", c) not in done]
        return queue

    def layout(self, transform: QTransform, bounds: QRectF | None = None,
               blocked: list[QRectF] | None = None) -> list[Placed]:
        """Place the cards in device pixels for the view's ``transform``, inside ``bounds``
        (the viewport) and clear of ``blocked`` (widgets over the canvas: its legend)."""
        scene = self.scene()
        network = self.network
        if scene is None or network is None:
            return []
        neurons, edges, loss, current = self._cards()
        if self.focus_neurons is not None:
            neurons = {n: c for n, c in neurons.items() if n in self.focus_neurons}
        if self.focus_edges is not None:
            edges = {e: c for e, c in edges.items() if e in self.focus_edges}
        radius = style.NEURON_RADIUS * transform.m11()
        items = scene.items_by_id
        centers = {nid: transform.map(item.pos()) for nid, item in items.items()}
        # neurons, their labels and anything else drawn above the edges (weight pictures…)
        taken = [transform.mapRect(_footprint(item)) for item in scene.items()
                 if item is not self and item.isVisible() and item.zValue() > EDGE_Z
                 and not getattr(item, "cards_may_cover", False)]
        placer = Placer(taken + (blocked or []), bounds)
        outputs = [transform.mapRect(items[o.id].sceneBoundingRect())
                   for o in network.outputs() if o.id in items]
        placed: list[Placed] = []
        for kind, key, card, essential in self._queue(neurons, edges, loss, current):
            if kind == "neuron":
                if key not in centers:
                    continue
                role = network.neurons[key].role

                def spots(c: Card, key: int = key, role: str = role) -> list[QRectF]:
                    return neuron_spots(c, centers[key], radius, role)
            elif kind == "edge":
                conn = network.connections.get(key)
                if conn is None or conn.source not in centers or conn.target not in centers:
                    continue

                def spots(c: Card, s: int = conn.source, t: int = conn.target) -> list[QRectF]:
                    return edge_spots(c, centers[s], centers[t], radius)
            else:
                def spots(c: Card) -> list[QRectF]:
                    return loss_spots(c, outputs)
            if placer.place(card, spots, essential):
                placed.append((kind, key, card))
        self.placed, self.left_out = placed, placer.left_out
        return placed

    def _cached_layout(self, transform: QTransform, bounds: QRectF | None,
                       blocked: list[QRectF]) -> tuple[list[Placed], str]:
        """The layout for this view, recomputed only when something it depends on moved
        (hovering repaints the canvas many times a second)."""
        key = (self._version, tuple(transform.map(QPointF(x, 0)).toTuple() for x in (0, 1)),
               transform.m22(), bounds.getRect() if bounds is not None else None,
               tuple(r.getRect() for r in blocked))
        if key != self._layout_key:
            self.layout(transform, bounds, blocked)
            note = ""
            if self.left_out:     # room for the note first, then lay out again around it
                note = translate("ValueOverlay", LEFT_OUT_NOTE).format(n=_numbers(self.left_out))
                self.layout(transform, bounds, blocked + [_note_rect(note)])
                note = (translate("ValueOverlay", LEFT_OUT_NOTE).format(
                    n=_numbers(self.left_out)) if self.left_out else "")
            self._layout_key, self._note = key, note
        return self.placed, self._note

    # ---------------------------------------------------------------- painting
    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        transform = painter.worldTransform()
        bounds, blocked = None, []
        if widget is not None:
            bounds = QRectF(widget.rect())
            view = widget.parentWidget()
            legend = getattr(view, "legend", None)
            if isinstance(legend, QWidget) and legend.isVisible():
                corner = widget.mapFrom(view, legend.geometry().topLeft())
                blocked.append(QRectF(corner.x(), corner.y(), legend.width(), legend.height()))
        placed, note = self._cached_layout(transform, bounds, blocked)
        painter.save()
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        scene = self.scene()
        for kind, key, card in placed:
            if kind == "neuron" and card.current and key in scene.items_by_id:
                center = transform.map(scene.items_by_id[key].pos())
                radius = style.NEURON_RADIUS * transform.m11() + 5
                painter.setPen(QPen(CURRENT, 3.0))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawEllipse(center, radius, radius)
        for _, _, card in placed:
            _paint_card(painter, card)
        if note:
            _paint_note(painter, note)
        painter.restore()


def _footprint(item: QGraphicsItem) -> QRectF:
    """What an item really covers: a neuron's bounds include room for its selection halo."""
    rect = item.sceneBoundingRect()
    if isinstance(item, NeuronItem):
        halo = style.SELECTION_WIDTH + 3
        rect = rect.adjusted(halo, halo, -halo, -halo)
    return rect


def _paint_card(painter: QPainter, card: Card) -> None:
    rect = card.rect
    painter.setPen(QPen(CURRENT if card.current else card.border,
                        2.2 if card.current else 1.0))
    painter.setBrush(QColor(255, 255, 255, 242))
    corner = rect.height() / 2 if card.pill else 6.0
    painter.drawRoundedRect(rect, corner, corner)
    pad = padding(card)
    y = rect.top() + pad[1]
    for text, color, bold in card.lines:
        line_font = font(bold)
        height = QFontMetricsF(line_font).height()
        painter.setFont(line_font)
        painter.setPen(color)
        painter.drawText(QRectF(rect.left() + pad[0], y, rect.width() - pad[0], height),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
        y += height


def _numbers(count: int) -> str:
    return counts().numbers(count)


def _note_rect(text: str) -> QRectF:
    metrics = QFontMetricsF(font())
    return QRectF(10, 8, metrics.horizontalAdvance(text) + 16, metrics.height() + 8)


def _paint_note(painter: QPainter, text: str) -> None:
    """A quiet line in the canvas's top-left corner."""
    note_font = font()
    rect = _note_rect(text)
    painter.setPen(QPen(QColor("#fcd34d"), 1))
    painter.setBrush(QColor("#fffbeb"))
    painter.drawRoundedRect(rect, 6, 6)
    painter.setFont(note_font)
    painter.setPen(QColor("#92400e"))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
