"""How a long load reports progress and is cancelled: two plain callables, no threads.

The caller passes ``report`` (called with a :class:`LoadProgress` now and then, at most
about a hundred times per stage) and ``should_stop`` (polled as often; returning True makes
the loader raise :class:`LoadCancelled` at the next item). The CLI feeds a tqdm bar; a Qt
worker turns ``report`` into a signal for a progress bar and makes ``should_stop`` read a
``threading.Event`` set by its Cancel button. Loaders run on the calling thread.

Used by the dataset loaders (image folders) and the ``.bpnet`` reader, so it sits outside
both packages and imports nothing (the reader must load without NumPy).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bpstudio.words import translate


@dataclass(frozen=True)
class LoadProgress:
    """``done`` of ``total`` items of one stage, e.g. ("Decoding images", 2500, 10000)."""

    stage: str
    done: int
    total: int

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 1.0


Report = Callable[[LoadProgress], None]
ShouldStop = Callable[[], bool]


class LoadCancelled(Exception):
    """The caller's ``should_stop`` said stop; nothing was cached or changed."""


class Progress:
    """Calls ``report`` about every 1 % of a stage and checks ``should_stop`` as often."""

    def __init__(self, report: Report | None = None,
                 should_stop: ShouldStop | None = None) -> None:
        self._report = report
        self._should_stop = should_stop

    def stage(self, name: str, total: int) -> Stage:
        return Stage(self, name, total)

    def check(self) -> None:
        """Raise LoadCancelled if the caller asked to stop."""
        if self._should_stop is not None and self._should_stop():
            raise LoadCancelled(translate("Files", "loading was cancelled"))

    def send(self, progress: LoadProgress) -> None:
        if self._report is not None:
            self._report(progress)


class Stage:
    """One stage of a load; ``advance`` is cheap enough to call per item."""

    def __init__(self, owner: Progress, name: str, total: int) -> None:
        self.owner = owner
        self.name = name
        self.total = total
        self.done = 0
        self._step = max(1, total // 100)
        self._next = 0
        owner.check()
        owner.send(LoadProgress(name, 0, total))

    def advance(self, count: int = 1) -> None:
        self.done += count
        if self.done >= self._next or self.done >= self.total:
            self._next = self.done + self._step
            self.owner.check()
            self.owner.send(LoadProgress(self.name, min(self.done, self.total), self.total))


NO_PROGRESS = Progress()
