"""How fast training goes: a pace the user can follow, or full speed.

XOR, circle and spiral train in well under a second at full speed, so the curves and the
decision boundary would only be seen after the fact. A :class:`Pace` names what the user
chose (Auto, a number of steps per second, one epoch per frame, full speed);
:func:`steps_per_second` turns it into a rate for one run; a :class:`Pacer` holds the
training thread back between steps to keep that rate. Plain Python with an injectable
clock, so tests count steps against a fake clock instead of timing anything.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

#: Auto stretches a run that would end sooner to about this long; longer runs go at
#: full speed (their own speed is below the rate Auto asks for).
AUTO_SECONDS = 15.0
#: "one epoch per frame": frames per second the views can follow
FRAME_RATE = 30.0
#: a paced loop that fell behind (a slow step, a pause) catches up at most this much:
#: after a pause it does not burst through the steps it "missed"
MAX_LAG_S = 0.1
#: the steps-per-second choices, on a log scale
RATES = (1, 3, 10, 30, 100, 300, 1000)


@dataclass(frozen=True)
class Pace:
    """What the user chose: ``kind`` is "auto", "rate" (``rate`` steps a second),
    "epoch" (one epoch per frame) or "full" (no pacing)."""

    kind: str = "auto"
    rate: float = 0.0

    @property
    def key(self) -> str:
        """A short stable name, for the user's settings: auto, full, epoch or 30."""
        return f"{self.rate:g}" if self.kind == "rate" else self.kind

    @classmethod
    def from_key(cls, key: str) -> Pace:
        """The pace a :attr:`key` names; Auto for anything unknown (an old setting)."""
        if key in ("auto", "full", "epoch"):
            return cls(key)
        try:
            rate = float(key)
        except ValueError:
            return cls()
        return cls("rate", rate) if math.isfinite(rate) and rate > 0 else cls()

    def label(self) -> str:
        return {"auto": "Auto", "full": "Full speed",
                "epoch": "1 epoch per frame"}.get(self.kind, f"{self.rate:,g} steps/s")


FULL_SPEED = Pace("full")

#: every choice, in the order the Speed control lists them
CHOICES = (Pace("auto"), *(Pace("rate", r) for r in RATES), Pace("epoch"), Pace("full"))


def steps_per_second(pace: Pace, steps_per_epoch: int, epochs: int) -> float | None:
    """The rate ``pace`` asks of a run of ``epochs`` epochs of ``steps_per_epoch`` steps;
    None for no pacing. Auto asks for the whole run in :data:`AUTO_SECONDS`: a run that
    cannot go that fast is never held back."""
    if pace.kind == "full":
        return None
    if pace.kind == "rate":
        return pace.rate
    if pace.kind == "epoch":
        return max(steps_per_epoch, 1) * FRAME_RATE
    return max(steps_per_epoch * max(epochs, 1), 1) / AUTO_SECONDS


#: a run reaching less than this share of the rate its pace asks cannot keep to it
BEHIND = 0.9


def at_full_speed(rate: float | None, reached: float) -> bool:
    """Whether a run goes as fast as it can: unpaced (``rate`` None), or reaching (steps a
    second) less than its pace asks (Auto on a long run). Such a run needs every cycle, so
    the views keep to their tightest budgets and the worker reports less often; a run
    that keeps its pace leaves the machine time to spare for them."""
    return rate is None or reached < BEHIND * rate


class Pacer:
    """Holds a loop to ``rate`` steps a second: :meth:`wait` before each step.

    ``clock`` gives seconds; ``sleep(seconds)`` waits and may return early, returning True
    when it was interrupted (a command for the training thread arrived). The rate may be
    changed from another thread: the next :meth:`wait` starts counting afresh.
    """

    def __init__(self, clock: Callable[[], float] = time.perf_counter,
                 sleep: Callable[[float], bool] | None = None) -> None:
        self._clock = clock
        self._wake = threading.Event()
        self._sleep = sleep if sleep is not None else self._wake.wait
        self._rate: float | None = None
        self._due: float | None = None     # when the next step may start

    @property
    def rate(self) -> float | None:
        return self._rate

    def set_rate(self, rate: float | None) -> None:
        """Steps a second from now on (None: as fast as possible); wakes a waiting loop."""
        if rate != self._rate:
            self._rate = rate
            self._due = None
            self._wake.set()

    def interrupt(self) -> None:
        """End a :meth:`wait` early (something else wants the loop's attention)."""
        self._wake.set()

    def wait(self, pending: Callable[[], bool] = lambda: False) -> bool:
        """Wait until the next step is due; True if interrupted first, or if ``pending()``
        says something else wants the loop (the step is not taken: the caller looks at
        what interrupted it and calls again)."""
        rate = self._rate
        if rate is None:
            return False
        now = self._clock()
        due = self._due if self._due is not None else now
        while due > now:
            self._wake.clear()   # before looking: a later interrupt() wakes the sleep
            if pending() or self._sleep(due - now) or self._rate != rate:
                return True
            now = self._clock()
        # Falling behind (slow steps) never builds a burst to catch up with.
        self._due = max(due, now - MAX_LAG_S) + 1.0 / rate
        return False

    def due_steps(self) -> int:
        """How many of the next steps are due already (the loop is behind its rate: Auto
        asks a long run for more steps a second than it reaches). They count as taken,
        so the caller may take them without calling :meth:`wait`: a loop that cannot
        reach its rate then looks at the clock at most ten times a second, not every step."""
        rate, due = self._rate, self._due
        if rate is None or due is None:
            return 0
        now = self._clock()
        if due > now:
            return 0
        steps = int((now - due) * rate) + 1
        self._due = due + steps / rate
        return steps
