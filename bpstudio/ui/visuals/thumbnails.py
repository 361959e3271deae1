"""A small map of each hidden neuron's activation over the input plane, beside it.

Each thumbnail is a QGraphicsPixmapItem child of its NeuronItem, so it follows the neuron
when dragged and works for any drawn graph. Updated by the controller at most a few
times a second; one ``neuron_activations`` call computes every neuron's map at once.

Edges arrive from the left and leave to the right, so a map left of the neuron would hide
their last stretch: it goes below or above the neuron, whichever crosses fewer edges,
unless other neurons or maps sit there, and shrinks when only a smaller map fits clear
(see :func:`thumbnail_spot`). Auto-layout spaces hidden neurons by :data:`ROW_SPACING`
while maps are shown, so each has a clear spot below or above.
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
#: maps × edges beyond which a map dodges only its own neuron's edges (placing maps
#: re-runs while neurons are dragged)
EDGE_CHECKS = 2_000_000
FRAME = QColor("#94a3b8")


R = style.NEURON_RADIUS
SIZES = (THUMB_SIZE, 22.0, 16.0)     # full size first; smaller only to keep clear
SPOTS = ("below", "above", "left")   # in order of preference
MARGIN = 4.0                         # free space kept between a map and anything else
#: rows of hidden neurons with a full map below each one (and a label above the next)
ROW_SPACING = 2 * R + THUMB_VGAP + THUMB_SIZE + MARGIN + LABEL_ROOM + 1.0


def spot_offset(name: str, labelled: bool, size: float = THUMB_SIZE) -> tuple[float, float]:
    """Top-left corner of a ``size`` map at spot ``name``, relative to the neuron's
    centre."""
    if name == "below":
        return -size / 2, R + THUMB_VGAP
    if name == "above":
        return -size / 2, -R - THUMB_VGAP - size - (LABEL_ROOM if labelled else 0.0)
    return -R - THUMB_GAP - size, -size / 2


def thumbnail_spot(center: tuple[float, float], edges: np.ndarray, others: np.ndarray,
                   labelled: bool = False, taken: np.ndarray | None = None
                   ) -> tuple[str, float]:
    """(spot, size) of a neuron's map: the spot that crowds the fewest ``others``
    (neuron centres, rows x, y) and ``taken`` maps (rows left, top, right, bottom), then
    covers the fewest ``edges`` (rows x0, y0, x1, y1 in scene units), then is largest;
    ties go to the earlier spot. In a dense column above and below are taken by
    neighbours, so the map goes left."""
    taken = np.zeros((0, 4)) if taken is None else taken
    t = np.linspace(0.0, 1.0, SAMPLES)
    reach = R + THUMB_GAP + THUMB_SIZE + LABEL_ROOM + THUMB_VGAP
    if len(edges):      # only edges that pass near this neuron can cross its map
        near = ((np.minimum(edges[:, 0], edges[:, 2]) < center[0] + reach)
                & (np.maximum(edges[:, 0], edges[:, 2]) > center[0] - reach)
                & (np.minimum(edges[:, 1], edges[:, 3]) < center[1] + reach)
                & (np.maximum(edges[:, 1], edges[:, 3]) > center[1] - reach))
        edges = edges[near]
    xs = edges[:, 0:1] + (edges[:, 2:3] - edges[:, 0:1]) * t    # (edges, samples)
    ys = edges[:, 1:2] + (edges[:, 3:4] - edges[:, 1:2]) * t
    best: tuple[str, float] = ("below", THUMB_SIZE)
    best_score: tuple[int, int, float, int] | None = None
    for size in SIZES:
        for order, name in enumerate(SPOTS):
            dx, dy = spot_offset(name, labelled, size)
            left, top = center[0] + dx, center[1] + dy
            right, bottom = left + size, top + size
            inside = (xs > left) & (xs < right) & (ys > top) & (ys < bottom)
            crossed = int(inside.any(axis=1).sum())
            margin = R + MARGIN       # another neuron's body would touch this map
            crowded = int(((others[:, 0] > left - margin) & (others[:, 0] < right + margin)
                           & (others[:, 1] > top - margin)
                           & (others[:, 1] < bottom + margin)).sum())
            crowded += int(((taken[:, 0] < right + MARGIN) & (taken[:, 2] > left - MARGIN)
                            & (taken[:, 1] < bottom + MARGIN)
                            & (taken[:, 3] > top - MARGIN)).sum())
            score = (crowded, crossed, -size, order)
            if not crowded and not crossed:
                return name, size       # clear, and nothing larger or earlier was
            if best_score is None or score < best_score:
                best, best_score = (name, size), score
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
        self.setPos(*spot_offset("below", False))
        self.setScale(THUMB_SIZE / THUMB_GRID)
        self.rgb: np.ndarray | None = None     # the map shown, (rows, cols, 3), top row first

    def set_size(self, size: float) -> None:
        self.setScale(size / THUMB_GRID)

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

    def row_spacing(self) -> float:
        """How far apart auto-layout should put hidden neurons: room for a map below
        each while maps are shown, 0 (the usual rows) otherwise."""
        return ROW_SPACING if self.enabled and self.items else 0.0

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
        every_edge = len(hidden) * len(network.connections) <= EDGE_CHECKS
        edges = self._edges(list(network.connections.values()), centres, row_of)
        taken = np.zeros((0, 4))
        for nid in hidden:
            if not every_edge:   # too many to test each map against: its own edges only
                edges = self._edges(network.incoming(nid) + network.outgoing(nid),
                                    centres, row_of)
            others = np.delete(centres, row_of[nid], axis=0)
            labelled = bool(network.neurons[nid].label)
            center = tuple(centres[row_of[nid]])
            spot, size = thumbnail_spot(center, edges, others, labelled, taken)
            dx, dy = spot_offset(spot, labelled, size)
            taken = np.vstack([taken, [center[0] + dx, center[1] + dy,
                                       center[0] + dx + size, center[1] + dy + size]])
            item = self.items[nid]
            item.setPos(dx, dy)
            item.set_size(size)
            item.setData(0, spot)

    @staticmethod
    def _edges(links: list, centres: np.ndarray, row_of: dict[int, int]) -> np.ndarray:
        """Rows x0, y0, x1, y1 of ``links``, from the source's port on its right."""
        edges = np.hstack([centres[[row_of[c.source] for c in links]],
                           centres[[row_of[c.target] for c in links]]]).reshape(-1, 4)
        edges[:, 0] += R
        return edges

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
