"""The decision boundary map, neuron maps on hover, thumbnails, 1-D and regression data."""

from __future__ import annotations

import numpy as np
import pytest
import shiboken6
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest

from bpstudio.formats.bpnet import ProjectInfo
from bpstudio.model.builders import layered
from bpstudio.model.network import Network
from bpstudio.model.settings import DatasetSpec, TrainingSettings
from bpstudio.ui.document.file_actions import Document
from bpstudio.ui.visuals.boundary import GRID
from bpstudio.ui.visuals.thumbnails import (
    THUMB_GRID,
    THUMB_SIZE,
    ThumbnailItem,
    thumbnail_spot,
)
from bpstudio.workflow import initialize
from tests.ui.test_visuals_support import Run, attach_fake, open_example


@pytest.fixture
def spiral(window):
    network = open_example(window, "spiral")
    fake = attach_fake(window)
    return window, network, fake, Run(network)


def _show(window, network: Network) -> None:
    window.set_document(Document(network, ProjectInfo("test")))
    window.view.fit_to_view()


def _thumbnails_of(qtbot, window, network: Network, state_of):
    """Open ``network``, publish ``state_of(run)`` through a fake trainer and wait until
    the thumbnails have drawn it; (fake trainer, thumbnails)."""
    _show(window, network)
    fake = attach_fake(window)
    thumbs = window.visuals.thumbnails
    updates = thumbs.updates
    fake.publish(state_of(Run(window.document.network)))
    qtbot.waitUntil(lambda: thumbs.updates > updates)
    return fake, thumbs


def test_boundary_image_changes_as_the_network_learns(qtbot, spiral):
    window, network, fake, run = spiral
    panel = window.visuals.boundary
    assert window.visuals.boundary_dock.isVisible()
    fake.publish(run.state("idle", gradients=False))
    first = panel.plot.rgb.copy()
    assert first.shape == (GRID, GRID, 3)
    values = panel.values.copy()
    # The map is the network's output on the grid, row 0 at the bottom of the plane.
    (x0, x1), (y0, y1) = run.dataset.input_range()
    corner = np.array([[x0 + 0.5 * (x1 - x0) / GRID, y0 + 0.5 * (y1 - y0) / GRID]])
    from bpstudio.engine.backprop import Engine
    assert values[0, 0] == pytest.approx(Engine(run.plan, fake.state.params).predict(corner)[0, 0])
    updates = panel.updates
    fake.publish(run.train(600).state())
    qtbot.waitUntil(lambda: panel.updates > updates)
    second = panel.plot.rgb
    assert np.mean(np.any(second != first, axis=2)) > 0.3
    # Blue where the output is above the threshold 0 (class 1), orange below.
    above = panel.values > run.data.threshold + 0.3
    below = panel.values < run.data.threshold - 0.3
    assert above.any() and below.any()
    assert np.all(second[above][:, 2] > second[above][:, 0])
    assert np.all(second[below][:, 0] > second[below][:, 2])
    # Points: filled training points, ringed test points, in class colours.
    assert len(panel.plot.train_points.data) == run.data.n_train
    assert len(panel.plot.test_points.data) == run.data.n_test


def test_the_engine_is_reused_until_the_plan_changes(spiral):
    window, network, fake, run = spiral
    engines = window.visuals.engines
    fake.publish(run.state())
    built = engines.engines_built
    for _ in range(3):
        fake.publish(run.train(5).state())
        window.visuals.redraw_now()
    assert engines.engines_built == built
    fake.publish(Run(network).state())     # a new compile: a new plan object
    window.visuals.redraw_now()
    assert engines.engines_built == built + 1


def test_hovering_a_neuron_shows_its_own_map(qtbot, spiral):
    window, network, fake, run = spiral
    fake.publish(run.train(100).state())
    panel, frame = window.visuals.boundary, window.visuals.frame
    output_map = panel.values.copy()
    hidden = frame.index.hidden_ids[3]
    view = window.view
    point = view.mapFromScene(window.scene.neuron_item(hidden).pos())
    with qtbot.waitSignal(window.scene.hovered_neuron_changed) as hovered:
        QTest.mouseMove(view.viewport(), point)
    assert hovered.args == [hidden]
    col = frame.index.neuron_col[hidden]
    grid_points = frame.cached(("activations", GRID), lambda: None)
    assert grid_points.shape[1] == len(run.plan.neuron_ids)
    assert np.allclose(panel.values.ravel(), grid_points[:, col])
    assert network.neurons[hidden].name in panel.title.text()
    with qtbot.waitSignal(window.scene.hovered_neuron_changed) as left:
        QTest.mouseMove(view.viewport(), QPoint(5, 5))
    assert left.args == [None]
    assert np.allclose(panel.values, output_map)


def test_thumbnails_beside_every_hidden_neuron_follow_training(qtbot, spiral):
    window, network, fake, run = spiral
    fake.publish(run.state())
    thumbs = window.visuals.thumbnails
    hidden = window.visuals.frame.index.hidden_ids
    assert set(thumbs.items) == set(hidden) and len(hidden) == 32
    for nid, item in thumbs.items.items():
        assert isinstance(item, ThumbnailItem)
        assert item.parentItem() is window.scene.neuron_item(nid)
        assert item.rgb.shape == (THUMB_GRID, THUMB_GRID, 3)
        # Beside the body, never over it: below, above or left of it.
        box = item.mapRectToParent(item.boundingRect())
        radius = window.scene.neuron_item(nid).boundingRect().height() / 4
        assert box.top() > radius or box.bottom() < -radius or box.right() < -radius
    before = {n: i.rgb.copy() for n, i in thumbs.items.items()}
    updates = thumbs.updates
    fake.publish(run.train(400).state())
    qtbot.waitUntil(lambda: thumbs.updates > updates)
    changed = sum(not np.array_equal(before[n], i.rgb) for n, i in thumbs.items.items())
    assert changed >= 16
    window.visuals.thumbnails_action.setChecked(False)
    assert not thumbs.items
    assert not [i for i in window.scene.items() if isinstance(i, ThumbnailItem)]
    window.visuals.thumbnails_action.setChecked(True)
    assert len(thumbs.items) == 32


def test_thumbnails_work_on_any_drawn_graph(qtbot, window):
    # Inputs → a, b; a → c; b and the input x2 → the output (a skip); c → output.
    net = Network()
    x1, x2 = net.add_neuron("input", x=0, y=0), net.add_neuron("input", x=0, y=80)
    a = net.add_neuron("hidden", x=160, y=-40)
    b = net.add_neuron("hidden", x=160, y=120)
    c = net.add_neuron("hidden", x=320, y=-40)
    out = net.add_neuron("output", x=480, y=40, activation="sigmoid")
    for s, t in ((x1.id, a.id), (x2.id, a.id), (x2.id, b.id), (a.id, c.id), (c.id, out.id),
                 (b.id, out.id), (x2.id, out.id)):
        net.connect(s, t)
    net.set_settings(dataset=DatasetSpec("moons", samples=100))
    initialize(net)
    fake, thumbs = _thumbnails_of(qtbot, window, net, lambda run: run.train(20).state())
    assert set(thumbs.items) == {a.id, b.id, c.id}
    # Removing a neuron (an undoable edit) drops its thumbnail with the next state.
    window.scene.select([c.id])
    assert window.editor.delete_selection()
    fake.publish(Run(window.document.network).state())
    window.visuals.redraw_now()
    assert set(thumbs.items) == {a.id, b.id}
    assert all(shiboken6.isValid(i) for i in thumbs.items.values())


def test_one_input_regression_draws_the_curve_through_the_data(qtbot, window):
    net = layered([1, 8, 1], "tanh", "identity")
    net.set_settings(TrainingSettings(optimizer="adam", learning_rate=0.02),
                     DatasetSpec("sine", samples=120))
    initialize(net)
    _show(window, net)
    fake = attach_fake(window)
    run = Run(window.document.network)
    fake.publish(run.state())
    panel = window.visuals.boundary
    assert panel.kind == "line" and not panel.plot.image.isVisible()
    first = panel.values.copy()
    x, y = panel.plot.curve.getData()
    assert len(x) == len(first) and np.allclose(y, first)
    fake.publish(run.train(300).state())
    window.visuals.redraw_now()
    assert not np.allclose(panel.values, first)
    assert not window.visuals.thumbnails.items      # thumbnails are for 2-D inputs


def test_two_input_regression_maps_the_output_surface(qtbot, window):
    net = layered([2, 6, 1], "tanh", "identity")
    net.set_settings(dataset=DatasetSpec("plane", samples=100))
    initialize(net)
    _show(window, net)
    fake = attach_fake(window)
    panel = window.visuals.boundary
    updates = panel.updates
    fake.publish(Run(window.document.network).train(50).state())
    qtbot.waitUntil(lambda: panel.updates > updates)
    assert panel.kind == "plane" and panel.plot.rgb.shape == (GRID, GRID, 3)
    assert "Network output y" in panel.title.text()


def test_problems_are_shown_in_words(window):
    open_example(window, "spiral")
    fake = attach_fake(window)
    fake.fail("the network has no outputs")
    assert "no outputs" in window.visuals.boundary.message.text()
    assert window.visuals.boundary.stack.currentWidget() is window.visuals.boundary.message
    assert not window.scene.edges.use_values       # back to the document's weights


def test_data_without_a_plane_says_why(window):
    open_example(window, "digits")
    fake = attach_fake(window)
    fake.publish(Run(window.document.network).state())
    window.visuals.boundary_dock.show()
    window.visuals.redraw_now()
    assert "images" in window.visuals.boundary.message.text()
    assert window.visuals.digits_dock.isVisible()


def test_hidden_docks_are_not_redrawn(qtbot, spiral):
    window, network, fake, run = spiral
    fake.publish(run.state())
    window.visuals.boundary_dock.hide()
    updates = window.visuals.boundary.updates
    fake.publish(run.train(5).state())
    window.visuals.redraw_now()
    assert window.visuals.boundary.updates == updates
    with qtbot.waitSignal(window.visuals.boundary_dock.visibilityChanged):
        window.visuals.boundary_dock.show()
    qtbot.waitUntil(lambda: window.visuals.boundary.updates > updates)


def test_mouse_hover_on_the_canvas_uses_real_events(qtbot, spiral):
    window, network, fake, run = spiral
    fake.publish(run.state())
    output = next(iter(run.plan.output_ids))
    point = window.view.mapFromScene(window.scene.neuron_item(output).pos())
    QTest.mouseMove(window.view.viewport(), point)
    qtbot.waitUntil(lambda: window.visuals.boundary.hovered == output)
    QTest.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert window.scene.selected_neuron_ids() == [output]


def test_contour_segments_trace_the_level_line():
    from bpstudio.ui.plots.boundary_plot import contour_segments

    n = 40
    i, j = np.indices((n, n), dtype=float)
    radius = np.hypot(j - 19.5, i - 19.5)
    segments = contour_segments(radius, 12.0)
    ends = segments.reshape(-1, 2)
    distance = np.hypot(ends[:, 0] - 19.5, ends[:, 1] - 19.5)
    assert len(segments) > 60 and np.all(np.abs(distance - 12.0) < 0.2)
    # A closed line: every end point is shared by exactly two segments.
    keys, counts = np.unique(np.round(ends, 6), axis=0, return_counts=True)
    assert np.all(counts == 2)
    saddle = np.array([[1.0, -1.0], [-1.0, 1.0]])
    assert len(contour_segments(saddle, 0.0)) == 2
    assert len(contour_segments(np.ones((5, 5)), 0.0)) == 0


def test_a_diverged_state_draws_without_warnings(qtbot, spiral):
    window, network, fake, run = spiral
    window.visuals.edge_actions["gradient"].trigger()
    window.visuals.fill_actions["delta"].trigger()
    state = run.train(5).state()
    broken = state.params.copy()
    run.plan.write_parameters(dict.fromkeys(run.plan.connection_ids[:40], np.nan), {}, broken)
    from dataclasses import replace

    fake.publish(replace(state, params=broken, grad_mean=np.full_like(broken, np.inf)))
    window.visuals.redraw_now()
    panel = window.visuals.boundary
    assert panel.plot.rgb is not None and np.isnan(panel.values).any()
    assert window.visuals.thumbnails.items
    window.visuals.fill_actions["activation"].trigger()
    window.grab()          # paints every view with the broken numbers


def test_thumbnails_and_maps_put_high_x2_at_the_top(qtbot, window):
    net = layered([2, 1, 1], "tanh", "sigmoid")
    net.set_settings(dataset=DatasetSpec("moons", samples=60))
    hidden = next(n.id for n in net.neurons.values() if n.role == "hidden")
    # h = tanh(3·x2) and the output reads h: x1 plays no part.
    weights = {c.id: 0.0 if net.neurons[c.source].label == "x1" else 3.0
               for c in net.connections.values()}
    net.set_parameters(weights, {})
    _, thumbs = _thumbnails_of(qtbot, window, net,
                               lambda run: run.state("idle", gradients=False))
    rgb = thumbs.items[hidden].rgb.astype(int)
    # a = tanh(3·x2): blue (positive) along the top row, orange along the bottom row.
    assert np.all(rgb[0, :, 2] > rgb[0, :, 0]) and np.all(rgb[-1, :, 0] > rgb[-1, :, 2])
    window.scene.hovered_neuron_changed.emit(hidden)
    panel = window.visuals.boundary
    assert panel.values[-1].mean() > 0.5 > -0.5 > panel.values[0].mean()   # row 0: low x2
    top = panel.plot.rgb[-1].astype(int)
    assert np.all(top[:, 2] > top[:, 0])


def test_a_new_document_gets_its_own_visuals(qtbot, spiral):
    window, network, fake, run = spiral
    window.visuals.edge_actions["gradient"].trigger()
    fake.publish(run.train(10).state())
    assert len(window.visuals.thumbnails.items) == 32
    skip = open_example(window, "skip")
    fake.publish(Run(skip).train(10).state())
    visuals = window.visuals
    hidden = {n.id for n in skip.neurons.values() if n.role == "hidden"}
    assert set(visuals.thumbnails.items) == hidden
    assert all(i.parentItem().scene() is window.scene for i in visuals.thumbnails.items.values())
    assert window.scene.live_tooltip is not None
    assert window.scene.edges.coloring.name == "gradient" and window.scene.edges.use_values
    assert visuals.boundary.plot.rgb is not None and "moons" in fake.state.dataset.name


@pytest.mark.slow
def test_a_huge_dataset_draws_a_sample_of_its_points_and_trains_without_freezing(
        qtbot, window):
    """The panel allows 10 million samples: the map draws an even sample of the points
    (one brush per point of 400,000 took seconds on the GUI thread), and a full-batch run
    of them keeps the event loop turning while the worker steps."""
    from PySide6.QtCore import QTimer

    from bpstudio.ui.plots.boundary_plot import MAX_POINTS

    network = open_example(window, "spiral")
    network.set_settings(network.settings.with_changes(batch_size=0, epochs=100_000),
                         dataset=DatasetSpec("spiral", samples=400_000))
    panel = window.visuals.boundary
    qtbot.waitUntil(lambda: panel._dataset is not None and panel._dataset.n_train > 300_000,
                    timeout=30_000)
    assert len(panel.plot.train_points.data) == MAX_POINTS
    assert len(panel.plot.test_points.data) == MAX_POINTS
    # The run is far longer than the test: a timer on the GUI thread stops it once it has
    # ticked five times during the run and the worker has finished two epochs. A frozen
    # event loop never gets there, so the run would not end and the wait would time out;
    # counting ticks instead would depend on how fast the machine trains.
    ticks_while_running: list[int] = []

    def tick() -> None:
        if window.training.state != "running":
            return
        ticks_while_running.append(1)
        if len(ticks_while_running) >= 5 and window.training.progress.epoch >= 2:
            window.training.stop()

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(10)
    with qtbot.waitSignal(window.training.state_changed, timeout=120_000,
                          check_params_cb=lambda s: s == "finished"):
        assert window.training.start()
    timer.stop()
    assert len(ticks_while_running) >= 5
    assert 2 <= window.training.progress.epoch < 100_000


def test_thumbnails_keep_off_their_neurons_edges(qtbot, window):
    """On XOR the maps go above the top hidden neuron and below the bottom one: no edge
    into or out of a hidden neuron passes under its map."""
    net = layered([2, 2, 1])
    net.set_settings(dataset=DatasetSpec("xor", samples=40))
    initialize(net)
    _, thumbs = _thumbnails_of(qtbot, window, net, lambda run: run.train(5).state())
    hidden = sorted(thumbs.items, key=lambda n: net.neurons[n].y)
    spots = [thumbs.items[n].data(0) for n in hidden]
    assert spots == ["above", "below"]
    for nid in hidden:
        box = thumbs.items[nid].sceneBoundingRect()
        for c in net.incoming(nid) + net.outgoing(nid):
            a, b = net.neurons[c.source], net.neurons[c.target]
            for k in range(41):
                t = k / 40
                point = QPointF(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t)
                assert not box.contains(point), (nid, c.id)


def test_thumbnail_spot_avoids_edges_and_neighbours():
    nothing = np.zeros((0, 2))
    assert thumbnail_spot((0, 0), np.zeros((0, 4)), nothing) == ("below", THUMB_SIZE)
    # An edge arriving steeply from below-left: the map goes above.
    steep = np.array([[-20.0, 200.0, 0.0, 0.0]])
    assert thumbnail_spot((0, 0), steep, nothing)[0] == "above"
    # A neighbour just below and an edge from above: left is the free spot.
    assert thumbnail_spot((0, 0), np.array([[-10.0, -200.0, 0.0, 0.0]]),
                          np.array([[0.0, 70.0]]))[0] == "left"
    # A map already below: this one goes above rather than on top of it.
    below = np.array([[-15.0, 23.0, 15.0, 53.0]])
    assert thumbnail_spot((0, 0), np.zeros((0, 4)), nothing, taken=below)[0] == "above"
    # A neighbour above, an edge from the left and one that crosses a full map below but
    # misses a smaller one: the map shrinks.
    grazing = np.array([[-13.0, 200.0, -13.0, 0.0], [-160.0, 0.0, 0.0, 0.0]])
    spot, size = thumbnail_spot((0, 0), grazing, np.array([[0.0, -70.0]]))
    assert spot == "below" and size < THUMB_SIZE
