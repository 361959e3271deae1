"""The drawing of the unrolled X-ray: the network copied once per time step, side by side.

Copy t sits at the canvas's own layout shifted right by t copies. Ordinary connections
run inside a copy; a recurrent connection runs from its source in copy t−1 to its target
in copy t (amber curves), which is exactly what "reads the previous time step" means.
Numbers appear as the script reveals them: a under each neuron once step t is computed,
δ once backpropagation has reached it.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QBrush, QColor, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
)

from bpstudio.model.network import Network
from bpstudio.ui.canvas import style
from bpstudio.ui.i18n import translate
from bpstudio.xray.text import fmt
from bpstudio.xray.unrolled import UnrolledPass

R = 15.0                 # neuron radius in the unrolled drawing
MARGIN = 34.0            # around the neurons inside a copy's frame
GAP = 46.0               # between two copies
FORWARD_FILL = QColor("#fef9c3")
BACKWARD_FILL = QColor("#fee2e2")
FRAME_FILL = QColor("#ffffff")
RECURRENT = QColor("#d97706")
DELTA_COLOR = QColor("#b91c1c")
ORDINARY = QColor("#9ca3af")



class UnrolledScene(QGraphicsScene):
    """Copies of one network over the time steps of one sequence."""

    def __init__(self) -> None:
        super().__init__()
        self.setBackgroundBrush(style.BACKGROUND)
        self.pass_: UnrolledPass | None = None
        self.neurons: dict[tuple[int, int], QGraphicsEllipseItem] = {}   # (nid, t)
        self.values: dict[tuple[int, int], QGraphicsSimpleTextItem] = {}
        self.frames: list[QGraphicsRectItem] = []
        #: recurrent curves by the step they enter: (t, item)
        self.recurrent_items: list[tuple[int, QGraphicsPathItem]] = []
        self.selected: tuple[int, int] | None = None
        self._ring = QGraphicsEllipseItem(-R - 4, -R - 4, 2 * R + 8, 2 * R + 8)
        self._ring.setPen(QPen(style.SELECTION, 2.5))
        self._ring.setZValue(5)

    def reset(self) -> None:
        """Remove every copy (the selection ring is kept for the next build)."""
        if self._ring.scene() is self:
            self.removeItem(self._ring)
        self.clear()
        self.neurons, self.values, self.frames, self.recurrent_items = {}, {}, [], []
        self.pass_ = None

    def build(self, network: Network, unrolled: UnrolledPass) -> None:
        """Lay out every copy (call again after the network or the sequence changed)."""
        self.reset()
        self.pass_ = unrolled
        ids = unrolled.run.neuron_ids
        xs = [network.neurons[n].x for n in ids]
        ys = [network.neurons[n].y for n in ids]
        left, top = min(xs), min(ys)
        width = max(xs) - left + 2 * MARGIN + 2 * R
        height = max(ys) - top + 2 * MARGIN + 2 * R + 28      # room for the value texts
        self.copy_width = width + GAP
        centres = {n: QPointF(network.neurons[n].x - left + MARGIN + R,
                              network.neurons[n].y - top + MARGIN + R) for n in ids}
        for t in range(unrolled.length):
            offset = QPointF(t * self.copy_width, 0)
            frame = self.addRect(QRectF(offset.x(), 0, width, height),
                                 QPen(QColor("#d1d5db"), 1), QBrush(FRAME_FILL))
            frame.setZValue(-10)
            self.frames.append(frame)
            header = self.addSimpleText(f"t = {t}", style.label_font(10, bold=True))
            header.setPos(offset + QPointF(6, -22))
            for edge in unrolled.edges:
                if not edge.recurrent:
                    self._line(centres[edge.source] + offset, centres[edge.target] + offset)
            for nid in ids:
                self._neuron(network, nid, t, centres[nid] + offset)
        for t in range(1, unrolled.length):
            for edge in unrolled.edges:
                if edge.recurrent:
                    start = centres[edge.source] + QPointF((t - 1) * self.copy_width, 0)
                    end = centres[edge.target] + QPointF(t * self.copy_width, 0)
                    self.recurrent_items.append((t, self._curve(start, end)))
        note = self.addSimpleText(translate("UnrolledScene", "state before t = 0: every a = 0"),
                                  style.label_font(8))
        note.setBrush(style.MUTED_TEXT)
        note.setPos(4, height + 4)
        self.addItem(self._ring)
        self._ring.setVisible(False)
        self.setSceneRect(self.itemsBoundingRect().adjusted(-10, -10, 10, 10))

    def _line(self, a: QPointF, b: QPointF) -> None:
        path = QPainterPath(a)
        path.lineTo(b)
        item = self.addPath(path, QPen(ORDINARY, 1.2))
        item.setZValue(-5)

    def _curve(self, a: QPointF, b: QPointF) -> QGraphicsPathItem:
        """Source in copy t−1 → target in copy t, bowing over the top, with an arrowhead."""
        lift = max(40.0, abs(b.x() - a.x()) * 0.18)
        c1, c2 = a + QPointF(R * 3, -lift), b + QPointF(-R * 3, -lift)
        path = QPainterPath(a + QPointF(R, 0))
        path.cubicTo(c1, c2, b + QPointF(-R * 0.8, -R * 0.6))
        tip = path.currentPosition()
        back = path.pointAtPercent(0.97)
        direction = tip - back
        length = max((direction.x() ** 2 + direction.y() ** 2) ** 0.5, 1e-9)
        unit = direction / length
        normal = QPointF(-unit.y(), unit.x())
        path.addPolygon(QPolygonF([tip, tip - unit * 7 + normal * 3.5,
                                   tip - unit * 7 - normal * 3.5, tip]))
        item = self.addPath(path, QPen(RECURRENT, 1.4))
        item.setZValue(-4)
        return item

    def _neuron(self, network: Network, nid: int, t: int, centre: QPointF) -> None:
        neuron = network.neurons[nid]
        border, fill = style.ROLE_COLORS[neuron.role]
        item = self.addEllipse(-R, -R, 2 * R, 2 * R, QPen(border, 1.6), QBrush(fill))
        item.setPos(centre)
        item.setData(0, (nid, t))
        item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, False)
        label = QGraphicsSimpleTextItem(neuron.name, item)
        label.setFont(style.label_font(7.5, bold=True))
        box = label.boundingRect()
        label.setPos(-box.width() / 2, -box.height() / 2)
        value = self.addSimpleText("", style.label_font(7.5))
        value.setPos(centre + QPointF(-R - 6, R + 2))
        self.neurons[(nid, t)] = item
        self.values[(nid, t)] = value

    # ------------------------------------------------------------- showing
    def show_step(self, step: int) -> None:
        """Reveal what script step ``step`` has computed (-1: nothing yet)."""
        unrolled = self.pass_
        if unrolled is None:
            return
        phase, current = unrolled.phase(step) if step >= 0 else ("start", -1)
        for t, frame in enumerate(self.frames):
            here = t == current and phase in ("forward", "backward")
            frame.setBrush(QBrush(FORWARD_FILL if here and phase == "forward" else
                                  BACKWARD_FILL if here else FRAME_FILL))
        for (nid, t), text in self.values.items():
            parts = []
            if step >= 0 and unrolled.computed(step, t):
                parts.append(f"a {fmt(unrolled.value('a', nid, t), 3)}")
            if unrolled.backpropagated(step, t) and nid not in unrolled.inputs:
                parts.append(f"δ {fmt(unrolled.value('delta', nid, t), 3)}")
            text.setText("\n".join(parts))
            text.setBrush(DELTA_COLOR if len(parts) == 2 else style.TEXT)
        for t, item in self.recurrent_items:
            # backward at step t − 1: δ(t) is flowing back along these into step t − 1
            flowing = phase == "backward" and t == current + 1
            item.setPen(QPen(DELTA_COLOR if flowing else RECURRENT, 2.6 if flowing else 1.4))

    def select(self, key: tuple[int, int] | None) -> None:
        self.selected = key
        item = self.neurons.get(key) if key is not None else None
        self._ring.setVisible(item is not None)
        if item is not None:
            self._ring.setPos(item.pos())

    def neuron_at(self, pos: QPointF) -> tuple[int, int] | None:
        for item in self.items(pos):
            key = item.data(0)
            if key is None and item.parentItem() is not None:
                key = item.parentItem().data(0)
            if key is not None:
                return (int(key[0]), int(key[1]))
        return None

    def copy_rect(self, t: int) -> QRectF:
        return self.frames[t].sceneBoundingRect() if 0 <= t < len(self.frames) else QRectF()

