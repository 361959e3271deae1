"""Python's cyclic garbage collection, run on the GUI thread only.

The collector runs in whichever thread happens to allocate when a generation's threshold
trips. While the training thread allocates thousands of small arrays a second, that is
usually the training thread: if the garbage then holds Qt objects (a closed dialog's menu
in a reference cycle), their C++ side is deleted off the GUI thread, which Qt does not
allow: the process deadlocks or crashes (seen as a hang in the test suite). So automatic
collection is switched off and a timer on the GUI thread collects whenever a threshold
has been passed, the same decision the automatic collector makes.

A full collection walks every object the program holds (16 ms with the window open),
with the GIL held: the training thread waits for all of it. The automatic collector runs
one only when a quarter more objects have survived into the oldest generation since the
last, a count Python does not expose; in its place full collections keep to
:data:`FULL_SHARE` of the time (the younger generations are collected meanwhile, so
short-lived garbage still goes at once; older garbage waits a few seconds longer).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 250       # often enough that garbage never piles up for long
FULL_SHARE = 0.002      # of wall time at most spent in full collections


class MainThreadCollector(QObject):
    """Collects (the generations whose thresholds have been passed) on a GUI-thread timer."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.collect_due)
        self.timer.start(INTERVAL_MS)
        gc.disable()
        self.destroyed.connect(lambda *_: gc.enable())

    def stop(self) -> None:
        """Back to automatic collection (tests that leave the GUI behind)."""
        self.timer.stop()
        gc.enable()
        self.setParent(None)

    #: when the next full collection may run (``clock`` time), after the last one's cost
    next_full = 0.0
    clock: Callable[[], float] = staticmethod(time.perf_counter)

    @classmethod
    def collect_due(cls) -> int:
        """Collect the oldest generation whose count passed its threshold (as the automatic
        collector would have; the oldest only within its share of the time); the number
        of unreachable objects found."""
        counts, thresholds = gc.get_count(), gc.get_threshold()
        if counts[2] > thresholds[2]:
            started = cls.clock()
            if started >= cls.next_full:
                found = gc.collect(2)
                cls.next_full = started + (cls.clock() - started) / FULL_SHARE
                return found
        for generation in (1, 0):
            if counts[generation] > thresholds[generation]:
                return gc.collect(generation)
        return 0


def collect_on_gui_thread(app: QObject) -> MainThreadCollector:
    """Move ``app``'s process to GUI-thread collection (once; later calls return the same)."""
    existing = app.findChild(MainThreadCollector)
    return existing if existing is not None else MainThreadCollector(app)
