"""NeuronItem: how one Neuron looks on the canvas (shape by role, glyph, label, port)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPen, QTransform
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from bpstudio.model.network import Neuron
from bpstudio.ui.canvas import style

R = style.NEURON_RADIUS
NEURON_Z = 0.0
_GLYPHS: dict[str, QPainterPath] = {}
_BODIES: dict[str, QPainterPath] = {}


def _hit_shape() -> QPainterPath:
    """Body plus port, united (two overlapping ellipses would cancel under odd-even fill)."""
    body, port = QPainterPath(), QPainterPath()
    body.addEllipse(QPointF(0, 0), R + 2, R + 2)
    port.addEllipse(QPointF(R, 0), style.PORT_RADIUS + 4, style.PORT_RADIUS + 4)
    return body.united(port)


_HIT_SHAPE = _hit_shape()


def _body(role: str) -> QPainterPath:
    """The outline for ``role``, built once: a thousand neurons repaint often."""
    if role not in _BODIES:
        path = QPainterPath()
        if role == "input":
            path.addRoundedRect(QRectF(-R + 1, -R + 1, 2 * R - 2, 2 * R - 2), 7, 7)
        else:
            path.addEllipse(QPointF(0, 0), R, R)
        _BODIES[role] = path
    return _BODIES[role]


def _glyph(name: str) -> QPainterPath:
    if name not in _GLYPHS:
        _GLYPHS[name] = QTransform.fromScale(R * 0.55, R * 0.42).map(
            style.activation_glyph(name))
    return _GLYPHS[name]


class NeuronItem(QGraphicsItem):
    """A neuron: rounded square (input), circle (hidden) or double ring (output)."""

    def __init__(self, neuron: Neuron, on_moved: Callable[[NeuronItem], None]) -> None:
        super().__init__()
        self.neuron_id = neuron.id
        self._on_moved = on_moved
        self.role = neuron.role
        self.activation = neuron.activation
        self.label = neuron.label
        self.frozen = neuron.frozen
        self.hovered = False
        self.port_hovered = False
        self.target_state: str | None = None    # "valid"/"invalid" while connecting
        self.fill_override: QColor | None = None  # live fill (mean activation, |δ|)
        self._label_rect = QRectF()
        self._bounds = QRectF()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges)
        self.setZValue(NEURON_Z)
        # A thousand neurons repaint on every pan or hover: blit a cached pixmap instead
        # of re-running Python paint code (re-rendered only on zoom or a change of look).
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setPos(neuron.x, neuron.y)
        self._layout_label()

    def update_from(self, neuron: Neuron) -> None:
        """Take the neuron's look-related fields (role, activation, label, frozen)."""
        self.prepareGeometryChange()
        self.role, self.activation = neuron.role, neuron.activation
        self.label, self.frozen = neuron.label, neuron.frozen
        self._layout_label()
        self.update()

    def _layout_label(self) -> None:
        self._place_label()
        pad = style.SELECTION_WIDTH + 3
        body = QRectF(-R - pad, -R - pad, 2 * (R + pad) + style.PORT_RADIUS + 2, 2 * (R + pad))
        self._bounds = body.united(self._label_rect) if not self._label_rect.isNull() else body

    def _place_label(self) -> None:
        """Inputs label to the left, outputs to the right, hidden neurons above."""
        if not self.label or self.role == "input" and len(self.label) <= 3:
            self._label_rect = QRectF()
            return
        metrics = QFontMetricsF(style.label_font())
        width = metrics.horizontalAdvance(self.label) + 4
        height = metrics.height()
        if self.role == "input":
            self._label_rect = QRectF(-R - 6 - width, -height / 2, width, height)
        elif self.role == "output":
            self._label_rect = QRectF(R + 8, -height / 2, width, height)
        else:
            self._label_rect = QRectF(-width / 2, -R - 2 - height, width, height)

    # ----------------------------------------------------------------- shape
    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        return _HIT_SHAPE

    @staticmethod
    def port_center() -> QPointF:
        return QPointF(R, 0)

    def port_contains(self, local: QPointF) -> bool:
        d = local - self.port_center()
        return d.x() * d.x() + d.y() * d.y() <= (style.PORT_RADIUS + 4) ** 2

    # -------------------------------------------------------------- painting
    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        lod = QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())
        border, fill = style.ROLE_COLORS.get(self.role, style.ROLE_COLORS["hidden"])
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        body = _body(self.role)
        if self.isSelected() or self.target_state or self.hovered:
            color = {"valid": style.VALID_TARGET, "invalid": style.INVALID_TARGET}.get(
                self.target_state or "", style.SELECTION if self.isSelected() else style.HOVER)
            halo = QColor(color)
            halo.setAlpha(90 if self.isSelected() or self.target_state else 60)
            painter.setPen(QPen(halo, style.SELECTION_WIDTH * 2.2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(body)
        if lod * R < 4:    # a few pixels wide: detail would be invisible, draw a dot
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(border)
            painter.drawPath(body)
            return
        pen = QPen(border, 2.0 if self.role != "hidden" else 1.6)
        if self.frozen:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(fill if self.fill_override is None else self.fill_override)
        painter.drawPath(body)
        # On a dark live fill the glyph and inner ring switch to white to stay readable.
        ink = border if self.fill_override is None or \
            self.fill_override.lightnessF() > 0.55 else QColor("white")
        if self.role == "output":
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(ink, 1.2))
            painter.drawEllipse(QPointF(0, 0), R - 4, R - 4)
        if lod * R >= 8:
            self._paint_inside(painter, ink)
            self._paint_port(painter, border)
        if lod >= 0.45 and not self._label_rect.isNull():
            painter.setFont(style.label_font())
            painter.setPen(style.TEXT)
            align = {"input": Qt.AlignmentFlag.AlignRight,
                     "output": Qt.AlignmentFlag.AlignLeft}.get(self.role,
                                                                Qt.AlignmentFlag.AlignHCenter)
            painter.drawText(self._label_rect, align | Qt.AlignmentFlag.AlignVCenter, self.label)

    def _paint_inside(self, painter: QPainter, border: QColor) -> None:
        if self.role == "input":
            text = self.label if self.label and len(self.label) <= 3 else ""
            if text:
                painter.setFont(style.label_font(9, bold=True))
                painter.setPen(border)
                painter.drawText(QRectF(-R, -R, 2 * R, 2 * R), Qt.AlignmentFlag.AlignCenter,
                                 text)
            return
        pen = QPen(border, 1.8)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        filled = self.activation == "softmax"
        painter.setBrush(border if filled else Qt.BrushStyle.NoBrush)
        painter.drawPath(_glyph(self.activation))

    def _paint_port(self, painter: QPainter, border: QColor) -> None:
        radius = style.PORT_RADIUS + (1.5 if self.port_hovered else 0)
        painter.setPen(QPen(QColor("white"), 1.5))
        painter.setBrush(style.HOVER if self.port_hovered else border)
        painter.drawEllipse(self.port_center(), radius, radius)

    # ------------------------------------------------------------- changes
    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: Any) -> Any:
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged:
            self._on_moved(self)
        return super().itemChange(change, value)

    def set_hover(self, hovered: bool, port: bool = False) -> None:
        if (hovered, port) != (self.hovered, self.port_hovered):
            self.hovered, self.port_hovered = hovered, port
            self.update()

    def set_fill(self, color: QColor | None) -> bool:
        """Fill the body with ``color`` (None: the role's own fill); True if it changed."""
        if color == self.fill_override:
            return False
        self.fill_override = None if color is None else QColor(color)
        self.update()
        return True

    def set_target_state(self, state: str | None) -> None:
        if state != self.target_state:
            self.target_state = state
            self.update()
