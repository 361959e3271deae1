"""X-ray ▸ Unrolled in Time: copies per step, walking through time, the engine's numbers."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from bpstudio.engine.plan import compile_network
from bpstudio.engine.sequence import SequenceEngine
from bpstudio.formats.bpnet import ProjectInfo
from bpstudio.ui.document.file_actions import Document
from bpstudio.ui.xray.unrolled_scene import BACKWARD_FILL, DELTA_COLOR, FORWARD_FILL
from bpstudio.workflow import prepare_training
from tests.ui.recurrent_networks import elman


@pytest.fixture
def unrolled(window, qtbot):
    window.set_document(Document(elman(hidden=2, length=4), ProjectInfo("elman")))
    xray = window.xray
    xray.show_dock(xray.unrolled_dock)
    view = xray.unrolled
    qtbot.waitUntil(lambda: view.unrolled is not None, timeout=10_000)
    return view


def _fills(view) -> list[str]:
    return [frame.brush().color().name() for frame in view.scene.frames]


def test_one_copy_per_step_and_recurrent_edges_between_copies(unrolled, window):
    network = window.document.network
    steps = unrolled.unrolled.length
    assert steps == 4 and len(unrolled.scene.frames) == 4
    assert len(unrolled.scene.neurons) == 4 * len(network.neurons)
    recurrent = sum(c.recurrent for c in network.connections.values())
    # a recurrent edge joins copy t − 1 to copy t: (T − 1) curves per recurrent connection
    assert len(unrolled.scene.recurrent_items) == recurrent * (steps - 1)
    assert sorted({t for t, _ in unrolled.scene.recurrent_items}) == [1, 2, 3]


def test_forward_then_backward_walk_through_time(unrolled, qtbot):
    view = unrolled
    view.view.setFocus()
    qtbot.waitUntil(view.view.hasFocus)
    QTest.keyClick(view.view, Qt.Key.Key_Right)
    assert _fills(view)[0] == FORWARD_FILL.name()
    for _ in range(3):
        view.forward()
    assert _fills(view)[3] == FORWARD_FILL.name()
    view.forward()                                      # then the loss
    assert "Loss" in view.status.text()
    view.backward()
    assert _fills(view)[3] == BACKWARD_FILL.name()
    QTest.keyClick(view.view, Qt.Key.Key_Left)
    assert _fills(view)[2] == BACKWARD_FILL.name()
    flowing = [item for t, item in view.scene.recurrent_items
               if item.pen().color() == DELTA_COLOR]
    assert flowing and all(t == 3 for t, item in view.scene.recurrent_items
                           if item.pen().color() == DELTA_COLOR)
    hidden = view.chosen[0]
    assert view.chosen == (hidden, 2)
    text = view.chain.toPlainText()
    assert "from step 2" in text and "from step 3" in text


def test_backward_before_the_forward_pass_says_so(unrolled):
    unrolled.backward()
    assert "forward pass first" in unrolled.status.text()
    assert unrolled.step == -1


def test_the_unrolled_numbers_equal_the_engines(unrolled, window):
    unrolled.run_all()
    network = window.document.network
    prepared = prepare_training(network, None, dtype="float64")
    data = prepared.data
    plan = compile_network(network, dtype="float64")
    run = SequenceEngine(plan, data.steps).unroll(data.x_train[0], data.y_train[0])
    for (nid, t), text in unrolled.scene.values.items():
        col = run.neuron_ids.index(nid)
        assert f"a {float(run.activations[t, col]):.3g}".replace("-", "−")[:5] in \
            text.text().replace("-", "−")
    hidden = [n.id for n in network.neurons.values() if n.role == "hidden"]
    for t in range(4):
        unrolled.choose(hidden[1], t)
        chain = unrolled.unrolled.chain(hidden[1], t)
        col = run.neuron_ids.index(hidden[1])
        assert chain[0].value == pytest.approx(run.grad_a[t, col], abs=1e-12)
        assert chain[2].value == pytest.approx(run.grad_a_next[t, col], abs=1e-12)
        assert chain[-1].value == pytest.approx(run.delta[t, col], abs=1e-12)
        assert f"{chain[-1].value:.4g}".replace("-", "−") in unrolled.chain.toPlainText()


def test_clicking_a_neuron_chooses_it_and_its_step(unrolled, qtbot):
    unrolled.run_all()
    view = unrolled.view
    (nid, t), item = next(((k, item) for k, item in unrolled.scene.neurons.items()
                           if k[1] == 1 and k[0] not in unrolled.unrolled.inputs))
    view.centerOn(item)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     view.mapFromScene(item.scenePos()))
    assert unrolled.chosen == (nid, 1)
    assert "t = 1" in unrolled.chain.toPlainText()


def test_weight_edits_recompute_and_sequences_switch(unrolled, window):
    before = unrolled.unrolled.run.activations.copy()
    network = window.document.network
    cid = next(c.id for c in network.connections.values() if c.recurrent)
    window.editor.set_connection_properties({cid: {"weight": 2.5}})
    assert not np.allclose(unrolled.unrolled.run.activations, before)
    unrolled.sequence.setValue(3)
    assert "sequence 3 of" in unrolled.title.text()


def test_feed_forward_networks_are_sent_to_step_mode(window):
    xray = window.xray
    xray.show_dock(xray.unrolled_dock)
    assert "no recurrent connection" in xray.unrolled.status.text()
    assert not xray.unrolled.forward_button.isEnabled()


@pytest.mark.slow
def test_readme_picture_shows_the_walk_back_through_time(tmp_path, qtbot):
    from PySide6.QtGui import QImage

    from bpstudio.ui.xray.unrolled_screenshot import render_unrolled_screenshot

    out = render_unrolled_screenshot(tmp_path / "unrolled.png", (1400, 950))
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1400, 950)
    pink = sum(1 for y in range(0, 950, 3) for x in range(0, 1400, 3)
               if image.pixelColor(x, y).rgb() == BACKWARD_FILL.rgb())
    assert pink > 500          # the copy backpropagation has reached is drawn
