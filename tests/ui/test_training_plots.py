"""The live plots: growing history arrays, log axis, crosshair readout, long runs, and the
--train-for screenshot."""

from __future__ import annotations

import argparse
import math

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest

from bpstudio.examples import example_path
from bpstudio.model.settings import LossHistory
from bpstudio.ui.app import run_gui
from bpstudio.ui.plots.loss_plot import nice_ceiling
from bpstudio.ui.plots.training_plots import TrainingPlots
from bpstudio.ui.training.history import HistoryArrays


def rows(first: int, last: int) -> list[tuple]:
    return [(e, 1.0 / e, None if e % 2 else 1.2 / e, None if e % 2 else 0.5, 0.1)
            for e in range(first, last + 1)]


@pytest.fixture
def plots(qtbot):
    history = HistoryArrays()
    history.metric_name = "accuracy"
    widget = TrainingPlots(history)
    qtbot.addWidget(widget)
    widget.resize(900, 220)
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.waitUntil(widget.is_built)      # the plots are built right after the first paint
    return widget


def test_history_arrays_grow_in_place_and_keep_gaps_as_nan():
    history = HistoryArrays()
    history.extend(rows(1, 300))
    history.extend(rows(301, 1000))
    assert len(history) == 1000 and history.epochs[-1] == 1000
    assert math.isnan(history.test_loss[0]) and history.test_loss[1] == pytest.approx(0.6)
    history.replace(rows(1, 10))
    assert len(history) == 10
    assert history.row_near(3.4) == 2 and history.row_near(3.6) == 3
    assert history.row_near(99) == 9 and history.row_near(-5) == 0
    saved = history.to_loss_history(max_points=4)
    assert len(saved) == 4 and saved.epochs[0] == 1 and saved.epochs[-1] == 10
    assert saved.test_loss[0] is None
    history.load(LossHistory((1, 2), (0.5, 0.25), (None, 0.3), (None, 0.75), (0.1, 0.1),
                             "accuracy"))
    assert list(history.train_loss) == [0.5, 0.25] and history.metric_name == "accuracy"


def test_the_plots_draw_the_history(qtbot, plots):
    plots.history.extend(rows(1, 50))
    plots.refresh()
    x, y = plots.loss_plot.curve_data(0)
    assert len(x) == 50 and y[-1] == pytest.approx(1 / 50)
    x, y = plots.metric_plot.curve_data(1)                  # test accuracy
    assert np.nanmax(y) == pytest.approx(50.0)              # accuracy shown in percent
    assert "epoch 50" in plots.loss_plot.readout_text()


def test_the_train_accuracy_curve_joins_its_few_measured_rows(qtbot, plots):
    """The worker measures train accuracy a few times a second, not every epoch: the
    curve goes through the measured rows and the readout shows the latest of them."""
    plots.history.extend([(e, 1.0 / e, None, None, 0.1, 0.25 * e if e % 4 == 0 else None)
                          for e in range(1, 11)])
    plots.refresh()
    x, y = plots.metric_plot.curve_data(0)
    assert list(x) == [4, 8] and list(y) == [100.0, 200.0]
    assert plots.metric_plot.curve_data(1)[0].size == 10      # the test column, all NaN
    text = plots.metric_plot.readout_text()
    assert "train 200.0%" in text and "test —" in text
    assert plots.metric_plot.title.text() == "Accuracy — no test set"


def test_redraws_are_throttled(qtbot, plots):
    plots.throttle.clock = lambda: 0.0    # no time passes between the two (however slow)
    plots.history.extend(rows(1, 10))
    plots.refresh()
    plots.history.extend(rows(11, 20))
    plots.request_refresh()                                   # too soon: scheduled
    assert len(plots.loss_plot.curve_data()[0]) == 10
    qtbot.waitUntil(lambda: len(plots.loss_plot.curve_data()[0]) == 20)


def test_log_axis_toggles_without_warnings(qtbot, plots):
    plots.history.extend([(1, 0.0, 0.5, 0.1, 0.1)] + rows(2, 100))   # a zero loss too
    plots.refresh()
    plots.loss_plot.log_box.setChecked(True)
    assert plots.loss_plot.is_log_y()
    plots.loss_plot.plot.grab()                               # paints: no warnings
    plots.loss_plot.log_box.setChecked(False)
    assert not plots.loss_plot.is_log_y()


def test_crosshair_reads_the_values_under_the_mouse(qtbot, plots):
    plots.history.extend(rows(1, 100))
    plots.refresh()
    loss = plots.loss_plot
    loss.show_crosshair_at(QPointF(40.2, 0.5))
    assert loss.v_line.isVisible() and loss.v_line.value() == 40
    assert "epoch 40" in loss.readout_text() and "0.025" in loss.readout_text()
    view = loss.plot.getPlotItem().getViewBox()
    target = loss.plot.mapFromScene(view.mapViewToScene(QPointF(70, 0.5)))
    QTest.mouseMove(loss.plot.viewport(), target)
    qtbot.waitUntil(lambda: loss.v_line.value() != 40)
    epoch = int(loss.v_line.value())
    assert abs(epoch - 70) <= 5 and f"epoch {epoch}" in loss.readout_text()
    loss._hide_crosshair()
    assert not loss.v_line.isVisible() and "epoch 100" in loss.readout_text()


def test_a_long_run_keeps_curves_cheap(qtbot, plots):
    # The trainer keeps at most 20,000 epochs (then thins): the plots get that many.
    epochs = np.arange(1, 20_001)
    plots.history.extend([(int(e), 1 / e, 1.1 / e, 0.9, 0.01) for e in epochs])
    plots.refresh()
    item = plots.loss_plot.plot.getPlotItem()
    assert item.clipToViewMode() and item.downsampleMode()[1]   # clip + auto downsample
    shown = plots.loss_plot.curves[0].getData()[0]
    # Peak downsampling: a (min, max) pair per pixel column of the view, no more (a wide
    # antialiased stroke costs per point; more points than pixels show nothing more).
    width = item.getViewBox().width()
    assert width > 200 and len(shown) <= 2 * width + 4
    assert len(plots.loss_plot.curve_data()[0]) == 20_000       # all of it is kept
    x_range = item.getViewBox().viewRange()[0]
    assert x_range[1] >= 20_000 and x_range[1] == nice_ceiling(x_range[1])


def test_axes_only_move_in_steps(qtbot, plots):
    plots.history.extend(rows(1, 30))
    plots.refresh()
    view = plots.loss_plot.plot.getPlotItem().getViewBox()
    first = view.viewRange()
    plots.history.extend(rows(31, 35))
    plots.refresh()
    assert view.viewRange() == first                            # a few points: no re-layout
    plots.history.extend(rows(36, 500))
    plots.refresh()
    assert view.viewRange()[0][1] >= 500


def test_regression_shows_r_squared(qtbot, plots):
    plots.history.metric_name = "r2"
    plots.history.extend([(1, 1.0, 1.0, -3.0, 0.1), (2, 0.5, 0.5, 0.8, 0.1)])
    plots.refresh()
    assert plots.metric_plot.title.text().startswith("R²")
    assert plots.metric_plot.curve_data(1)[1][-1] == pytest.approx(0.8)


@pytest.mark.slow
def test_screenshot_after_training_for_a_while(qtbot, tmp_path, capsys):
    out = tmp_path / "training.png"
    status = run_gui(argparse.Namespace(file=str(example_path("xor")), screenshot=str(out),
                                        train_for=0.3))
    assert status == 0
    printed = capsys.readouterr().out
    assert "trained 0.3 s" in printed and "wrote" in printed
    image = QImage(str(out))
    assert not image.isNull() and image.width() >= 800


@pytest.mark.parametrize("width", [900, 600, 450])
def test_a_narrow_readout_drops_words_instead_of_cutting_them(plots, qtbot, width):
    """The Accuracy legend cut "test" to "t" in a narrow dock (issue 10 §4)."""
    plots.history.extend([(e, 1.0 / e, 1.2 / e, 0.969, 0.1) for e in range(1, 41)])
    plots.request_refresh()
    plots.resize(width, 220)
    qtbot.waitUntil(lambda: plots.metric_plot.readout_text() != "")
    metric = plots.metric_plot
    metric.refresh()
    text = metric.readout_text()
    label = metric.readout.label
    assert label.fontMetrics().horizontalAdvance(text) <= metric.readout.width()
    assert text.endswith("96.9%")                       # the test value, whole
    assert "test 96.9%" in text or "test" not in text   # a name whole, or not at all
    if width == 900:
        assert text.startswith("epoch 40 · ")


def test_an_empty_history_shows_fresh_axes_not_the_last_runs(plots):
    """After opening another document the empty loss plot kept the previous axes."""
    plots.history.extend([(e, 500.0 / e, None, None, 0.1) for e in range(1, 3001)])
    loss = plots.loss_plot
    loss.refresh()
    (_, x_high), (_, y_high) = loss.plot.getPlotItem().getViewBox().viewRange()
    assert x_high >= 3000 and y_high >= 500
    plots.history.clear()
    loss.refresh()
    (x_low, x_high), (y_low, y_high) = loss.plot.getPlotItem().getViewBox().viewRange()
    assert (x_low, x_high) == pytest.approx((0, 10)) and (y_low, y_high) == pytest.approx((0, 1))


def _epoch_labels(plot) -> list[tuple[str, float, float]]:
    """(text, left, right) of the bottom axis's drawn labels, in axis pixels, as
    pyqtgraph lays them out (it drops those reaching past its bounds)."""
    from PySide6.QtGui import QPainter

    axis = plot.plot.getPlotItem().getAxis("bottom")
    image = QImage(10, 10, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        specs = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    return [(text, rect.left(), rect.right()) for rect, _, text in specs[2] if text]


@pytest.mark.parametrize("width", [900, 600, 450])
@pytest.mark.parametrize("epochs", [3, 40, 5000, 150_000])
def test_every_epoch_axis_keeps_readable_labels_however_narrow(plots, qtbot, width, epochs):
    """Epoch numbers disappeared from the narrow Accuracy and η plots during a run: the
    labels at both ends fell past the axis and pyqtgraph hid them (issue 10 §4)."""
    step = max(1, epochs // 3000)
    plots.history.extend([(e, 1.0 / e, 1.2 / e, 0.9, 0.1)
                          for e in [*range(1, epochs + 1, step), epochs]])
    plots.resize(width, 220)
    plots.refresh()
    qtbot.waitUntil(lambda: plots.width() == max(width, plots.minimumSizeHint().width()))
    for plot in plots.plots():
        labels = _epoch_labels(plot)
        assert len(labels) >= 2, (plot.title.text(), labels)
        assert labels[0][0] == "0"
        values = [_epochs_of(text) for text, _, _ in labels]
        assert values == sorted(values) and values[-1] > 0
        axis_width = plot.plot.getPlotItem().getAxis("bottom").geometry().width()
        assert labels[-1][2] <= axis_width + 1          # the last one inside the axis
        for (_, _, right), (_, left, _) in zip(labels, labels[1:], strict=False):
            assert right < left                          # no two run together


def _epochs_of(label: str) -> float:
    """ "150,000", "150k" or "1.5M" as a number."""
    scale = {"k": 1e3, "M": 1e6}.get(label[-1], 1.0)
    return float(label.rstrip("kM").replace(",", "")) * scale


def test_the_plots_keep_to_the_smaller_budget_while_a_run_goes_at_full_speed(plots):
    from bpstudio.ui.plots.training_plots import FULL_SPEED_BUDGET, TIME_BUDGET

    budget = plots.throttle.shared_budget
    assert budget.fraction == TIME_BUDGET
    plots.set_full_speed(True)
    assert budget.fraction == FULL_SPEED_BUDGET < TIME_BUDGET
    plots.set_full_speed(False)
    assert budget.fraction == TIME_BUDGET


def test_the_window_tells_the_plots_whether_its_run_goes_at_full_speed(window, qtbot):
    """At full speed the plots keep to the smaller budget; a run that keeps its pace (30
    steps a second) leaves time to spare: the larger one."""
    from bpstudio.engine.pace import FULL_SPEED, Pace
    from bpstudio.ui.plots.training_plots import FULL_SPEED_BUDGET, TIME_BUDGET

    budget = window.training_plots.throttle.shared_budget
    network = window.document.network
    network.set_settings(network.settings.with_changes(epochs=1_000_000))  # not over soon
    window.training.set_pace(FULL_SPEED)
    window.training.start()
    qtbot.waitUntil(lambda: budget.fraction == FULL_SPEED_BUDGET, timeout=5000)
    window.training.set_pace(Pace("rate", 30))
    qtbot.waitUntil(lambda: budget.fraction == TIME_BUDGET, timeout=5000)
    window.training.stop()
