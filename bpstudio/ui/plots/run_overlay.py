"""Colours and curves of remembered runs drawn over the loss and metric plots.

A run's colour follows its place in the document (the oldest run gets the first colour),
so one run has one colour in every plot, the Runs dock's swatch and the
``bpstudio runs --compare --plot`` picture. The colours avoid the live run's own blue,
orange and green.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from bpstudio.model.runs import Run

if TYPE_CHECKING:
    from bpstudio.ui.plots.loss_plot import CurvePlot

RUN_COLOURS = ("#db2777", "#0891b2", "#ca8a04", "#7c3aed", "#4d7c0f", "#be123c", "#0f766e",
               "#9333ea", "#a16207", "#475569")


def run_colour(index: int) -> str:
    """The colour of the run at ``index`` in the document's runs (oldest = 0)."""
    return RUN_COLOURS[index % len(RUN_COLOURS)]


def column(run: Run, name: str, scale: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """(epochs, values) of one curve column of ``run``, unmeasured rows left out."""
    values = getattr(run.curves, name)
    pairs = [(e, v * scale) for e, v in zip(run.curves.epochs, values, strict=True)
             if v is not None and math.isfinite(v)]
    if not pairs:
        return np.empty(0), np.empty(0)
    epochs, ys = zip(*pairs, strict=True)
    return np.asarray(epochs, dtype=float), np.asarray(ys, dtype=float)


LEGEND_CHARS = 22   # longer names are cut in the legend (small plots); the table has them


LEGEND_ROWS = 3     # more runs than this: the legend takes two columns


def legend_label(run: Run, index: int) -> str:
    """``3: Run 3 · Adam η 0.01``, cut to LEGEND_CHARS."""
    text = f"{index + 1}: {run.name}"
    return text if len(text) <= LEGEND_CHARS else text[:LEGEND_CHARS - 1] + "…"


def metric_scale(run: Run) -> float:
    """Accuracy is drawn in percent, R² as it is."""
    return 100.0 if run.metric_name != "r2" else 1.0


class RunOverlay:
    """Ticked runs' curves on the loss plot (training dashed, test solid) and the metric
    plot (test), in each run's colour, with a legend of their names on the loss plot. The
    live run's own curves stay as they are."""

    def __init__(self, loss_plot: CurvePlot, metric_plot: CurvePlot) -> None:
        import pyqtgraph as pg

        self.loss_plot, self.metric_plot = loss_plot, metric_plot
        self._items: list[tuple[CurvePlot, pg.PlotDataItem]] = []
        self.legend = pg.LegendItem(offset=(-6, 4), labelTextSize="7pt", verSpacing=-6,
                                    labelTextColor="#374151",
                                    brush=pg.mkBrush(255, 255, 255, 210),
                                    pen=pg.mkPen("#d1d5db"))
        self.legend.setParentItem(loss_plot.plot.getPlotItem().getViewBox())
        self.legend.setVisible(False)
        #: (run, index in the document) of what is drawn, oldest first
        self.shown: list[tuple[Run, int]] = []

    def show(self, runs: list[tuple[Run, int]]) -> None:
        """Draw exactly ``runs`` ((run, its index in the document)) over the live curves."""
        import pyqtgraph as pg
        from PySide6.QtCore import Qt

        self.clear()
        self.shown = sorted(runs, key=lambda pair: pair[1])
        extra: dict[int, list[tuple[np.ndarray, np.ndarray]]] = {
            id(self.loss_plot): [], id(self.metric_plot): []}
        for run, index in self.shown:
            colour = run_colour(index)
            solid = pg.mkPen(colour, width=1.8)
            dashed = pg.mkPen(colour, width=1.3, style=Qt.PenStyle.DashLine)
            legend_item = None
            for plot, name, pen, scale in (
                    (self.loss_plot, "train_loss", dashed, 1.0),
                    (self.loss_plot, "test_loss", solid, 1.0),
                    (self.metric_plot, "test_metric", solid, metric_scale(run))):
                x, y = column(run, name, scale)
                if not len(x):
                    continue
                item = plot.plot.getPlotItem().plot(x, y, pen=pen, antialias=True)
                item.setZValue(-1)   # under the live curves
                self._items.append((plot, item))
                extra[id(plot)].append((x, y))
                if plot is self.loss_plot and (legend_item is None or name == "test_loss"):
                    legend_item = item
            if legend_item is not None:
                self.legend.addItem(legend_item, legend_label(run, index))
        self.loss_plot.extra = extra[id(self.loss_plot)]
        self.metric_plot.extra = extra[id(self.metric_plot)]
        self.legend.setColumnCount(2 if len(self.shown) > LEGEND_ROWS else 1)
        self.legend.setVisible(bool(self.shown))
        for plot in (self.loss_plot, self.metric_plot):
            plot.refresh()

    def clear(self) -> None:
        for plot, item in self._items:
            plot.plot.getPlotItem().removeItem(item)
        self._items.clear()
        self.legend.clear()
        self.shown = []
        self.loss_plot.extra = []
        self.metric_plot.extra = []

    def curves_of(self, plot: CurvePlot) -> list[object]:
        """The overlay's curve items on ``plot`` (for tests)."""
        return [item for owner, item in self._items if owner is plot]
