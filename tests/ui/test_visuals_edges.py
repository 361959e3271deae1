"""Edge colours by gradient, weight and weight change; the legend; neuron fills; tooltips."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF

from bpstudio.ui.canvas import style
from bpstudio.ui.canvas.edge_style import GradientColoring, LogRange, WeightChangeColoring
from tests.ui.test_visuals_support import Run, attach_fake, open_example


@pytest.fixture
def spiral(window):
    network = open_example(window, "spiral")
    fake = attach_fake(window)
    return window, network, fake, Run(network)


def _rows(window, plan) -> np.ndarray:
    return window.scene.edges.rows_for(plan.connection_ids)


def _buckets(window, plan) -> np.ndarray:
    return window.scene.edges.rows.bucket[_rows(window, plan)].copy()


def test_edge_colours_follow_the_gradients(spiral):
    window, network, fake, run = spiral
    window.visuals.edge_actions["gradient"].trigger()
    fake.publish(run.train(1).state())
    layer = window.scene.edges
    assert isinstance(layer.coloring, GradientColoring)
    before = _buckets(window, run.plan)
    grads = run.plan.weights_of(fake.state.grad_mean)
    # Every edge's bucket is its |∂L/∂w|'s cell of the colour bar, and its pen has the
    # bar's colour for that cell.
    levels = layer.coloring.level_of(grads)
    assert np.array_equal(before, 1 + levels)
    pens = layer.pens(True)
    bar = layer.coloring.colorbar()
    for row_bucket, level in zip(before[:40], levels[:40], strict=True):
        assert pens[row_bucket].color() == bar.colors[level]
    fake.publish(run.train(300).state())
    after = _buckets(window, run.plan)
    assert np.mean(after != before) > 0.2          # the gradients moved a lot in 300 steps
    assert np.array_equal(after, 1 + layer.coloring.level_of(
        run.plan.weights_of(fake.state.grad_mean)))


def test_only_edges_whose_bucket_changed_are_repainted(spiral):
    window, network, fake, run = spiral
    window.visuals.edge_actions["gradient"].trigger()
    state = run.train(3).state()
    fake.publish(state)
    layer = window.scene.edges
    assert layer.set_values(run.plan.connection_ids, run.plan.weights_of(state.grad_mean)) == 0
    for group in layer.groups.values():
        group._bucket_order()          # paint caches warm
    values = run.plan.weights_of(state.grad_mean).copy()
    last = len(values) - 1             # a hidden → output edge: its group alone is dirtied
    values[last] = values[last] * 1000 + 1.0
    assert layer.set_values(run.plan.connection_ids, values) == 1
    row = _rows(window, run.plan)[last]
    dirty = [g for g in layer.groups.values() if g._by_bucket is None]
    assert len(dirty) == 1 and row in dirty[0].rows


def test_colour_bar_matches_the_mapping_exactly(qtbot):
    coloring = GradientColoring()
    rng = np.random.default_rng(3)
    assert coloring.prepare(10 ** rng.uniform(-5.3, -1.2, 500))
    assert (coloring.range.log_lo, coloring.range.log_hi) == (-6, -1)
    bar = coloring.colorbar()
    assert len(bar.colors) == coloring.levels == len(bar.edges) - 1
    specs = coloring.specs()
    for k in range(coloring.levels):
        inside = np.sqrt(bar.edges[k] * bar.edges[k + 1])      # geometric middle of cell k
        just_above = bar.edges[k] * (1 + 1e-9)
        for value in (inside, just_above):
            bucket = coloring.buckets(np.array([value]), np.array([False]))[0]
            assert bucket == 1 + k and specs[bucket].color == bar.colors[k]
    # Tick labels name the value at their cell edge: every whole decade.
    labels = dict(bar.ticks)
    assert [labels[i] for i in sorted(labels)] == ["10⁻⁶", "10⁻⁵", "10⁻⁴", "10⁻³", "10⁻²",
                                                  "10⁻¹"]
    for index, _label in bar.ticks:
        exponent = -6 + sorted(labels).index(index)
        assert bar.edges[int(index)] == pytest.approx(10.0 ** exponent)
    # Out of range values clamp to the ends; NaN (no gradient) gets the grey pen.
    b = coloring.buckets(np.array([1e-12, 5.0, np.nan]), np.zeros(3, dtype=bool))
    assert list(b) == [1, coloring.levels, 0]
    assert specs[0].color.rgb() == style.ZERO.rgb()


def test_log_range_holds_still_while_the_values_stay_inside():
    scale = LogRange()
    rng = np.random.default_rng(0)
    assert scale.update(10 ** rng.uniform(-4.5, -2.5, 400))
    span = (scale.log_lo, scale.log_hi)
    assert not scale.update(10 ** rng.uniform(-4.4, -2.3, 400))
    assert (scale.log_lo, scale.log_hi) == span
    assert scale.update(10 ** rng.uniform(-7, -6, 400))      # the gradients vanished
    assert scale.log_hi == -6


def test_legend_shows_the_colour_bar_of_the_mapping(spiral):
    window, network, fake, run = spiral
    window.visuals.edge_actions["gradient"].trigger()
    fake.publish(run.train(2).state())
    legend = window.view.legend
    bars = legend.colorbars()
    coloring = window.scene.edges.coloring
    assert len(bars) == 1 and bars[0] == coloring.colorbar()
    assert legend.height() >= legend.sizeHint().height()
    window.visuals.edge_actions["weight"].trigger()
    assert legend.colorbars() == []
    assert "positive weight" in [e.text for e in legend.entries()]


def test_weight_change_mode_colours_by_the_sign_of_the_change(spiral):
    window, network, fake, run = spiral
    window.visuals.edge_actions["change"].trigger()
    fake.publish(run.state("idle", gradients=False))
    layer = window.scene.edges
    assert isinstance(layer.coloring, WeightChangeColoring)
    assert np.all(_buckets(window, run.plan) == 0)          # nothing changed yet: grey
    fake.publish(run.train(100).state())
    delta = fake.state.params - fake.state.initial_params
    change = run.plan.weights_of(delta)
    buckets = _buckets(window, run.plan)
    levels = WeightChangeColoring.LEVELS
    grown = (buckets >= 1) & (buckets <= levels)
    shrunk = (buckets > levels) & (buckets <= 2 * levels)
    assert np.all(change[grown] > 0) and np.all(change[shrunk] < 0)
    assert grown.sum() > 10 and shrunk.sum() > 10
    assert "weight grew since training started" in [e.text for e in
                                                     window.view.legend.entries()]


def test_weight_mode_shows_the_live_weights_not_the_documents(spiral):
    window, network, fake, run = spiral
    fake.publish(run.train(200).state())
    layer = window.scene.edges
    live = run.plan.weights_of(fake.state.params)
    rows = _rows(window, run.plan)
    assert np.allclose(layer.inputs(rows), live)
    model = np.array([network.connections[c].weight for c in run.plan.connection_ids])
    assert not np.allclose(model, live)


def test_colouring_never_touches_the_document(spiral):
    window, network, fake, run = spiral
    before = network.parameters()
    count = window.undo_stack.count()
    for mode in ("gradient", "change", "weight"):
        window.visuals.edge_actions[mode].trigger()
        fake.publish(run.train(20).state())
    for mode in ("activation", "delta", "none"):
        window.visuals.fill_actions[mode].trigger()
    assert network.parameters() == before
    assert window.undo_stack.count() == count and not window.isWindowModified()


def test_neuron_fills_show_mean_activation_and_delta(qtbot, spiral):
    window, network, fake, run = spiral
    fake.publish(run.train(50).state())
    window.visuals.fill_actions["activation"].trigger()
    frame = window.visuals.frame
    items = window.scene.items_by_id
    overlay = window.visuals.overlay
    expected = overlay.activation_colors(frame.mean_activations)
    for nid, color in zip(run.plan.neuron_ids, expected, strict=True):
        assert items[nid].fill_override == color
    assert frame.probe.activations.shape[1] == 256
    bars = window.view.legend.colorbars()
    assert bars[-1].title.startswith("neuron fill: mean activation")
    window.visuals.fill_actions["delta"].trigger()
    inputs = set(run.plan.input_ids)
    assert all(items[n].fill_override is None for n in inputs)
    hidden = [n for n in run.plan.neuron_ids if n not in inputs]
    assert all(items[n].fill_override is not None for n in hidden)
    # Fills follow the state at the throttled rate.
    throttle = window.visuals.fills_throttle
    throttle.clock = lambda: 0.0          # the three states come within its quiet period
    throttle.reset()
    calls = throttle.calls
    fake.publish(run.train(200).state(), flush=False)
    fake.publish(run.train(1).state(), flush=False)
    fake.publish(run.train(1).state(), flush=False)
    assert throttle.calls <= calls + 1 and throttle.pending()    # at most 10 per second
    qtbot.waitUntil(lambda: throttle.calls > calls and not throttle.pending())
    overlay, frame = window.visuals.overlay, window.visuals.frame
    level = overlay.delta_range.level_of(frame.mean_abs_deltas)[
        run.plan.neuron_ids.index(hidden[0])]
    assert items[hidden[0]].fill_override == overlay.delta_colors()[level]
    window.visuals.fill_actions["none"].trigger()
    assert all(item.fill_override is None for item in items.values())


def test_tooltips_show_live_numbers(spiral):
    window, network, fake, run = spiral
    fake.publish(run.train(30).state())
    frame = window.visuals.frame
    hidden = frame.index.hidden_ids[0]
    item = window.scene.neuron_item(hidden)
    text = window.scene.tooltip_at(item.pos(), 4.0)
    bias = frame.bias(hidden)
    assert "mean activation a" in text and f"bias b: {bias:.6g}" in text
    assert "|δ|" in text and "epoch" in text
    cid = run.plan.connection_ids[-1]
    c = network.connections[cid]
    a, b = network.neurons[c.source], network.neurons[c.target]
    middle = QPointF((a.x + b.x) / 2, (a.y + b.y) / 2)
    found = window.scene.connection_at(middle, 2.0)
    text = window.scene.tooltip_at(middle, 2.0)
    pos = frame.index.connection_pos[found]
    assert f"weight w: {frame.weights[pos]:.6g}" in text
    assert "|∂L/∂w|" in text and "Δw since training started" in text


def test_view_menu_switches_are_exclusive_and_remembered(window):
    visuals = window.visuals
    visuals.edge_actions["gradient"].trigger()
    assert visuals.edge_actions["gradient"].isChecked()
    assert not visuals.edge_actions["weight"].isChecked()
    assert visuals.overlay.edge_mode == "gradient"
    visuals.fill_actions["delta"].trigger()
    assert visuals.overlay.fill_mode == "delta"
    store = window.store.settings
    assert store.value("visuals/edge_mode") == "gradient"
    assert store.value("visuals/fill_mode") == "delta"
    texts = [a.text().replace("&", "") for a in window.menuBar().actions()]
    view = window.menuBar().actions()[texts.index("View")].menu()
    titles = [a.text().replace("&", "") for a in view.actions()]
    assert {"Edge Colours", "Neuron Fill", "Hidden-Neuron Thumbnails"} <= set(titles)


def test_a_bundle_repaints_only_when_its_colour_changes(window):
    """The digits example's 2,048 input → hidden edges show as one bundle at fit to view:
    new values that leave the bundle's colour as it was change nothing seen, so training's
    recolouring does not repaint it; a new colour does."""
    open_example(window, "digits")
    window.show()
    layer = window.scene.edges
    ids = [c.id for c in window.document.network.connections.values()]
    rng = np.random.default_rng(0)
    values = rng.normal(size=len(ids))
    layer.set_values(ids, values)
    window.view.viewport().grab()          # one paint: the bundle as it is drawn
    bundle = [g for g in layer.groups.values() if g.last_mode == "bundle"]
    assert len(bundle) == 1 and len(bundle[0].rows) == 64 * 32
    group, = bundle
    updates: list[int] = []
    group.update = lambda *args: updates.append(1)
    rows = layer.rows_for(ids)
    mine = np.isin(rows, group.rows)
    shuffled = values.copy()
    shuffled[mine] = rng.permutation(values[mine])  # the same values on other edges
    assert layer.set_values(ids, shuffled) > 0      # many edges changed their pen ...
    assert updates == []                            # ... none of them drawn: no repaint
    assert group._by_bucket is None                 # (the lines' cache follows them)
    positive = np.abs(shuffled)                     # every weight positive: another colour
    assert layer.set_values(ids, positive) > 0
    assert updates
