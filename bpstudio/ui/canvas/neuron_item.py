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
DOT_PX = 4.0          # on-screen radius below which a neuron is a plain dot
DETAIL_PX = 8.0       # on-screen radius from which glyphs and the port are drawn
HALO_WIDTH = style.SELECTION_WIDTH * 2.2
_GLYPHS: dict[str, QPainterPath] = {}
_BODIES: dict[str, QPainterPath] = {}
_OUTLINE_PENS: dict[tuple[str, bool], QPen] = {}
_RING_PENS: dict[int, QPen] = {}
_WHITE = QColor("white")


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


def halo_color(selected: bool, target_state: str | None, hovered: bool) -> QColor | None:
    """The ring around a selected, hovered or connect-target neuron (None: no ring)."""
    if not (selected or target_state or hovered):
        return None
    color = QColor({"valid": style.VALID_TARGET, "invalid": style.INVALID_TARGET,
                    "recurrent": style.RECURRENT_TARGET}.get(
        target_state or "", style.SELECTION if selected else style.HOVER))
    color.setAlpha(90 if selected or target_state else 60)
    return color


def paint_body(painter: QPainter, lod: float, role: str, frozen: bool,
               fill_override: QColor | None, halo: QColor | None) -> QColor | None:
    """Halo, body and inner ring (all shown below DETAIL_PX); the glyph ink, None: a dot."""
    # NeuronItem.paint and the batched dots (neuron_dots.py) both draw with these layer
    # functions, so both look the same.
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    if halo is not None:
        paint_halo(painter, role, halo)
    if lod * R < DOT_PX:    # a few pixels wide: detail would be invisible, draw a dot
        paint_dot(painter, role)
        return None
    ink = ink_for(role, fill_override)
    # Fill and border in one call, as paint_fill then paint_outline would draw them.
    paint_outline(painter, role, frozen, ink, fill_for(role, fill_override))
    return ink


def _colors(role: str) -> tuple[QColor, QColor]:
    """(border, fill) of ``role``."""
    return style.ROLE_COLORS.get(role) or style.ROLE_COLORS["hidden"]


def fill_for(role: str, fill_override: QColor | None) -> QColor:
    """The body's fill: a live fill (activation, |δ|) or the role's own colour."""
    return _colors(role)[1] if fill_override is None else fill_override


def ink_for(role: str, fill_override: QColor | None) -> QColor:
    """Colour of the glyph and inner ring: white on a dark live fill, to stay readable."""
    if fill_override is None or fill_override.lightnessF() > 0.55:
        return _colors(role)[0]
    return _WHITE


def paint_halo(painter: QPainter, role: str, halo: QColor) -> None:
    painter.setPen(QPen(halo, HALO_WIDTH))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(_body(role))


def paint_dot(painter: QPainter, role: str) -> None:
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(_colors(role)[0])
    painter.drawPath(_body(role))


def paint_fill(painter: QPainter, role: str, fill: QColor) -> None:
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(fill)
    painter.drawPath(_body(role))


def paint_outline(painter: QPainter, role: str, frozen: bool, ink: QColor,
                  fill: QColor | None = None) -> None:
    """Border (dashed if frozen; over ``fill`` if given) and an output's inner ring."""
    pen = _OUTLINE_PENS.get((role, frozen))
    if pen is None:     # pens built once: a thousand neurons repaint on every zoom step
        pen = QPen(_colors(role)[0], 2.0 if role != "hidden" else 1.6)
        if frozen:
            pen.setStyle(Qt.PenStyle.DashLine)
        _OUTLINE_PENS[(role, frozen)] = pen
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush if fill is None else fill)
    painter.drawPath(_body(role))
    if role == "output":
        painter.setBrush(Qt.BrushStyle.NoBrush)
        rgba = ink.rgba()
        ring = _RING_PENS.get(rgba)
        if ring is None:
            ring = _RING_PENS[rgba] = QPen(ink, 1.2)
        painter.setPen(ring)
        painter.drawEllipse(QPointF(0, 0), R - 4, R - 4)


def _glyph(name: str) -> QPainterPath:
    if name not in _GLYPHS:
        _GLYPHS[name] = QTransform.fromScale(R * 0.55, R * 0.42).map(
            style.activation_glyph(name))
    return _GLYPHS[name]


class NeuronItem(QGraphicsItem):
    """A neuron: rounded square (input), circle (hidden) or double ring (output)."""

    def __init__(self, neuron: Neuron, on_moved: Callable[[NeuronItem], None],
                 on_look_changed: Callable[[NeuronItem], None] | None = None) -> None:
        super().__init__()
        self.neuron_id = neuron.id
        self._on_moved = on_moved
        # Told whenever what paint_body draws changes: the batched dots mirror it.
        self._on_look_changed = on_look_changed
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
        self._look_changed()

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
        ink = paint_body(painter, lod, self.role, self.frozen, self.fill_override,
                         self.halo())
        if ink is None:
            return
        if lod * R >= DETAIL_PX:
            self._paint_inside(painter, ink)
            self._paint_port(painter, _colors(self.role)[0])
        if lod >= 0.45 and not self._label_rect.isNull():   # 0.45 * R > DETAIL_PX
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

    def halo(self) -> QColor | None:
        return halo_color(self.isSelected(), self.target_state, self.hovered)

    def look_key(self) -> tuple[str, bool, int | None, int | None]:
        """Everything paint_body draws, hashable: (role, frozen, fill rgba, halo rgba)."""
        halo = self.halo()
        return (self.role, self.frozen,
                None if self.fill_override is None else self.fill_override.rgba(),
                None if halo is None else halo.rgba())

    # ------------------------------------------------------------- changes
    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: Any) -> Any:
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged:
            self._on_moved(self)
        elif change == QGraphicsItem.GraphicsItemChange.ItemSelectedHasChanged and \
                self._on_look_changed is not None:
            self._on_look_changed(self)
        return super().itemChange(change, value)

    def _look_changed(self) -> None:
        self.update()
        if self._on_look_changed is not None:
            self._on_look_changed(self)

    def set_hover(self, hovered: bool, port: bool = False) -> None:
        if (hovered, port) != (self.hovered, self.port_hovered):
            self.hovered, self.port_hovered = hovered, port
            self._look_changed()

    def set_fill(self, color: QColor | None) -> bool:
        """Fill the body with ``color`` (None: the role's own fill); True if it changed."""
        if color == self.fill_override:
            return False
        self.fill_override = None if color is None else QColor(color)
        self._look_changed()
        return True

    def set_target_state(self, state: str | None) -> None:
        if state != self.target_state:
            self.target_state = state
            self._look_changed()
