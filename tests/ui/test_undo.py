"""Undo/redo: every edit is one step and undoing everything gives back the exact network."""

from __future__ import annotations

import random

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QInputDialog

from bpstudio.model.settings import ACTIVATIONS
from bpstudio.ui.document.placement import is_clear, obstacles
from tests.ui.conftest import xor_network


def _random_edit(window, rng: random.Random) -> None:
    """One edit of a random kind, through the same controller the GUI uses."""
    net, editor, scene = window.document.network, window.editor, window.scene
    ids = sorted(net.neurons)
    kind = rng.choice(["add", "add", "layer", "connect", "connect", "delete", "move",
                       "props", "weight", "paste", "fully", "insert", "layout", "del_edge"])
    if kind == "add" or not ids:
        editor.add_neurons(rng.choice(["input", "hidden", "output"]), 1,
                           QPointF(rng.uniform(-300, 600), rng.uniform(-300, 300)))
    elif kind == "layer":
        editor.add_neurons("hidden", rng.randint(2, 4),
                           QPointF(rng.uniform(-300, 600), rng.uniform(-300, 300)))
    elif kind == "connect":
        editor.connect(rng.choice(ids), rng.choice(ids))     # may be refused: that is fine
    elif kind == "delete":
        scene.select(rng.sample(ids, min(len(ids), rng.randint(1, 2))))
        editor.delete_selection()
    elif kind == "del_edge" and net.connections:
        scene.select((), [rng.choice(sorted(net.connections))])
        editor.delete_selection()
    elif kind == "move":
        chosen = rng.sample(ids, min(len(ids), 3))
        old = {n: (net.neurons[n].x, net.neurons[n].y) for n in chosen}
        dx, dy = rng.uniform(-50, 50), rng.uniform(-50, 50)
        editor.move(old, {n: (x + dx, y + dy) for n, (x, y) in old.items()})
    elif kind == "props":
        nid = rng.choice(ids)
        field = rng.choice(["label", "role", "activation", "bias", "frozen"])
        value = {"label": f"n{rng.randint(0, 99)}",
                 "role": rng.choice(["input", "hidden", "output"]),
                 "activation": rng.choice([a for a in ACTIVATIONS if a != "softmax"]),
                 "bias": round(rng.uniform(-2, 2), 3), "frozen": rng.random() < 0.5}[field]
        editor.set_neuron_properties({nid: {field: value}})
    elif kind == "weight" and net.connections:
        cid = rng.choice(sorted(net.connections))
        editor.set_connection_properties({cid: {"weight": round(rng.uniform(-3, 3), 3),
                                                "frozen": rng.random() < 0.3}})
    elif kind == "paste":
        scene.select(rng.sample(ids, min(len(ids), 3)))
        editor.duplicate()
    elif kind in ("fully", "insert"):
        columns = sorted({round(net.neurons[n].x) for n in ids})
        if len(columns) >= 2:
            left, right = rng.sample(columns, 2)
            scene.select([n for n in ids if round(net.neurons[n].x) in (left, right)])
            if kind == "fully":
                editor.fully_connect_selection()
            else:
                editor.insert_layer(rng.randint(1, 3))
    elif kind == "layout":
        editor.auto_layout()


@pytest.mark.slow
def test_random_200_edits_undo_to_start_and_redo_to_end(window):
    net = window.document.network
    original = net.snapshot()
    rng = random.Random(20240501)
    stack = window.undo_stack
    for _ in range(200):
        _random_edit(window, rng)
    assert stack.count() > 100     # most edits were accepted
    edited = net.snapshot()
    while stack.canUndo():
        stack.undo()
    assert net.snapshot() == original
    # The scene follows: one item per neuron, at the model's position.
    assert set(window.scene.items_by_id) == set(net.neurons)
    while stack.canRedo():
        stack.redo()
    assert net.snapshot() == edited
    assert set(window.scene.edges.row_of) == set(net.connections)
    for nid, item in window.scene.items_by_id.items():
        assert (item.pos().x(), item.pos().y()) == (net.neurons[nid].x, net.neurons[nid].y)


def test_undo_of_delete_restores_ids_and_properties(window):
    net = window.document.network
    net.update_neurons({3: {"label": "h", "bias": 0.75, "frozen": True}})
    before = net.snapshot()
    window.scene.select([3])
    window.editor.delete_selection()
    assert 3 not in net.neurons and len(net.connections) == 3
    window.undo_stack.undo()
    assert net.snapshot() == before


def test_fully_connect_selected_columns_is_one_step(window):
    net = window.document.network
    window.editor.add_neurons("hidden", 3, QPointF(480, 0))
    new = window.scene.selected_neuron_ids()
    window.scene.select([3, 4] + new)
    count = window.undo_stack.count()
    assert window.editor.fully_connect_selection()
    assert window.undo_stack.count() == count + 1
    assert all(net.find_connection(s, t) for s in (3, 4) for t in new)
    window.undo_stack.undo()
    assert not any(net.find_connection(s, t) for s in (3, 4) for t in new)


def test_insert_layer_between_columns(window, monkeypatch):
    net = window.document.network
    original = net.snapshot()
    monkeypatch.setattr(QInputDialog, "getInt", lambda *a, **k: (4, True))
    window.scene.select([3, 4, 5])
    window.insert_layer_action.trigger()
    assert window.undo_stack.count() == 1
    assert net.find_connection(3, 5) is None
    new = [n for n in net.neurons if n > 5]
    assert len(new) == 4
    assert all(net.find_connection(h, n) for h in (3, 4) for n in new)
    assert all(net.find_connection(n, 5) for n in new)
    assert net.neurons[5].x > max(net.neurons[n].x for n in new)
    window.undo_stack.undo()
    assert net.snapshot() == original


def test_copy_paste_brings_inner_connections(window):
    net = window.document.network
    window.scene.select([1, 3])
    assert window.editor.copy()
    assert window.editor.paste()
    pasted = window.scene.selected_neuron_ids()
    assert len(pasted) == 2
    a, b = pasted
    assert net.find_connection(a, b) is not None
    assert net.find_connection(a, b).weight == net.find_connection(1, 3).weight
    assert len(net.connections) == 7
    assert net.neurons[a].x > net.neurons[1].x and _clear_of_the_rest(net, [a, b])


def _clear_of_the_rest(net, new_ids) -> bool:
    """Every neuron in ``new_ids`` keeps its distance from the other neurons and from
    every connection not touching it."""
    others = net.copy()
    others.remove_neurons(new_ids)
    spots = np.array([(net.neurons[n].x, net.neurons[n].y) for n in new_ids])
    return is_clear(spots, *obstacles(others))


def test_consecutive_pastes_and_duplicates_land_clear_of_everything(window):
    """Copies landed on neurons and across edges (issue 10 §4)."""
    net = window.document.network
    window.scene.select([1])
    window.editor.copy()
    spots = []
    for _ in range(3):
        window.editor.paste()
        (new,) = window.scene.selected_neuron_ids()
        assert _clear_of_the_rest(net, [new])
        spots.append((net.neurons[new].x, net.neurons[new].y))
    assert len(set(spots)) == 3 and all(x > net.neurons[1].x for x, _ in spots)
    window.undo_stack.undo()
    window.editor.paste()                      # the spot the undone paste left free
    (new,) = window.scene.selected_neuron_ids()
    assert (net.neurons[new].x, net.neurons[new].y) == spots[-1]
    # Duplicating the same original twice does not stack either …
    window.scene.select([2])
    window.editor.duplicate()
    (first,) = window.scene.selected_neuron_ids()
    window.scene.select([2])
    window.editor.duplicate()
    (second,) = window.scene.selected_neuron_ids()
    assert _clear_of_the_rest(net, [first]) and _clear_of_the_rest(net, [second])
    # … and a duplicate of a whole layer with its edges lands clear of it.
    window.scene.select([3, 4])
    window.editor.duplicate()
    assert _clear_of_the_rest(net, window.scene.selected_neuron_ids())


def test_paste_lands_at_the_cursor_when_it_is_free(window):
    net = window.document.network
    window.scene.select([3, 4])
    window.editor.copy()
    assert window.editor.paste(QPointF(500, 400))
    a, b = sorted(window.scene.selected_neuron_ids())
    centre = ((net.neurons[a].x + net.neurons[b].x) / 2, (net.neurons[a].y + net.neurons[b].y) / 2)
    assert centre == (500, 400)
    # Over a neuron the copies move on to the first clear spot past it.
    assert window.editor.paste(QPointF(net.neurons[1].x, net.neurons[1].y))
    assert _clear_of_the_rest(net, window.scene.selected_neuron_ids())


def test_auto_layout_is_one_step_and_orders_by_depth(window):
    net = window.document.network
    window.editor.move({5: (net.neurons[5].x, net.neurons[5].y)}, {5: (-500.0, 300.0)})
    window.editor.auto_layout()
    assert net.neurons[1].x < net.neurons[3].x < net.neurons[5].x
    assert window.undo_stack.undoText() == "Auto-layout"
    window.undo_stack.undo()
    assert (net.neurons[5].x, net.neurons[5].y) == (-500.0, 300.0)


def test_history_view_lists_the_steps(window):
    window.editor.add_neurons("hidden", 1, QPointF(0, 300))
    window.editor.auto_layout()
    model = window.history.model()
    # The first row is the clean "Opened" state, then one row per command.
    assert model.rowCount() == 3
    assert model.index(2, 0).data() == "Auto-layout"


def test_xor_helper_is_valid():
    assert len(xor_network().connections) == 6


def test_deleting_every_connection_and_undoing(window):
    net = window.document.network
    before = net.snapshot()
    window.scene.select((), sorted(net.connections))
    window.editor.delete_selection()
    assert not net.connections and not window.scene.edges.groups
    window.undo_stack.undo()
    assert net.snapshot() == before
    assert len(window.scene.edges.groups) == 2


def test_ctrl_z_from_a_dock_field_undoes_the_document(window, qtbot):
    """A focused Properties or Training field swallowed Ctrl+Z (issue 10 §4): the field is
    committed, then the document's last step is undone; Ctrl+Shift+Z redoes it."""
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtTest import QTest

    window.activateWindow()                      # shortcuts go to the active window
    qtbot.waitUntil(window.isActiveWindow)
    net = window.document.network
    window.editor.add_neurons("hidden", 1, QPointF(0, 300))
    added = max(net.neurons)
    spin = window.training_panel.editor("batch_size").widget
    window.training_dock.show()
    window.training_dock.raise_()
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus)
    QTest.keyClick(spin, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert added not in net.neurons
    QTest.keyClick(spin, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    assert added in net.neurons
    # A label being typed is committed first, then undone; redo brings it back.
    window.scene.select([added])
    field = window.properties.label_edit
    window.properties_dock.show()
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    field.selectAll()
    QTest.keyClicks(field, "typed")
    QTest.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert net.neurons[added].label == ""
    assert window.undo_stack.redoText().startswith(("Rename", "Set", "Edit", "Change"))
    window.undo_stack.redo()
    assert net.neurons[added].label == "typed"
