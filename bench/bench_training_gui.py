"""Live training in the window vs headless: throughput ratio and GUI frame times.

Run: ``QT_QPA_PLATFORM=offscreen python -m bench.bench_training_gui [--seconds 3]``.

On the digits example (64-32-10, minibatches of 32) it alternates, in one process, round
after round:

* headless: ``Trainer.run`` on the main thread with no GUI, as ``bpstudio train`` runs it,
  once with the machine's BLAS threads and once with one BLAS thread (what the window
  uses while training, see ``training_session.BlasLimit``); the faster of the two is the
  reference, so the window gets no credit for the BLAS setting;
* window: the main window (offscreen) with the training panel and live plots, training
  started with the Train action as a user would; the visual panels (edge colours, digits
  views, …) left out, so this measures the training half alone;
* window + visuals: the same with every visual panel installed (when they exist).

It prints steps per second and the ratio to the headless run of the same round (the
machine's load drifts; neighbours in time compare fairly), and the GUI thread's
responsiveness while training: the intervals of a 16 ms timer (a frame at 60 Hz waits as
long), the controller's snapshot slot, and the GUI thread's CPU time per second.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

WARMUP_S = 0.5
TICK_MS = 16


def _digits_network():
    from bpstudio.ui.file_actions import read_example

    document = read_example("digits")
    network = document.network
    # Long enough never to finish inside the measurement.
    network.set_settings(network.settings.with_changes(epochs=1_000_000))
    return document


def headless(seconds: float, one_blas_thread: bool = False) -> float:
    """Steps per second of ``Trainer.run`` without any GUI."""
    if one_blas_thread:
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=1, user_api="blas"):
            return headless(seconds)
    from bpstudio.engine.training import Trainer
    from bpstudio.examples import EXAMPLES_DIR
    from bpstudio.workflow import prepare_training

    network = _digits_network().network
    prepared = prepare_training(network, EXAMPLES_DIR)
    trainer = Trainer(prepared.plan, prepared.data, network.settings)
    trainer.run(should_stop=lambda: trainer.steps >= 50)           # warm the caches
    trainer.resume()
    start, first = time.perf_counter(), trainer.steps
    deadline = start + seconds
    trainer.run(should_stop=lambda: time.perf_counter() >= deadline)
    return (trainer.steps - first) / (time.perf_counter() - start)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def gui(seconds: float, visuals: bool, plots: bool = True) -> dict[str, float]:
    """Train in the main window for ``seconds``; throughput and frame-time percentiles.
    Without ``visuals`` the visual panels stop following training (the training half
    alone: panel, status line and plots)."""
    from PySide6.QtCore import QEventLoop, QSettings, Qt, QTimer

    from bpstudio.ui.app import _application
    from bpstudio.ui.main_window import MainWindow

    app = _application()
    with tempfile.TemporaryDirectory() as folder:
        window = MainWindow(QSettings(str(Path(folder) / "s.ini"), QSettings.Format.IniFormat))
        window.resize(1400, 880)
        window.set_document(_digits_network())
        window.plots_dock.setVisible(plots)
        if not visuals:
            window.visuals.detach()
        window.show()
        app.processEvents()
        controller = window.training
        controller.snapshot_timings = []
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
        loop = QEventLoop()
        cpu: list[float] = []
        QTimer.singleShot(round(WARMUP_S * 1000),
                          lambda: (ticker.start(), cpu.append(time.thread_time())))
        QTimer.singleShot(round((WARMUP_S + seconds) * 1000), loop.quit)
        loop.exec()
        cpu_seconds = time.thread_time() - cpu[0]
        ticker.stop()
        window.training.stop()
        window.files.maybe_save = lambda: True
        window.close()
        window.deleteLater()
        app.processEvents()
    slot_ms = [t * 1000 for t in controller.snapshot_timings]
    window_samples = [(t, s) for t, s in samples if t >= samples[0][0] + WARMUP_S]
    (t0, s0), (t1, s1) = window_samples[0], window_samples[-1]
    return {
        "steps_per_second": (s1 - s0) / (t1 - t0),
        "snapshots_per_second": len(controller.snapshot_timings) / (WARMUP_S + seconds),
        "frame_p50": percentile(intervals, 50), "frame_p95": percentile(intervals, 95),
        "frame_p99": percentile(intervals, 99), "frame_max": max(intervals),
        "slot_p50": percentile(slot_ms, 50), "slot_p95": percentile(slot_ms, 95),
        "slot_max": max(slot_ms),
        "gui_cpu_share": cpu_seconds / (t1 - t0 + 1e-9) * 100,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="per measurement")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of all configurations")
    parser.add_argument("--no-plots", action="store_true", help="hide the plots dock")
    args = parser.parse_args(argv)
    configurations = {"window, training half only": False, "window as users see it": True}
    print(f"digits example, {args.rounds} rounds of {args.seconds:g} s per configuration; "
          f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average "
          f"{os.getloadavg()[0]:.1f}")
    heads: list[float] = []
    singles: list[float] = []
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in configurations}
    for _ in range(args.rounds):
        heads.append(headless(args.seconds))
        singles.append(headless(args.seconds, one_blas_thread=True))
        reference = max(heads[-1], singles[-1])
        for name, visuals in configurations.items():
            result = gui(args.seconds, visuals, plots=not args.no_plots)
            result["ratio"] = result["steps_per_second"] / reference * 100
            runs[name].append(result)
    for name, values in (("headless", heads), ("headless, 1 BLAS", singles)):
        print(f"{name:<18}{statistics.median(values):8.0f} steps/s   (runs: "
              f"{', '.join(f'{h:.0f}' for h in values)})")
    rows = [("steps_per_second", " steps/s"), ("ratio", " % of the faster headless (target ≥ 80)"),
            ("frame_p50", " ms"), ("frame_p95", " ms (target ≤ 50)"), ("frame_p99", " ms"),
            ("frame_max", " ms"), ("slot_p50", " ms"), ("slot_p95", " ms"),
            ("snapshots_per_second", " /s"), ("gui_cpu_share", " % of a core")]
    for name, results in runs.items():
        print(f"{name}:")
        for key, unit in rows:
            values = [r[key] for r in results]
            print(f"  {key:<22}{statistics.median(values):8.1f}{unit}   (runs: "
                  f"{', '.join(f'{v:.0f}' for v in values)})")
    print(f"(median of the rounds; a frame is the interval of a {TICK_MS} ms timer)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
