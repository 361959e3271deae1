"""The digits panel: test images with labels, the confusion matrix, first-layer weights."""

from __future__ import annotations

import numpy as np
import pytest

from bpstudio.engine import metrics
from bpstudio.engine.backprop import Engine
from bpstudio.engine.plan import compile_network
from bpstudio.formats.bpnet import ProjectInfo
from bpstudio.model.network import Network
from bpstudio.ui.document.file_actions import Document
from bpstudio.ui.plots.digit_grid import WRONG
from bpstudio.ui.visuals import colors
from bpstudio.ui.visuals.frame import PlanIndex
from bpstudio.workflow import initialize
from tests.ui.test_visuals_support import Run, attach_fake, open_example


@pytest.fixture
def digits(qtbot, window):
    network = open_example(window, "digits")
    fake = attach_fake(window)
    window.visuals.digits_dock.raise_()
    return window, network, fake, Run(network)


def _publish(qtbot, window, fake, state) -> None:
    panel = window.visuals.digits
    updates = panel.updates
    fake.publish(state)
    qtbot.waitUntil(lambda: panel.updates > updates)


def test_confusion_matrix_sums_to_the_test_set_and_learns(qtbot, digits):
    window, network, fake, run = digits
    panel = window.visuals.digits
    assert window.visuals.digits_dock.isVisible()
    assert not window.visuals.boundary_dock.isVisible()
    _publish(qtbot, window, fake, run.state("idle", gradients=False))
    first = panel.matrix.copy()
    assert first.shape == (10, 10) and first.sum() == run.data.n_test == 359
    _publish(qtbot, window, fake, run.train(400).state())
    matrix = panel.matrix
    assert matrix.sum() == run.data.n_test
    outputs = Engine(run.plan, fake.state.params).predict(run.data.x_test)
    expected = metrics.confusion_matrix(metrics.predicted_classes(outputs),
                                        run.data.labels_test, 10)
    assert np.array_equal(matrix, expected)
    assert np.array_equal(matrix.sum(axis=1), np.bincount(run.data.labels_test, minlength=10))
    assert np.trace(matrix) > np.trace(first) and np.trace(matrix) > 0.8 * 359
    assert panel.confusion.matrix is matrix
    assert f"{359 - np.trace(matrix)} mistakes" in panel.summary.text()


def test_test_images_show_mistakes_first_with_red_labels(qtbot, digits):
    window, network, fake, run = digits
    panel = window.visuals.digits
    _publish(qtbot, window, fake, run.train(600).state())
    grid = panel.grid
    shown = len(grid.images)
    assert shown == min(grid.capacity(), run.data.n_test) and shown >= 8
    wrong = np.array(grid.wrong)
    assert wrong.any() and not wrong.all()
    first_right = int(np.argmin(wrong))
    assert wrong[:first_right].all() and not wrong[first_right:].any()   # mistakes first
    for i in np.flatnonzero(wrong):
        assert grid.predicted[i] != grid.true[i]
    # The grid really paints the red frame around a mistake.
    image = grid.grab().toImage()
    rect = grid.cell_rect(0).toRect()
    assert image.pixelColor(rect.left() - 1, rect.center().y()).red() > 180
    assert WRONG.red() > 180
    # A line above the grid says how to read "1 ≠ 6" (not only the hover tooltip).
    key = panel.grid_key
    assert key.isVisible() and key.geometry().bottom() <= grid.geometry().top()
    assert "predicted ≠ true" in key.text() and WRONG.name() in key.text()
    # In order, page two starts where page one ended.
    panel.mistakes_box.setChecked(False)
    assert list(panel.order[:3]) == [0, 1, 2]
    panel.next_button.click()
    assert panel.page == 1 and panel.page_label.text().startswith("2/")


def test_first_layer_weights_are_drawn_as_pictures(qtbot, digits):
    window, network, fake, run = digits
    panel = window.visuals.digits
    _publish(qtbot, window, fake, run.train(30).state())
    assert not panel.pictures_rgb              # drawn only when their tab is on show
    panel.tabs.setCurrentIndex(panel.weights_tab)
    first = window.visuals.frame.index.first_layer
    assert len(first) == 32 and set(panel.pictures_rgb) == set(first)
    assert len(panel.weights.images) == 32
    nid = first[0]
    params = fake.state.params
    weights = {c.source: params[run.plan.weight_position(c.id)]
               for c in network.incoming(nid)}
    inputs = run.plan.input_ids
    picture = panel.pictures_rgb[nid]
    peak = max(abs(w) for w in weights.values())
    strongest = max(weights, key=lambda s: abs(weights[s]))
    row, col = divmod(inputs.index(strongest), 8)
    lut = colors.diverging_lut()
    end = lut[-1] if weights[strongest] > 0 else lut[0]
    assert abs(weights[strongest]) == peak
    assert np.array_equal(picture[row, col], end)


def test_first_layer_means_fed_only_by_inputs_in_any_graph():
    net = Network()
    x = [net.add_neuron("input") for _ in range(4)]
    a, b, c = (net.add_neuron("hidden") for _ in range(3))
    out = net.add_neuron("output")
    for s, t in ((x[0], a), (x[1], a), (x[2], b), (a, c), (x[3], c), (c, out), (b, out),
                 (x[0], out)):
        net.connect(s.id, t.id)
    initialize(net)
    index = PlanIndex.of(compile_network(net))
    assert index.first_layer == (a.id, b.id) or set(index.first_layer) == {a.id, b.id}
    assert c.id not in index.first_layer and set(index.hidden_ids) == {a.id, b.id, c.id}


def test_confusion_only_for_tables_and_nothing_for_regression(qtbot, window):
    from bpstudio.model.builders import layered
    from bpstudio.model.settings import DatasetSpec

    net = layered([1, 4, 1], "tanh", "identity")
    net.set_settings(dataset=DatasetSpec("sine", samples=50))
    initialize(net)
    window.set_document(Document(net, ProjectInfo("sine")))
    fake = attach_fake(window)
    fake.publish(Run(window.document.network).state())
    window.visuals.digits.show_frame(window.visuals.frame)
    assert "regression" in window.visuals.digits.message.text()
    assert not window.visuals.digits_dock.isVisible()


@pytest.mark.slow
def test_mnist_sized_network_keeps_every_view_cheap_and_correct(qtbot, window):
    from bpstudio.data import Dataset
    from bpstudio.model.builders import layered
    from bpstudio.model.settings import TrainingSettings
    from bpstudio.ui.visuals.digits import MAX_PICTURES

    rng = np.random.default_rng(0)
    net = layered([784, 128, 10], "relu", "softmax")
    net.set_settings(TrainingSettings(loss="softmax_cross_entropy", batch_size=64,
                                      learning_rate=0.05))
    initialize(net)
    x, y = rng.random((600, 784)), rng.integers(0, 10, 600)
    data = Dataset("noise", "classification", x[:500], y[:500], x[500:], y[500:],
                   n_classes=10, image_shape=(28, 28))
    window.set_document(Document(net, ProjectInfo("784")))
    fake = attach_fake(window)
    run = Run(window.document.network, data)
    visuals = window.visuals
    visuals.edge_actions["gradient"].trigger()
    visuals.fill_actions["delta"].trigger()
    fake.publish(run.train(3).state())
    layer = window.scene.edges
    rows = layer.rows_for(run.plan.connection_ids)
    grads = run.plan.weights_of(fake.state.grad_mean)
    assert len(rows) == 101_632
    assert np.array_equal(layer.rows.bucket[rows], 1 + layer.coloring.level_of(grads))
    assert visuals.frame.probe.activations.shape[1] == 64     # subsampled for the width
    hidden = visuals.frame.index.hidden_ids
    assert all(window.scene.neuron_item(n).fill_override is not None for n in hidden)
    visuals.digits_dock.raise_()
    panel = visuals.digits
    panel.tabs.setCurrentIndex(panel.weights_tab)
    fake.publish(run.train(3).state())
    assert panel.matrix.sum() == 100
    assert len(panel.weights.images) == MAX_PICTURES == 64
    assert next(iter(panel.pictures_rgb.values())).shape == (28, 28, 3)
    assert not visuals.thumbnails.items and visuals.kind == "image"
    assert not visuals.boundary_dock.isVisible()


def test_digits_trained_by_the_real_controller_fill_the_matrix_and_edge_legend(
        qtbot, window):
    """No fake source: Step Epoch through the real TrainingController and worker thread,
    then the confusion matrix covers the test set and the gradient legend's colour bar
    maps |∂L/∂w| the way the edges are coloured."""
    open_example(window, "digits")
    visuals, training = window.visuals, window.training
    visuals.digits_dock.raise_()
    visuals.edge_actions["gradient"].trigger()
    panel = visuals.digits
    for _ in range(2):
        epoch = training.progress.epoch if training.progress is not None else 0
        assert training.step_epoch()
        qtbot.waitUntil(lambda e=epoch: training.progress is not None
                        and training.progress.epoch == e + 1, timeout=60_000)
    qtbot.waitUntil(lambda: not any(t.pending() for t in visuals.throttles()), timeout=30_000)
    state = training.view_state()
    assert state is not None and state.state == "paused" and state.grad_mean is not None
    assert visuals.frame.state is state
    n_test = state.data.n_test
    assert n_test > 0 and panel.matrix.sum() == n_test
    assert np.array_equal(panel.matrix.sum(axis=1),
                          np.bincount(state.data.labels_test, minlength=10))
    # The legend's colour bar is the edges' colour mapping: every coloured edge has the
    # bar's colour for its bucket, and the bar's title names the gradient.
    layer = window.scene.edges
    coloring = layer.coloring
    bar = coloring.colorbar()
    legend_bars = window.view.legend.colorbars()
    assert legend_bars and legend_bars[0].title == bar.title and "∂L/∂w" in bar.title
    assert [c.rgba() for c in legend_bars[0].colors] == [c.rgba() for c in bar.colors]
    rows = layer.rows_for(state.plan.connection_ids)
    buckets = layer.rows.bucket[rows]
    specs = coloring.specs()
    levels = buckets.astype(int) - 1                     # bucket 0: no gradient yet
    shown = levels >= 0
    assert shown.sum() > 0.9 * len(rows)
    # Each edge is drawn in the bar's colour of its level...
    pens = {specs[b].color.rgba() for b in np.unique(buckets[shown])}
    assert pens <= {c.rgba() for c in legend_bars[0].colors}
    assert all(specs[1 + k].color.rgba() == c.rgba() for k, c in enumerate(bar.colors))
    # ... and its |∂L/∂w| lies in that level's cell of the bar (ends clip).
    edges = np.asarray(legend_bars[0].edges)
    assert len(edges) == len(bar.colors) + 1
    g, k = visuals.frame.gradients[shown], levels[shown]
    last = len(bar.colors) - 1
    assert np.all((g >= edges[k] * (1 - 1e-9)) | (k == 0))
    assert np.all((g <= edges[k + 1] * (1 + 1e-9)) | (k == last))
    assert len(np.unique(k)) > 3                         # not one colour for everything
    training.shutdown()


def test_new_frames_repaint_the_panel_without_re_laying_out_the_window(qtbot, digits):
    """Frames come several times a second while training: the summary line and the tabs
    must not make the window re-layout at each one."""
    from tests.ui.test_live_label import layout_requests_from

    window, network, fake, run = digits
    _publish(qtbot, window, fake, run.state("idle", gradients=False))
    # The first frames fill the image page and settle the layout: frames until one
    # re-lays out nothing (counted, not timed), then every further frame must not either.
    settled = [layout_requests_from(window, lambda: fake.publish(run.train(20).state()))
               for _ in range(3)]
    assert settled[-1] == 0, settled
    assert [layout_requests_from(window, lambda: fake.publish(run.train(20).state()))
            for _ in range(4)] == [0] * 4
    assert window.visuals.digits.updates > 4


@pytest.fixture
def rgb_shapes(qtbot, window, tmp_path, monkeypatch):
    """A network for a folder of coloured shapes (RGB, 10×10), shown in the digits dock."""
    from dataclasses import replace as replace_spec

    from bpstudio.model.settings import DatasetSpec
    from bpstudio.workflow import network_for_dataset
    from tests.data.test_image_folder import make_folder

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = make_folder(tmp_path / "shapes", per_class=12, size=(10, 10), mode="RGB")
    spec = replace_spec(DatasetSpec(str(folder)), grayscale=False, test_ratio=0.25)
    network, dataset = network_for_dataset(spec, None, (6,), "relu")
    window.set_document(Document(network, ProjectInfo("shapes")))
    fake = attach_fake(window)
    window.visuals.digits_dock.raise_()
    return window, network, fake, Run(network, dataset)


def test_rgb_images_show_in_colour_with_class_names_and_rgb_weight_pictures(qtbot,
                                                                           rgb_shapes):
    window, network, fake, run = rgb_shapes
    assert run.dataset.image_channels == 3 and len(network.inputs()) == 300
    panel = window.visuals.digits
    panel.tabs.setCurrentIndex(panel.images_tab)
    _publish(qtbot, window, fake, run.train(5).state())
    grid = panel.grid
    assert grid.images and grid.images[0].size().toTuple() == (10, 10)
    assert grid.images[0].format() != grid.images[0].Format.Format_Grayscale8
    assert set(grid.true) <= {"circle", "square", "triangle"}          # class names
    # the picture shows the sample's own colours: pixel (0, 0) is the white background
    sample = int(panel.order[0])
    pixel = run.dataset.x_test[sample].reshape(10, 10, 3)[0, 0]
    colour = grid.images[0].pixelColor(0, 0)
    assert (colour.red(), colour.green(), colour.blue()) == tuple(np.round(255 * pixel))
    panel.tabs.setCurrentIndex(panel.weights_tab)
    qtbot.waitUntil(lambda: len(panel.pictures_rgb) == 6)
    picture = next(iter(panel.pictures_rgb.values()))
    assert picture.shape[:2] == (10, 30)             # red | green | blue, side by side
    assert "red, green and blue" in panel.weights_note.text()


def test_long_class_names_keep_both_names_in_a_narrow_caption(qtbot):
    from PySide6.QtGui import QFont, QFontMetrics

    from bpstudio.ui.plots.digit_grid import fit_label

    metrics = QFontMetrics(QFont())
    width = metrics.horizontalAdvance("T-shirt ≠ Bag")
    label = fit_label(metrics, "T-shirt/top", "Ankle boot", True, width)
    assert metrics.horizontalAdvance(label) <= width
    predicted, true = label.split(" ≠ ")
    assert predicted.startswith("T") and true.startswith("A")
    assert fit_label(metrics, "Bag", "Coat", True, 10 * width) == "Bag ≠ Coat"
    assert fit_label(metrics, "Sneaker", "", False, 10 * width) == "Sneaker ✓"


def test_long_class_names_number_the_columns_and_take_two_caption_lines(qtbot):
    import numpy as np

    from bpstudio.data.catalog import FASHION_CLASSES
    from bpstudio.ui.plots.confusion_plot import ConfusionMatrixPlot
    from bpstudio.ui.plots.digit_grid import DigitGrid

    plot = ConfusionMatrixPlot()
    qtbot.addWidget(plot)
    plot.resize(460, 420)
    plot.set_matrix(np.eye(10, dtype=np.int64) * 20, FASHION_CLASSES)
    columns, rows = plot.labels()
    assert columns == [str(k) for k in range(10)]
    assert rows[0] == "0 T-shirt/top" and rows[9] == "9 Ankle boot"
    plot.set_matrix(np.eye(2, dtype=np.int64), ("0", "1"))
    assert plot.labels() == (["0", "1"], ["0", "1"])     # short names stay as they are
    grid = DigitGrid(8)
    qtbot.addWidget(grid)
    grid.resize(460, 400)
    one_line = grid.capacity()
    grid.set_class_names(("0", "1", "2"))
    assert not grid.two_lines() and grid.capacity() == one_line
    grid.set_class_names(FASHION_CLASSES)
    assert grid.two_lines() and grid.capacity() <= one_line


def test_the_same_page_again_is_not_repainted_but_its_tooltips_follow(qtbot):
    """While training, most refreshes show the same images with the same captions (only
    the tooltips' probabilities move): the grid repaints only when what it draws changed."""
    from PySide6.QtGui import QImage

    from bpstudio.ui.plots.digit_grid import DigitGrid

    paints: list[int] = []

    class CountingGrid(DigitGrid):
        def paintEvent(self, event) -> None:  # noqa: ANN001
            paints.append(1)
            super().paintEvent(event)

    grid = CountingGrid(8)
    qtbot.addWidget(grid)
    grid.resize(300, 200)
    grid.show()
    qtbot.waitExposed(grid)
    images = [QImage(8, 8, QImage.Format.Format_Grayscale8) for _ in range(3)]
    for image in images:
        image.fill(128)

    def shown(predicted: list[str], true: list[str], details: list[str],
              pictures: list[QImage] = images) -> int:
        paints.clear()
        grid.set_items(list(pictures), predicted, true, details)
        qtbot.wait(30)
        return len(paints)

    assert shown(["1", "2", "3"], ["1", "2", "4"], ["p = 0.1"] * 3) >= 1
    assert shown(["1", "2", "3"], ["1", "2", "4"], ["p = 0.2"] * 3) == 0
    assert grid.details == ["p = 0.2"] * 3                    # the tooltips follow
    assert shown(["1", "2", "4"], ["1", "2", "4"], ["p = 0.2"] * 3) >= 1   # a caption
    assert grid.wrong == [False, False, False]
    other = images[:2] + [QImage(images[2])]
    assert shown(["1", "2", "4"], ["1", "2", "4"], ["p = 0.2"] * 3, other) >= 1  # a picture


def test_a_new_frame_wakes_only_the_views_that_draw(qtbot, digits, monkeypatch):
    """Every snapshot refreshes the views: the ones with nothing to draw (neuron fills
    off, no decision-boundary or sequence dock on show, no neuron maps for 64 inputs) are
    not even scheduled, since each timer firing takes the GIL from training."""
    window, network, fake, run = digits
    visuals = window.visuals
    assert visuals.overlay.fill_mode == "none"
    requested: list[str] = []
    for name in ("edges", "fills", "boundary", "thumbnails", "digits", "sequence"):
        throttle = getattr(visuals, f"{name}_throttle")
        monkeypatch.setattr(throttle, "request", lambda name=name: requested.append(name))
    fake.publish(run.train(5).state())
    assert sorted(requested) == ["digits", "edges"]
    requested.clear()
    visuals.digits_dock.close()                  # the user closes the digits dock
    qtbot.waitUntil(lambda: not visuals.digits_dock.isVisible())
    fake.publish(run.train(5).state())
    assert "digits" not in requested and "edges" in requested


def test_the_views_budget_is_tightest_while_a_run_goes_as_fast_as_it_can(qtbot, digits):
    """A run at full speed (or behind its pace) needs every cycle; one keeping its pace
    leaves time to spare, so the views may redraw more often."""
    from dataclasses import replace

    from bpstudio.ui.widgets.throttle import Budget

    window, network, fake, run = digits
    budget = window.visuals.budget
    running = run.train(5).state("running")
    fake.rate = None                                   # full speed
    fake.publish(replace(running, progress=replace(running.progress, steps_per_second=9e3)))
    assert budget.fraction == Budget.FULL_SPEED
    fake.rate = 120.0                                  # Auto, keeping its 120 steps/s
    fake.publish(replace(running, progress=replace(running.progress, steps_per_second=119)))
    assert budget.fraction == Budget.TRAINING > Budget.FULL_SPEED
    fake.publish(replace(running, progress=replace(running.progress, steps_per_second=40)))
    assert budget.fraction == Budget.FULL_SPEED        # fallen behind its pace
    fake.publish(run.state("idle"))
    assert budget.fraction == Budget.IDLE
