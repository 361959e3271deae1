"""A recurrent network in the window (issue 18, the core's side): it trains on sequences
through the real controller, the visuals follow without errors, and the X-ray's one-step
pass is the first step of the chosen sequence."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from bpstudio.ui.visuals.boundary import plane_kind
from tests.ui.test_visuals_support import open_example


@pytest.mark.slow
def test_the_parity_example_trains_in_the_window_with_every_visual(qtbot, window):
    open_example(window, "parity")
    visuals, training = window.visuals, window.training
    visuals.edge_actions["gradient"].trigger()
    visuals.fill_actions["activation"].trigger()
    with qtbot.waitSignal(training.state_changed, timeout=60_000,
                          check_params_cb=lambda state: state == "finished"):
        assert training.start()
    qtbot.waitUntil(lambda: not any(t.pending() for t in visuals.throttles()), timeout=20_000)
    progress = training.view_state().progress
    assert progress.test_metric >= 0.95
    assert plane_kind(training.view_state().dataset) == "none"   # no map over one input
    assert "scored steps" in visuals.digits.summary.text()
    training.shutdown()


def test_the_xray_traces_the_first_step_of_a_sequence(qtbot, window):
    open_example(window, "parity")
    window.view.setFocus()
    session = window.xray.session
    assert session.describe_samples().startswith("sequence 1 of 225, its first step: bit = ")
    QTest.keyClick(window.view, Qt.Key.Key_X)
    assert window.xray.step.active
    for _ in range(len(session.values().order) + 1):
        QTest.keyClick(window.view, Qt.Key.Key_Right)
    assert window.xray.step.visible().loss is not None


def test_duplicating_neurons_keeps_their_recurrent_connections(window):
    open_example(window, "parity")
    network = window.document.network
    hidden = sorted(n.id for n in network.neurons.values() if n.role == "hidden")
    before = set(network.connections)
    window.scene.select(hidden)
    window.editor.duplicate()
    copied = [network.connections[c] for c in set(network.connections) - before]
    assert len(copied) == 16 and all(c.recurrent for c in copied)   # 4 × 4, self-loops too
    assert sum(c.source == c.target for c in copied) == 4
