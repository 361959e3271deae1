"""Curves of the training record against the epoch: loss, train and test accuracy/R², η.

Each plot keeps its curve items for life and feeds them views of the history arrays with
``setData``; pyqtgraph then clips to the visible range and peak-downsamples, so a curve of
tens of thousands of epochs costs about the same per frame as one of a hundred.

Cheap frames matter more than usual here: the GUI thread shares the GIL with training,
so every millisecond of plotting is a millisecond the trainer waits. The axes are the
expensive part of a pyqtgraph frame, so the ranges change only in steps (x to the next
1-2-5 number, y only when the data leaves it or shrinks to half of it) and there is no
grid: between range steps a new point repaints the curves alone.
"""

from __future__ import annotations

import html
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QObject, QPointF, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from bpstudio.ui.i18n import translate
from bpstudio.ui.training.history import HistoryArrays
from bpstudio.ui.widgets.live_label import LiveLabel

TRAIN = QT_TRANSLATE_NOOP("CurvePlot", "train")    # the curves' names, in the readout
TEST = QT_TRANSLATE_NOOP("CurvePlot", "test")
BACKGROUND = "#ffffff"
AXIS_COLOR = "#6b7280"
CROSSHAIR_COLOR = "#9ca3af"
TRAIN_COLOR = "#2563eb"
TEST_COLOR = "#ea580c"
METRIC_COLOR = "#16a34a"
RATE_COLOR = "#7c3aed"
MOUSE_RATE_LIMIT = 60    # crosshair updates per second at most
DOWNSAMPLE_PAIRS_PER_PIXEL = 1.0
CURSOR_COLOR = "#111827"   # the timeline's cursor: the epoch every view shows
BEST_COLOR = "#16a34a"     # the epoch with the lowest watched loss


@dataclass(frozen=True)
class Series:
    """One curve: which history column it draws, how it is named and coloured."""

    name: str
    column: str                 # attribute of HistoryArrays
    color: str
    scale: float = 1.0          # e.g. 100 to draw a fraction as a percentage
    unit: str = ""
    #: measured at a few rows only (NaN elsewhere): drawn through its measured points
    sparse: bool = False


def format_value(value: float, unit: str = "") -> str:
    """A readout number: 4 significant digits, or '—' when not measured."""
    if not math.isfinite(value):
        return "—"
    if unit == "%":
        return f"{value:.1f}%"
    return f"{value:.4g}"


class EpochAxis(pg.AxisItem):
    """A bottom axis whose labelled ticks are far enough apart for their text, however
    narrow the plot (pyqtgraph's spacing put "1000" and "1500" side by side), and never
    so few that none is readable: the first tick (0) is labelled, and the last labelled
    one sits a half label inside the right end, where pyqtgraph would hide it."""

    #: pixels a label may reach past the axis's ends (the "0" under the left axis)
    OVERHANG = 24

    def __init__(self, orientation: str, **kwargs) -> None:
        super().__init__(orientation, **kwargs)
        self._labelled: set[float] = set()      # the ticks tickValues gave labels
        self._form: Callable[[float], str] = _whole   # how it writes them
        self.setStyle(hideOverlappingLabels=self.OVERHANG)

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list:
        span = maxVal - minVal
        if span <= 0 or size <= 0:
            return super().tickValues(minVal, maxVal, size)
        for form in (_whole, _compact):     # "150,000", or "150k" when that is too wide
            major, labelled = self._labelled_ticks(minVal, maxVal, size, form)
            if len(labelled) >= 2:
                break
        self._form = form
        self._labelled = set(labelled)
        minor = major / 5 if major >= 5 else major
        ticks = [float(v) for v in np.arange(math.ceil(minVal / minor) * minor,
                                             maxVal + minor * 1e-9, minor)]
        return [(major, labelled), (minor, [v for v in ticks if v not in self._labelled])]

    def _labelled_ticks(self, low: float, high: float, size: float,
                        form: Callable[[float], str]) -> tuple[float, list[float]]:
        """(step, labelled ticks): steps wide enough for the labels, the last label's
        centre half a label inside the right end."""
        per_px = (high - low) / size
        label = self._label_metrics().horizontalAdvance(form(high)) + 16
        major = nice_ceiling(max(label * per_px, 1.0))
        last = high - (label / 2 + 2) * per_px
        labelled = [float(v) for v in np.arange(math.ceil(low / major) * major,
                                                 last + major * 1e-9, major)]
        if len(labelled) < 2 and high > 0:
            # One step is too wide for two labels: the first and the largest round
            # number whose label fits between it and the right end.
            metrics, first = self._label_metrics(), form(low)
            candidate = nice_floor(high)
            while (x := (candidate - low) / per_px) > metrics.horizontalAdvance(first):
                text = metrics.horizontalAdvance(form(candidate))
                if x + text / 2 <= size - 2 and \
                        x >= (metrics.horizontalAdvance(first) + text) / 2 + 6:
                    labelled = sorted({*labelled, candidate})
                    break
                candidate = nice_floor(candidate * 0.99)
        return major, labelled

    def tickStrings(self, values: list, scale: float, spacing: float) -> list[str]:
        """The labelled ticks' epochs ("1,500" or "1.5k"); minor ticks bare."""
        return [self._form(v) if v in self._labelled else "" for v in values]

    def _label_metrics(self) -> QFontMetrics:
        return QFontMetrics(self.style.get("tickFont") or QFont())


class TimedPlotWidget(pg.PlotWidget):
    """A PlotWidget that adds the CPU seconds its paints take to :attr:`paint_seconds`, so
    the plots can hold their share of the GUI thread to a budget. (CPU time, not wall
    time: waiting for the GIL while the trainer runs costs the trainer nothing.)"""

    paint_seconds = 0.0

    def paintEvent(self, event) -> None:
        started = time.thread_time()
        super().paintEvent(event)
        TimedPlotWidget.paint_seconds += time.thread_time() - started


class _LeaveFilter(QObject):
    """Calls ``on_leave`` when the mouse leaves the plot (pyqtgraph has no such signal)."""

    def __init__(self, on_leave, parent: QObject) -> None:
        super().__init__(parent)
        self._on_leave = on_leave

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Leave:
            self._on_leave()
        return False


class CurvePlot(QWidget):
    """A titled plot of history columns against the epoch with a crosshair readout, the
    timeline's cursor and the best epoch's mark; a click asks to view that epoch."""

    epoch_clicked = Signal(float)

    def __init__(self, title: str, y_label: str, series: list[Series],
                 log_toggle: bool = False, y_limits: tuple[float, float] | None = None,
                 y_from_zero: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.series = series
        self.y_limits = y_limits        # fixed y range (accuracy: 0–100 %)
        self.y_from_zero = y_from_zero  # the y range always includes 0 (learning rate)
        self._x_high = 0.0
        self._y_range: tuple[float, float] | None = None
        self.history: HistoryArrays | None = None
        #: (x, y) of other curves drawn here (remembered runs): the ranges take them in
        self.extra: list[tuple[np.ndarray, np.ndarray]] = []
        self._hover_row: int | None = None
        self._cursor: float | None = None     # the epoch the timeline shows
        self._best: float | None = None       # the epoch the best mark is at
        self._readout_row: tuple[int, bool] | None = None   # what the readout shows
        self._log_y = False
        self.empty_text = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(2)
        header = QHBoxLayout()
        header.setSpacing(6)
        self.title = QLabel(title)
        self.title.setStyleSheet("font-weight: 600; color: #1f2937;")
        header.addWidget(self.title)
        header.addStretch(1)
        self.log_box: QCheckBox | None = None
        if log_toggle:
            self.log_box = QCheckBox(self.tr("log"))
            self.log_box.setToolTip(self.tr("Logarithmic y axis: equal ratios look equal, so "
                                            "slow late progress stays visible"))
            self.log_box.toggled.connect(self.set_log_y)
            header.addWidget(self.log_box)
        layout.addLayout(header)
        # The readout doubles as the legend: each value is written in its curve's colour.
        # Changing numbers must never re-layout the window (or widen it): fixed space.
        self.readout = LiveLabel(rich=True, color="#4b5563", point_size=8.5)
        self.readout.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        layout.addWidget(self.readout)
        # No context menu: passed at construction, so pyqtgraph never builds the menu
        # (its ViewBoxMenu costs ~10 ms of start-up per plot) only to drop it.
        self.plot = TimedPlotWidget(background=BACKGROUND, enableMenu=False,
                                    axisItems={"bottom": EpochAxis("bottom")})
        self.plot.setMinimumHeight(90)
        item = self.plot.getPlotItem()
        item.setDownsampling(auto=True, mode="peak")
        item.setClipToView(True)
        item.hideButtons()
        # The plot keeps its own ranges (see the module docstring); the crosshair reads it.
        item.getViewBox().setMouseEnabled(x=False, y=False)
        item.getViewBox().disableAutoRange()
        for side in ("left", "bottom"):
            axis = item.getAxis(side)
            axis.setPen(pg.mkPen(AXIS_COLOR))
            axis.setTextPen(pg.mkPen(AXIS_COLOR))
            axis.enableAutoSIPrefix(False)     # "η (×0.001)" reads worse than 0.01
            # Ticks outside: an axis reaching into the plot repaints with every curve change.
            axis.setStyle(tickLength=4, maxTextLevel=0)
        item.setLabel("bottom", self.tr("epoch"), color=AXIS_COLOR)
        item.setLabel("left", y_label, color=AXIS_COLOR)
        # Peak downsampling to one min/max pair per pixel column looks the same as every
        # point (pyqtgraph's default keeps five pairs), and a 1.6 px antialiased stroke
        # costs per point: 2,800 points took 9 ms a curve, 600 take 2.
        self.curves = [item.plot(name=s.name, pen=pg.mkPen(s.color, width=1.6),
                                 connect="finite", antialias=True,
                                 autoDownsampleFactor=DOWNSAMPLE_PAIRS_PER_PIXEL)
                       for s in series]
        dash = pg.mkPen(CROSSHAIR_COLOR, width=1, style=Qt.PenStyle.DashLine)
        self.v_line = pg.InfiniteLine(angle=90, movable=False, pen=dash)
        self.h_line = pg.InfiniteLine(angle=0, movable=False, pen=dash)
        for line in (self.v_line, self.h_line):
            line.setVisible(False)
            item.addItem(line, ignoreBounds=True)
        self.cursor_line = pg.InfiniteLine(angle=90, movable=False,
                                           pen=pg.mkPen(CURSOR_COLOR, width=1.5))
        self.best_line = pg.InfiniteLine(
            angle=90, movable=False, label=self.tr("best"), labelOpts={"position": 0.92,
                                                              "color": BEST_COLOR},
            pen=pg.mkPen(BEST_COLOR, width=1, style=Qt.PenStyle.DotLine))
        for line in (self.cursor_line, self.best_line):
            line.setVisible(False)
            item.addItem(line, ignoreBounds=True)
        self.plot.scene().sigMouseClicked.connect(self._on_clicked)
        self._proxy = pg.SignalProxy(self.plot.scene().sigMouseMoved,
                                     rateLimit=MOUSE_RATE_LIMIT, slot=self._on_mouse_moved)
        self.plot.viewport().installEventFilter(_LeaveFilter(self._hide_crosshair, self))
        layout.addWidget(self.plot, 1)

    # ------------------------------------------------------------------ data
    def set_history(self, history: HistoryArrays) -> None:
        self.history = history
        self.refresh()

    def refresh(self) -> None:
        """Push the current columns into the curves (views, not copies, where possible)."""
        history = self.history
        if history is None:
            return
        epochs = history.epochs
        columns = []
        for curve, s in zip(self.curves, self.series, strict=True):
            values = getattr(history, s.column)
            values = values * s.scale if s.scale != 1.0 else values
            columns.append(values)
            if s.sparse:   # connect="finite" would leave isolated points unjoined
                measured = np.isfinite(values)
                curve.setData(epochs[measured], values[measured])
            else:
                curve.setData(epochs, values)
        if self.extra:
            epochs = np.concatenate([epochs, *(x for x, _ in self.extra)])
            columns = columns + [y for _, y in self.extra]
        self._fit_ranges(epochs, columns)
        if self._hover_row is None:
            self._show_resting_readout()

    def _fit_ranges(self, epochs: np.ndarray, columns: list[np.ndarray]) -> None:
        """Move the view only in steps, so most frames leave the axes alone."""
        last = float(epochs.max()) if len(epochs) else 0.0
        x_high = self._x_high
        if last > x_high or last < x_high / 4:      # grown past it, or a new run began
            x_high = nice_ceiling(max(last * 1.25, 10.0))
        y_range = self._y_range
        if self.y_limits is not None:
            y_range = self.y_limits
        else:
            wanted = self._data_span(columns)
            if wanted is None:
                y_range = None       # no data (another document): not the last run's axes
            elif y_range is None or _outside(wanted, y_range):
                lo, hi = wanted
                pad = 0.06 * max(hi - lo, abs(hi) * 1e-3, 1e-12)
                y_range = (lo - pad if not (self.y_from_zero and lo >= 0) else 0.0,
                           hi + pad)
        if x_high != self._x_high or y_range != self._y_range:
            self._x_high, self._y_range = x_high, y_range   # None until there is data
            self.plot.getPlotItem().getViewBox().setRange(
                xRange=(0.0, x_high), yRange=y_range or (0.0, 1.0), padding=0.0)

    def _data_span(self, columns: list[np.ndarray]) -> tuple[float, float] | None:
        """(low, high) of the finite values, in view units (log10 on a log axis)."""
        values = np.concatenate(columns) if columns else np.empty(0)
        values = values[np.isfinite(values)]
        if self._log_y:
            values = np.log10(values[values > 0])
        if not len(values):
            return None
        lo, hi = float(values.min()), float(values.max())
        if self.y_from_zero and not self._log_y:
            lo = min(lo, 0.0)
        return lo, hi

    def curve_data(self, index: int = 0) -> tuple[np.ndarray, np.ndarray]:
        """All (x, y) points of a curve, before clipping and downsampling."""
        curve = self.curves[index]
        if curve.xData is None:
            return np.empty(0), np.empty(0)
        return curve.xData, curve.yData

    def set_log_y(self, on: bool) -> None:
        self._log_y = on
        self._y_range = None
        self.plot.getPlotItem().setLogMode(y=on)
        self.refresh()
        if self.log_box is not None and self.log_box.isChecked() != on:
            self.log_box.setChecked(on)

    def is_log_y(self) -> bool:
        return self._log_y

    # -------------------------------------------------------------- timeline
    def set_cursor(self, epoch: float | None) -> None:
        """Mark the epoch the views show (None: the present, no mark)."""
        if epoch == self._cursor:
            return          # the timeline follows each report: most leave the cursor be
        self._cursor = epoch
        self.cursor_line.setVisible(epoch is not None)
        if epoch is not None:
            self.cursor_line.setPos(epoch)
        if self._hover_row is None:
            self._show_resting_readout()

    def _show_resting_readout(self) -> None:
        """Without the mouse over the plot: the values at the timeline's cursor, else the
        latest."""
        history = self.history
        if history is None or not len(history):
            self._show_readout(None, latest=True)
        elif self._cursor is not None:
            self._show_readout(history.row_near(self._cursor), latest=False)
        else:
            self._show_readout(len(history) - 1, latest=True)

    def set_best(self, epoch: float | None) -> None:
        if epoch == self._best:
            return
        self._best = epoch
        self.best_line.setVisible(epoch is not None)
        if epoch is not None:
            self.best_line.setPos(epoch)

    def _on_clicked(self, event) -> None:
        view = self.plot.getPlotItem().getViewBox()
        if event.button() != Qt.MouseButton.LeftButton or \
                not view.sceneBoundingRect().contains(event.scenePos()):
            return
        self.epoch_clicked.emit(float(view.mapSceneToView(event.scenePos()).x()))

    # ------------------------------------------------------------- crosshair
    def _on_mouse_moved(self, args: tuple) -> None:
        pos = args[0]
        view = self.plot.getPlotItem().getViewBox()
        if self.history is None or not view.sceneBoundingRect().contains(pos):
            self._hide_crosshair()
            return
        self.show_crosshair_at(view.mapSceneToView(pos))

    def show_crosshair_at(self, point: QPointF) -> None:
        """Crosshair at ``point`` (view coordinates); the readout shows the nearest epoch."""
        row = self.history.row_near(point.x()) if self.history is not None else None
        if row is None:
            self._hide_crosshair()
            return
        self._hover_row = row
        self.v_line.setPos(float(self.history.epochs[row]))
        self.h_line.setPos(point.y())
        self.v_line.setVisible(True)
        self.h_line.setVisible(True)
        self._show_readout(row, latest=False)

    def _hide_crosshair(self) -> None:
        self._hover_row = None
        self.v_line.setVisible(False)
        self.h_line.setVisible(False)
        self._show_resting_readout()

    def _show_readout(self, row: int | None, latest: bool) -> None:
        if row is None:
            self.readout.setText(f"<i>{self.empty_text}</i>" if self.empty_text else "")
            return
        history = self.history
        epoch = self.tr("epoch {epoch}").format(epoch=f"{int(history.epochs[row]):,}")
        values = []
        for s in self.series:
            column = getattr(history, s.column)
            if s.sparse:   # the latest measurement at or before the row
                measured = np.flatnonzero(np.isfinite(column[:row + 1]))
                value = float(column[measured[-1]]) * s.scale if len(measured) else math.nan
            else:
                value = float(column[row]) * s.scale
            values.append((s, format_value(value, s.unit)))
        self._readout_row = (row, latest)
        # A narrow plot drops the epoch (the axis shows it), then the names (the colours
        # still say which is which), rather than cutting "test" to "t".
        named = [(s, f"{translate('CurvePlot', s.name)} {v}") for s, v in values]
        forms: list[list[tuple[Series | None, str]]] = [
            [(None, epoch), *named], named, [(s, v) for s, v in values]]
        room = self.readout.width() - 4
        metrics = self.readout.label.fontMetrics()

        def plain(form: list[tuple[Series | None, str]]) -> str:
            return " · ".join(text if s is None else f"■ {text}" for s, text in form)

        chosen = next((form for form in forms if metrics.horizontalAdvance(plain(form)) <= room),
                      forms[-1])
        self.readout.setText(" · ".join(
            html.escape(text) if s is None
            else f"<span style='color:{s.color}'>■</span> {html.escape(text)}"
            for s, text in chosen))
        self.readout.setToolTip(plain(forms[0]) + (self.tr(" (latest values)") if latest
                                                   else self.tr(" (under the cursor)")))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._readout_row is not None and self.history is not None \
                and self._readout_row[0] < len(self.history):
            self._show_readout(*self._readout_row)

    def readout_text(self) -> str:
        """The readout without markup (for tests and accessibility)."""
        doc = QTextDocument()
        doc.setHtml(self.readout.text())
        return doc.toPlainText()


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2 or 5 × 10ᵏ at or above ``value``."""
    power = 10.0 ** math.floor(math.log10(value))
    return next(m * power for m in (1.0, 2.0, 5.0, 10.0) if m * power >= value)


def _whole(epoch: float) -> str:
    return f"{epoch:,.0f}"


def _compact(epoch: float) -> str:
    """150000 as "150k", 2500000 as "2.5M": for axes too narrow for the whole number."""
    for limit, suffix in ((1e6, "M"), (1e3, "k")):
        if abs(epoch) >= limit:
            return f"{epoch / limit:g}{suffix}"
    return f"{epoch:g}"


def nice_floor(value: float) -> float:
    """The largest 1, 2 or 5 × 10ᵏ at or below ``value`` (which is positive)."""
    power = 10.0 ** math.floor(math.log10(value))
    return next(m * power for m in (5.0, 2.0, 1.0) if m * power <= value)


def _outside(wanted: tuple[float, float], shown: tuple[float, float]) -> bool:
    """True when the data left the shown range or fills less than half of it."""
    (lo, hi), (low, high) = wanted, shown
    return lo < low or hi > high or (hi - lo) < 0.5 * (high - low)


def loss_plot() -> CurvePlot:
    return CurvePlot(translate("CurvePlot", "Loss"), translate("CurvePlot", "loss"),
                     [Series(TRAIN, "train_loss", TRAIN_COLOR),
                      Series(TEST, "test_loss", TEST_COLOR)],
                     log_toggle=True)


def metric_plot() -> CurvePlot:
    """Train and test accuracy (R² for regression), coloured like the loss curves."""
    return CurvePlot(translate("CurvePlot", "Accuracy"), "%", [
        Series(TRAIN, "train_metric", TRAIN_COLOR, scale=100.0, unit="%", sparse=True),
        Series(TEST, "test_metric", TEST_COLOR, scale=100.0, unit="%")],
        y_limits=(0.0, 104.0))


def learning_rate_plot() -> CurvePlot:
    return CurvePlot(translate("CurvePlot", "Learning rate η"), "η",
                     [Series("η", "learning_rate", RATE_COLOR)],
                     y_from_zero=True)
