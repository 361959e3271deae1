"""Run expensive redraws at most so often, and never for more than a share of the time.

The one throttle of the GUI: the visuals' redraws, the training plots and the training
status lines all go through :class:`Throttle`.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer


class Budget:
    """The share of wall time all visual redraws together may take on the GUI thread.

    While training runs at full speed every millisecond the GUI thread spends in Python
    is one the training thread waits for the interpreter, so the share is smallest then;
    a run that keeps its pace (``pace.at_full_speed``) has time to spare; idle, the views
    may take most of the time and feel instant.
    """

    FULL_SPEED = 0.08
    TRAINING = 0.12
    IDLE = 0.6

    def __init__(self, fraction: float = IDLE) -> None:
        self.fraction = fraction


class Throttle(QObject):
    """Calls ``work`` on :meth:`request`, at most every ``interval_ms`` and, given a
    ``budget``, at most ``share`` of that shared :class:`Budget` of time (a 20 ms redraw
    with a share of 0.2 of a 0.5 budget runs at most every 200 ms); however costly, at
    least every ``max_interval_ms`` if given.

    A request inside the quiet period is not dropped: one call runs when it ends, so the
    last state always gets drawn. ``clock`` schedules (wall time); ``cost_clock`` measures
    what a call costs (default: the same; the plots count the GUI thread's CPU time, since
    waiting for the GIL costs the trainer nothing). A request less than ``slack_ms``
    before the quiet period ends runs at once: requests that come about once a period
    (status lines following reports) then run with them, instead of waking the GUI thread
    again a few milliseconds later.
    """

    def __init__(self, work: Callable[[], None], interval_ms: float, share: float = 1.0,
                 budget: Budget | None = None, parent: QObject | None = None,
                 paint_cost: Callable[[], float] | None = None,
                 max_interval_ms: float | None = None,
                 clock: Callable[[], float] = time.perf_counter,
                 cost_clock: Callable[[], float] | None = None,
                 slack_ms: float = 0.0) -> None:
        super().__init__(parent)
        self._work = work
        self.slack = slack_ms / 1000.0
        # The repaint a redraw causes happens later in the event loop; count its last
        # measured cost too, or a cheap restyle followed by a 30 ms paint runs too often.
        self._paint_cost = paint_cost
        self.interval = interval_ms / 1000.0
        self.max_interval = None if max_interval_ms is None else max_interval_ms / 1000.0
        self.share = share
        self.shared_budget = budget
        self.clock = clock
        self.cost_clock = cost_clock
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
        wait = self._next - self.clock()
        if wait <= self.slack:
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
        self._next = self._last_start + self._quiet_period()
        if self._timer.isActive():
            self._timer.stop()
            self.request()

    def _fire(self) -> None:
        start = self._last_start = self.clock()
        cost_clock = self.cost_clock or self.clock
        cost_start = cost_clock()
        self._work()
        self.last_cost = cost_clock() - cost_start
        if self._paint_cost is not None:
            self.last_cost += self._paint_cost()
        self.total_cost += self.last_cost
        self.calls += 1
        self._next = start + self._quiet_period()

    def _quiet_period(self) -> float:
        """Seconds from one call's start to the next: the interval, stretched so the last
        call's cost fits this throttle's share of the budget, capped by max_interval."""
        wait = self.interval
        if self.shared_budget is not None:
            wait = max(wait, self.last_cost / self.time_share)
        return wait if self.max_interval is None else min(wait, self.max_interval)

    @property
    def time_share(self) -> float:
        """This throttle's share of the time, now (1 without a budget)."""
        if self.shared_budget is None:
            return 1.0
        return self.shared_budget.fraction * self.share
