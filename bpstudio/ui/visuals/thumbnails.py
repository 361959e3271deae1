"""A small map of each hidden neuron's activation over the input plane, beside it.

Each thumbnail is a QGraphicsPixmapItem child of its NeuronItem, so it follows the neuron
when dragged and works for any drawn graph. Updated by the controller at most a few
times a second; one ``neuron_activations`` call computes every neuron's map at once.
"""

from __future__ import annotations

import numpy as np
import shiboken6
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QGraphicsPixmapItem, QStyleOptionGraphicsItem, QWidget

from bpstudio.ui.canvas import style
from bpstudio.ui.canvas.scene import NetworkScene
from bpstudio.ui.visuals import colors
from bpstudio.ui.visuals.frame import Frame
from bpstudio.ui.visuals.plane import PlaneGrid, unit_columns

THUMB_GRID = 24          # cells per side of each map
THUMB_SIZE = 30.0        # scene units (a neuron is 36 across)
THUMB_GAP = 11.0         # leaves the arrowheads of incoming edges visible
MAX_THUMBNAILS = 400     # beyond this the canvas is zoomed out too far to read them
FRAME = QColor("#94a3b8")


class ThumbnailItem(QGraphicsPixmapItem):
    """A neuron's map with a thin frame, placed left of the neuron's body."""

    def __init__(self, parent) -> None:  # noqa: ANN001 - the NeuronItem
        super().__init__(parent)
        self.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.setAcceptHoverEvents(False)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setShapeMode(QGraphicsPixmapItem.ShapeMode.BoundingRectShape)
        self.setPos(-style.NEURON_RADIUS - THUMB_GAP - THUMB_SIZE, -THUMB_SIZE / 2)
        self.setScale(THUMB_SIZE / THUMB_GRID)
        self.rgb: np.ndarray | None = None     # the map shown, (rows, cols, 3), top row first

    def set_rgb(self, rgb: np.ndarray) -> None:
        self.rgb = np.ascontiguousarray(rgb)
        height, width = rgb.shape[:2]
        image = QImage(self.rgb.data, width, height, 3 * width, QImage.Format.Format_RGB888)
        self.setPixmap(QPixmap.fromImage(image))   # copies, so the array may change

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        super().paint(painter, option, widget)
        pen = QPen(FRAME, 1.0)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(QRectF(self.pixmap().rect()))


class Thumbnails:
    """Thumbnails beside every hidden neuron of a 2-D network, on or off."""

    def __init__(self) -> None:
        self.enabled = True
        self.scene: NetworkScene | None = None
        self.items: dict[int, ThumbnailItem] = {}
        self.updates = 0
        self._grid: PlaneGrid | None = None
        self._dataset = None

    def attach(self, scene: NetworkScene | None) -> None:
        self.clear()
        self.scene = scene

    def clear(self) -> None:
        for item in self.items.values():
            if shiboken6.isValid(item) and item.scene() is not None:
                item.scene().removeItem(item)
        self.items = {}

    def set_enabled(self, on: bool) -> None:
        self.enabled = on
        if not on:
            self.clear()

    def applies(self, frame: Frame | None) -> bool:
        return (self.enabled and frame is not None and self.scene is not None
                and frame.state.dataset.n_features == 2 and bool(frame.index.hidden_ids))

    def update(self, frame: Frame | None) -> None:
        """Redraw every hidden neuron's map from ``frame`` (or remove them all)."""
        if not self.applies(frame):
            self.clear()
            return
        assert frame is not None and self.scene is not None
        dataset = frame.state.dataset
        if dataset is not self._dataset:
            self._dataset = dataset
            self._grid = PlaneGrid.over(dataset, THUMB_GRID)
        grid = self._grid
        assert grid is not None
        hidden = [n for n in frame.index.hidden_ids if n in self.scene.items_by_id]
        hidden = hidden[:MAX_THUMBNAILS]
        acts = frame.cached(("activations", grid.n),
                            lambda: frame.neuron_activations(grid.points))
        lut = colors.lighten(colors.diverging_lut(), 0.1)
        keep = set(hidden)
        for nid in [n for n in self.items if n not in keep]:
            self._remove(nid)
        cols = [frame.index.neuron_col[nid] for nid in hidden]
        unit = unit_columns(acts[:, cols], [frame.index.activation.get(nid, "identity")
                                            for nid in hidden])
        # (points, neurons, 3) → (neurons, rows, cols, 3), rows top-down: the grid's row 0
        # is the bottom of the plane.
        rgb = grid.image(colors.map_unit(unit, lut)).transpose(2, 0, 1, 3)[:, ::-1]
        for nid, picture in zip(hidden, rgb, strict=True):
            self._item_for(nid).set_rgb(picture)
        self.updates += 1

    def _item_for(self, neuron_id: int) -> ThumbnailItem:
        parent = self.scene.items_by_id[neuron_id]
        item = self.items.get(neuron_id)
        if item is None or not shiboken6.isValid(item) or item.parentItem() is not parent:
            item = self.items[neuron_id] = ThumbnailItem(parent)
        return item

    def _remove(self, neuron_id: int) -> None:
        item = self.items.pop(neuron_id)
        if shiboken6.isValid(item) and item.scene() is not None:
            item.scene().removeItem(item)
