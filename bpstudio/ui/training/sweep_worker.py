"""The thread of Train ▸ Sweep…: runs :func:`bpstudio.sweep.run_sweep` and reports.

The sweep itself is plain Python (tested without threads); this class only turns its
reports into signals and Cancel into its stop check. It trains a copy of the document
taken on the GUI thread, so edits made meanwhile never race with it.
"""

from __future__ import annotations

import threading
import traceback
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal

from bpstudio.model.network import Network
from bpstudio.sweep import Grid, SweepProgress, run_sweep


class SweepWorker(QThread):
    """One sweep in its own thread; ``cancel()`` is thread-safe."""

    #: SweepProgress (at most ~20 a second, and once per finished run)
    progressed = Signal(object)
    #: list[Run]: the runs made (all of them, or those finished before Cancel)
    done = Signal(list)
    #: the reason a sweep could not run (data that cannot load, a network that cannot train)
    failed = Signal(str)

    def __init__(self, network: Network, grid: Grid, base_dir: Path | None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._network = network.copy()     # taken here, on the GUI thread
        self._grid = grid
        self._base_dir = base_dir
        self._stop = threading.Event()

    def cancel(self) -> None:
        self._stop.set()

    @property
    def cancelled(self) -> bool:
        return self._stop.is_set()

    def shutdown(self, timeout_ms: int = 30_000) -> None:
        """Cancel and wait for the thread (closing the dialog, the tests' cleanup)."""
        self.cancel()
        self.wait(timeout_ms)

    def run(self) -> None:
        from bpstudio.workflow import USER_ERRORS

        def report(progress: SweepProgress) -> None:
            self.progressed.emit(progress)

        try:
            runs = run_sweep(self._network, self._grid, self._base_dir, report=report,
                             should_stop=self._stop.is_set)
        except USER_ERRORS as error:
            self.failed.emit(str(error))
            return
        except Exception as error:   # noqa: BLE001 - the dialog shows it; the app lives on
            traceback.print_exc()
            self.failed.emit(self.tr("the sweep failed: {error}").format(error=error))
            return
        self.done.emit(runs)
