"""The X-ray docks at the window sizes people have (1366×768, 1920×1080): every number
and button the panels print is on screen, not clipped or covered."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QApplication, QDockWidget

from bpstudio.ui.document.file_actions import read_example
from bpstudio.ui.main_window import MainWindow
from bpstudio.ui.xray.cost_panel import BARS, count

SIZES = [(1366, 768), (1920, 1080)]


@pytest.fixture(params=SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def big_window(request, qtbot, settings, dialogs):
    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.resize(*request.param)
    win.show()
    qtbot.waitExposed(win)
    win.set_document(read_example("xor"))
    settle()
    return win


def settle() -> None:
    for _ in range(4):
        QApplication.processEvents()


def needed_height(label) -> int:
    """The height the label's text needs at its width (its own minimum aside)."""
    old = label.minimumHeight()
    label.setMinimumHeight(0)
    need = label.heightForWidth(label.width())
    label.setMinimumHeight(old)
    return need


@pytest.mark.parametrize("moved", [False, True])
def test_lens_numbers_are_all_visible(big_window, moved):
    xray = big_window.xray
    net = big_window.document.network
    xray.session.select_parameter("weight", sorted(net.connections)[0])
    xray.show_dock(xray.lens_dock)
    settle()
    lens = xray.lens_panel
    if moved:                       # the longest text: "(network: …)" after the trial value
        lens.slider.setValue(900)
        settle()
    label = lens.numbers
    assert "relative error" in label.text()
    assert label.isVisible() and label.height() >= needed_height(label.label)
    below = min(lens.slider.geometry().top(), lens.eps_slider.geometry().top())
    assert label.geometry().bottom() < below
    assert lens.plot.height() >= lens.plot.minimumHeight()


@pytest.mark.parametrize("example", ["xor", "digits"])
def test_cost_bars_are_to_scale_and_every_name_and_count_shows(big_window, example):
    big_window.set_document(read_example(example))
    xray = big_window.xray
    xray.show_dock(xray.cost_dock)
    settle()
    panel, bars = xray.cost_panel, xray.cost_panel.bars
    cost = panel.cost
    assert "linear" in panel.scale_note.text()
    metrics = QFontMetricsF(bars.font())
    viewport = xray.cost_dock.widget().viewport()
    right = bars.mapTo(viewport, bars.rect().topRight()).x()
    assert right <= viewport.width()                   # nothing hidden off the right
    rows = bars.rows()
    for (name, _), value, (name_rect, count_rect, bar, _) in zip(BARS, bars.values, rows,
                                                                 strict=True):
        assert metrics.horizontalAdvance(name) <= name_rect.width()      # not elided
        assert metrics.horizontalAdvance(count(value)) <= count_rect.width()
        assert count_rect.left() >= 0 and count_rect.right() <= bars.width()
        # linear: a bar's length is its share of nudging's (at least a visible sliver)
        assert bar.width() == pytest.approx(max(bars.width() * value / cost.nudging, 2.0))
    if example == "digits":
        backprop_bar = rows[2][2]
        assert backprop_bar.width() == 2.0 < rows[3][2].width()     # a sliver, by design


@pytest.mark.parametrize("example", ["xor", "digits"])
def test_gradient_checker_columns_all_fit(big_window, example):
    big_window.set_document(read_example(example))
    xray = big_window.xray
    xray.show_dock(xray.checker_dock)
    xray.checker.check()
    settle()
    table = xray.checker.table
    header = table.horizontalHeader()
    model = table.model()
    metrics = table.fontMetrics()
    assert not table.horizontalScrollBar().isVisible()
    for column in range(model.columnCount()):
        left = header.sectionViewportPosition(column)
        assert left >= 0 and left + header.sectionSize(column) <= table.viewport().width()
        title = model.headerData(column, Qt.Orientation.Horizontal)
        assert metrics.horizontalAdvance(title) < header.sectionSize(column)
        for row in range(min(model.rowCount(), 20)):      # numbers are not elided
            text = model.data(model.index(row, column))
            assert metrics.horizontalAdvance(text) < header.sectionSize(column), text


def test_step_dock_never_cuts_its_buttons(big_window):
    xray = big_window.xray
    for dock in big_window.findChildren(QDockWidget):
        dock.hide()
    xray.show_dock(xray.step_dock)
    xray.step.enter()
    settle()
    big_window.resizeDocks([xray.step_dock], [1], Qt.Orientation.Horizontal)  # narrowest
    settle()
    panel, area = xray.step_panel, xray.step_dock.widget()
    assert area.viewport().width() >= panel.minimumSizeHint().width()
    for button in (panel.run_button, panel.forward_button, panel.update_button):
        right = button.mapTo(area.viewport(), button.rect().topRight()).x()
        assert right <= area.viewport().width()
        assert button.width() >= button.sizeHint().width()


def test_after_an_update_the_changed_weights_keep_their_labels(big_window):
    """XOR's sample 3 (x2 = 0) leaves every x2 weight unchanged: at fit-to-view the
    labels of the x1 weights, which changed, are shown before those of the x2 weights."""
    xray = big_window.xray
    xray.session.set_samples(2, 1)
    xray.step.enter()
    assert xray.step.apply_update()
    big_window.view.fit_to_view()
    settle()
    big_window.view.viewport().repaint()
    overlay = xray.step._overlay
    result = xray.step.update_result
    shown = {key for kind, key, _ in overlay.placed if kind == "edge"}
    changed = {r.id for r in result.rows if r.kind == "weight" and r.new != r.old}
    assert changed and len(changed) < len(big_window.document.network.connections)
    assert changed <= shown
    # and the order they are placed in: the largest change first
    neurons, edges, loss, current = overlay._cards()
    queue = [key for kind, key, _, essential in overlay._queue(neurons, edges, loss, current)
             if kind == "edge" and not essential]
    sizes = [abs(result.row("weight", c).new - result.row("weight", c).old) for c in queue]
    assert sizes == sorted(sizes, reverse=True)
    # neurons: the inputs (no bias to change) first, then the largest bias change first
    network = big_window.document.network
    order = [key for kind, key, _, essential in overlay._queue(neurons, edges, loss, current)
             if kind == "neuron" and not essential]
    inputs = [n for n in order if network.neurons[n].role == "input"]
    assert inputs and order[:len(inputs)] == inputs
    biases = [abs(result.row("bias", n).new - result.row("bias", n).old)
              for n in order[len(inputs):]]
    assert biases == sorted(biases, reverse=True)
