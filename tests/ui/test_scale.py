"""A 784-128-10 network built with "layer of N" and "fully connect" stays usable."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QImage, QPainter

from bpstudio.ui.canvas.edge_group import EdgeGroupItem
from bpstudio.ui.document import layout


@pytest.mark.slow
def test_mnist_sized_network_builds_and_paints(window):
    window.files.new()
    editor, scene, view = window.editor, window.scene, window.view
    columns, left = [], 0.0
    for role, count in (("input", 784), ("hidden", 128), ("output", 10)):
        width = layout.block_width(count)
        columns.append(editor.add_neurons(role, count, QPointF(left + width / 2, 0)))
        left += width + layout.LAYER_GAP
    scene.select(columns[0] + columns[1] + columns[2])
    assert editor.fully_connect_selection()
    net = window.document.network
    assert len(net.connections) == 784 * 128 + 128 * 10
    # Few items: one per neuron plus one per edge group, never one per connection.
    groups = [i for i in scene.items() if isinstance(i, EdgeGroupItem)]
    assert len(groups) == 2
    view.fit_to_view()
    image = QImage(view.viewport().size(), QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    view.render(painter)          # build and paint times: bench/bench_canvas.py
    painter.end()
    assert {g.last_mode for g in groups} >= {"bundle"}
    # Hit-testing a single edge still works among 100k: the tooltip names one.
    c = net.connections[max(net.connections)]     # hidden → output: open space
    a, b = net.neurons[c.source], net.neurons[c.target]
    middle = QPointF((a.x + b.x) / 2, (a.y + b.y) / 2)
    assert scene.connection_at(middle, 4.0) is not None
    assert "weight" in scene.tooltip_at(middle, 4.0)
    # One undo removes all 100k edges; the scene follows.
    window.undo_stack.undo()
    assert not net.connections and not scene.edges.groups
