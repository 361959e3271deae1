"""Run expensive redraws at most so often, and never for more than a share of the time."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer


class Budget:
    """The share of wall time all visual redraws together may take on the GUI thread.

    While training runs every millisecond the GUI thread spends in Python is one the
    training thread waits for the interpreter, so the share is small then; idle, the
    views may take most of the time and feel instant.
    """

    TRAINING = 0.12
    IDLE = 0.6

    def __init__(self) -> None:
        self.fraction = self.IDLE


class Throttle(QObject):
    """Calls ``work`` on :meth:`request`, at most every ``interval_ms`` and at most
    ``share`` of the shared :class:`Budget` of wall time (a 20 ms redraw with a share of
    0.2 of a 0.5 budget runs at most every 200 ms).

    A request inside the quiet period is not dropped: one call runs when it ends, so the
    last state always gets drawn.
    """

    def __init__(self, work: Callable[[], None], interval_ms: float, share: float,
                 budget: Budget, parent: QObject | None = None,
                 paint_cost: Callable[[], float] | None = None) -> None:
        super().__init__(parent)
        self._work = work
        # The repaint a redraw causes happens later in the event loop; count its last
        # measured cost too, or a cheap restyle followed by a 30 ms paint runs too often.
        self._paint_cost = paint_cost
        self.interval = interval_ms / 1000.0
        self.share = share
        self.shared_budget = budget
        self.last_cost = 0.0          # seconds the last call took
        self.total_cost = 0.0         # seconds all calls took
        self.calls = 0
        self._next = 0.0              # perf_counter() time the next call may start
        self._last_start = 0.0        # perf_counter() time the last call started
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

    def rebudget(self) -> None:
        """The shared budget changed: a redraw waiting under the old one is rescheduled
        (training just stopped: the final state should not wait for a training-time
        quiet period)."""
        self._next = self._last_start + max(self.interval, self.last_cost / self.budget)
        if self._timer.isActive():
            self._timer.stop()
            self.request()

    def _fire(self) -> None:
        start = self._last_start = time.perf_counter()
        self._work()
        self.last_cost = time.perf_counter() - start
        if self._paint_cost is not None:
            self.last_cost += self._paint_cost()
        self.total_cost += self.last_cost
        self.calls += 1
        self._next = start + max(self.interval, self.last_cost / self.budget)

    @property
    def budget(self) -> float:
        """This view's share of the wall time, now."""
        return self.shared_budget.fraction * self.share
