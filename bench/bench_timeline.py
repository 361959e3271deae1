"""Scrubbing the timeline: what one frame costs when the user drags the scrubber.

Run: ``QT_QPA_PLATFORM=offscreen python -m bench.bench_timeline [--out DIR]``.

* 784-128-10 (101,632 connections) on the Fashion-MNIST set: train a few epochs in the
  window, then step the viewed snapshot back and forth, each frame timed from the
  controller's ``view_snapshot`` through every view's redraw (edges by gradient, the
  digits panel) to the canvas painted. The issue asks for ≤ 50 ms at the 95th
  percentile.
* the spiral example: the same with the decision boundary and thumbnails; the issue asks
  for ≥ 30 frames a second.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.bench_visuals import percentiles  # noqa: E402


def _window(document):
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from bpstudio.ui.main_window import MainWindow

    folder = tempfile.mkdtemp()
    settings = QSettings(str(Path(folder) / "s.ini"), QSettings.Format.IniFormat)
    settings.setValue("view/training_pace", "full")
    window = MainWindow(settings)
    window.resize(1400, 880)
    window.set_document(document)
    window.show()
    QApplication.processEvents()
    window.view.fit_to_view()
    return window


def _train(window, epochs: int) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    network = window.document.network
    network.set_settings(network.settings.with_changes(epochs=epochs, target_loss=0.0,
                                                       patience=0))
    loop = QEventLoop()
    window.training.state_changed.connect(lambda s: s == "finished" and loop.quit())
    QTimer.singleShot(600_000, loop.quit)
    window.training.start()
    loop.exec()


def _scrub(window, frames: int, every_view: bool = True) -> list[float]:
    """Milliseconds per frame: view a snapshot, redraw every view (``every_view``; else
    only what the views' throttles let through, as during a drag), and let the event loop
    paint what changed (the offscreen platform paints into its backing store)."""
    from PySide6.QtWidgets import QApplication

    training = window.training
    snapshots = training.timeline.snapshots()
    QApplication.processEvents()          # the run's weights applied, views settled
    training.set_scrubbing(True)          # the scrubber is held, as in a drag
    times = []
    for i in range(frames):
        # back and forth over the run, as a drag does
        k = i % (2 * len(snapshots) - 2)
        snapshot = snapshots[k if k < len(snapshots) else 2 * len(snapshots) - 2 - k]
        started = time.perf_counter()
        training.view_snapshot(snapshot)
        if every_view:
            window.visuals.redraw_now()
        QApplication.processEvents()
        times.append((time.perf_counter() - started) * 1000)
    training.set_scrubbing(False)
    return times


def bench_big(out: Path | None) -> None:
    from bpstudio.engine.init import fresh_parameters
    from bpstudio.formats.bpnet import ProjectInfo
    from bpstudio.model.builders import layered
    from bpstudio.model.settings import DatasetSpec, TrainingSettings
    from bpstudio.ui.document.file_actions import Document

    network = layered([784, 128, 10], "relu", "softmax")
    network.set_settings(TrainingSettings(loss="softmax_cross_entropy", batch_size=64,
                                          learning_rate=0.05),
                         DatasetSpec(name="fashion", samples=1000))
    network.set_parameters(*fresh_parameters(network, "he", 0))
    window = _window(Document(network, ProjectInfo("784-128-10")))
    window.visuals.edge_actions["gradient"].trigger()
    _train(window, 12)
    for every_view in (True, False):
        median, p95 = percentiles(_scrub(window, 60, every_view))
        what = "every view redrawn" if every_view else "views on their throttles (a drag)"
        print(f"784-128-10 ({len(network.connections):,} connections), "
              f"{len(window.training.timeline)} snapshots, {what}: frame {median:.1f} ms, "
              f"p95 {p95:.1f} ms (target ≤ 50 ms)")
    if out:
        window.grab().save(str(out / "scrub_784_128_10.png"))
    window.files.maybe_save = lambda: True
    window.close()


def bench_spiral(out: Path | None) -> None:
    from bpstudio.ui.document.file_actions import read_example

    window = _window(read_example("spiral"))
    _train(window, 400)
    for every_view in (True, False):
        median, p95 = percentiles(_scrub(window, 150, every_view))
        what = "every view redrawn" if every_view else "views on their throttles (a drag)"
        print(f"spiral ({len(window.training.timeline)} snapshots), {what}: frame "
              f"{median:.1f} ms, p95 {p95:.1f} ms: {1000 / median:.0f} frames/s "
              "(target ≥ 30)")
    if out:
        window.grab().save(str(out / "scrub_spiral.png"))
    window.files.maybe_save = lambda: True
    window.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="save a picture of each scrubbed window")
    args = parser.parse_args(argv)
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])   # noqa: F841
    from bpstudio.ui.theme import apply_theme

    apply_theme(QApplication.instance())
    bench_spiral(args.out)
    bench_big(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
