"""Real mouse events through the view: drops, connecting, selecting, moving, zooming."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from bpstudio.ui.canvas.gestures import valid_targets
from bpstudio.ui.document.mime import PaletteEntry, palette_mime
from tests.networks import random_dag
from tests.ui.conftest import drag, neuron_pos, port_pos, viewport_point


def _drop(view, entry: PaletteEntry, scene_pos: QPointF) -> None:
    """Deliver the enter/move/drop events a real drag from the palette produces."""
    data = palette_mime(entry)
    at = QPointF(viewport_point(view, scene_pos))
    viewport = view.viewport()
    actions = Qt.DropAction.CopyAction
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(at.toPoint(), actions, data, buttons, mods)
    QApplication.sendEvent(viewport, enter)
    assert enter.isAccepted()
    move = QDragMoveEvent(at.toPoint(), actions, data, buttons, mods, QEvent.Type.DragMove)
    QApplication.sendEvent(viewport, move)
    drop = QDropEvent(at, actions, data, buttons, mods)
    QApplication.sendEvent(viewport, drop)
    assert drop.isAccepted()


def test_palette_drop_creates_neuron_at_drop_point(window):
    net = window.document.network
    before = set(net.neurons)
    target = QPointF(80, 160)
    _drop(window.view, PaletteEntry("output"), target)
    (new,) = set(net.neurons) - before
    neuron = net.neurons[new]
    assert neuron.role == "output"
    # The view maps through integer pixels: within a pixel of the drop point.
    tolerance = 1.5 / window.view.zoom()
    assert abs(neuron.x - target.x()) <= tolerance and abs(neuron.y - target.y()) <= tolerance
    assert window.scene.selected_neuron_ids() == [new]
    assert window.undo_stack.count() == 1


def test_palette_drop_of_a_layer_is_one_undo_step(window):
    net = window.document.network
    _drop(window.view, PaletteEntry("hidden", 5), QPointF(80, 200))
    assert len(net.neurons) == 10
    assert window.undo_stack.count() == 1
    window.undo_stack.undo()
    assert len(net.neurons) == 5


def test_foreign_drop_is_ignored(window):
    from PySide6.QtCore import QMimeData

    data = QMimeData()
    data.setText("hello")
    event = QDragEnterEvent(QPoint(50, 50), Qt.DropAction.CopyAction, data,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window.view.viewport(), event)
    assert not event.isAccepted()


def test_double_click_on_empty_canvas_adds_hidden_neuron(window):
    net = window.document.network
    spot = QPointF(80, -150)
    QTest.mouseDClick(window.view.viewport(), Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier, viewport_point(window.view, spot))
    assert len(net.neurons) == 6
    assert net.neurons[max(net.neurons)].role == "hidden"


def test_connect_gesture_creates_connection(window, qtbot):
    net = window.document.network
    _drop(window.view, PaletteEntry("output"), QPointF(320, 120))
    new = max(net.neurons)
    source = 1   # x1
    drag(window.view, port_pos(window, source), neuron_pos(window, new))
    assert net.find_connection(source, new) is not None
    assert "Connected" in window.statusBar().currentMessage()
    # The rubber-band line and the highlights are gone afterwards.
    assert all(item.target_state is None for item in window.scene.items_by_id.values())
    window.undo_stack.undo()
    assert net.find_connection(source, new) is None


def test_connect_rubber_band_highlights_valid_targets(window):
    view = window.view
    viewport = view.viewport()
    start = viewport_point(view, port_pos(window, 1))
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(viewport, start + QPoint(30, 10))
    states = {nid: item.target_state for nid, item in window.scene.items_by_id.items()}
    # x1 already feeds both hidden neurons: only the output is a valid new target.
    assert states[5] == "candidate"
    assert states[2] is None and states[3] is None
    over_input = viewport_point(view, neuron_pos(window, 2))
    QTest.mouseMove(viewport, over_input)
    assert window.scene.neuron_item(2).target_state == "invalid"
    assert "input" in window.statusBar().currentMessage()
    QTest.keyClick(view, Qt.Key.Key_Escape)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       over_input)
    assert len(window.document.network.connections) == 6


def test_cycle_is_refused_with_its_reason(window):
    net = window.document.network
    drag(window.view, port_pos(window, 5), neuron_pos(window, 3))   # y → h1
    assert net.find_connection(5, 3) is None
    message = window.statusBar().currentMessage()
    assert "cycle" in message
    assert window.undo_stack.count() == 0


def test_connection_to_an_input_is_refused(window):
    drag(window.view, port_pos(window, 3), neuron_pos(window, 1))
    assert window.document.network.find_connection(3, 1) is None
    assert "input" in window.statusBar().currentMessage()


def test_duplicate_connection_is_refused(window):
    drag(window.view, port_pos(window, 1), neuron_pos(window, 3))
    assert "already connected" in window.statusBar().currentMessage()
    assert len(window.document.network.connections) == 6


def test_connect_tool_drags_from_the_body(window):
    net = window.document.network
    _drop(window.view, PaletteEntry("hidden"), QPointF(80, 200))
    new = max(net.neurons)
    window.connect_tool.trigger()
    drag(window.view, neuron_pos(window, 1), neuron_pos(window, new))
    assert net.find_connection(1, new) is not None


def test_rubber_band_selects_and_click_clears(window):
    view = window.view
    drag(view, QPointF(-60, -120), QPointF(60, 120))
    assert window.scene.selected_neuron_ids() == [1, 2]
    assert "2 neurons" in window.properties.heading.text()
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, viewport_point(view, QPointF(80, 250)))
    assert window.scene.selected_neuron_ids() == []


def test_shift_click_extends_selection(window):
    view = window.view
    for nid, mods in ((1, Qt.KeyboardModifier.NoModifier),
                      (5, Qt.KeyboardModifier.ShiftModifier)):
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, mods,
                         viewport_point(view, neuron_pos(window, nid) - QPointF(8, 0)))
    assert window.scene.selected_neuron_ids() == [1, 5]


def test_moving_ten_selected_neurons_is_one_undo_step(window):
    net = window.document.network
    window.editor.add_neurons("hidden", 10, QPointF(400, 0))
    ten = window.scene.selected_neuron_ids()
    assert len(ten) == 10
    before = {n: (net.neurons[n].x, net.neurons[n].y) for n in ten}
    steps = window.undo_stack.count()
    grab = neuron_pos(window, ten[0]) - QPointF(8, 0)
    drag(window.view, grab, grab + QPointF(100, 50), steps=12)
    assert window.undo_stack.count() == steps + 1
    for n in ten:
        assert abs(net.neurons[n].x - (before[n][0] + 100)) < 2
        assert abs(net.neurons[n].y - (before[n][1] + 50)) < 2
    window.undo_stack.undo()
    assert {n: (net.neurons[n].x, net.neurons[n].y) for n in ten} == before
    assert window.scene.neuron_item(ten[0]).pos() == QPointF(*before[ten[0]])


def test_snap_to_grid_while_moving(window):
    net = window.document.network
    window.snap_action.setChecked(True)
    grab = neuron_pos(window, 5) - QPointF(8, 0)
    drag(window.view, grab, grab + QPointF(33, 27))
    assert net.neurons[5].x % 20 == 0 and net.neurons[5].y % 20 == 0


def test_escape_cancels_a_move(window):
    net = window.document.network
    view = window.view
    start = viewport_point(view, neuron_pos(window, 5) - QPointF(8, 0))
    QTest.mousePress(view.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(view.viewport(), start + QPoint(60, 40))
    QTest.keyClick(view, Qt.Key.Key_Escape)
    QTest.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier, start + QPoint(60, 40))
    assert window.scene.neuron_item(5).pos() == QPointF(net.neurons[5].x, net.neurons[5].y)
    assert window.undo_stack.count() == 0


def test_click_on_an_edge_selects_the_connection(window):
    net = window.document.network
    conn = net.find_connection(3, 5)
    seg_start = port_pos(window, 3)
    seg_end = neuron_pos(window, 5)
    middle = (seg_start + seg_end) / 2
    QTest.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, viewport_point(window.view, middle))
    assert window.scene.selected_connection_ids() == [conn.id]
    assert "→" in window.properties.heading.text()
    assert "weight" in window.scene.tooltip_at(middle, 4.0)


def test_wheel_zooms_around_the_cursor(window):
    view = window.view
    anchor = viewport_point(view, neuron_pos(window, 5))
    before = view.mapToScene(anchor)
    zoom = view.zoom()
    QTest.mouseMove(view.viewport(), anchor)
    from PySide6.QtCore import QPointF as P
    from PySide6.QtGui import QWheelEvent

    event = QWheelEvent(P(anchor), P(view.viewport().mapToGlobal(anchor)), QPoint(0, 0),
                        QPoint(0, 240), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(view.viewport(), event)
    assert view.zoom() > zoom * 1.2
    after = view.mapToScene(anchor)
    assert abs(after.x() - before.x()) < 3 and abs(after.y() - before.y()) < 3


def test_middle_button_pans(window):
    view = window.view
    view.zoom_by(3.0)
    center = view.mapToScene(view.viewport().rect().center())
    a = view.viewport().rect().center()
    viewport = view.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.MiddleButton, Qt.KeyboardModifier.NoModifier, a)
    QTest.mouseMove(viewport, a + QPoint(60, 0))
    QTest.mouseRelease(viewport, Qt.MouseButton.MiddleButton, Qt.KeyboardModifier.NoModifier,
                       a + QPoint(60, 0))
    moved = view.mapToScene(view.viewport().rect().center())
    assert moved.x() < center.x() - 5


@pytest.mark.parametrize("seed", range(6))
def test_valid_targets_are_exactly_the_connections_the_model_accepts(seed):
    """The connect gesture lights up a neuron if and only if Network.connect would take
    the edge (random DAGs with skips: ancestors, inputs and fed neurons are refused)."""
    network = random_dag(seed, n_hidden=9)
    for source in network.neurons:
        accepted = {t for t in network.neurons if t != source
                    and network.connection_problem(source, t) is None}
        assert valid_targets(network, source) == accepted
