"""Live visuals: what one training report costs the GUI thread.

Run: ``QT_QPA_PLATFORM=offscreen python -m bench.bench_visuals [--out DIR]``. Trains the
built-in examples by hand (the engine's Trainer, a step between reports) and times each
view's update from a fresh ViewState, as the training controller would hand it over:

* decision boundary on the spiral (64×64 grid: predict, colour, ``setImage``, isocurve),
  then the same plus painting the plot widget;
* hidden-neuron thumbnails on the spiral (32 maps of 24×24);
* edge colours by gradient and neuron fills on 784-128-10 (101,632 connections);
* the digits panel (test-set predictions, confusion matrix, images, weight pictures);
* live: the spiral and digits examples training through the real TrainingController,
  with the share of the GUI thread the visuals took.

Prints median and 95th percentile in milliseconds; with --out it saves what was drawn.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPEATS = 120


def percentiles(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def timed(label: str, repeats: int, before: Callable[[], object],
          work: Callable[[object], None]) -> tuple[float, float]:
    """Run ``work(before())`` ``repeats`` times; only ``work`` is timed."""
    times = []
    for _ in range(repeats):
        arg = before()
        start = time.perf_counter()
        work(arg)
        times.append((time.perf_counter() - start) * 1000)
    median, p95 = percentiles(times)
    print(f"  {label:<52} {median:7.2f} ms   p95 {p95:7.2f} ms")
    return median, p95


class HandRun:
    """The engine's Trainer on a network, packing ViewStates as the controller does."""

    def __init__(self, network, dataset=None) -> None:
        from bpstudio.engine.training import Trainer
        from bpstudio.workflow import prepare_training

        prepared = prepare_training(network, dataset=dataset)
        self.plan, self.dataset, self.data = prepared.plan, prepared.dataset, prepared.data
        self.trainer = Trainer(self.plan, self.data, network.settings)
        self.trainer.enable_gradient_window()
        self.initial = self.trainer.params.copy()

    def state(self, steps: int = 1):
        from bpstudio.ui.training.view_state import ViewState

        for _ in range(steps):
            self.trainer.step()
        return ViewState(self.plan, self.trainer.params.copy(), self.initial,
                         self.trainer.take_gradient_window(), self.dataset, self.data,
                         self.trainer.progress(), "running")


def window_with(example: str | None, network=None):
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from bpstudio.formats.bpnet import ProjectInfo
    from bpstudio.ui.document.file_actions import Document, read_example
    from bpstudio.ui.main_window import MainWindow

    folder = tempfile.mkdtemp()
    window = MainWindow(QSettings(str(Path(folder) / "s.ini"), QSettings.Format.IniFormat))
    window.resize(1400, 880)
    document = read_example(example) if example else Document(network, ProjectInfo())
    window.set_document(document)
    window.show()
    window.visuals.detach()        # the bench feeds the views itself
    QApplication.processEvents()
    window.view.fit_to_view()
    return window


def bench_spiral(out: Path | None) -> None:
    from PySide6.QtWidgets import QApplication

    from bpstudio.ui.visuals.frame import EngineCache, Frame

    window = window_with("spiral")
    visuals = window.visuals
    visuals.boundary_dock.show()
    visuals.boundary_dock.raise_()
    QApplication.processEvents()
    run = HandRun(window.document.network)
    engines = EngineCache()
    panel = visuals.boundary
    plot = panel.plot
    print(f"spiral: {len(run.plan.connection_ids)} connections, boundary grid 64×64, "
          f"plot {plot.width()}×{plot.height()} px")
    timed("decision boundary update (predict, colour, setImage)", REPEATS,
          lambda: Frame(run.state(), engines), panel.show_frame)

    def update_and_paint(frame) -> None:
        panel.show_frame(frame)
        plot.viewport().repaint()      # synchronous paint of the plot widget

    timed("decision boundary update + paint", REPEATS,
          lambda: Frame(run.state(), engines), update_and_paint)
    thumbs = visuals.thumbnails
    thumbs.attach(window.scene)
    timed(f"thumbnails ({len(run.plan.neuron_ids) - 3} maps of 24×24)", REPEATS // 2,
          lambda: Frame(run.state(), engines), thumbs.update)
    overlay = visuals.overlay
    overlay.set_edge_mode("gradient")
    timed("edge colours by gradient (304 edges)", REPEATS,
          lambda: Frame(run.state(), engines), overlay.update_edges)
    overlay.set_fill_mode("activation")
    timed("neuron fill by activation (probe of 256 samples)", REPEATS // 2,
          lambda: Frame(run.state(), engines), overlay.update_fills)
    if out:
        out.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(out / "visuals_spiral.png"))
    window.files.maybe_save = lambda: True
    window.close()


def mnist_sized():
    """784-128-10 on random 28×28 "images" (the shape is what costs, not the pixels)."""
    import numpy as np

    from bpstudio.data import Dataset
    from bpstudio.model.builders import layered
    from bpstudio.model.settings import TrainingSettings
    from bpstudio.workflow import initialize

    rng = np.random.default_rng(0)
    network = layered([784, 128, 10], "relu", "softmax")
    network.set_settings(TrainingSettings(loss="softmax_cross_entropy", batch_size=64,
                                          learning_rate=0.05))
    initialize(network)
    x = rng.random((1200, 784))
    y = rng.integers(0, 10, 1200)
    dataset = Dataset("noise", "classification", x[:1000], y[:1000], x[1000:], y[1000:],
                      n_classes=10, image_shape=(28, 28))
    return network, dataset


def bench_big(out: Path | None) -> None:
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtWidgets import QApplication

    from bpstudio.ui.visuals.frame import EngineCache, Frame

    network, dataset = mnist_sized()
    window = window_with(None, network)
    run = HandRun(window.document.network, dataset)
    engines = EngineCache()
    overlay = window.visuals.overlay
    overlay.attach(window.scene)
    overlay.set_edge_mode("gradient")
    view = window.view
    print(f"784-128-10: {len(run.plan.connection_ids):,} connections, viewport "
          f"{view.viewport().width()}×{view.viewport().height()} px")
    changed: list[int] = []

    def restyle(frame) -> None:
        overlay.update_edges(frame)
        changed.append(overlay.last_changed_edges)

    timed("edge colours by gradient (set_values, re-pen changed)", 30,
          lambda: Frame(run.state(), engines), restyle)
    print(f"  {'':<52} {statistics.median(changed):,.0f} edges changed bucket per report")
    image = QImage(view.viewport().size(), QImage.Format.Format_ARGB32_Premultiplied)

    def restyle_and_paint(frame) -> None:
        overlay.update_edges(frame)
        image.fill(0)
        painter = QPainter(image)
        view.render(painter)
        painter.end()

    timed("edge colours by gradient + canvas frame (fit to view)", 15,
          lambda: Frame(run.state(), engines), restyle_and_paint)
    overlay.set_fill_mode("delta")
    timed("neuron fill by |δ| (probe of 64 samples, 922 neurons)", 15,
          lambda: Frame(run.state(), engines), overlay.update_fills)
    QApplication.processEvents()
    if out:
        window.grab().save(str(out / "visuals_784_128_10.png"))
    window.files.maybe_save = lambda: True
    window.close()


def bench_digits(out: Path | None) -> None:
    from PySide6.QtWidgets import QApplication

    from bpstudio.ui.visuals.frame import EngineCache, Frame

    window = window_with("digits")
    visuals = window.visuals
    visuals.digits_dock.show()
    visuals.digits_dock.raise_()
    QApplication.processEvents()
    run = HandRun(window.document.network)
    engines = EngineCache()
    panel = visuals.digits
    print(f"digits: {run.data.n_test} test images, "
          f"{len(visuals.frame.index.first_layer) if visuals.frame else 32} weight pictures")
    timed("digits panel (predict, confusion, page of images)", 40,
          lambda: Frame(run.state(), engines), panel.show_frame)
    panel.tabs.setCurrentIndex(2)
    timed("digits panel, weights tab shown", 40,
          lambda: Frame(run.state(), engines), panel.show_frame)
    if out:
        window.grab().save(str(out / "visuals_digits.png"))
    window.files.maybe_save = lambda: True
    window.close()


def bench_live(example: str, seconds: float = 6.0) -> None:
    """Train through the real TrainingController and add up what the visuals cost."""
    from dataclasses import replace

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from bpstudio.ui.document.file_actions import read_example
    from bpstudio.ui.main_window import MainWindow

    folder = tempfile.mkdtemp()
    window = MainWindow(QSettings(str(Path(folder) / "s.ini"), QSettings.Format.IniFormat))
    window.resize(1400, 880)
    document = read_example(example)
    network = document.network
    network.set_settings(replace(network.settings, epochs=10_000_000))
    window.set_document(document)
    window.show()
    QApplication.processEvents()
    visuals = window.visuals
    visuals.edge_actions["gradient"].trigger()
    visuals.fill_actions["activation"].trigger()
    reports = []
    window.training.view_changed.connect(lambda: reports.append(time.perf_counter()))
    before = {t: t.total_cost for t in visuals.throttles()}
    window.training.start()
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        QApplication.processEvents()
        time.sleep(0.001)
    window.training.pause()
    elapsed = time.perf_counter() - start
    spent = sum(t.total_cost - before[t] for t in visuals.throttles())
    per_view = ", ".join(f"{name} {1000 * (t.total_cost - before[t]) / elapsed:.1f}"
                         for name, t in zip(("edges", "fills", "boundary", "thumbnails",
                                             "digits"), visuals.throttles(), strict=True))
    print(f"  {example}: {len(reports) / elapsed:.0f} reports/s while training; visuals "
          f"took {100 * spent / elapsed:.1f} % of the GUI thread ({per_view} ms/s)")
    window.training.shutdown()
    window.files.maybe_save = lambda: True
    window.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="save the windows as PNGs here")
    parser.add_argument("--only", choices=("spiral", "digits", "big", "live"),
                        help="run one section (e.g. the spiral's boundary update + paint)")
    args = parser.parse_args(argv)
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from bpstudio.ui.theme import apply_theme

    apply_theme(app)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{os.cpu_count()} cores, load average {load:.2f} (other work slows every number)")
    sections = {"spiral": lambda: bench_spiral(args.out),
                "digits": lambda: bench_digits(args.out),
                "big": lambda: bench_big(args.out), "live": _bench_live_all}
    for name, section in sections.items():
        if args.only in (None, name):
            section()
    return 0


def _bench_live_all() -> None:
    print("live, through the TrainingController (gradient edges, activation fills):")
    for example in ("spiral", "digits"):
        bench_live(example)


if __name__ == "__main__":
    sys.exit(main())
