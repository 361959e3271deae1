"""Fully connect in two steps: mark a selection as source (A), then connect A → selection."""

from __future__ import annotations


def _status(window) -> str:
    return window.statusBar().currentMessage()


def test_marked_source_connects_to_the_selection_in_one_undo_step(window):
    net = window.document.network
    out = next(n.id for n in net.neurons.values() if n.role == "output")
    new = window.editor.add_neurons("hidden", 3, window.view.mapToScene(0, 0))
    window.mark_source_action.trigger()
    assert window.editor.marked_source == new
    assert "Marked 3 neurons as source (A)" in _status(window)
    window.scene.select([out])
    steps = window.undo_stack.count()
    window.connect_from_source_action.trigger()
    assert {(c.source, c.target) for c in net.incoming(out)} >= {(n, out) for n in new}
    assert window.undo_stack.count() == steps + 1
    assert "Fully connected 3 → 1: 3 new connections" in _status(window)
    window.undo_stack.undo()
    assert not any(c.source in new for c in net.incoming(out))


def test_a_cycle_is_refused_with_its_reason(window):
    net = window.document.network
    out = next(n for n in net.neurons.values() if n.role == "output")
    hidden = [n.id for n in net.neurons.values() if n.role == "hidden"]
    window.scene.select([out.id])
    window.editor.mark_source()
    window.scene.select(hidden)
    count, steps = len(net.connections), window.undo_stack.count()
    assert not window.editor.fully_connect_from_source()
    assert len(net.connections) == count and window.undo_stack.count() == steps
    assert "would make a cycle" in _status(window)
    assert f"already feeds {out.name}" in _status(window)


def test_input_targets_and_missing_marks_are_explained(window):
    net = window.document.network
    inputs = [n.id for n in net.neurons.values() if n.role == "input"]
    window.scene.select(inputs)
    assert not window.editor.fully_connect_from_source()
    assert "Mark the source neurons first" in _status(window)
    new = window.editor.add_neurons("hidden", 2, window.view.mapToScene(0, 0))
    window.editor.mark_source()
    window.scene.select(inputs)
    assert not window.editor.fully_connect_from_source()
    assert "inputs take data" in _status(window)
    window.scene.select(new)          # only the marked neurons themselves: nothing to do
    assert not window.editor.fully_connect_from_source()
    assert "Select the neurons to connect the 2 marked neurons to" in _status(window)


def test_the_actions_are_in_the_edit_menu(window):
    edit = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Edit")
    assert window.mark_source_action in edit.actions()
    assert window.connect_from_source_action in edit.actions()
