"""Auto-layout with decision-map thumbnails shown: no map over a neuron, a map or an
edge on small networks, and every map inside "fit to view" (issue 10 §4)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, QRectF

from bpstudio.formats.bpnet import ProjectInfo
from bpstudio.model.builders import layered
from bpstudio.model.network import Network
from bpstudio.model.settings import DatasetSpec
from bpstudio.ui.canvas import style
from bpstudio.ui.document.file_actions import Document, read_example
from bpstudio.ui.document.layout import ROW_SPACING, auto_layout
from bpstudio.ui.visuals.thumbnails import ThumbnailItem
from bpstudio.workflow import initialize
from tests.ui.test_visuals_support import Run, attach_fake

R = style.NEURON_RADIUS


def _xor_plus_one() -> Network:
    """The issue's case: the XOR example with a third hidden neuron drawn in."""
    network = read_example("xor").network
    extra = network.add_neuron("hidden", activation="sigmoid")
    for source, target, weight in ((1, extra.id, 0.3), (2, extra.id, -0.4),
                                   (extra.id, 5, 0.5)):
        network.connect(source, target, weight)
    return network


def _layered(sizes: list[int]) -> Network:
    network = layered(sizes)
    network.set_settings(dataset=DatasetSpec("xor", samples=40))
    initialize(network)
    return network


def _laid_out_maps(qtbot, window, network: Network) -> dict[int, QRectF]:
    """Open ``network``, show its maps, auto-layout, redraw; each map's scene rect."""
    window.set_document(Document(network, ProjectInfo("t")))
    fake = attach_fake(window)
    thumbs = window.visuals.thumbnails
    fake.publish(Run(network).train(3).state())
    qtbot.waitUntil(lambda: bool(thumbs.items))
    assert window.editor.auto_layout()
    updates = thumbs.updates
    fake.publish(Run(network).train(3).state())
    qtbot.waitUntil(lambda: thumbs.updates > updates)
    return {nid: item.sceneBoundingRect() for nid, item in thumbs.items.items()}


def _crosses(box: QRectF, a: QPointF, b: QPointF) -> bool:
    return any(box.contains(a + (b - a) * (k / 60)) for k in range(61))


@pytest.mark.parametrize("build", [_xor_plus_one, lambda: _layered([2, 4, 1]),
                                   lambda: _layered([2, 3, 3, 1])],
                         ids=["xor+1", "2-4-1", "2-3-3-1"])
def test_auto_layout_leaves_every_map_a_clear_spot(qtbot, window, build):
    network = build()
    maps = _laid_out_maps(qtbot, window, network)
    assert len(maps) == sum(n.role == "hidden" for n in network.neurons.values())
    for nid, box in maps.items():
        for other in network.neurons.values():          # no map over a neuron's body
            body = QRectF(other.x - R, other.y - R, 2 * R, 2 * R)
            assert not box.intersects(body), (nid, other.id)
        for oid, other_box in maps.items():              # nor over another map
            assert oid == nid or not box.intersects(other_box), (nid, oid)
        for c in network.connections.values():           # nor over an edge
            a, b = network.neurons[c.source], network.neurons[c.target]
            assert not _crosses(box, QPointF(a.x + R, a.y), QPointF(b.x, b.y)), (nid, c.id)
    # Fit to view shows every map whole (the top one was cut at the canvas's edge).
    window.view.fit_to_view()
    shown = window.view.mapToScene(window.view.viewport().rect()).boundingRect()
    assert all(shown.contains(box) for box in maps.values())


def test_maps_in_a_dense_column_cover_no_neuron_and_no_other_map(qtbot, window):
    network = _layered([2, 8, 8, 1])
    maps = _laid_out_maps(qtbot, window, network)
    for nid, box in maps.items():
        for other in network.neurons.values():
            assert not box.intersects(QRectF(other.x - R, other.y - R, 2 * R, 2 * R))
        assert not any(box.intersects(b) for oid, b in maps.items() if oid != nid)
    assert not [i for i in window.scene.items()
                if isinstance(i, ThumbnailItem) and i.data(0) == "left"]


def test_auto_layout_spaces_hidden_columns_only_when_asked():
    network = layered([2, 3, 1])
    plain = auto_layout(network)
    roomy = auto_layout(network, hidden_spacing=90.0)
    hidden = sorted((n for n in network.neurons.values() if n.role == "hidden"),
                    key=lambda n: n.y)
    ys = [plain[n.id][1] for n in hidden]
    assert ys[1] - ys[0] == ROW_SPACING
    ys = [roomy[n.id][1] for n in hidden]
    assert ys[1] - ys[0] == 90.0
    inputs = [roomy[n.id][1] for n in network.neurons.values() if n.role == "input"]
    assert abs(inputs[1] - inputs[0]) == ROW_SPACING


def test_the_window_lays_out_for_the_maps_it_shows(qtbot, window):
    thumbs = window.visuals.thumbnails
    window.visuals.thumbnails_action.setChecked(False)
    assert window.editor.hidden_spacing() == 0.0
    window.visuals.thumbnails_action.setChecked(True)
    network = _layered([2, 3, 1])
    _laid_out_maps(qtbot, window, network)
    assert thumbs.items and window.editor.hidden_spacing() > ROW_SPACING
