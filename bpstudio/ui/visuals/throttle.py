"""Run expensive redraws at most so often, and never for more than a share of the time."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer


class Throttle(QObject):
    """Calls ``work`` on :meth:`request`, at most every ``interval_ms`` and at most
    ``budget`` of the wall time (a 20 ms redraw at budget 0.2 runs ≤ every 100 ms).

    A request inside the quiet period is not dropped: one call runs when it ends, so the
    last state always gets drawn.
    """

    def __init__(self, work: Callable[[], None], interval_ms: float, budget: float = 0.2,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work
        self.interval = interval_ms / 1000.0
        self.budget = budget
        self.last_cost = 0.0          # seconds the last call took
        self.total_cost = 0.0         # seconds all calls took
        self.calls = 0
        self._next = 0.0              # perf_counter() time the next call may start
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._fire)

    def request(self) -> None:
        if self._timer.isActive():
            return                    # already scheduled: it will see the newest state
        wait = self._next - time.perf_counter()
        if wait <= 0:
            self._fire()
        else:
            self._timer.start(int(wait * 1000) + 1)

    def run_now(self) -> None:
        """Call ``work`` immediately (a switch the user just flipped)."""
        self._timer.stop()
        self._fire()

    def flush(self) -> None:
        """Run a scheduled call now instead of when its quiet period ends."""
        if self._timer.isActive():
            self.run_now()

    def cancel(self) -> None:
        self._timer.stop()

    def reset(self) -> None:
        """Forget the quiet period: the next request runs at once."""
        self._timer.stop()
        self._next = 0.0

    def pending(self) -> bool:
        return self._timer.isActive()

    def _fire(self) -> None:
        start = time.perf_counter()
        self._work()
        self.last_cost = time.perf_counter() - start
        self.total_cost += self.last_cost
        self.calls += 1
        self._next = start + max(self.interval, self.last_cost / self.budget)
