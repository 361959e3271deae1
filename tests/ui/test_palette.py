"""The palette's "layer of N" tile makes layers of any role, through the drop path."""

from __future__ import annotations

from PySide6.QtCore import QPointF

from bpstudio.model.network import DEFAULT_ACTIVATION
from bpstudio.ui.document.mime import palette_mime, parse_palette_mime
from tests.ui.test_gestures import _drop


def _drop_layer(window, role: str, count: int, at: QPointF) -> list[int]:
    palette = window.palette
    palette.layer_role.setCurrentText(role)
    palette.layer_size.setValue(count)
    entry = palette.layer_tile.entry()
    assert parse_palette_mime(palette_mime(entry)) == entry   # what a drag carries
    before = set(window.document.network.neurons)
    _drop(window.view, entry, at)
    return sorted(set(window.document.network.neurons) - before)


def test_input_and_output_layers_from_the_palette(window):
    net = window.document.network
    inputs = _drop_layer(window, "input", 6, QPointF(-300, 0))
    outputs = _drop_layer(window, "output", 4, QPointF(600, 0))
    assert len(inputs) == 6 and {net.neurons[i].role for i in inputs} == {"input"}
    assert {net.neurons[i].activation for i in inputs} == {"identity"}
    assert len(outputs) == 4 and {net.neurons[i].role for i in outputs} == {"output"}
    # The same default a single output neuron from the palette gets.
    single = _drop_layer(window, "output", 2, QPointF(600, 300))
    assert {net.neurons[i].activation for i in outputs + single} == {
        DEFAULT_ACTIVATION["output"]}
    assert window.undo_stack.count() == 3


def test_the_layer_tile_shows_its_role(window):
    palette = window.palette
    palette.set_layer("output", 10)
    assert palette.layer_tile.title.text() == "Layer of 10 output neurons"
    assert palette.layer_tile.entry().role == "output"
