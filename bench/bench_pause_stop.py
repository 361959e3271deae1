"""How long Pause and Stop take to act while training runs in the window.

Run: ``QT_QPA_PLATFORM=offscreen python -m bench.bench_pause_stop [--repeats 10]``.

For each built-in example (with its own settings) it starts training with the Train
action, lets it run, then measures on the GUI thread the time from the command to the
worker's confirmation: Pause until the worker says "paused", Stop until the controller
says "finished" (the worker has ended its minibatch and the weights are applied). The
worker checks for commands between minibatches, so the latency is about one minibatch
plus, for the confirmation, the signal's wait in the GUI thread's event loop (which
renders the full views the moment training pauses). The issue asks for ≤ 100 ms.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.bench_training_gui import _spin  # noqa: E402  (after the platform is chosen)

RUN_BEFORE_COMMAND_MS = 400


def _latencies_ms(command, worker_signal, gui_signal, timeout_s: float = 30.0
                  ) -> tuple[float, float]:
    """Milliseconds from calling ``command`` until the worker thread emits
    ``worker_signal`` (caught in that thread: training has stopped stepping) and until
    ``gui_signal`` says "finished" or "paused" on the GUI thread (the user sees it
    confirmed). Both are connected first: the worker may answer at once."""
    from PySide6.QtCore import QEventLoop, Qt, QTimer

    worker_at: list[float] = []
    gui_at: list[float] = []
    loop = QEventLoop()

    def in_worker(*_args) -> None:
        if not worker_at and (not _args or _args[0] in ("paused", "finished")):
            worker_at.append(time.perf_counter())

    def on_gui(state: str) -> None:
        if state in ("paused", "finished") and not gui_at:
            gui_at.append(time.perf_counter())
            loop.quit()

    worker_signal.connect(in_worker, Qt.ConnectionType.DirectConnection)
    gui_signal.connect(on_gui)
    began = time.perf_counter()
    command()
    QTimer.singleShot(round(timeout_s * 1000), loop.quit)
    loop.exec()
    gui_signal.disconnect(on_gui)
    if not (worker_at and gui_at):
        raise RuntimeError(f"no confirmation within {timeout_s:g} s")
    # the worker of a stopped session is deleted, and its connections with it
    with contextlib.suppress(RuntimeError):
        worker_signal.disconnect(in_worker)
    return (worker_at[0] - began) * 1000, (gui_at[0] - began) * 1000


def measure(example: str, repeats: int) -> dict[str, list[tuple[float, float]]]:
    """(worker, GUI) latencies in milliseconds of ``repeats`` pauses and stops."""
    from PySide6.QtCore import QSettings

    from bpstudio.ui.app import _application
    from bpstudio.ui.document.file_actions import read_example
    from bpstudio.ui.main_window import MainWindow

    app = _application()
    pauses: list[tuple[float, float]] = []
    stops: list[tuple[float, float]] = []
    with tempfile.TemporaryDirectory() as folder:
        window = MainWindow(QSettings(str(Path(folder) / "s.ini"), QSettings.Format.IniFormat))
        window.resize(1400, 880)
        document = read_example(example)
        network = document.network
        network.set_settings(network.settings.with_changes(epochs=1_000_000, target_loss=0.0,
                                                           patience=0))
        window.set_document(document)
        window.show()
        app.processEvents()
        training = window.training
        for _ in range(repeats):
            window.training_actions.train.trigger()
            _spin(RUN_BEFORE_COMMAND_MS)
            worker = training.session.worker
            pauses.append(_latencies_ms(training.pause, worker.state_changed,
                                        worker.state_changed))
            training.start()                    # resumes the paused session
            _spin(RUN_BEFORE_COMMAND_MS)
            worker = training.session.worker
            stops.append(_latencies_ms(training.stop, worker.finished, training.state_changed))
        window.files.maybe_save = lambda: True
        window.close()
        window.deleteLater()
        app.processEvents()
    return {"pause": pauses, "stop": stops}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=10, help="commands of each kind")
    parser.add_argument("--examples", nargs="*", default=["xor", "spiral", "digits"])
    args = parser.parse_args(argv)
    print(f"{args.repeats} pauses and stops per example; Python {sys.version.split()[0]}, "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    print("ms from the command until training stopped stepping (worker) and until the "
          "window confirmed it (GUI); target ≤ 100 ms")
    print(f"{'example':<10}{'':>6}{'worker p50':>12}{'worker max':>12}{'GUI p50':>10}"
          f"{'GUI max':>10}")
    for example in args.examples:
        for command, pairs in measure(example, args.repeats).items():
            worker, gui = [p[0] for p in pairs], [p[1] for p in pairs]
            print(f"{example:<10}{command:>6}{statistics.median(worker):12.1f}"
                  f"{max(worker):12.1f}{statistics.median(gui):10.1f}{max(gui):10.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
