"""The "Decision boundary" panel: the network's output over the input plane, live.

2-D inputs: a heat map of the output under the training (filled) and test (ringed)
points, with the decision threshold drawn as a line; hovering a neuron on the canvas
shows that neuron's own activation over the plane instead. 1-D inputs: the output as a
curve through the data. Anything else: a sentence saying why there is no map.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from bpstudio.data import Dataset
from bpstudio.engine.targets import TrainingData
from bpstudio.ui.i18n import translate
from bpstudio.ui.visuals import colors
from bpstudio.ui.visuals.frame import Frame
from bpstudio.ui.visuals.plane import (
    BOUNDED,
    PlaneGrid,
    class_colors,
    output_unit_values,
    unit_values,
)
from bpstudio.ui.widgets.after_paint import BuildAfterPaint

if TYPE_CHECKING:   # the plot (and pyqtgraph) loads after the window's first frame
    from bpstudio.ui.plots.boundary_plot import BoundaryPlot

GRID = 64             # cells per side of the heat map
PLOT_BACKGROUND = "#ffffff"    # as boundary_plot.BACKGROUND (that module loads pyqtgraph)
PLOT_MINIMUM = (120, 100)
LINE_POINTS = 240     # samples of the curve for one-input networks
MAP_WHITE = 0.25      # the map is this much paler than the points, so they stand out
HOVER_HINT = QT_TRANSLATE_NOOP("BoundaryPanel", "Hover a neuron on the canvas to see its own "
                                               "map.")


def plane_kind(dataset: Dataset) -> str:
    """"plane" (2 inputs), "line" (1 input) or "none" (more, or sequences: an output
    depends on the steps before, not on one input point)."""
    if dataset.is_sequences:
        return "none"
    return {2: "plane", 1: "line"}.get(dataset.n_features, "none")


class BoundaryPanel(QWidget):
    """Heat map (or curve) of the output or of the hovered neuron, with the data."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        # The plot is built right after the window's first frame, or on first use: until
        # then a white box of its size holds its place and its setters' calls wait.
        self._plot: BoundaryPlot | None = None
        self._waiting = WaitingCalls()
        self._on_plot_built: list[Callable[[BoundaryPlot], None]] = []
        self._placeholder = BuildAfterPaint(self.build_plot, background=PLOT_BACKGROUND)
        self._placeholder.setMinimumSize(*PLOT_MINIMUM)
        self.legend = QLabel()
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setStyleSheet("color: #6b7280; padding: 16px;")
        page = QWidget()
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.addWidget(self._placeholder, 1)
        self._page_layout = page_layout     # where the plot takes the placeholder's place
        page_layout.addWidget(self.legend)
        self.stack = QStackedWidget()
        self.stack.addWidget(page)
        self.stack.addWidget(self.message)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        #: a row for tools placed by plug-ins (Draw data: ui/visuals/draw_points.py)
        self.tools = QHBoxLayout()
        self.tools.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.tools)
        layout.addWidget(self.title)
        layout.addWidget(self.stack, 1)
        #: while points are drawn, the plane keeps its range and stays on show when the
        #: data cannot load (too few points yet): the title says why instead
        self.drawing = False
        self.hovered: int | None = None       # neuron whose own map is shown
        self.neuron_name: Callable[[int], str] = \
            lambda nid: self.tr("neuron #{id}").format(id=nid)
        self.kind = "none"
        self.values: np.ndarray | None = None  # the last map's values, (GRID, GRID)
        self.updates = 0
        self._dataset: Dataset | None = None
        self._data: TrainingData | None = None
        self._grid: PlaneGrid | None = None
        self.show_problem(self.tr("Nothing to show yet: open or draw a network."))

    # ----------------------------------------------------------------- plot
    def build_plot(self) -> None:
        """Make the plot in its placeholder's place, with what was drawn so far (once)."""
        if self._plot is not None:
            return
        from bpstudio.ui.plots.boundary_plot import BoundaryPlot

        plot = self._plot = BoundaryPlot()
        plot.setMinimumSize(*PLOT_MINIMUM)
        self._page_layout.replaceWidget(self._placeholder, plot)
        self._placeholder.hide()
        self._placeholder.deleteLater()
        if self._page_layout.parentWidget().isVisible():
            plot.show()     # now, not at the layout's next pass (screenshots, tests)
        self._waiting.replay(plot)
        for hook in self._on_plot_built:
            hook(plot)
        self._on_plot_built.clear()

    @property
    def plot(self) -> BoundaryPlot:
        """The plot (built now if it was not yet)."""
        self.build_plot()
        assert self._plot is not None
        return self._plot

    def is_plot_built(self) -> bool:
        return self._plot is not None

    def when_plot_built(self, hook: Callable[[BoundaryPlot], None]) -> None:
        """Call ``hook(plot)`` once the plot exists (now, if it does)."""
        if self._plot is not None:
            hook(self._plot)
        else:
            self._on_plot_built.append(hook)

    def set_drawn(self, points: np.ndarray, rgb: np.ndarray) -> None:
        """The document's drawn points over the plane (Draw data)."""
        self._draw_to.set_drawn(points, rgb)

    @property
    def _draw_to(self) -> BoundaryPlot | WaitingCalls:
        """Where the panel's drawing goes: the plot, or the calls waiting for it."""
        return self._plot if self._plot is not None else self._waiting

    # ------------------------------------------------------------- messages
    def show_problem(self, text: str) -> None:
        self._dataset = None
        if self.drawing and self._grid is not None and self.kind == "plane":
            self.title.setText(self._bold(self.tr("Draw data"), html.escape(text)))
            self._draw_to.clear_points()
            return
        self.title.setText(self._bold(self.tr("Decision boundary")))
        self.message.setText(text)
        self.stack.setCurrentWidget(self.message)

    def ensure_plane(self, low: float = -1.0, high: float = 1.0) -> None:
        """Show an empty plane over [low, high]² if no two-input map is on show (drawing
        points from scratch: the document's data cannot load yet)."""
        if self.kind == "plane" and self._grid is not None:
            return
        centres = low + (np.arange(GRID) + 0.5) * (high - low) / GRID
        gx, gy = np.meshgrid(centres, centres)
        self._grid = PlaneGrid(GRID, (low, high), (low, high),
                               np.column_stack([gx.ravel(), gy.ravel()]))
        self.kind = "plane"
        self._draw_to.set_plane(self._grid.x_range, self._grid.y_range)
        self._draw_to.set_labels("x1", "x2")
        self._draw_to.set_image(np.full((GRID, GRID, 3), 255, np.uint8))
        self.stack.setCurrentIndex(0)

    def grid(self) -> PlaneGrid | None:
        """The plane on show (None without a two-input map)."""
        return self._grid if self.kind == "plane" else None

    # ------------------------------------------------------------- updates
    def set_hovered(self, neuron_id: int | None) -> None:
        self.hovered = neuron_id

    def show_frame(self, frame: Frame) -> None:
        """Redraw from ``frame`` (cost on the spiral: see docs/performance.md)."""
        # Points and axes change with the data (or its encoding), not with every report.
        if frame.state.dataset is not self._dataset or frame.state.data is not self._data:
            self._set_dataset(frame)
        if self.kind == "plane":
            self._draw_plane(frame)
        elif self.kind == "line":
            self._draw_line(frame)
        self.updates += 1

    def _set_dataset(self, frame: Frame) -> None:
        dataset = frame.state.dataset
        self._dataset, self._data = dataset, frame.state.data
        self.kind = plane_kind(dataset)
        if self.kind == "none":
            what = (self.tr("images") if dataset.image_shape is not None
                    else self.tr("{n}-D data").format(n=dataset.n_features))
            self.title.setText(self._bold(self.tr("Decision boundary")))
            if dataset.is_sequences:
                self.message.setText(self.tr(
                    "{name} holds sequences: each output depends on the steps before it, "
                    "so there is no map over the input plane.").format(name=dataset.name))
            else:
                self.message.setText(self.tr("{dataset} has {what}: a map over the input "
                                             "plane needs a network with one or two inputs.")
                                     .format(dataset=dataset.name, what=what))
            self.stack.setCurrentIndex(1)
            return
        self.stack.setCurrentIndex(0)
        names = dataset.feature_names
        if self.kind == "plane":
            if not (self.drawing and self._grid is not None):   # drawing: the plane stays
                self._grid = PlaneGrid.over(dataset, GRID)
                self._draw_to.set_plane(self._grid.x_range, self._grid.y_range)
            self._draw_to.set_labels(names[0], names[1])
            train_rgb, test_rgb = self._point_colors(frame)
            # Regression points share the map's colours: a dark rim keeps them visible.
            outline = "#ffffff" if dataset.is_classification else "#374151"
            self._draw_to.set_points(dataset.x_train, train_rgb, dataset.x_test, test_rgb,
                                 outline)
        else:
            self._set_line_dataset(frame)
        self.legend.setText(self._legend_html(frame))

    def _point_colors(self, frame: Frame) -> tuple[np.ndarray, np.ndarray]:
        dataset = frame.state.dataset
        if dataset.is_classification:
            palette = colors.class_rgb(dataset.n_classes)
            return palette[dataset.y_train], palette[dataset.y_test]
        centre, half = self._target_scale(dataset)
        lut = colors.diverging_lut()
        return (colors.map_unit((dataset.y_train[:, 0] - centre) / half, lut),
                colors.map_unit((dataset.y_test[:, 0] - centre) / half, lut))

    @staticmethod
    def _target_scale(dataset: Dataset) -> tuple[float, float]:
        y = dataset.y_train[:, 0]
        low, high = float(y.min()), float(y.max())
        return (low + high) / 2, max((high - low) / 2, 1e-12)

    def _legend_html(self, frame: Frame) -> str:
        dataset = frame.state.dataset
        parts = []
        if dataset.is_classification:
            palette = colors.class_rgb(dataset.n_classes)
            parts += [text_swatch(tuple(palette[k]), name)
                      for k, name in enumerate(dataset.class_names)]
        parts += [text_swatch("#6b7280", self.tr("training")),
                  text_swatch("#6b7280", self.tr("test"), ring=True)]
        return ("&nbsp;&nbsp;".join(parts) + '<br><span style="color:#6b7280">'
                + translate("BoundaryPanel", HOVER_HINT) + "</span>")

    @staticmethod
    def _bold(title: str, rest: str = "") -> str:
        return f"<b>{title}</b>" + (f" · {rest}" if rest else "")

    # --------------------------------------------------------------- plane
    def _draw_plane(self, frame: Frame) -> None:
        grid = self._grid
        assert grid is not None
        lut = colors.lighten(colors.diverging_lut(), MAP_WHITE)
        col = frame.index.neuron_col.get(self.hovered) if self.hovered is not None else None
        if col is not None:
            self._draw_neuron(frame, grid, col, lut)
            return
        state = frame.state
        outputs = frame.predict(grid.points)
        if state.dataset.is_classification and outputs.shape[1] > 1:
            rgb = class_colors(outputs, state.dataset.n_classes, MAP_WHITE)
            self.values = grid.image(np.argmax(outputs, axis=1).astype(np.float64))
            self._draw_to.set_image(grid.image(rgb))
            self.title.setText(self._bold(self.tr("Network output"),
                                          self.tr("colour: the predicted class, paler where "
                                                  "the network is unsure")))
            return
        values = grid.image(outputs[:, 0])
        self.values = values
        activation = frame.index.activation.get(state.plan.output_ids[0], "identity")
        if state.dataset.is_classification:
            threshold = state.data.threshold
            unit = output_unit_values(values, threshold, activation)
            self._draw_to.set_image(colors.map_unit(unit, lut), values, threshold)
            self.title.setText(self._bold(self.tr("Network output"),
                                          self.tr("line: the decision boundary (output = "
                                                  "{threshold})").format(
                                              threshold=f"{threshold:g}")))
        else:
            centre, half = self._target_scale(state.dataset)
            self._draw_to.set_image(colors.map_unit((values - centre) / half, lut))
            self.title.setText(self._bold(
                self.tr("Network output {name}").format(name=state.dataset.target_names[0]),
                self.tr("points: the targets in the same colours")))

    def _draw_neuron(self, frame: Frame, grid: PlaneGrid, col: int, lut: np.ndarray) -> None:
        acts = frame.cached(("activations", grid.n),
                            lambda: frame.neuron_activations(grid.points))
        nid = frame.plan.neuron_ids[col]
        activation = frame.index.activation.get(nid, "identity")
        values = grid.image(acts[:, col])
        self.values = values
        unit, scale = unit_values(values, activation)
        contour = unit if activation in BOUNDED else None
        self._draw_to.set_image(colors.map_unit(unit, lut), contour, 0.0)
        name = self.neuron_name(nid)
        self.title.setText(f"<b>{name}</b> ({activation}) · "
                           + self.tr("its activation over the plane, {scale}")
                           .format(scale=scale))

    # ---------------------------------------------------------------- line
    def _set_line_dataset(self, frame: Frame) -> None:
        dataset, data = frame.state.dataset, frame.state.data
        x = dataset.x_all[:, 0]
        low, high = float(x.min()), float(x.max())
        pad = 0.05 * (high - low) if high > low else 0.5
        self._line_x = np.linspace(low - pad, high + pad, LINE_POINTS)
        targets = np.concatenate([data.y_train[:, 0], data.y_test[:, 0]])
        t_low, t_high = float(targets.min()), float(targets.max())
        t_pad = 0.25 * (t_high - t_low) if t_high > t_low else 0.5
        self._draw_to.set_line((low - pad, high + pad), (t_low - t_pad, t_high + t_pad))
        y_name = (dataset.target_names[0] if not dataset.is_classification
                  else self.tr("output"))
        self._draw_to.set_labels(dataset.feature_names[0], y_name)
        if dataset.is_classification:
            palette = colors.class_rgb(dataset.n_classes)
            train_rgb, test_rgb = palette[dataset.y_train], palette[dataset.y_test]
        else:
            train_rgb = np.tile(np.array(colors.POSITIVE_RGB, np.uint8), (dataset.n_train, 1))
            test_rgb = np.tile(np.array(colors.NEGATIVE_RGB, np.uint8), (dataset.n_test, 1))
        self._draw_to.set_points(np.column_stack([data.x_train[:, 0], data.y_train[:, 0]]),
                             train_rgb,
                             np.column_stack([data.x_test[:, 0], data.y_test[:, 0]]),
                             test_rgb)
        self.title.setText(self._line_title())

    def _line_title(self) -> str:
        return self._bold(self.tr("Network output")) + self.tr(" (line) and the data")

    def _draw_line(self, frame: Frame) -> None:
        x = self._line_x.reshape(-1, 1)
        col = frame.index.neuron_col.get(self.hovered) if self.hovered is not None else None
        if col is not None:
            acts = frame.cached(("line", LINE_POINTS), lambda: frame.neuron_activations(x))
            y = acts[:, col]
            self.title.setText(self._bold(self.neuron_name(frame.plan.neuron_ids[col]),
                                          self.tr("its activation along the input")))
        else:
            y = frame.predict(x)[:, 0]
            self.title.setText(self._line_title())
        self.values = y
        self._draw_to.set_curve(self._line_x, y)


def text_swatch(color: QColor | tuple[int, int, int], text: str, ring: bool = False) -> str:
    """An HTML bullet in ``color`` followed by ``text`` (for the legend line)."""
    c = QColor(*color) if isinstance(color, tuple) else QColor(color)
    bullet = "○" if ring else "●"
    return f'<span style="color:{c.name()}">{bullet}</span>&nbsp;{text}'


class WaitingCalls:
    """The plot's setters called before the plot exists, replayed on it in their order.
    A call of the same setter as the one before replaces it (a setter overwrites what it
    set), so frames drawn before the plot is built leave one call each change, not each
    frame."""

    def __init__(self) -> None:
        self._calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []

    def __getattr__(self, name: str) -> Callable[..., None]:
        if not name.startswith(("set_", "clear_")):
            raise AttributeError(name)   # only setters can wait; reads need the plot

        def remember(*args: Any, **kwargs: Any) -> None:
            if self._calls and self._calls[-1][0] == name:
                self._calls.pop()
            self._calls.append((name, args, kwargs))
        return remember

    def replay(self, plot: BoundaryPlot) -> None:
        for name, args, kwargs in self._calls:
            getattr(plot, name)(*args, **kwargs)
        self._calls.clear()
