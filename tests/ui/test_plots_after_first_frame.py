"""The plots are built right after the window's first frame (or on first use), in their
placeholders' places, with what was drawn before; the window then looks as if they had
been there from the start. (That pyqtgraph is not imported before: test_startup_imports.)"""

from __future__ import annotations

import numpy as np
import pytest

from bpstudio.formats.bpnet import ProjectInfo
from bpstudio.ui.document.file_actions import Document
from bpstudio.ui.main_window import MainWindow
from bpstudio.ui.plots.training_plots import TrainingPlots
from bpstudio.ui.training.history import HistoryArrays
from bpstudio.ui.visuals.boundary import BoundaryPanel, WaitingCalls
from tests.ui.conftest import xor_network
from tests.ui.test_visuals_support import Run, attach_fake, open_example


def test_the_window_builds_its_plots_after_its_first_frame(qtbot, settings):
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.set_document(Document(xor_network(), ProjectInfo("XOR")))
    plots, boundary = window.training_plots, window.visuals.boundary
    assert not plots.is_built() and not boundary.is_plot_built()   # nothing painted yet
    window.show()
    qtbot.waitUntil(lambda: plots.is_built() and boundary.is_plot_built())
    for plot in plots.plots():
        assert plot.isVisible() and plot.width() > 100
    assert "press Train" in plots.loss_plot.readout_text()
    assert boundary.plot.isVisible() and boundary.plot.rgb is not None   # the XOR map
    assert window.run_overlay.shown == []


def test_a_plot_wanted_before_the_first_frame_is_built_then(qtbot):
    history = HistoryArrays()
    plots = TrainingPlots(history)
    qtbot.addWidget(plots)
    history.extend([(e, 1.0 / e, None, None, 0.1) for e in range(1, 11)])
    plots.set_cursor(4.0)
    plots.refresh()
    assert not plots.is_built()
    x, _ = plots.loss_plot.curve_data()      # first use builds, with the cursor set before
    assert plots.is_built()
    assert all(p.cursor_line.isVisible() and p.cursor_line.value() == 4.0
               for p in plots.plots())
    plots.resize(900, 220)
    plots.show()
    qtbot.waitUntil(lambda: len(plots.loss_plot.curve_data()[0]) == 10)


def test_what_the_boundary_drew_before_its_plot_existed_is_on_it(qtbot, window):
    """Two panels shown the same frames, one with its plot from the start and one whose
    plot is built afterwards, end up with the same picture."""
    open_example(window, "spiral")
    fake = attach_fake(window)
    run = Run(window.document.network)
    fake.publish(run.state("idle", gradients=False))
    frame = window.visuals.frame
    early, late = BoundaryPanel(), BoundaryPanel()
    for panel in (early, late):
        qtbot.addWidget(panel)
    early.build_plot()
    for panel in (early, late):
        panel.show_frame(frame)
        panel.set_drawn(np.array([[0.1, 0.2]]), np.array([[1, 2, 3]], np.uint8))
        panel.set_hovered(None)
        panel.show_frame(frame)
    assert not late.is_plot_built()
    hooked = []
    late.when_plot_built(hooked.append)
    late.build_plot()
    assert hooked == [late.plot]
    np.testing.assert_array_equal(late.plot.rgb, early.plot.rgb)
    for name in ("train_points", "test_points", "drawn_points"):
        a, b = getattr(early.plot, name).getData(), getattr(late.plot, name).getData()
        np.testing.assert_array_equal(a[0], b[0])
        np.testing.assert_array_equal(a[1], b[1])
    assert late.plot.getPlotItem().viewRange() == early.plot.getPlotItem().viewRange()
    assert len(late.plot.boundary.segments) == len(early.plot.boundary.segments)


def test_calls_waiting_for_the_plot_keep_their_order_and_one_per_repeat():
    waiting = WaitingCalls()
    waiting.set_plane((0, 1), (0, 1))
    for k in range(100):                  # a hundred frames before the plot exists
        waiting.set_image(k)
    waiting.set_plane((0, 2), (0, 2))
    waiting.set_labels("a", b="c")
    with pytest.raises(AttributeError):
        waiting.viewport                  # noqa: B018 (reads need the real plot)
    calls = []

    class Plot:
        def __getattr__(self, name):
            return lambda *args, **kwargs: calls.append((name, args, kwargs))

    waiting.replay(Plot())
    assert calls == [("set_plane", ((0, 1), (0, 1)), {}), ("set_image", (99,), {}),
                     ("set_plane", ((0, 2), (0, 2)), {}), ("set_labels", ("a",), {"b": "c"})]
    calls.clear()
    waiting.replay(Plot())
    assert calls == []
