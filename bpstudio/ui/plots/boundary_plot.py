"""A function over the input plane as a heat map, with the data points on top.

One ImageItem, two ScatterPlotItems (training points filled, test points outlined), a
contour for the decision threshold and a curve for one-input networks; every update
changes them in place (``setImage``, ``setData``), nothing is rebuilt per frame.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from bpstudio.ui.canvas.edge_group import draw_segments

BACKGROUND = "#ffffff"
AXIS = "#6b7280"
BOUNDARY_PEN = QColor(31, 41, 55, 190)


MAX_POINTS = 2_000   # per set: more only cover the map and slow every repaint


def thin_points(points: np.ndarray, rgb: np.ndarray,
                limit: int = MAX_POINTS) -> tuple[np.ndarray, np.ndarray]:
    """At most ``limit`` of the points (a fixed random sample, so frames do not flicker).

    The panel allows 10 million samples: one QBrush per point and a scatter of them all
    took seconds on the GUI thread, and a map under that many dots shows nothing anyway.
    """
    if len(points) <= limit:
        return points, rgb
    keep = np.sort(np.random.default_rng(0).choice(len(points), limit, replace=False))
    return points[keep], rgb[keep]


def _pen(color: QColor | str, width: float = 1.0) -> QPen:
    pen = QPen(QColor(color), width)
    pen.setCosmetic(True)
    return pen


def contour_segments(values: np.ndarray, level: float) -> np.ndarray:
    """Marching squares over ``values`` (rows, cols): the ``level`` line as (n, 4)
    segments (x0, y0, x1, y1) in cell units, cell (row i, column j) centred at (j, i).

    Vectorised, so a 64×64 grid takes well under a millisecond (pyqtgraph's isocurve,
    a Python loop, took 6 ms); segments are left unjoined because they are drawn with
    one ``drawLines`` call.
    """
    s = np.nan_to_num(np.asarray(values, dtype=np.float64) - level, nan=0.0)
    a, b, c, d = s[:-1, :-1], s[:-1, 1:], s[1:, 1:], s[1:, :-1]   # bl, br, tr, tl corners
    i, j = np.indices(a.shape, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        def t(p: np.ndarray, q: np.ndarray) -> np.ndarray:
            return np.clip(np.nan_to_num(p / (p - q), nan=0.5), 0.0, 1.0)

        # Crossing point on each cell side: bottom, right, top, left.
        xs = np.stack([j + t(a, b), j + 1, j + t(d, c), j])
        ys = np.stack([i, i + t(b, c), i + 1, i + t(a, d)])
    above = (a > 0, b > 0, c > 0, d > 0)
    crosses = np.stack([above[0] != above[1], above[1] != above[2],
                        above[3] != above[2], above[0] != above[3]])
    count = crosses.sum(axis=0)
    two = count == 2
    first = np.argmax(crosses, axis=0)
    last = 3 - np.argmax(crosses[::-1], axis=0)
    r, k = np.nonzero(two)
    e0, e1 = first[r, k], last[r, k]
    parts = [np.column_stack([xs[e0, r, k], ys[e0, r, k], xs[e1, r, k], ys[e1, r, k]])]
    r, k = np.nonzero(count == 4)      # saddles: the centre decides which corners join
    if len(r):
        # Centre on a's side: a and c join, the line cuts off b (bottom–right) and d
        # (top–left); otherwise it cuts off a (bottom–left) and c (top–right).
        joined = ((a + b + c + d)[r, k] > 0) == above[0][r, k]
        zero, two_ = np.zeros(len(r), dtype=np.intp), np.full(len(r), 2, dtype=np.intp)
        for e0, e1 in ((zero, np.where(joined, 1, 3)), (two_, np.where(joined, 3, 1))):
            parts.append(np.column_stack([xs[e0, r, k], ys[e0, r, k],
                                          xs[e1, r, k], ys[e1, r, k]]))
    return np.vstack(parts)


class ContourItem(QGraphicsItem):
    """Line segments in plot coordinates, drawn with one call."""

    def __init__(self, pen: QPen) -> None:
        super().__init__()
        self.pen = pen
        self.segments = np.zeros((0, 4))
        self._rect = QRectF()

    def set_segments(self, segments: np.ndarray, rect: QRectF) -> None:
        self.prepareGeometryChange()
        self.segments = segments
        self._rect = QRectF(rect)
        self.update()

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        if len(self.segments):
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setPen(self.pen)
            draw_segments(painter, self.segments)


class BoundaryPlot(pg.PlotWidget):
    """Heat map + points (2-D inputs) or curve + points (1-D inputs)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        # No context menu, from construction on (see loss_plot.CurvePlot)
        super().__init__(parent, background=BACKGROUND, enableMenu=False)
        plot = self.getPlotItem()
        plot.hideButtons()
        plot.setMouseEnabled(x=False, y=False)   # a live picture, not something to pan
        plot.showGrid(x=False, y=False)
        for name in ("left", "bottom"):
            axis = plot.getAxis(name)
            axis.setPen(_pen(AXIS))
            axis.setTextPen(_pen(AXIS))
            axis.enableAutoSIPrefix(False)    # inputs are plain numbers, not "x0.001"
        self.image = pg.ImageItem()
        self.image.setOpts(axisOrder="row-major")   # image[row = x2 index, column = x1]
        self.boundary = ContourItem(_pen(BOUNDARY_PEN, 1.6))
        self.curve = pg.PlotDataItem(pen=pg.mkPen("#111827", width=2.2))
        self.train_points = pg.ScatterPlotItem(size=7, pxMode=True)
        self.test_points = pg.ScatterPlotItem(size=8, pxMode=True)
        #: the document's drawn points while Draw data is on (ui/visuals/draw_points.py)
        self.drawn_points = pg.ScatterPlotItem(size=9, pxMode=True, symbol="d")
        for item in (self.image, self.boundary, self.curve, self.train_points,
                     self.test_points, self.drawn_points):
            plot.addItem(item)
        self.image.setZValue(-10)
        self.curve.setZValue(10)       # the prediction reads over the data it fits
        self.drawn_points.setZValue(20)
        self.rgb: np.ndarray | None = None        # the last image shown, (rows, cols, 3)

    def set_labels(self, x: str, y: str) -> None:
        self.getPlotItem().setLabel("bottom", x, color=AXIS)
        self.getPlotItem().setLabel("left", y, color=AXIS)

    def set_plane(self, x_range: tuple[float, float], y_range: tuple[float, float]) -> None:
        """Show exactly this rectangle of the input plane."""
        self.curve.setVisible(False)
        self.image.setVisible(True)
        plot = self.getPlotItem()
        plot.setXRange(*x_range, padding=0)
        plot.setYRange(*y_range, padding=0)
        self._rect = QRectF(x_range[0], y_range[0], x_range[1] - x_range[0],
                            y_range[1] - y_range[0])

    def set_line(self, x_range: tuple[float, float], y_range: tuple[float, float]) -> None:
        """One input: a curve over ``x_range``; no heat map."""
        self.image.setVisible(False)
        self.boundary.set_segments(np.zeros((0, 4)), QRectF())
        self.curve.setVisible(True)
        plot = self.getPlotItem()
        plot.setXRange(*x_range, padding=0)
        plot.setYRange(*y_range, padding=0.05)

    def set_image(self, rgb: np.ndarray, contour: np.ndarray | None = None,
                  level: float = 0.0) -> None:
        """Show ``rgb`` (rows, cols, 3) uint8, row 0 at the bottom, over the plane; with
        ``contour`` (rows, cols) values, draw their ``level`` isocurve on top."""
        self.rgb = rgb
        self.image.setImage(rgb, autoLevels=False)
        self.image.setRect(self._rect)
        rect = self._rect
        if contour is None:
            self.boundary.set_segments(np.zeros((0, 4)), rect)
            return
        rows, cols = contour.shape
        cells = contour_segments(contour, level)
        # Cell units → plot coordinates: cell centres sit half a cell inside the rect.
        sx, sy = rect.width() / cols, rect.height() / rows
        offset = np.array([rect.left() + sx / 2, rect.top() + sy / 2] * 2)
        self.boundary.set_segments(cells * np.array([sx, sy, sx, sy]) + offset, rect)

    def set_curve(self, x: np.ndarray, y: np.ndarray) -> None:
        self.curve.setData(x, y)

    def set_points(self, train: np.ndarray, train_rgb: np.ndarray, test: np.ndarray,
                   test_rgb: np.ndarray, outline: str = "#ffffff") -> None:
        """Training points filled in their colour with an ``outline``, test points as
        rings; at most :data:`MAX_POINTS` of each (an even sample of bigger sets)."""
        train, train_rgb = thin_points(train, train_rgb)
        test, test_rgb = thin_points(test, test_rgb)
        self.train_points.setData(
            pos=train, pen=_pen(outline, 1.0),
            brush=[pg.mkBrush(*c) for c in train_rgb.tolist()])
        self.test_points.setData(
            pos=test, brush=pg.mkBrush(255, 255, 255, 150),
            pen=[_pen(QColor(*c), 2.0) for c in test_rgb.tolist()])

    def set_drawn(self, points: np.ndarray, rgb: np.ndarray) -> None:
        """The drawn points (n, 2) in their classes' colours, over everything else."""
        self.drawn_points.setData(pos=points, pen=_pen("#111827", 1.2),
                                  brush=[pg.mkBrush(*c) for c in rgb.tolist()])

    def plane_position(self, scene_pos: QPointF) -> tuple[float, float] | None:
        """The input-plane coordinates under a scene position, or None outside the plot."""
        box = self.getPlotItem().vb
        if not box.sceneBoundingRect().contains(scene_pos):
            return None
        point = box.mapSceneToView(scene_pos)
        return float(point.x()), float(point.y())

    def clear_points(self) -> None:
        self.train_points.setData([])
        self.test_points.setData([])
