"""The palette dock: tiles dragged onto the canvas to create neurons where they drop."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QDrag, QMouseEvent, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from bpstudio.ui.canvas import style
from bpstudio.ui.document.mime import MAX_LAYER, PaletteEntry, palette_mime
from bpstudio.ui.i18n import translate
from bpstudio.ui.words import ROLE_WORDS


def role_pixmap(role: str, count: int = 1, size: int = 30) -> QPixmap:
    """The role's canvas shape as a small picture (a stack of three for a layer)."""
    ratio = 2.0
    pixmap = QPixmap(round(size * ratio), round(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    border, fill = style.ROLE_COLORS[role]
    spots = [(size / 2, size / 2, size / 2 - 3)] if count == 1 else \
        [(size / 2, y, size / 6.5) for y in (size * 0.2, size * 0.5, size * 0.8)]
    for x, y, r in spots:
        painter.setPen(QPen(border, 1.8))
        painter.setBrush(fill)
        if role == "input":
            painter.drawRoundedRect(QRectF(x - r, y - r, 2 * r, 2 * r), r * 0.4, r * 0.4)
        else:
            painter.drawEllipse(QPointF(x, y), r, r)
        if role == "output":
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(QPointF(x, y), r * 0.62, r * 0.62)
    painter.end()
    return pixmap


class PaletteTile(QFrame):
    """One draggable entry. A click adds it at the centre of the canvas instead."""

    clicked = Signal()

    def __init__(self, role: str, title: str, hint: str, count: int = 1) -> None:
        super().__init__()
        self.role, self.count = role, count
        self.setObjectName("paletteTile")
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        self.setToolTip(hint + "\n" + self.tr("Drag onto the canvas, or click to add at its "
                                               "centre."))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(10)
        self.icon = QLabel()
        self.icon.setPixmap(role_pixmap(role, count))
        self.icon.setFixedSize(QSize(30, 30))
        layout.addWidget(self.icon)
        text = QVBoxLayout()
        text.setSpacing(0)
        self.title = QLabel(title)
        self.title.setObjectName("paletteTitle")
        self.caption = QLabel(hint)
        self.caption.setObjectName("paletteHint")
        text.addWidget(self.title)
        text.addWidget(self.caption)
        layout.addLayout(text, 1)
        self._press: QPoint | None = None

    def entry(self) -> PaletteEntry:
        return PaletteEntry(self.role, self.count)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position().toPoint()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is None or (event.position().toPoint() - self._press).manhattanLength() \
                < QApplication.startDragDistance():
            return
        self._press = None
        drag = QDrag(self)
        drag.setMimeData(palette_mime(self.entry()))
        drag.setPixmap(role_pixmap(self.role, self.count, 36))
        drag.setHotSpot(QPoint(18, 18))
        drag.exec(Qt.DropAction.CopyAction)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._press is not None and event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        self._press = None


class PaletteWidget(QWidget):
    """Input, hidden and output neurons and a "layer of N" template of any role."""

    #: (role, count) a tile was clicked rather than dragged
    add_requested = Signal(str, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        self.tiles = {
            "input": PaletteTile("input", self.tr("Input neuron"),
                                 self.tr("takes one data column")),
            "hidden": PaletteTile("hidden", self.tr("Hidden neuron"), "a = f(Σ w·x + b)"),
            "output": PaletteTile("output", self.tr("Output neuron"),
                                  self.tr("compared with the target")),
        }
        for tile in self.tiles.values():
            layout.addWidget(tile)
            tile.clicked.connect(lambda t=tile: self.add_requested.emit(t.role, t.count))
        self.layer_tile = PaletteTile("hidden", "", "", count=8)
        self.layer_tile.clicked.connect(
            lambda: self.add_requested.emit(self.layer_tile.role, self.layer_tile.count))
        layout.addWidget(self.layer_tile)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Layer")))
        self.layer_size = QSpinBox()
        self.layer_size.setRange(2, MAX_LAYER)
        self.layer_size.setValue(8)
        self.layer_size.setAccelerated(True)
        self.layer_size.setToolTip(self.tr("Neurons in the layer"))
        self.layer_size.valueChanged.connect(self._update_layer_tile)
        row.addWidget(self.layer_size, 1)
        # A 784-128-10 network needs input and output layers too, not just hidden ones.
        self.layer_role = QComboBox()
        for role in ("input", "hidden", "output"):
            self.layer_role.addItem(translate("EditController", ROLE_WORDS[role]), role)
        self.layer_role.setCurrentIndex(self.layer_role.findData("hidden"))
        self.layer_role.setToolTip(self.tr("What the layer's neurons are: inputs take data "
                                           "columns, outputs are compared with the targets"))
        self.layer_role.currentIndexChanged.connect(self._update_layer_tile)
        row.addWidget(self.layer_role, 1)
        layout.addLayout(row)
        tip = QLabel(self.tr("Tip: double-click empty canvas for a hidden neuron; drag from a "
                             "neuron's right knob to connect."))
        tip.setWordWrap(True)
        tip.setObjectName("paletteHint")
        layout.addSpacing(6)
        layout.addWidget(tip)
        layout.addStretch(1)
        self._update_layer_tile()

    def set_layer(self, role: str, count: int) -> None:
        """Choose what the "layer of N" tile makes (as the combo box and spin box do)."""
        self.layer_role.setCurrentIndex(self.layer_role.findData(role))
        self.layer_size.setValue(count)

    def _update_layer_tile(self) -> None:
        tile, role, count = self.layer_tile, self.layer_role.currentData(), self.layer_size.value()
        tile.role, tile.count = role, count
        titles = {"input": self.tr("Layer of %n input neurons", "", count),
                  "hidden": self.tr("Layer of %n hidden neurons", "", count),
                  "output": self.tr("Layer of %n output neurons", "", count)}
        captions = {"input": self.tr("a column of input neurons"),
                    "hidden": self.tr("a column of hidden neurons"),
                    "output": self.tr("a column of output neurons")}
        tile.title.setText(titles[role])
        tile.caption.setText(captions[role])
        tile.setToolTip(captions[role] + "\n" + tile.tr("Drag onto the canvas, or click to add "
                                                        "at its centre."))
        tile.icon.setPixmap(role_pixmap(role, count))

    def tile_color(self, role: str) -> QColor:
        return style.ROLE_COLORS[role][0]
