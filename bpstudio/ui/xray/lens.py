"""The nudge lens: the loss as the selected weight (or bias) sweeps a range, its tangent
(backprop's slope), the finite-difference secant, and gradient descent along the curve.

The slider and "step downhill" move a trial value inside the lens only; "Keep this
value" writes it to the document as one undoable command.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QDoubleSpinBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from bpstudio.engine.gradcheck import DEFAULT_TOLERANCE
from bpstudio.ui.document.commands import SetParametersCommand
from bpstudio.ui.widgets.live_label import LiveLabel
from bpstudio.ui.xray.session import XRaySession
from bpstudio.xray.lens import Lens
from bpstudio.xray.text import fmt, parameter_name

if TYPE_CHECKING:   # the plot (and pyqtgraph) is made when the panel first shows
    import pyqtgraph as pg

SLIDER_STEPS = 1000
EPS_STEPS = (-8, 0)                 # the ε slider runs over 10^-8 … 10^0 in half decades
NARROW_PX = 560                     # below this width the numbers go under the plot
PLOT_MIN_HEIGHT = 110               # short enough that the numbers fit under it in a 420 px dock
TANGENT_SPAN = 0.18                 # tangent and secant drawn over this share of the range
# The pens, as pyqtgraph.mkPen's arguments: pyqtgraph loads with the plot (_make_plot).
CURVE_PEN = {"color": "#334155", "width": 2.5}
TANGENT_PEN = {"color": "#2563eb", "width": 4}
SECANT_PEN = {"color": "#ea580c", "width": 1.6, "style": Qt.PenStyle.DashLine}
TRAIL_PEN = {"color": "#93c5fd", "width": 1.5}


class LensPanel(QWidget):
    """The plot and its controls; rebuilt for each selected parameter."""

    def __init__(self, session: XRaySession) -> None:
        super().__init__()
        self.session = session
        self.lens: Lens | None = None
        self.trial = 0.0
        self.low, self.high = -1.0, 1.0
        self.trail: list[tuple[float, float]] = []
        self.backprop = self.numeric = self.error = float("nan")
        self.point_loss = float("nan")          # L at the trial value
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        self.title = QLabel()
        self.title.setObjectName("panelHeading")
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        body = self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        # The plot is made when the panel first shows (_show_plot): the X-ray's docks start
        # hidden, and a pyqtgraph plot costs start-up time (~40 ms). Until then an empty
        # widget of the plot's minimum size keeps its place and stretch in the layout.
        self._plot_slot = QWidget()
        self._plot_slot.setMinimumSize(220, PLOT_MIN_HEIGHT)
        self.plot: pg.PlotWidget | None = None
        body.addWidget(self._plot_slot, 3)
        side = QVBoxLayout()
        # Wrapped to its width and as tall as its text needs: a plain wrapping QLabel let
        # a short dock squeeze it, and the slider covered its last line (the verdict).
        self.numbers = LiveLabel(lines=4, wrap=True, rich=True)
        self.numbers.setMinimumWidth(190)
        side.addWidget(self.numbers)
        side.addStretch(1)
        side.addLayout(self._controls())
        body.addLayout(side, 2)
        layout.addLayout(body, 1)
        session.selection_changed.connect(self.refresh)
        session.values_changed.connect(lambda structure: self.refresh())
        session.document_changed.connect(self.refresh)

    def _make_plot(self) -> pg.PlotWidget:
        import pyqtgraph as pg

        plot = pg.PlotWidget(background="w", enableMenu=False)   # never builds the menu
        plot.setMinimumSize(220, PLOT_MIN_HEIGHT)
        item = plot.getPlotItem()
        item.showGrid(x=True, y=True, alpha=0.15)
        item.setLabel("left", self.tr("loss L"))
        item.getViewBox().setMouseEnabled(x=False, y=False)
        item.hideButtons()
        item.getAxis("left").enableAutoSIPrefix(False)
        item.getAxis("bottom").enableAutoSIPrefix(False)
        legend = self.legend = item.addLegend(offset=(-6, 6), labelTextSize="8pt")
        legend.setBrush(pg.mkBrush(255, 255, 255, 220))
        self.curve = item.plot([], [], pen=pg.mkPen(**CURVE_PEN), name=self.tr("loss"))
        self.tangent = item.plot([], [], pen=pg.mkPen(**TANGENT_PEN),
                                 name=self.tr("tangent (backprop)"))
        self.secant = item.plot([], [], pen=pg.mkPen(**SECANT_PEN),
                                name=self.tr("secant (nudging ±ε)"))
        self.nudges = pg.ScatterPlotItem(size=7, brush=pg.mkBrush("#ea580c"), pen=None)
        item.addItem(self.nudges)
        self.trail_item = item.plot([], [], pen=pg.mkPen(**TRAIL_PEN), symbol="o",
                                    symbolSize=6, symbolBrush="#93c5fd", symbolPen=None)
        self.point = pg.ScatterPlotItem(size=13, brush=pg.mkBrush("#2563eb"),
                                        pen=pg.mkPen("white", width=2))
        item.addItem(self.point)
        self.document_line = pg.InfiniteLine(angle=90, pen=pg.mkPen("#9ca3af", width=1,
                                                                    style=Qt.PenStyle.DotLine))
        item.addItem(self.document_line)
        return plot

    def _controls(self) -> QGridLayout:
        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("value")), 0, 0)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, SLIDER_STEPS)
        self.slider.setToolTip(self.tr("Move the parameter: the loss point follows the curve"))
        self.slider.valueChanged.connect(self._on_slider)
        grid.addWidget(self.slider, 0, 1, 1, 2)
        grid.addWidget(QLabel("ε"), 1, 0)
        self.eps_slider = QSlider(Qt.Orientation.Horizontal)
        self.eps_slider.setRange(2 * EPS_STEPS[0], 2 * EPS_STEPS[1])
        self.eps_slider.setValue(-10)                  # 10^-5, the gradient checker's ε
        self.eps_slider.setToolTip(self.tr("The nudge size: a large ε shows the secant drift "
                                           "off"))
        self.eps_slider.valueChanged.connect(lambda value: self._redraw())
        grid.addWidget(self.eps_slider, 1, 1)
        self.eps_label = QLabel()
        self.eps_label.setMinimumWidth(56)
        grid.addWidget(self.eps_label, 1, 2)
        grid.addWidget(QLabel("η"), 2, 0)
        self.rate = QDoubleSpinBox()
        self.rate.setDecimals(4)
        self.rate.setRange(0.0001, 100.0)
        self.rate.setSingleStep(0.1)
        self.rate.setToolTip(self.tr("Learning rate of \"step downhill\" (from the training "
                                     "settings)"))
        grid.addWidget(self.rate, 2, 1, 1, 2)
        self.step_button = QPushButton(self.tr("Step downhill"))
        self.step_button.setToolTip(self.tr("w ← w − η·∂L/∂w: one step down the curve"))
        self.step_button.clicked.connect(lambda checked=False: self.step_downhill())
        self.reset_button = QPushButton(self.tr("Reset"))
        self.reset_button.clicked.connect(lambda checked=False: self.reset())
        self.keep_button = QPushButton(self.tr("Keep this value"))
        self.keep_button.setToolTip(self.tr("Write the trial value into the network "
                                            "(undoable)"))
        self.keep_button.clicked.connect(lambda checked=False: self.keep())
        grid.addWidget(self.step_button, 3, 0, 1, 2)
        grid.addWidget(self.reset_button, 3, 2)
        grid.addWidget(self.keep_button, 4, 0, 1, 3)
        return grid

    # ------------------------------------------------------------------ state
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # Narrow docks put the numbers under the plot rather than squeezing it.
        wide = self.width() >= NARROW_PX
        self.body.setDirection(QBoxLayout.Direction.LeftToRight if wide
                               else QBoxLayout.Direction.TopToBottom)
        # stacked, spare height goes to the plot, not to blank space under the numbers
        self.body.setStretch(1, 2 if wide else 0)

    @property
    def epsilon(self) -> float:
        return float(10 ** (self.eps_slider.value() / 2))

    def set_epsilon(self, epsilon: float) -> None:
        self.eps_slider.setValue(round(2 * math.log10(epsilon)))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._show_plot()
        self.refresh()

    def _show_plot(self) -> pg.PlotWidget:
        if self.plot is None:
            self.plot = self._make_plot()
            self.body.replaceWidget(self._plot_slot, self.plot)   # keeps its stretch
            self._plot_slot.deleteLater()
            self.plot.show()    # a child added to a shown widget stays hidden until shown
        return self.plot

    def refresh(self) -> None:
        """Rebuild for the selected parameter at its document value."""
        if not self.isVisible():
            return
        session, network = self.session, self.session.network
        chosen, batch = session.selected_parameter(), session.batch()
        self.trail = []
        if network is None or chosen is None or batch is None:
            self.lens = None
            self.title.setText(self.tr("Nudge lens"))
            self.numbers.setText(session.error() or self.tr(
                "Select a connection (or a neuron, for its bias) to see the loss as that one "
                "parameter moves."))
            for item in (self.curve, self.tangent, self.secant, self.trail_item):
                item.setData([], [])
            self.point.setData([], [])
            self.nudges.setData([], [])
            self._enable(False)
            return
        kind, pid = chosen
        self.lens = Lens(network, kind, pid, *batch)
        self.rate.setValue(network.settings.learning_rate)
        name = parameter_name(network, kind, pid)
        samples = (self.tr("sample {index}").format(index=session.sample + 1)
                   if session.batch_size == 1
                   else self.tr("a minibatch of {batch}").format(batch=session.batch_size))
        self.title.setText(self.tr("Nudge lens: the loss on {samples} as {name} moves, "
                                   "everything else fixed").format(samples=samples, name=name))
        self._show_plot().getPlotItem().setLabel("bottom", name)
        self.document_line.setValue(self.lens.value)
        self._set_range(*Lens.default_range(self.lens.value))
        self._enable(True)
        self.set_trial(self.lens.value)

    def _enable(self, on: bool) -> None:
        for widget in (self.slider, self.step_button, self.reset_button, self.keep_button):
            widget.setEnabled(on)

    def _set_range(self, low: float, high: float) -> None:
        assert self.lens is not None
        self.low, self.high = low, high
        xs, ys = self.lens.curve(low, high)
        self.curve.setData(xs, ys)
        self._show_plot().getPlotItem().setXRange(low, high, padding=0.02)
        self._place_legend(xs, ys)

    def _place_legend(self, xs: np.ndarray, ys: np.ndarray) -> None:
        """Put the legend in the plot corner the curve passes least."""
        finite = np.isfinite(ys)
        if not finite.any():
            return
        u = (xs - xs.min()) / max(float(np.ptp(xs)), 1e-300)
        top, bottom = float(ys[finite].max()), float(ys[finite].min())
        v = (ys - bottom) / max(top - bottom, 1e-300)      # 0 at the bottom, 1 at the top
        corners = {(1, 0): (u > 0.55) & (v > 0.6), (0, 0): (u < 0.45) & (v > 0.6),
                   (1, 1): (u > 0.55) & (v < 0.4), (0, 1): (u < 0.45) & (v < 0.4)}
        corner = min(corners, key=lambda c: int(np.count_nonzero(corners[c] & finite)))
        offset = (6 if corner[0] == 0 else -6, 6 if corner[1] == 0 else -24)
        self.legend.anchor(itemPos=corner, parentPos=corner, offset=offset)

    def set_trial(self, value: float) -> None:
        """Put the lens's point at ``value`` (the curve recentres if it leaves the range)."""
        if self.lens is None:
            return
        if not self.low <= value <= self.high:
            half = (self.high - self.low) / 2
            self._set_range(value - half, value + half)
        self.trial = value
        self.slider.blockSignals(True)
        self.slider.setValue(round((value - self.low) / (self.high - self.low) * SLIDER_STEPS))
        self.slider.blockSignals(False)
        self._redraw()

    def _on_slider(self, position: int) -> None:
        self.trail = []
        self.set_trial(self.low + (self.high - self.low) * position / SLIDER_STEPS)

    def _redraw(self) -> None:
        lens = self.lens
        self.eps_label.setText(f"{fmt(self.epsilon, 2)}")
        if lens is None:
            return
        w, eps = self.trial, self.epsilon
        loss = lens.loss_at(w)
        self.backprop = lens.gradient_at(w)
        plus, minus = lens.loss_at(w + eps), lens.loss_at(w - eps)
        self.numeric = (plus - minus) / (2 * eps)
        self.error = Lens.relative_error(self.backprop, self.numeric)
        span = TANGENT_SPAN * (self.high - self.low)
        xs = np.array([w - span, w + span])
        self.tangent.setData(xs, loss + self.backprop * (xs - w))
        secant_xs = np.array([min(w - span, w - eps), max(w + span, w + eps)])
        self.secant.setData(secant_xs, (plus + minus) / 2 + self.numeric * (secant_xs - w))
        self.nudges.setData([w - eps, w + eps], [minus, plus])
        self.point.setData([w], [loss])
        self.trail_item.setData([p[0] for p in self.trail], [p[1] for p in self.trail])
        self.point_loss = loss
        self._show_numbers(w, loss, eps)

    def _show_numbers(self, w: float, loss: float, eps: float) -> None:
        agree = self.error <= DEFAULT_TOLERANCE
        tolerance = fmt(DEFAULT_TOLERANCE, 1)
        verdict = ("<span style='color:#047857'>"
                   + self.tr("agree (below {tolerance})").format(tolerance=tolerance)
                   + "</span>" if agree else
                   "<span style='color:#b91c1c'>"
                   + self.tr("differ: above {tolerance}").format(tolerance=tolerance)
                   + "</span>")
        assert self.lens is not None
        p = "w" if self.lens.kind == "weight" else "b"
        moved = "" if w == self.lens.value else \
            (" <span style='color:#6b7280'>"
             + self.tr("(network: {value})").format(value=fmt(self.lens.value)) + "</span>")
        muted = "<span style='color:#6b7280'>"
        slope = self.tr("(the tangent's slope)")
        backprop = self.tr("backprop")
        # one fact a line, no blank lines: a short bottom dock must still show the verdict
        self.numbers.setText(
            f"<b>{p} = {fmt(w)}</b>{moved} &nbsp; L = <b>{fmt(loss)}</b><br>"
            f"<span style='color:#2563eb'>{backprop} ∂L/∂{p} = <b>{fmt(self.backprop)}</b>"
            f"</span> {muted}{slope}</span><br>"
            f"<span style='color:#ea580c'>(L({p}+ε) − L({p}−ε)) / 2ε = "
            f"<b>{fmt(self.numeric)}</b></span> {muted}(ε = {fmt(eps, 2)})</span><br>"
            + self.tr("relative error {error}: {verdict}").format(error=fmt(self.error, 2),
                                                                  verdict=verdict))

    # ---------------------------------------------------------------- actions
    def step_downhill(self) -> None:
        """w ← w − η·∂L/∂w at the trial point; the old point stays as a trail."""
        if self.lens is None:
            return
        self.trail.append((self.trial, self.lens.loss_at(self.trial)))
        self.set_trial(self.trial - self.rate.value() * self.lens.gradient_at(self.trial))

    def reset(self) -> None:
        if self.lens is not None:
            self.trail = []
            self._set_range(*Lens.default_range(self.lens.value))
            self.set_trial(self.lens.value)

    def keep(self) -> None:
        """Write the trial value into the document: one undoable command."""
        lens, network = self.lens, self.session.network
        if lens is None or network is None or self.trial == lens.value:
            return
        old = ({lens.param_id: lens.value}, {}) if lens.kind == "weight" else \
            ({}, {lens.param_id: lens.value})
        new = ({lens.param_id: self.trial}, {}) if lens.kind == "weight" else \
            ({}, {lens.param_id: self.trial})
        name = parameter_name(network, lens.kind, lens.param_id)
        self.session.window.editor.push(
            SetParametersCommand(network, old, new,
                                 self.tr("Lens: set {name}").format(name=name)))
