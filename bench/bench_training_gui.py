"""Live training in the window vs headless: throughput ratio and GUI frame times.

Run: ``QT_QPA_PLATFORM=offscreen python -m bench.bench_training_gui [--pairs 40]``.

On the digits example (64-32-10, minibatches of 32), for each configuration of the
window it opens the window once and then alternates short segments, pair after pair:

* headless: ``Trainer.run`` on the main thread, as ``bpstudio train`` runs it (the
  window's event loop is not running meanwhile, and its training is paused);
* window: training resumed in the window (offscreen) as a user would, with the event
  loop running for the same time, then paused again.

Each pair gives one ratio of the window's steps per second to the headless run next to
it. This shared machine's speed drifts by ±30 % within a minute and by ±15 % from one
second to the next (the same code, pinned to one core: 12,500–17,600 steps/s in
neighbouring seconds); short neighbouring segments see most of the same drift, so the
median of many pairs' ratios is stable where ratios of separate runs were not, and its
95 % interval is printed. Configurations:

* window, training half only: training panel, status line and live plots; the visual
  panels (edge colours, neuron fills, digits views) stop following training;
* window as users see it: everything, as the app opens.

It also splits the ratio: the share of the window's time the training thread is on a
core (the rest it waits for the GIL or for a core), and its CPU time per step against
headless (what the worker adds per step, and caches the GUI thread evicts).
``--switch-interval`` sets Python's GIL switch interval for the run, to see what GIL
hand-overs between the two threads cost (information, not a setting of the app).

It also reports the GUI thread's responsiveness while the window trains: the intervals
of a 16 ms timer (a frame at 60 Hz waits as long; timed in half-second segments of their
own after each window segment, as the timer's Python calls cost training time), the
controller's snapshot slot, and the GUI thread's CPU time per second.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# The 95 % interval of the median: one run's median moves by several points here.
from bench.bench_pace import median_interval  # noqa: E402 - after the platform is set

WARMUP_S = 0.3       # after each resume, before the window's segment is counted
TICK_MS = 16
FRAME_SEGMENT_S = 0.5  # after each window segment, the frame timer's own segment


def _digits_document():
    from bpstudio.ui.document.file_actions import read_example

    document = read_example("digits")
    network = document.network
    # Long enough never to finish inside the measurement.
    network.set_settings(network.settings.with_changes(epochs=1_000_000))
    return document


def _headless_trainer():
    from bpstudio.engine.training import Trainer
    from bpstudio.examples import EXAMPLES_DIR
    from bpstudio.workflow import prepare_training

    network = _digits_document().network
    prepared = prepare_training(network, EXAMPLES_DIR)
    trainer = Trainer(prepared.plan, prepared.data, network.settings)
    trainer.run(should_stop=lambda: trainer.steps >= 50)           # warm the caches
    trainer.resume()
    return trainer


def headless_segment(trainer, seconds: float, cpu: list[float] | None = None,
                     shares: list[float] | None = None) -> float:
    """Steps per second of ``Trainer.run`` for ``seconds`` (its CPU seconds per step are
    appended to ``cpu``, its share of the time on a core to ``shares``)."""
    start, first, cpu_start = time.perf_counter(), trainer.steps, time.thread_time()
    deadline = start + seconds
    trainer.run(should_stop=lambda: time.perf_counter() >= deadline)
    trainer.resume()
    wall = time.perf_counter() - start
    if cpu is not None and shares is not None:
        cpu.append((time.thread_time() - cpu_start) / max(trainer.steps - first, 1))
        shares.append((time.thread_time() - cpu_start) / wall)
    return (trainer.steps - first) / wall


_TRAINING_THREADS: list[int] = []


def _training_thread_clock() -> Callable[[], int]:
    """The CPU clock of the window's newest training thread, for telling time it waits
    (for the GIL, or for a core) from time it works: the worker's run notes its thread
    as it starts."""
    from bpstudio.ui.training.worker import TrainingWorker

    run = TrainingWorker.run
    if not getattr(run, "noted", False):
        def noted_run(self) -> None:
            _TRAINING_THREADS.append(threading.get_ident())
            run(self)

        noted_run.noted = True          # type: ignore[attr-defined]
        TrainingWorker.run = noted_run  # type: ignore[method-assign]
    return lambda: time.pthread_getcpuclockid(_TRAINING_THREADS[-1])


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def _spin(milliseconds: float) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(round(milliseconds), loop.quit)
    loop.exec()


def measure(pairs: int, seconds: float, visuals: bool, plots: bool = True
            ) -> dict[str, list[float]]:
    """``pairs`` of (headless, window) segments; per-pair rates and ratios, and the GUI
    thread's timings while the window trained."""
    from PySide6.QtCore import QSettings, Qt, QTimer

    from bpstudio.ui.app import _application
    from bpstudio.ui.main_window import MainWindow

    app = _application()
    trainer = _headless_trainer()
    training_clock = _training_thread_clock()
    result: dict[str, list[float]] = {"headless": [], "window": [], "ratio": [],
                                      "cpu_share": [], "intervals": [], "slot_ms": [],
                                      "headless_cpu": [], "headless_share": [], "trainer_share": [],
                                      "plot_redraws": [],
                                      "trainer_cpu": []}
    with tempfile.TemporaryDirectory() as folder:
        window = MainWindow(QSettings(str(Path(folder) / "s.ini"), QSettings.Format.IniFormat))
        window.resize(1400, 880)
        window.set_document(_digits_document())
        window.plots_dock.setVisible(plots)
        if not visuals:
            window.visuals.detach()
        window.show()
        app.processEvents()
        controller = window.training
        samples: list[tuple[float, int]] = []
        controller.progress_changed.connect(
            lambda p: p is not None and samples.append((time.perf_counter(), p.step)))
        intervals: list[float] = []
        last_tick: list[float] = []
        ticker = QTimer()
        ticker.setTimerType(Qt.TimerType.PreciseTimer)
        ticker.setInterval(TICK_MS)

        def tick() -> None:
            now = time.perf_counter()
            if last_tick:
                intervals.append((now - last_tick[-1]) * 1000)
            last_tick.append(now)

        ticker.timeout.connect(tick)
        window.training_actions.train.trigger()
        _spin(WARMUP_S * 1000)
        for _ in range(pairs):
            controller.pause()
            _spin(200)                      # the worker confirms; paused views settle
            result["headless"].append(headless_segment(
                trainer, seconds, result["headless_cpu"], result["headless_share"]))
            controller.start()
            _spin(WARMUP_S * 1000)
            samples.clear()
            controller.snapshot_timings = []
            clock = training_clock()
            cpu_before = time.thread_time()
            trainer_before, wall_before = time.clock_gettime(clock), time.perf_counter()
            step_before = controller.progress.step   # (reported ≤ 50 ms ago, as at the end)
            redraws = window.training_plots.throttle.calls
            _spin(seconds * 1000)
            result["plot_redraws"].append(
                (window.training_plots.throttle.calls - redraws) / seconds)
            cpu = time.thread_time() - cpu_before
            trainer_cpu = time.clock_gettime(clock) - trainer_before
            (t0, s0), (t1, s1) = samples[0], samples[-1]
            rate = (s1 - s0) / (t1 - t0)
            result["trainer_share"].append(trainer_cpu / (time.perf_counter() - wall_before))
            # the steps of the whole segment: the progress samples' first and last span
            # less than it (they come 10 times a second)
            result["trainer_cpu"].append(
                trainer_cpu / max(controller.progress.step - step_before, 1))
            result["window"].append(rate)
            result["ratio"].append(rate / result["headless"][-1] * 100)
            result["cpu_share"].append(cpu / seconds * 100)
            result["slot_ms"] += [t * 1000 for t in controller.snapshot_timings]
            # Frames are timed in a segment of their own: the timer's 60 Python calls a
            # second would otherwise cost the throughput being measured.
            last_tick.clear()
            ticker.start()
            _spin(FRAME_SEGMENT_S * 1000)
            ticker.stop()
        result["intervals"] = intervals
        window.training.stop()
        window.files.maybe_save = lambda: True
        window.close()
        window.deleteLater()
        app.processEvents()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=40, help="headless/window pairs")
    parser.add_argument("--seconds", type=float, default=0.75, help="per segment")
    parser.add_argument("--no-plots", action="store_true", help="hide the plots dock")
    parser.add_argument("--switch-interval", type=float, default=None,
                        help="sys.setswitchinterval for the whole run, in seconds (Python's "
                             "default 0.005): how much GIL hand-overs between the threads "
                             "cost, for information")
    args = parser.parse_args(argv)
    if args.switch_interval is not None:
        sys.setswitchinterval(args.switch_interval)
    configurations = {"window, training half only": False, "window as users see it": True}
    print(f"digits example, {args.pairs} pairs of {args.seconds:g} s segments per "
          f"configuration; Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load "
          f"average {os.getloadavg()[0]:.1f}, switch interval "
          f"{sys.getswitchinterval() * 1000:g} ms")
    for name, visuals in configurations.items():
        r = measure(args.pairs, args.seconds, visuals, plots=not args.no_plots)
        ratios = r["ratio"]
        print(f"{name}:")
        print(f"  headless            {statistics.median(r['headless']):8.0f} steps/s "
              f"(range {min(r['headless']):.0f}–{max(r['headless']):.0f})")
        print(f"  window              {statistics.median(r['window']):8.0f} steps/s "
              f"(range {min(r['window']):.0f}–{max(r['window']):.0f})")
        low, high = median_interval(ratios)
        print(f"  ratio, median       {statistics.median(ratios):8.1f} % of headless "
              f"(target ≥ 90; 95 % interval of the median {low:.1f}–{high:.1f}, "
              f"quartiles {percentile(ratios, 25):.0f}–{percentile(ratios, 75):.0f} %)")
        frames = r["intervals"]
        print(f"  frame p50/p95/p99   {percentile(frames, 50):5.1f} / "
              f"{percentile(frames, 95):.1f} / {percentile(frames, 99):.1f} ms "
              f"(target p95 ≤ 50), max {max(frames):.0f} ms")
        print(f"  snapshot slot       {percentile(r['slot_ms'], 50):5.2f} ms p50, "
              f"{percentile(r['slot_ms'], 95):.2f} ms p95")
        print(f"  GUI thread CPU      {statistics.median(r['cpu_share']):5.1f} % of a core")
        print(f"  plots redrawn       {statistics.median(r['plot_redraws']):5.1f} times a second")
        # The ratio splits into time the training thread waits (for the GIL, or a core)
        # and extra CPU per step (what the worker adds, caches the GUI thread evicts).
        print(f"  training thread     on a core {statistics.median(r['trainer_share']):.1%} "
              f"of the time (headless {statistics.median(r['headless_share']):.1%}); "
              f"CPU per step ×"
              f"{statistics.median(r['trainer_cpu']) / statistics.median(r['headless_cpu']):.3f}"
              f" of headless")
    print(f"(a frame is the interval of a {TICK_MS} ms timer while the window trains)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
