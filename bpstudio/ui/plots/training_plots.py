"""The "Training plots" dock: loss, train and test accuracy (or R²) and learning rate.

Redraws are throttled (one :class:`Throttle`): reports arrive up to 20 times a second, but
a curve that gains a point or two per frame reads just as well at 10, and the GUI thread's
time is the trainer's time (they share the GIL). A redraw waits at least
:data:`REFRESH_INTERVAL_MS` after the previous one, and longer when the previous one (data
and paint, in CPU time) was expensive, so the plots take at most :data:`TIME_BUDGET` of
the GUI thread (:data:`FULL_SPEED_BUDGET` while a run goes as fast as it can); but never
longer than :data:`MAX_INTERVAL_S`.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from bpstudio.engine.history_feed import TRAIN_METRIC_SAMPLES, TRAIN_METRIC_SHARE
from bpstudio.ui.i18n import translate
from bpstudio.ui.training.history import HistoryArrays
from bpstudio.ui.widgets.after_paint import BuildAfterPaint
from bpstudio.ui.widgets.throttle import Budget, Throttle

if TYPE_CHECKING:   # the plots (and pyqtgraph) load after the window's first frame
    from bpstudio.ui.plots.loss_plot import CurvePlot

EMPTY_HINT = QT_TRANSLATE_NOOP("TrainingPlots", "press Train (Space) to start")
REFRESH_INTERVAL_MS = 100
TIME_BUDGET = 0.03         # share of the GUI thread's time the plots may spend redrawing
FULL_SPEED_BUDGET = 0.015  # ... while a run goes as fast as it can (pace.at_full_speed)
MAX_INTERVAL_S = 1.0       # however costly, the curves move at least once a second
PLACEHOLDER_HINT_AT = (4, 26)   # the loss plot's readout: under its title, inside margins


class TrainingPlots(QWidget):
    """Three curve plots over one :class:`HistoryArrays`; ``refresh()`` after it changed."""

    #: a click on a curve: view the run as it was at this epoch
    epoch_clicked = Signal(float)

    def __init__(self, history: HistoryArrays, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.history = history
        self._plots: list[CurvePlot] | None = None   # built after the first frame (build())
        self._cursor: float | None = None
        self._best: float | None = None    # the best epoch's mark, drawn with the curves
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(2, 2, 2, 2)
        # Until then the plots' place shows the loss plot's empty hint where it will be.
        self._placeholder = BuildAfterPaint(self.build, hint=translate("TrainingPlots",
                                                                       EMPTY_HINT),
                                            hint_at=PLACEHOLDER_HINT_AT)
        self._layout.addWidget(self._placeholder)
        # Small windows may squeeze the plots rather than refuse to get that small.
        self.setMinimumSize(120, 80)
        self._dirty = True
        self._paint_mark = 0.0
        self.throttle = Throttle(self._redraw, REFRESH_INTERVAL_MS, 1.0, Budget(TIME_BUDGET),
                                 self, paint_cost=self._paint_cost,
                                 max_interval_ms=MAX_INTERVAL_S * 1000,
                                 cost_clock=time.thread_time)
        self.refresh()

    def build(self) -> None:
        """Make the three plots in the placeholder's place (once; on first use or right
        after the window's first frame, whichever comes first)."""
        if self._plots is not None:
            return
        from bpstudio.ui.plots.loss_plot import (
            TimedPlotWidget,
            learning_rate_plot,
            loss_plot,
            metric_plot,
        )

        self._plots = [loss_plot(), metric_plot(), learning_rate_plot()]
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        for plot, stretch in zip(self._plots, (5, 3, 3), strict=True):
            splitter.addWidget(plot)
            splitter.setStretchFactor(splitter.indexOf(plot), stretch)
            plot.history = self.history
            plot.epoch_clicked.connect(self.epoch_clicked)
        self._layout.replaceWidget(self._placeholder, splitter)
        self._placeholder.hide()
        self._placeholder.deleteLater()
        if self.isVisible():
            splitter.show()     # now, not at the layout's next pass (screenshots, tests)
        self._paint_mark = TimedPlotWidget.paint_seconds
        self.set_cursor(self._cursor)
        self._dirty = True
        self.refresh()

    def is_built(self) -> bool:
        return self._plots is not None

    @property
    def loss_plot(self) -> CurvePlot:
        return self.plots()[0]

    # Not "metric": an attribute named like a Qt virtual (QWidget.metric) shadows it, and
    # Qt calling the plot as that method crashes the process.
    @property
    def metric_plot(self) -> CurvePlot:
        return self.plots()[1]

    @property
    def rate_plot(self) -> CurvePlot:
        return self.plots()[2]

    def set_full_speed(self, full_speed: bool) -> None:
        """A run at full speed needs every cycle: the plots keep to the smaller budget."""
        fraction = FULL_SPEED_BUDGET if full_speed else TIME_BUDGET
        budget = self.throttle.shared_budget
        if budget is not None and budget.fraction != fraction:
            budget.fraction = fraction
            self.throttle.rebudget()

    def request_refresh(self) -> None:
        """Redraw soon: now if the last redraw is old enough, else when it is."""
        self.throttle.request()

    def set_cursor(self, epoch: float | None) -> None:
        """The timeline's cursor on every plot (None: the present, no cursor)."""
        self._cursor = epoch
        for plot in self._plots or []:
            plot.set_cursor(epoch)

    def set_best(self, epoch: float | None) -> None:
        """Mark the epoch with the lowest watched loss on every plot, with the curves' next
        redraw: while training a new best comes with new points, and moving the mark at
        once would paint the plots a second time."""
        if epoch != self._best:
            self._best = epoch
            self.request_refresh()

    def plots(self) -> list[CurvePlot]:
        """The loss, metric and learning-rate plots (built now if they were not yet)."""
        self.build()
        assert self._plots is not None
        return self._plots

    def refresh(self) -> None:
        """Redraw from the history now (a pending throttled redraw is done with)."""
        self.throttle.run_now()

    def _redraw(self) -> None:
        """Draw from the history; while hidden (or not built) only remember to do it."""
        if not self.isVisible() or self._plots is None:
            self._dirty = True
            return
        self._dirty = False
        self._update_metric_title()
        for plot in self.plots():
            plot.empty_text = (translate("TrainingPlots", EMPTY_HINT) if plot is self.loss_plot
                               else "")
            plot.set_best(self._best)
            plot.refresh()

    def _paint_cost(self) -> float:
        """CPU seconds the plots spent painting since the last redraw (the paint a redraw
        causes comes later in the event loop: the next redraw counts it)."""
        if self._plots is None:
            return 0.0
        from bpstudio.ui.plots.loss_plot import TimedPlotWidget  # loaded by build()

        total = TimedPlotWidget.paint_seconds
        cost, self._paint_mark = total - self._paint_mark, total
        return cost

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    def _update_metric_title(self) -> None:
        history, plot = self.history, self.metric_plot
        regression = history.metric_name == "r2"
        plot.title.setText("R²" if regression else translate("CurvePlot", "Accuracy"))
        if regression != (plot.series[0].unit == ""):
            plot.series = [replace(s, scale=1.0 if regression else 100.0,
                                   unit="" if regression else "%") for s in plot.series]
            plot.plot.getPlotItem().setLabel("left", "R²" if regression else "%")
            plot.y_limits = None if regression else (0.0, 104.0)
        no_test = len(history) > 0 and not np.isfinite(history.test_metric).any()
        tip = self.tr("train: on up to {samples} training samples, now and then within "
                      "{share} of the training time (not saved with the document); test: on "
                      "the held-out test samples after each epoch").format(
            samples=f"{TRAIN_METRIC_SAMPLES:,}", share=f"{TRAIN_METRIC_SHARE:.0%}")
        plot.title.setToolTip(tip if not no_test else
                              tip + self.tr(". This dataset has no test samples (raise the "
                                            "test ratio)"))
        if no_test:
            plot.title.setText(plot.title.text() + self.tr(" — no test set"))
