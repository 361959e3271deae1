"""Many pen/position updates on items: guards the PySide6 6.12.0 None-refcount crash."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QGraphicsLineItem, QGraphicsScene

from bpstudio.model.builders import layered
from bpstudio.ui.canvas.scene import NetworkScene


@pytest.mark.slow
def test_100k_pen_and_position_updates_do_not_crash(qtbot):
    scene = QGraphicsScene()
    lines = [QGraphicsLineItem(0, 0, 10, 10) for _ in range(100)]
    for line in lines:
        scene.addItem(line)
    pens = [QPen(QColor(i * 20 % 255, 80, 160), 1 + i % 3) for i in range(12)]
    for i in range(50_000):      # 2 void calls per round: 100,000 calls
        line = lines[i % 100]
        line.setPen(pens[i % 12])
        line.setPos(i % 97, i % 89)
    assert lines[0].pen().color().isValid()


def test_neuron_moves_through_the_scene(qtbot):
    network = layered([8, 8, 2])
    scene = NetworkScene(network)
    items = list(scene.items_by_id.values())
    for i in range(20_000):
        items[i % len(items)].setPos(QPointF(i % 300, i % 200))
    scene.edges.flush()
    assert scene.edges.groups
    scene.detach()


@pytest.mark.slow
def test_100k_updates_through_the_apps_own_items(qtbot):
    """The same trap through the canvas's items and their public methods: a neuron item
    moved 100,000 times (each move also moves its edges' ends), and edge groups recoloured
    and repainted (their paint sets a pen per colour bucket)."""
    network = layered([8, 8, 2])
    scene = NetworkScene(network)
    hidden = next(n.id for n in network.neurons.values() if n.role == "hidden")
    item = scene.neuron_item(hidden)
    for i in range(100_000):
        item.setPos(QPointF(i % 300, i % 200))
    edges = scene.edges
    last = (99_999 % 300, 99_999 % 200)
    assert tuple(edges.nodes.pos[edges.slot_of[hidden]]) == last   # the edges followed
    edges.flush()
    ids = tuple(sorted(network.connections))
    rng = np.random.default_rng(0)
    items = list(scene.items_by_id.values())
    colors = [QColor(i * 20 % 255, 90, 200 - i * 10) for i in range(12)]
    image = QImage(400, 300, QImage.Format.Format_ARGB32_Premultiplied)
    changed = 0
    for i in range(1_500):
        changed += edges.set_values(ids, rng.normal(size=len(ids)) * 10.0 ** (i % 5 - 2))
        for k, neuron in enumerate(items):
            neuron.set_fill(colors[(i + k) % len(colors)])
        if i % 100 == 0:
            painter = QPainter(image)
            scene.render(painter)
            painter.end()
    assert changed > 0 and edges.use_values
    edges.clear_values()
    assert items[0].fill_override is not None
    scene.detach()
