"""The properties panel edits through the undo stack and rejects invalid values."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest


def _type_into(field, text: str) -> None:
    field.setFocus()
    field.selectAll()
    QTest.keyClicks(field, text)
    QTest.keyClick(field, Qt.Key.Key_Return)


def test_bias_edit_is_an_undoable_command(window):
    net = window.document.network
    window.scene.select([3])
    panel = window.properties
    assert panel.pages.currentWidget() is panel.neuron_page
    _type_into(panel.bias_edit, "0.75")
    assert net.neurons[3].bias == 0.75
    assert window.undo_stack.count() == 1
    window.undo_stack.undo()
    assert net.neurons[3].bias == 0.0
    assert panel.bias_edit.text() == "0"


def test_invalid_bias_is_rejected_in_the_field(window):
    net = window.document.network
    window.scene.select([3])
    panel = window.properties
    _type_into(panel.bias_edit, "abc")
    assert net.neurons[3].bias == 0.0
    assert window.undo_stack.count() == 0
    assert "bias must be a number" in panel.bias_error.text()
    assert not panel.bias_error.isHidden()
    assert panel.bias_edit.property("invalid") is True
    _type_into(panel.bias_edit, "inf")
    assert "finite" in panel.bias_error.text()
    _type_into(panel.bias_edit, "-1.5")
    assert net.neurons[3].bias == -1.5
    assert panel.bias_error.isHidden()


def test_activation_of_all_selected(window):
    net = window.document.network
    window.scene.select([3, 4, 5])
    panel = window.properties
    index = panel.activation_combo.findText("tanh")
    panel.activation_combo.setCurrentIndex(index)
    panel.activation_combo.activated.emit(index)
    assert {net.neurons[n].activation for n in (3, 4, 5)} == {"tanh"}
    assert window.undo_stack.count() == 1
    window.undo_stack.undo()
    assert {net.neurons[n].activation for n in (3, 4, 5)} == {"sigmoid"}


def test_select_all_then_activation_and_bias_leave_the_inputs_alone(window):
    net = window.document.network
    QTest.keyClick(window.view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert window.scene.selected_neuron_ids() == sorted(net.neurons)
    panel = window.properties
    inputs = [n.id for n in net.inputs()]
    others = [n for n in net.neurons if n not in inputs]
    assert panel.activation_combo.isEnabled() and panel.bias_edit.isEnabled()
    assert panel.activation_combo.currentText() == "sigmoid"    # what the non-inputs have
    assert "apply to the 3 non-input neurons" in panel.activation_combo.toolTip()
    assert not panel.inputs_note.isHidden()
    index = panel.activation_combo.findText("tanh")
    panel.activation_combo.setCurrentIndex(index)
    panel.activation_combo.activated.emit(index)
    _type_into(panel.bias_edit, "0.5")
    assert {net.neurons[n].activation for n in inputs} == {"identity"}
    assert {net.neurons[n].bias for n in inputs} == {0.0}
    assert {net.neurons[n].activation for n in others} == {"tanh"}
    assert {net.neurons[n].bias for n in others} == {0.5}
    assert window.undo_stack.count() == 2
    assert "Set bias of 3 neurons" in window.statusBar().currentMessage()
    window.scene.select(inputs)
    assert not panel.activation_combo.isEnabled() and panel.inputs_note.isHidden()


def test_refused_role_change_shows_the_reason(window):
    net = window.document.network
    window.scene.select([3])
    panel = window.properties
    index = panel.role_combo.findText("input")
    panel.role_combo.setCurrentIndex(index)
    panel.role_combo.activated.emit(index)
    assert net.neurons[3].role == "hidden"
    assert "incoming connections" in panel.message.text()
    assert panel.role_combo.currentText() == "hidden"


def test_label_and_frozen(window):
    net = window.document.network
    window.scene.select([4])
    panel = window.properties
    _type_into(panel.label_edit, "h2")
    panel.neuron_frozen.click()
    assert net.neurons[4].label == "h2" and net.neurons[4].frozen
    assert window.scene.neuron_item(4).frozen
    assert window.undo_stack.count() == 2


def test_connection_weight_edit(window):
    net = window.document.network
    cid = net.find_connection(3, 5).id
    window.scene.select((), [cid])
    panel = window.properties
    assert panel.pages.currentWidget() is panel.connection_page
    _type_into(panel.weight_edit, "-2.5")
    assert net.connections[cid].weight == -2.5
    panel.connection_frozen.click()
    assert net.connections[cid].frozen
    window.undo_stack.undo()
    window.undo_stack.undo()
    assert net.connections[cid].weight != -2.5 and not net.connections[cid].frozen


def test_problems_list_selects_the_neurons_involved(window):
    net = window.document.network
    window.editor.add_neurons("hidden", 1, window.view.mapToScene(0, 0))
    window.refresh_problems()
    lst = window.problems.list
    texts = [lst.item(i).text() for i in range(lst.count())]
    assert any("does not feed any output" in t for t in texts)
    row = next(i for i, t in enumerate(texts) if "does not feed" in t)
    window.scene.select([])
    rect = lst.visualItemRect(lst.item(row))
    QTest.mouseClick(lst.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     rect.center())
    assert window.scene.selected_neuron_ids() == [max(net.neurons)]


def test_problems_refresh_after_edits(window, qtbot):
    window.editor.add_neurons("hidden", 1, window.view.mapToScene(0, 0))
    with qtbot.waitSignal(window.problems.counts_changed, timeout=15_000):
        pass
    assert window.problems.problems
