"""What of a run's per-epoch record a viewer has not seen yet, with train metrics.

The trainer records each epoch's losses, test metric and learning rate; a viewer (the
GUI's plots) also wants the *train* metric: accuracy or R² on the training set. Measuring
it costs a forward pass over up to :data:`TRAIN_METRIC_SAMPLES` samples, and XOR trains
thousands of epochs a second, so not every epoch is measured: the newest recorded epoch
is, at most :data:`TRAIN_METRIC_SHARE` of the time (the first :data:`MIN_MEASURED` always),
and only while its row has not yet been handed over (a value measured later would never
be shown). Rows without a measurement carry None.

When the trainer thins its record (every other row dropped), the feed hands over the
whole record again and forgets the metrics of the epochs dropped.

Plain Python without threads: the training worker calls it on its thread and guards
:meth:`HistoryFeed.publish` and :meth:`HistoryFeed.take` with its lock.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np

from bpstudio.engine.targets import TrainingData

TRAIN_METRIC_SAMPLES = 2_000   # training samples the train accuracy / R² is measured on
TRAIN_METRIC_SHARE = 0.02      # of the training time at most spent measuring it
#: epochs measured whatever the time share: a short run (the digits example's 40 epochs in
#: half a second, after one slow first measurement) had two points, joined by a line
MIN_MEASURED = 20

#: as the trainer records an epoch: (epoch, train loss, test loss, test metric, rate)
RecordRow = tuple[int, float, float | None, float | None, float]
#: the same plus the train metric (None when that epoch was not measured)
HistoryRow = tuple[int, float, float | None, float | None, float, float | None]


class Record(Protocol):
    """A trainer's per-epoch record (``Trainer.history``)."""

    rows: list[RecordRow]
    stride: int                 # only epochs divisible by it are kept (thinning doubles it)


class Measurable(Protocol):
    """What the feed needs of a trainer."""

    @property
    def history(self) -> Record: ...

    @property
    def data(self) -> TrainingData: ...     # a new object means new training samples

    def training_metric(self, sample: np.ndarray | None = None) -> float: ...


class HistoryFeed:
    """Rows recorded since the last :meth:`take`, each with its train metric if measured."""

    def __init__(self, record: Record, clock: Callable[[], float] = time.perf_counter,
                 seed: int = 0) -> None:
        self._clock = clock
        self._seed = seed
        self._metrics: dict[int, float] = {}       # train metric by epoch
        self._sample: tuple[object, np.ndarray | None] | None = None   # (data, rows)
        self._due = 0.0              # clock time of the next measurement
        self._rows_seen = 0          # record rows already queued for the viewer
        self._stride_seen = record.stride
        self._pending: list[HistoryRow] = []
        self._reset = False          # the pending rows replace everything shown

    # ---------------------------------------------------------- measuring
    def due(self) -> bool:
        """Whether the time share allows another measurement now (always for the first
        :data:`MIN_MEASURED` epochs)."""
        return len(self._metrics) < MIN_MEASURED or self._clock() >= self._due

    def measure(self, trainer: Measurable) -> None:
        """The train metric of the newest recorded epoch, once, while its row has not
        yet been queued; the next one waits until the time share allows it."""
        rows = trainer.history.rows
        if len(rows) <= self._rows_seen or rows[-1][0] in self._metrics:
            return
        started = self._clock()
        self._metrics[rows[-1][0]] = trainer.training_metric(self._rows_of(trainer))
        now = self._clock()
        self._due = now + (now - started) * (1 / TRAIN_METRIC_SHARE - 1)

    def _rows_of(self, trainer: Measurable) -> np.ndarray | None:
        """The training samples measured on (all of them when few): fixed per dataset,
        so successive values are comparable."""
        if self._sample is None or self._sample[0] is not trainer.data:
            n = trainer.data.n_train
            rows = None if n <= TRAIN_METRIC_SAMPLES else np.sort(
                np.random.default_rng(self._seed).choice(n, TRAIN_METRIC_SAMPLES,
                                                         replace=False))
            self._sample = (trainer.data, rows)
        return self._sample[1]

    # ------------------------------------------------------------ handing over
    def publish(self, record: Record) -> None:
        """Queue the rows recorded since the last call (all of them after a thinning)."""
        if record.stride != self._stride_seen:
            kept = {row[0] for row in record.rows}
            self._metrics = {e: v for e, v in self._metrics.items() if e in kept}
            self._pending, self._reset = self._with_metrics(record.rows), True
            self._stride_seen = record.stride
        else:
            self._pending.extend(self._with_metrics(record.rows[self._rows_seen:]))
        self._rows_seen = len(record.rows)

    def adopt(self, record: Record, fresh: bool) -> None:
        """The run goes on with another trainer: the same record (an edit), or a fresh
        one (new data) whose rows replace everything shown."""
        if fresh:
            self._metrics.clear()
            self._pending, self._reset = self._with_metrics(record.rows), True
            self._stride_seen = record.stride
        self._rows_seen = len(record.rows)

    def take(self) -> tuple[bool, list[HistoryRow]]:
        """(replace everything, rows) queued since the last call."""
        reset, rows = self._reset, self._pending
        self._pending, self._reset = [], False
        return reset, rows

    def _with_metrics(self, rows: Sequence[RecordRow]) -> list[HistoryRow]:
        metric = self._metrics
        return [(*row, metric.get(row[0])) for row in rows]
