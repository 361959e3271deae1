"""A small map of each hidden neuron's activation over the input plane, beside it.

Each thumbnail is a QGraphicsPixmapItem child of its NeuronItem, so it follows the neuron
when dragged and works for any drawn graph. Updated by the controller at most a few
times a second; one ``neuron_activations`` call computes every neuron's map at once.

Edges arrive from the left and leave to the right, so a map left of the neuron would hide
their last stretch: it goes below or above the neuron, whichever crosses fewer of its
edges, unless other neurons sit there (see :func:`thumbnail_spot`).
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
THUMB_GAP = 11.0         # left of the body: leaves the arrowheads of incoming edges visible
THUMB_VGAP = 5.0         # between the body and a map above or below it
LABEL_ROOM = 16.0        # a hidden neuron's label sits above it: a map above clears it
SAMPLES = 24             # points tested along each edge for crossing a candidate spot
MAX_THUMBNAILS = 400     # beyond this the canvas is zoomed out too far to read them
FRAME = QColor("#94a3b8")


R = style.NEURON_RADIUS
#: top-left corners of the map relative to the neuron's centre, in order of preference
CANDIDATES = {
    "below": (-THUMB_SIZE / 2, R + THUMB_VGAP),
    "above": (-THUMB_SIZE / 2, -R - THUMB_VGAP - THUMB_SIZE),
    "left": (-R - THUMB_GAP - THUMB_SIZE, -THUMB_SIZE / 2),
}


def spot_offset(name: str, labelled: bool) -> tuple[float, float]:
    """Top-left corner of the map at spot ``name``, relative to the neuron's centre."""
    dx, dy = CANDIDATES[name]
    return (dx, dy - LABEL_ROOM) if name == "above" and labelled else (dx, dy)


def thumbnail_spot(center: tuple[float, float], edges: np.ndarray, others: np.ndarray,
                   labelled: bool = False) -> str:
    """The candidate spot for a neuron's map that crowds the fewest ``others`` (neuron
    centres, rows x, y) and then covers the fewest of its ``edges`` (rows x0, y0, x1, y1
    in scene units); ties go to the earlier candidate. In a dense column above and below
    are taken by neighbours, so the map goes left."""
    t = np.linspace(0.0, 1.0, SAMPLES)
    if len(edges):
        xs = edges[:, 0:1] + (edges[:, 2:3] - edges[:, 0:1]) * t    # (edges, samples)
        ys = edges[:, 1:2] + (edges[:, 3:4] - edges[:, 1:2]) * t
    best, best_score = "below", None
    for name in CANDIDATES:
        dx, dy = spot_offset(name, labelled)
        left, top = center[0] + dx, center[1] + dy
        right, bottom = left + THUMB_SIZE, top + THUMB_SIZE
        crossed = 0
        if len(edges):
            inside = (xs > left) & (xs < right) & (ys > top) & (ys < bottom)
            crossed = int(inside.any(axis=1).sum())
        margin = R + 4.0          # another neuron's body (or its map) would touch this one
        crowded = 0
        if len(others):
            crowded = int(((others[:, 0] > left - margin) & (others[:, 0] < right + margin)
                           & (others[:, 1] > top - margin)
                           & (others[:, 1] < bottom + margin)).sum())
        score = crossed + 100 * crowded      # covering a neuron is worse than any edges
        if best_score is None or score < best_score:
            best, best_score = name, score
    return best


class ThumbnailItem(QGraphicsPixmapItem):
    """A neuron's map with a thin frame, below, above or left of the neuron's body."""

    #: The X-ray's value cards may cover a map: in step mode the numbers are the lesson.
    cards_may_cover = True

    def __init__(self, parent) -> None:  # noqa: ANN001 - the NeuronItem
        super().__init__(parent)
        self.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.setAcceptHoverEvents(False)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setShapeMode(QGraphicsPixmapItem.ShapeMode.BoundingRectShape)
        self.setPos(*CANDIDATES["below"])
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
        self._placed_for: tuple | None = None   # the layout the spots were chosen for

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
                and frame.state.dataset.n_features == 2 and bool(frame.index.hidden_ids)
                and not frame.state.data.is_sequences)   # a plane of inputs has no time

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
        self._place(hidden)
        self.updates += 1

    def _place(self, hidden: list[int]) -> None:
        """Move each map to its neuron's least covering spot, when the layout changed."""
        network = self.scene.network
        key = (tuple(hidden), len(network.connections),
               tuple((n.id, round(n.x), round(n.y), n.label) for n in network.neurons.values()))
        fresh = [nid for nid in hidden if self.items[nid].data(0) is None]
        if key == self._placed_for and not fresh:
            return
        self._placed_for = key
        ids = list(network.neurons)
        row_of = {nid: row for row, nid in enumerate(ids)}
        centres = np.asarray([(network.neurons[n].x, network.neurons[n].y) for n in ids],
                             dtype=np.float64).reshape(-1, 2)
        for nid in hidden:
            links = network.incoming(nid) + network.outgoing(nid)
            edges = np.hstack([centres[[row_of[c.source] for c in links]],
                               centres[[row_of[c.target] for c in links]]])
            edges[:, 0] += R         # edges leave from the source's port on its right
            others = np.delete(centres, row_of[nid], axis=0)
            labelled = bool(network.neurons[nid].label)
            spot = thumbnail_spot(tuple(centres[row_of[nid]]), edges, others, labelled)
            item = self.items[nid]
            item.setPos(*spot_offset(spot, labelled))
            item.setData(0, spot)

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
