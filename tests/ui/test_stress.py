"""Many pen/position updates on items: guards the PySide6 6.12.0 None-refcount crash."""

from __future__ import annotations

from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QGraphicsLineItem, QGraphicsScene

from bpstudio.model.builders import layered
from bpstudio.ui.canvas.scene import NetworkScene


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
