"""The one owner of the process's BLAS thread count.

BLAS worker threads spin-wait between the small matrix products of a training step, and
the count threadpoolctl sets is process-wide, not per thread. Two reasons limit it:

* while a *small* network trains, one thread: the spiral 2-8-8-1 stepped 35 % faster on
  one thread on an idle 2-core machine and several times faster on a busy one, while the
  784-256-128-10 net gains from threads (:data:`SMALL_PRODUCT`);
* while a GUI training thread lives, every core but one, left to the GUI thread (2 cores:
  the digits example trained several times faster, and frames stayed smooth).

:data:`LIMITS` counts the holders of each reason and sets the tightest limit any holder
asks for; when the last one leaves, the machine's own setting comes back. Holders come
and go in any order and from any thread (a stopping session may still end in the
background while the next one starts). threadpoolctl is a dependency; where it is
missing all the same, nothing is limited.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from bpstudio.engine.plan import Plan

#: Below this many multiply-adds in the largest product of a step, BLAS threads cost
#: more than they give.
SMALL_PRODUCT = 2_000_000

Limit = int | None          # a thread count, or None for the machine's own setting


def is_small(plan: Plan, batch: int) -> bool:
    """Whether a step of ``plan`` on ``batch`` samples runs best on one BLAS thread."""
    largest = max((level.n_params for level in plan.levels), default=0) * batch
    return largest < SMALL_PRODUCT


class ThreadpoolSetter:
    """Sets the BLAS thread count through threadpoolctl (found once: ~1 ms), restoring the
    machine's own counts for None."""

    def __init__(self) -> None:
        self._controller: Any = None
        self._searched = False
        self._original: Any = None      # the first limiter: it remembers the machine's counts

    def __call__(self, limit: Limit) -> None:
        controller = self._find()
        if controller is None:
            return
        if limit is None:
            if self._original is not None:
                self._original.restore_original_limits()
                self._original = None
            return
        limiter = controller.limit(limits=limit, user_api="blas")
        if self._original is None:
            self._original = limiter

    def _find(self) -> Any:
        if not self._searched:
            self._searched = True
            try:
                from threadpoolctl import ThreadpoolController  # type: ignore[import-untyped]
            except ImportError:
                return None
            self._controller = ThreadpoolController()
        return self._controller


class BlasThreads:
    """Counts who wants the BLAS threads limited and applies the tightest wish."""

    def __init__(self, set_limit: Callable[[Limit], None] | None = None,
                 cores: int | None = None) -> None:
        self._set_limit = set_limit if set_limit is not None else ThreadpoolSetter()
        self._cores = cores if cores is not None else (os.cpu_count() or 2)
        self._lock = threading.Lock()
        self._gui_holders = 0           # live GUI training threads
        self._small_runs = 0            # small networks training right now
        self.applied: Limit = None      # the limit in force

    def reserve_gui_core(self) -> None:
        """A GUI training thread starts: leave one core to the GUI thread."""
        with self._lock:
            self._gui_holders += 1
            self._apply()

    def release_gui_core(self) -> None:
        """A GUI training thread has ended."""
        with self._lock:
            self._gui_holders = max(0, self._gui_holders - 1)
            self._apply()

    @contextmanager
    def for_training(self, plan: Plan, batch: int) -> Iterator[None]:
        """One BLAS thread while a small network trains; unchanged for a big one."""
        if not is_small(plan, batch):
            yield
            return
        with self._lock:
            self._small_runs += 1
            self._apply()
        try:
            yield
        finally:
            with self._lock:
                self._small_runs -= 1
                self._apply()

    def _apply(self) -> None:
        """Set the tightest limit any holder asks for (caller holds the lock)."""
        wanted: Limit = None
        if self._small_runs:
            wanted = 1
        elif self._gui_holders:
            wanted = max(1, self._cores - 1)
        if wanted != self.applied:
            self._set_limit(wanted)
            self.applied = wanted


#: the process's owner: the trainer and the GUI's training sessions both go through it
LIMITS = BlasThreads()
