"""The visuals follow the real TrainingController while it trains XOR and the spiral."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("bpstudio.ui.training.controller")

from tests.ui.test_visuals_support import open_example  # noqa: E402


def _train_to_the_end(qtbot, window, timeout: int = 60_000) -> None:
    training = window.training
    with qtbot.waitSignal(training.state_changed, timeout=timeout,
                          check_params_cb=lambda state: state == "finished"):
        assert training.start()


@pytest.mark.slow
def test_training_the_spiral_updates_every_visual(qtbot, window):
    open_example(window, "spiral")
    visuals, training = window.visuals, window.training
    assert visuals.training is training
    visuals.edge_actions["gradient"].trigger()
    visuals.fill_actions["activation"].trigger()
    # Draws of the window's first document may still be pending: let them land.
    qtbot.waitUntil(lambda: not any(t.pending() for t in visuals.throttles()), timeout=20_000)
    assert visuals.frame is not None and visuals.frame.state.state == "idle"
    assert visuals.frame.state is training.view_state()
    assert len(visuals.thumbnails.items) == 32
    first_map = visuals.boundary.plot.rgb.copy()
    first_thumbs = {n: i.rgb.copy() for n, i in visuals.thumbnails.items.items()}
    plan = visuals.frame.plan
    layer = window.scene.edges
    first_buckets = layer.rows.bucket[layer.rows_for(plan.connection_ids)].copy()
    seen: list[str] = []
    training.view_changed.connect(lambda: seen.append(training.view_state().state))
    _train_to_the_end(qtbot, window)
    assert "running" in seen or "paused" in seen
    qtbot.waitUntil(lambda: not any(t.pending() for t in visuals.throttles()), timeout=20_000)
    state = visuals.frame.state
    assert state is training.view_state()
    # The map now separates the spirals: most training points sit on their class's side.
    panel = visuals.boundary
    assert np.mean(np.any(panel.plot.rgb != first_map, axis=2)) > 0.3
    outputs = visuals.frame.predict(state.dataset.x_train)[:, 0]
    assert np.mean((outputs > state.data.threshold) == (state.dataset.y_train == 1)) > 0.9
    buckets = layer.rows.bucket[layer.rows_for(visuals.frame.plan.connection_ids)]
    assert np.mean(buckets != first_buckets) > 0.2
    changed = sum(not np.array_equal(first_thumbs[n], i.rgb)
                  for n, i in visuals.thumbnails.items.items() if n in first_thumbs)
    assert changed > 16
    training.shutdown()
    assert training.session is None


def test_xor_through_the_controller_and_back_to_idle(qtbot, window):
    visuals, training = window.visuals, window.training
    visuals.edge_actions["change"].trigger()
    _train_to_the_end(qtbot, window)
    qtbot.waitUntil(lambda: not any(t.pending() for t in visuals.throttles()), timeout=20_000)
    state = visuals.frame.state
    assert state.state == "finished"
    assert window.visuals.boundary.plot.rgb is not None
    # The run's weights were applied (the state starts from them), yet "weight change
    # since training started" still shows what the run changed.
    layer = window.scene.edges
    rows = layer.rows_for(state.plan.connection_ids)
    assert np.all(state.params == state.initial_params)
    assert np.count_nonzero(layer.rows.bucket[rows]) >= 4
    # Undo the applied weights: the visuals follow the document again.
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: visuals.frame is not None
                    and visuals.frame.state is training.view_state())
    training.shutdown()
    assert training.session is None
