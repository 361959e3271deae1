"""The "Sequence" panel: one sequence through a recurrent network, step by step, live.

Top: each output a_t (line) against its target y_t (rings) along the chosen sequence; with
targets only at the last step, only that ring. Bottom: a heat strip per hidden neuron, its
activation at every time step (orange negative, blue positive, as on the canvas), so one
sees the state the recurrent connections carry forward. Both come from the engine's own
forward and backward pass through time (``Frame.sequence``), redrawn on every report.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from bpstudio.engine.sequence import Unrolled
from bpstudio.ui.i18n import translate
from bpstudio.ui.visuals import colors
from bpstudio.ui.visuals.frame import Frame
from bpstudio.ui.visuals.plane import unit_columns

if TYPE_CHECKING:   # pyqtgraph loads with the plots, when the first sequence is drawn
    import pyqtgraph as pg

TARGET_SYMBOL_SIZE = 8
AXIS_WIDTH = 44


class SequencePanel(QWidget):
    """Outputs vs targets and hidden activations over time, for one chosen sequence."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.neuron_name: Callable[[int], str] = \
            lambda nid: translate("BoundaryPanel", "neuron #{id}").format(id=nid)
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setWordWrap(True)
        self.part = QComboBox()
        self.part.addItem(self.tr("training"), "train")
        self.part.addItem(self.tr("test"), "test")
        self.part.setToolTip(self.tr("Which set the sequence comes from"))
        self.index = QSpinBox()
        self.index.setMinimum(1)
        self.index.setKeyboardTracking(False)
        self.index.setToolTip(self.tr("Which sequence to follow through time"))
        self.count = QLabel()
        controls = QHBoxLayout()
        controls.setContentsMargins(0, 0, 0, 0)
        controls.addWidget(QLabel(self.tr("Sequence")))
        controls.addWidget(self.index)
        controls.addWidget(self.count)
        controls.addWidget(self.part)
        controls.addStretch(1)
        # The two plots are built when the first sequence is drawn (_build_plots): the
        # dock starts hidden, and most documents never show it (~50 ms of start-up).
        self.outputs_plot: pg.PlotWidget | None = None
        self.strip_plot: pg.PlotWidget | None = None
        self.strip: pg.ImageItem | None = None
        self.legend = QLabel()
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)
        self.strip_note = QLabel()
        self.strip_note.setStyleSheet("color: #6b7280;")
        self.strip_note.setWordWrap(True)
        page = QWidget()
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.addLayout(controls)
        page_layout.addWidget(self.legend)       # the outputs plot goes above it
        page_layout.addWidget(QLabel(self.tr("Hidden activations over time")))
        page_layout.addWidget(self.strip_note)   # the heat strip goes above it
        self._page_layout = page_layout
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setStyleSheet("color: #6b7280; padding: 16px;")
        self.stack = QStackedWidget()
        self.stack.addWidget(page)
        self.stack.addWidget(self.message)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.title)
        layout.addWidget(self.stack, 1)
        self.frame: Frame | None = None
        self.shown: Unrolled | None = None      # the last sequence drawn
        self.hidden_ids: tuple[int, ...] = ()   # rows of the heat strip, top down
        self.updates = 0
        self.index.valueChanged.connect(self._redraw)
        self.part.activated.connect(self._redraw)
        self.show_problem(self.tr("Train a network with recurrent connections on a "
                                  "sequence dataset (echo, parity, sine-next, adding or a "
                                  "sequence CSV) to follow a sequence here."))

    def _build_plots(self) -> tuple[pg.PlotWidget, pg.PlotWidget, pg.ImageItem]:
        """The outputs plot and the heat strip, made on first use."""
        if self.outputs_plot and self.strip_plot and self.strip is not None:
            return self.outputs_plot, self.strip_plot, self.strip
        import pyqtgraph as pg

        outputs = self.outputs_plot = pg.PlotWidget(background="w")
        outputs.setMinimumHeight(90)
        outputs.setLabel("left", self.tr("output"))
        outputs.showGrid(x=True, y=True, alpha=0.15)
        outputs.setMouseEnabled(x=False, y=False)
        outputs.hideButtons()
        strip_plot = self.strip_plot = pg.PlotWidget(background="w")
        strip_plot.setMinimumHeight(60)
        strip_plot.setLabel("bottom", self.tr("time step t"))
        strip_plot.setMouseEnabled(x=False, y=False)
        strip_plot.hideButtons()
        strip_plot.invertY(True)
        strip_plot.setXLink(outputs)
        for plot in (outputs, strip_plot):   # equal axes: the steps line up
            plot.getAxis("left").setWidth(AXIS_WIDTH)
        strip = self.strip = pg.ImageItem(axisOrder="row-major")
        strip_plot.addItem(strip)
        layout = self._page_layout
        layout.insertWidget(layout.indexOf(self.legend), outputs, 3)
        layout.insertWidget(layout.indexOf(self.strip_note), strip_plot, 2)
        outputs.show()
        strip_plot.show()
        return outputs, strip_plot, strip

    def show_problem(self, text: str) -> None:
        self.title.setText(self.tr("<b>Sequence</b>"))
        self.message.setText(text)
        self.stack.setCurrentWidget(self.message)
        self.frame = None

    def chosen(self) -> tuple[str, int]:
        """("train" or "test", index from 0) of the sequence shown."""
        return str(self.part.currentData()), self.index.value() - 1

    def choose(self, part: str, index: int) -> None:
        """Show sequence ``index`` (from 0) of ``part``."""
        self.part.setCurrentIndex(max(self.part.findData(part), 0))
        self.index.setValue(index + 1)
        self._redraw()

    def show_frame(self, frame: Frame) -> None:
        data = frame.state.data
        if not data.is_sequences:
            self.show_problem(self.tr("The data is not a set of sequences: this view follows "
                                      "networks with recurrent connections through time."))
            return
        self.frame = frame
        self._redraw()

    def _redraw(self) -> None:
        frame = self.frame
        if frame is None:
            return
        data = frame.state.data
        part, index = self.chosen()
        n = data.x_train.shape[0] if part == "train" else data.x_test.shape[0]
        if n == 0:
            part, n = "train", data.x_train.shape[0]
            self.part.setCurrentIndex(0)
        blocked = self.index.blockSignals(True)
        self.index.setMaximum(max(n, 1))
        self.index.blockSignals(blocked)
        index = min(index, n - 1)
        self.count.setText(self.tr("of %n", "", n))
        run = frame.sequence(index, part)
        y = data.y_train[index] if part == "train" else data.y_test[index]
        self._draw_outputs(frame, run, np.asarray(y))
        self._draw_strip(frame, run)
        epoch = (" · " + translate("CurvePlot", "epoch {epoch}").format(
            epoch=frame.state.progress.epoch) if frame.state.progress else "")
        self.title.setText(self.tr("<b>Sequence</b> {0} {1} · {2} steps · loss {3:.4g}{4}")
                           .format(translate("CurvePlot", part), index + 1, len(run.step_loss),
                                   run.loss, epoch))
        self.stack.setCurrentIndex(0)
        self.shown = run
        self.updates += 1

    def _draw_outputs(self, frame: Frame, run: Unrolled, y: np.ndarray) -> None:
        import pyqtgraph as pg  # loaded by _build_plots

        plot, plan = self._build_plots()[0], frame.plan
        plot.clear()
        keys = []
        steps = np.arange(len(run.step_loss))
        columns = {nid: k for k, nid in enumerate(run.neuron_ids)}
        palette = colors.to_qcolors(colors.class_rgb(max(len(plan.output_ids), 3))
                                    if len(plan.output_ids) > 2
                                    else colors.class_rgb(2)[::-1])
        last_only = frame.state.data.steps == "last"
        for k, nid in enumerate(plan.output_ids):
            color = palette[k % len(palette)]
            name = self.neuron_name(nid)
            plot.plot(steps, run.activations[:, columns[nid]],
                      pen=pg.mkPen(color, width=2), symbol="o", symbolSize=4,
                      symbolBrush=color, symbolPen=None)
            target_steps = steps[-1:] if last_only else steps
            plot.plot(target_steps, y[target_steps, k], pen=None, symbol="o",
                      symbolSize=TARGET_SYMBOL_SIZE, symbolBrush=None,
                      symbolPen=pg.mkPen(color, width=1.5))
            keys.append(self.tr("<span style='color:{0}'>━ {1}</span> output, "
                                "<span style='color:{0}'>○</span> target").format(
                                    color.name(), html.escape(name)))
        where = self.tr(" (last step only)") if last_only else ""
        self.legend.setText(" &nbsp; ".join(keys) + where)

    def _draw_strip(self, frame: Frame, run: Unrolled) -> None:
        _, strip_plot, strip = self._build_plots()
        index = frame.index
        hidden = index.hidden_ids
        self.hidden_ids = hidden
        if not hidden:
            strip.clear()
            self.strip_note.setText(self.tr("No hidden neurons."))
            return
        self.strip_note.setText("")
        columns = {nid: k for k, nid in enumerate(run.neuron_ids)}
        values = run.activations[:, [columns[nid] for nid in hidden]]       # (T, hidden)
        unit = unit_columns(values, [index.activation.get(nid, "identity") for nid in hidden])
        rgb = colors.map_unit(unit.T, colors.diverging_lut())               # (hidden, T, 3)
        strip.setImage(np.ascontiguousarray(rgb), autoLevels=False, levels=(0, 255))
        strip.setRect(QRectF(-0.5, -0.5, values.shape[0], len(hidden)))
        axis = strip_plot.getAxis("left")
        axis.setTicks([[(k, self.neuron_name(nid)) for k, nid in enumerate(hidden)]])
        strip_plot.setYRange(-0.5, len(hidden) - 0.5, padding=0)
        strip_plot.setXRange(-0.5, values.shape[0] - 0.5, padding=0)
