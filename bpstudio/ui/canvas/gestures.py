"""One class per mouse gesture on the canvas; each only emits intents through the view."""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QMouseEvent, QPainterPath, QPen
from PySide6.QtWidgets import QApplication, QGraphicsPathItem, QGraphicsRectItem

from bpstudio.model.network import Network
from bpstudio.ui.canvas import style
from bpstudio.ui.canvas.neuron_item import NeuronItem
from bpstudio.ui.canvas.recurrent_edges import SELF_LOOP
from bpstudio.ui.i18n import translate
from bpstudio.ui.words import counts

if TYPE_CHECKING:
    from bpstudio.ui.canvas.view import NetworkView


def ordinary_ancestors(network: Network, source: int) -> set[int]:
    """``source`` and every neuron that feeds it through ordinary connections: an ordinary
    edge from ``source`` into one of them would close a cycle. One backward search."""
    seen = {source}
    queue = deque(seen)
    while queue:
        for c in network.incoming(queue.popleft()):
            if not c.recurrent and c.source not in seen:
                seen.add(c.source)
                queue.append(c.source)
    return seen


def valid_targets(network: Network, source: int) -> set[int]:
    """Neurons ``source`` may connect to with an ordinary connection: not inputs, not
    already fed, not itself or its ancestors (an edge into one would close a cycle)."""
    ancestors = ordinary_ancestors(network, source)
    fed = {c.target for c in network.outgoing(source)}
    return {nid for nid, n in network.neurons.items()
            if n.role != "input" and nid not in ancestors and nid not in fed}


def recurrent_targets(network: Network, source: int) -> set[int]:
    """Neurons ``source`` may only feed through a recurrent connection: an ordinary edge
    would close a loop (``source`` itself included), and a recurrent one is allowed."""
    fed = {c.target for c in network.outgoing(source)}
    return {nid for nid in ordinary_ancestors(network, source)
            if network.neurons[nid].role != "input" and nid not in fed}


def snap(value: float) -> float:
    return round(value / style.GRID) * style.GRID


class Gesture:
    """A press–move–release interaction. ``cancel`` must leave no trace."""

    cursor = Qt.CursorShape.ArrowCursor

    def __init__(self, view: NetworkView) -> None:
        self.view = view

    def move(self, event: QMouseEvent) -> None:
        pass

    def release(self, event: QMouseEvent) -> None:
        pass

    def cancel(self) -> None:
        pass


class PanGesture(Gesture):
    """Middle button or space + drag: scroll the view with the hand."""

    cursor = Qt.CursorShape.ClosedHandCursor

    def __init__(self, view: NetworkView, event: QMouseEvent) -> None:
        super().__init__(view)
        self._last = event.position().toPoint()

    def move(self, event: QMouseEvent) -> None:
        now = event.position().toPoint()
        delta = now - self._last
        self._last = now
        h, v = self.view.horizontalScrollBar(), self.view.verticalScrollBar()
        h.setValue(h.value() - delta.x())
        v.setValue(v.value() - delta.y())


class ConnectGesture(Gesture):
    """Drag from a neuron's port: a line follows the mouse and valid targets light up."""

    cursor = Qt.CursorShape.CrossCursor

    def __init__(self, view: NetworkView, source: NeuronItem) -> None:
        super().__init__(view)
        scene = view.network_scene()
        self.source = source
        self.valid = valid_targets(scene.network, source.neuron_id)
        #: targets an ordinary edge cannot reach but a recurrent one can (closing a loop)
        self.looping = recurrent_targets(scene.network, source.neuron_id)
        self._target: NeuronItem | None = None
        self._left_source = False      # the source is a (self-loop) target once left
        for nid in self.valid:
            scene.neuron_item(nid).set_target_state("candidate")
        self._line = QGraphicsPathItem()
        pen = QPen(style.SELECTION, 2.0, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        self._line.setPen(pen)
        self._line.setZValue(100)
        scene.addItem(self._line)
        self._start = source.mapToScene(source.port_center())
        self._draw_to(self._start)
        view.status_message.emit(
            counts().valid_targets(len(self.valid)).format(name=self._name(source)))

    def _name(self, item: NeuronItem) -> str:
        return self.view.network_scene().network.neurons[item.neuron_id].name

    def _draw_to(self, end: QPointF) -> None:
        path = QPainterPath(self._start)
        dx = max(abs(end.x() - self._start.x()) * 0.5, 20.0)
        path.cubicTo(self._start + QPointF(dx, 0), end - QPointF(dx, 0), end)
        self._line.setPath(path)

    def _state_of(self, target: NeuronItem) -> str:
        if target.neuron_id in self.valid:
            return "valid"
        return "recurrent" if target.neuron_id in self.looping else "invalid"

    def _hint(self, target: NeuronItem) -> str:
        names = f"{self._name(self.source)} → {self._name(target)}"
        state = self._state_of(target)
        if state == "valid":
            return translate("Gestures", "Release to connect {names}").format(names=names)
        if state == "recurrent":
            return QCoreApplication.translate(
                "ConnectGesture", "{0} would close a loop: release to make it a recurrent "
                "connection (t−1)").format(names)
        network = self.view.network_scene().network
        problem = network.connection_problem(self.source.neuron_id, target.neuron_id)
        return translate("EditController", "Cannot connect: {problem}").format(problem=problem)

    def _draw_loop(self) -> None:
        """The rubber band of a self-loop: out of the port, over the top, back in."""
        centre, r = self.source.pos(), style.NEURON_RADIUS
        c1, c2, end = (centre + QPointF(x * r, y * r) for x, y in SELF_LOOP[1:])
        path = QPainterPath(self._start)
        path.cubicTo(c1, c2, end)
        self._line.setPath(path)

    def move(self, event: QMouseEvent) -> None:
        pos = self.view.mapToScene(event.position().toPoint())
        target = self.view.network_scene().neuron_at(pos)
        if target is self.source and not self._left_source:
            target = None
        elif target is not self.source:
            self._left_source = True
        if target is not self._target:
            if self._target is not None:
                self._target.set_target_state(
                    "candidate" if self._target.neuron_id in self.valid else None)
            self._target = target
            if target is not None:
                target.set_target_state(self._state_of(target))
                self.view.status_message.emit(self._hint(target))
        state = self._state_of(target) if target is not None else "valid"
        color = {"invalid": style.INVALID_TARGET,
                 "recurrent": style.RECURRENT_TARGET}.get(state, style.SELECTION)
        pen = self._line.pen()
        pen.setColor(color)
        self._line.setPen(pen)
        if target is self.source:
            self._draw_loop()
        else:
            self._draw_to(target.pos() - QPointF(style.NEURON_RADIUS, 0) if target else pos)

    def release(self, event: QMouseEvent) -> None:
        self.move(event)
        target = self._target
        self._clear()
        if target is not None:
            self.view.connection_requested.emit(self.source.neuron_id, target.neuron_id)
        else:
            self.view.status_message.emit(translate("Gestures", "No connection made: release "
                                                                "over a neuron"))

    def cancel(self) -> None:
        self._clear()
        self.view.status_message.emit(translate("Gestures", "Connection cancelled"))

    def _clear(self) -> None:
        scene = self.view.network_scene()
        for nid in self.valid:
            if nid in scene.items_by_id:
                scene.neuron_item(nid).set_target_state(None)
        if self._target is not None and self._target.scene() is scene:
            self._target.set_target_state(None)
        if self._line.scene() is scene:
            scene.removeItem(self._line)


class MoveGesture(Gesture):
    """Drag selected neurons; one ``neurons_move_requested`` on release (one undo step)."""

    cursor = Qt.CursorShape.SizeAllCursor

    def __init__(self, view: NetworkView, event: QMouseEvent, anchor: NeuronItem) -> None:
        super().__init__(view)
        scene = view.network_scene()
        self._press = event.position().toPoint()
        self._press_scene = view.mapToScene(self._press)
        self._anchor = anchor
        self._items = [scene.neuron_item(n) for n in scene.selected_neuron_ids()]
        if anchor not in self._items:
            self._items.append(anchor)
        self._start = {item.neuron_id: item.pos() for item in self._items}
        self._dragging = False

    def move(self, event: QMouseEvent) -> None:
        now = event.position().toPoint()
        if not self._dragging:
            if (now - self._press).manhattanLength() < QApplication.startDragDistance():
                return
            self._dragging = True
        delta = self.view.mapToScene(now) - self._press_scene
        if self.view.snap_to_grid:
            anchor = self._start[self._anchor.neuron_id] + delta
            delta = QPointF(snap(anchor.x()), snap(anchor.y())) - \
                self._start[self._anchor.neuron_id]
        for item in self._items:
            item.setPos(self._start[item.neuron_id] + delta)

    def release(self, event: QMouseEvent) -> None:
        if not self._dragging:
            return
        old = {nid: (p.x(), p.y()) for nid, p in self._start.items()}
        new = {item.neuron_id: (item.pos().x(), item.pos().y()) for item in self._items}
        if old != new:
            self.view.neurons_move_requested.emit(old, new)

    def cancel(self) -> None:
        for item in self._items:
            item.setPos(self._start[item.neuron_id])


class RubberBandSelect(Gesture):
    """Drag on empty canvas: select the neurons inside the rectangle (shift adds)."""

    def __init__(self, view: NetworkView, event: QMouseEvent, additive: bool) -> None:
        super().__init__(view)
        scene = view.network_scene()
        self._origin = view.mapToScene(event.position().toPoint())
        self._press = event.position().toPoint()
        self._before = set(scene.selected_neuron_ids()) if additive else set()
        self._band = QGraphicsRectItem()
        pen = QPen(style.SELECTION, 1.0)
        pen.setCosmetic(True)
        self._band.setPen(pen)
        fill = QColor(style.SELECTION)
        fill.setAlpha(30)
        self._band.setBrush(fill)
        self._band.setZValue(100)
        self._band.setVisible(False)
        scene.addItem(self._band)

    def move(self, event: QMouseEvent) -> None:
        now = event.position().toPoint()
        if not self._band.isVisible() and \
                (now - self._press).manhattanLength() < QApplication.startDragDistance():
            return
        self._band.setVisible(True)
        rect = QRectF(self._origin, self.view.mapToScene(now)).normalized()
        self._band.setRect(rect)
        scene = self.view.network_scene()
        inside = {nid for nid, item in scene.items_by_id.items() if rect.contains(item.pos())}
        scene.select(self._before | inside)

    def release(self, event: QMouseEvent) -> None:
        if not self._band.isVisible():
            # A plain click on empty canvas clears the selection (unless shift is held).
            self.view.network_scene().select(self._before)
        self._remove_band()

    def cancel(self) -> None:
        self._remove_band()

    def _remove_band(self) -> None:
        if self._band.scene() is not None:
            self._band.scene().removeItem(self._band)
