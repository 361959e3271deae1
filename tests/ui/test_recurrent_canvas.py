"""Recurrent connections on the canvas: the offer, self-loops, toggles, curves, colours."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from bpstudio.model.network import Network
from bpstudio.ui.canvas.edge_style import GradientColoring
from bpstudio.ui.canvas.gestures import recurrent_targets, valid_targets
from bpstudio.ui.canvas.recurrent_edges import SAMPLES
from tests.ui.conftest import drag, neuron_pos, port_pos, viewport_point

X1, X2, H1, H2, Y = 1, 2, 3, 4, 5


def _curve_middle(window, cid: int) -> QPointF:
    loops = window.scene.edges.loops
    position = int(np.flatnonzero(loops.rows == window.scene.edges.row_of[cid])[0])
    return QPointF(*loops.curves()[position, SAMPLES // 2])


def test_closing_a_loop_offers_a_recurrent_connection(window):
    net = window.document.network
    window.dialogs.answer = QMessageBox.StandardButton.Yes
    drag(window.view, port_pos(window, Y), neuron_pos(window, H1))
    (question,) = window.dialogs.questions
    assert "cycle" in question and "recurrent" in question
    c = net.find_connection(Y, H1)
    assert c is not None and c.recurrent
    assert "recurrent" in window.statusBar().currentMessage()
    assert window.undo_stack.count() == 1
    window.undo_stack.undo()
    assert net.find_connection(Y, H1) is None
    window.undo_stack.redo()
    assert net.find_connection(Y, H1).recurrent


def test_declining_the_offer_refuses_with_the_cycle_message(window):
    drag(window.view, port_pos(window, Y), neuron_pos(window, H1))   # dialogs say Discard
    assert window.document.network.find_connection(Y, H1) is None
    assert "cycle" in window.statusBar().currentMessage()
    assert window.undo_stack.count() == 0


def test_no_offer_where_a_recurrent_edge_is_not_allowed_either(window):
    window.dialogs.answer = QMessageBox.StandardButton.Yes
    drag(window.view, port_pos(window, H1), neuron_pos(window, X1))   # into an input
    assert window.dialogs.questions == []
    assert window.document.network.find_connection(H1, X1) is None
    assert "input" in window.statusBar().currentMessage()


def test_hovering_a_loop_target_says_it_would_be_recurrent(window):
    view = window.view
    viewport = view.viewport()
    start = viewport_point(view, port_pos(window, Y))
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(viewport, start + QPoint(30, 10))
    QTest.mouseMove(viewport, viewport_point(view, neuron_pos(window, H2)))
    assert window.scene.neuron_item(H2).target_state == "recurrent"
    assert "recurrent" in window.statusBar().currentMessage()
    QTest.keyClick(view, Qt.Key.Key_Escape)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       viewport_point(view, neuron_pos(window, H2)))
    assert window.scene.neuron_item(H2).target_state is None
    assert len(window.document.network.connections) == 6


def test_self_loop_by_dragging_out_and_back(window):
    net = window.document.network
    window.dialogs.answer = QMessageBox.StandardButton.Yes
    away = neuron_pos(window, H1) + QPointF(60, -60)
    drag(window.view, port_pos(window, H1), away)
    assert net.find_connection(H1, H1) is None      # released over empty canvas
    view = window.view
    viewport = view.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     viewport_point(view, port_pos(window, H1)))
    QTest.mouseMove(viewport, viewport_point(view, away))
    QTest.mouseMove(viewport, viewport_point(view, neuron_pos(window, H1)))
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       viewport_point(view, neuron_pos(window, H1)))
    loop = net.find_connection(H1, H1)
    assert loop is not None and loop.recurrent
    assert window.undo_stack.count() == 1


def test_targets_follow_ordinary_connections_only():
    from bpstudio.model.builders import layered

    net: Network = layered([2, 2, 1])
    net.connect(Y, H1, recurrent=True)
    # y feeds h1 only one step later, so h1 → y exists and y → h2 would close a loop...
    assert H2 in recurrent_targets(net, Y) and Y in recurrent_targets(net, Y)
    # ...while h2 → h1, which no ordinary path joins, is an ordinary target.
    assert H1 in valid_targets(net, H2) and H1 not in recurrent_targets(net, H2)
    assert X1 not in recurrent_targets(net, Y)


def _recurrent_edge(window) -> int:
    net = window.document.network
    window.dialogs.answer = QMessageBox.StandardButton.Yes
    drag(window.view, port_pos(window, Y), neuron_pos(window, H1))
    return net.find_connection(Y, H1).id


def test_recurrent_edges_are_curves_one_can_pick(window):
    cid = _recurrent_edge(window)
    edges = window.scene.edges
    assert edges.loops is not None and edges.row_of[cid] in edges.loops.rows.tolist()
    assert all(edges.row_of[cid] not in g.rows.tolist() for g in edges.groups.values())
    middle = _curve_middle(window, cid)
    # The curve bows away from the straight line y → h1: its middle is off that line.
    a, b = neuron_pos(window, Y), neuron_pos(window, H1)
    straight_middle = (a + b) / 2
    assert abs(middle.y() - straight_middle.y()) > 20
    assert window.scene.connection_at(middle, 3.0) == cid
    assert "previous time step" in window.scene.tooltip_at(middle, 3.0)
    QTest.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, viewport_point(window.view, middle))
    assert window.scene.selected_connection_ids() == [cid]


def test_curves_are_painted_with_their_mark(window, tmp_path):
    cid = _recurrent_edge(window)
    window.document.network.update_connections({cid: {"weight": 2.0}})
    window.scene.render_ready()
    image = window.view.viewport().grab().toImage()
    middle = viewport_point(window.view, _curve_middle(window, cid))
    # The "t−1" pill sits on the curve's middle: white with dark text, not the background.
    colors = {QColor(image.pixel(middle + QPoint(dx, dy))).name()
              for dx in range(-8, 9) for dy in range(-5, 6)}
    image.save("/tmp/i18ui_recurrent.png")
    assert "#ffffff" in colors and len(colors) > 3


def test_moving_a_neuron_moves_its_curve(window):
    cid = _recurrent_edge(window)
    before = _curve_middle(window, cid)
    window.document.network.update_neurons({H1: {"y": neuron_pos(window, H1).y() + 80}})
    after = _curve_middle(window, cid)
    assert after != before


def test_recurrent_toggle_in_the_inspector_is_undoable(window):
    net = window.document.network
    cid = net.find_connection(H1, Y).id
    window.scene.select((), [cid])
    box = window.properties.connection_recurrent
    assert not box.isChecked()
    box.click()
    assert net.connections[cid].recurrent
    edges = window.scene.edges
    assert edges.row_of[cid] in edges.loops.rows.tolist()
    window.undo_stack.undo()
    assert not net.connections[cid].recurrent
    assert edges.row_of[cid] not in edges.loops.rows.tolist()
    assert not window.properties.connection_recurrent.isChecked()


def test_a_loop_closing_edge_must_stay_recurrent(window):
    cid = _recurrent_edge(window)
    window.scene.select((), [cid])
    box = window.properties.connection_recurrent
    assert box.isChecked()
    box.click()
    net = window.document.network
    assert net.connections[cid].recurrent
    assert "must stay recurrent" in window.properties.message.text()
    assert box.isChecked()


def test_context_menu_toggles_recurrent(window):
    net = window.document.network
    cid = net.find_connection(H2, Y).id
    menu = window.view.connection_menu([cid])
    (toggle,) = [a for a in menu.actions() if a.isCheckable()]
    assert not toggle.isChecked()
    assert window.delete_action in menu.actions()
    toggle.trigger()
    assert net.connections[cid].recurrent
    assert window.undo_stack.count() == 1
    menu.deleteLater()


def test_gradient_colouring_reaches_recurrent_edges(window):
    cid = _recurrent_edge(window)
    edges = window.scene.edges
    edges.set_coloring(GradientColoring())
    ids = tuple(sorted(window.document.network.connections))
    small = np.full(len(ids), 1e-6)
    edges.set_values(ids, small)
    row = edges.row_of[cid]
    quiet = int(edges.rows.bucket[row])
    big = small.copy()
    big[ids.index(cid)] = 10.0
    edges.set_values(ids, big)
    assert int(edges.rows.bucket[row]) != quiet


def test_duplicating_keeps_connections_recurrent(window):
    net = window.document.network
    net.connect(H1, H1, 0.7, recurrent=True)
    window.scene.select([H1, Y])
    before = set(net.connections)
    assert window.editor.duplicate()
    new = [net.connections[c] for c in set(net.connections) - before]
    loop = [c for c in new if c.source == c.target]
    assert len(loop) == 1 and loop[0].recurrent and loop[0].weight == 0.7
    assert [c.recurrent for c in new if c.source != c.target] == [False]
