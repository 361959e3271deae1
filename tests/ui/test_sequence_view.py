"""The Sequence dock: one sequence's outputs, targets and hidden activations, live."""

from __future__ import annotations

import numpy as np
import pytest

from bpstudio.engine.sequence import SequenceEngine
from bpstudio.formats.bpnet import ProjectInfo
from bpstudio.ui.document.file_actions import Document
from tests.ui.recurrent_networks import elman


@pytest.fixture
def seq_window(window, qtbot):
    window.set_document(Document(elman(), ProjectInfo("elman")))
    visuals = window.visuals
    qtbot.waitUntil(lambda: visuals.sequence_dock.isVisible(), timeout=10_000)
    visuals.flush()
    qtbot.waitUntil(lambda: visuals.sequence.shown is not None, timeout=10_000)
    return window


def _engine_run(window, part: str, index: int):
    state = window.training.view_state()
    data = state.data
    x, y = (data.x_train, data.y_train) if part == "train" else (data.x_test, data.y_test)
    engine = SequenceEngine(state.plan, data.steps, params=state.params)
    return engine.unroll(x[index], y[index]), y[index], state


def test_sequence_dock_replaces_the_boundary_for_sequences(seq_window):
    visuals = seq_window.visuals
    assert visuals.kind == "sequence"
    assert not visuals.boundary_dock.isVisible()
    assert visuals.digits_dock.isVisible()           # parity's classes: a confusion matrix
    assert visuals.sequence_dock.isVisible()
    assert visuals.thumbnails.items == {}


def test_the_view_shows_the_engines_numbers(seq_window):
    panel = seq_window.visuals.sequence
    panel.choose("test", 2)
    run, y, state = _engine_run(seq_window, "test", 2)
    np.testing.assert_allclose(panel.shown.activations, run.activations)
    out = run.neuron_ids.index(state.plan.output_ids[0])
    curve, targets = panel.outputs_plot.getPlotItem().listDataItems()[:2]
    np.testing.assert_allclose(curve.getData()[1], run.activations[:, out])
    np.testing.assert_allclose(targets.getData()[1], y[:, 0])
    # one heat-strip row per hidden neuron, one column per time step
    image = panel.strip.image
    assert image.shape == (3, 8, 3)
    assert list(panel.hidden_ids) == [n.id for n in seq_window.document.network.neurons.values()
                                      if n.role == "hidden"]
    assert "test 3" in panel.title.text()


def test_choosing_another_sequence_redraws(seq_window):
    panel = seq_window.visuals.sequence
    first = panel.shown.activations.copy()
    panel.index.setValue(5)
    assert panel.chosen() == ("train", 4)
    run, _, _ = _engine_run(seq_window, "train", 4)
    np.testing.assert_allclose(panel.shown.activations, run.activations)
    assert not np.allclose(first, panel.shown.activations)


def test_the_view_follows_training_live(seq_window, qtbot):
    panel = seq_window.visuals.sequence
    before = panel.shown.activations.copy()
    training = seq_window.training
    training.step()
    qtbot.waitUntil(lambda: training.progress is not None and training.progress.step == 1,
                    timeout=15_000)
    seq_window.visuals.flush()
    qtbot.waitUntil(lambda: not np.allclose(panel.shown.activations, before), timeout=10_000)
    run, _, _ = _engine_run(seq_window, "train", 0)
    np.testing.assert_allclose(panel.shown.activations, run.activations)
    with qtbot.waitSignal(training.state_changed, timeout=15_000,
                          check_params_cb=lambda s: s == "finished"):
        training.stop()


def test_the_plots_are_built_when_the_first_sequence_is_drawn(window, qtbot):
    panel = window.visuals.sequence
    assert panel.outputs_plot is None and panel.strip_plot is None   # XOR: never needed
    window.set_document(Document(elman(), ProjectInfo("elman")))
    qtbot.waitUntil(lambda: panel.shown is not None, timeout=10_000)
    layout = panel.stack.widget(0).layout()
    order = [layout.itemAt(k).widget() for k in range(layout.count())][1:]
    assert order[:2] == [panel.outputs_plot, panel.legend]
    assert order[3:] == [panel.strip_plot, panel.strip_note]
    assert panel.strip.image is not None
    qtbot.waitUntil(lambda: panel.outputs_plot.isVisible() and panel.strip_plot.isVisible())


def test_samples_say_the_view_does_not_apply(window, qtbot):
    panel = window.visuals.sequence
    panel.show_frame(window.visuals.frame)
    assert panel.stack.currentWidget() is panel.message
    assert "not a set of sequences" in panel.message.text()


def test_gradient_colours_reach_recurrent_edges_before_training(seq_window):
    visuals = seq_window.visuals
    visuals.set_edge_mode("gradient")
    visuals.redraw_now()
    frame = visuals.frame
    np.testing.assert_allclose(frame.parameter_gradients, np.abs(frame.probe.grad))
    edges = seq_window.scene.edges
    recurrent = [c.id for c in seq_window.document.network.connections.values() if c.recurrent]
    values = edges.rows.value[[edges.row_of[c] for c in recurrent]]
    assert np.isfinite(values).all() and (values > 0).any()
