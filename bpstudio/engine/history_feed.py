"""What of a run's per-epoch record a viewer has not seen yet, with train metrics.

The trainer records each epoch's losses, test metric and learning rate; a viewer (the
GUI's plots) also wants the *train* metric: accuracy or R² on the training set. Measuring
it costs a forward pass over up to :data:`TRAIN_METRIC_SAMPLES` samples (a fixed sample:
a bounded cost per measurement, halved down to :data:`MIN_SAMPLES` while measuring skips
epochs), and XOR trains thousands of epochs a second, so not every epoch is measured:
the newest recorded epoch is, at most :data:`TRAIN_METRIC_SHARE` of the time (the first
:data:`MIN_MEASURED` always), and only while its row has not yet been handed over (a
value measured later would never be shown). Rows without a measurement carry None.

Measured epochs are multiples of a power of two (the *measuring stride*, the smallest
that keeps to the share at the recent speed), so they are evenly spread and survive the
trainer's thinning, which keeps multiples of its own power-of-two stride: a long run's
curve stays dense from its first epoch to its last instead of keeping only the points
that happened to fall on the surviving rows (gaps of thousands of epochs on XOR).

When the trainer thins its record (every other row dropped), the feed hands over the
whole record again and forgets the metrics of the epochs dropped.

Plain Python without threads: the training worker calls it on its thread and guards
:meth:`HistoryFeed.publish` and :meth:`HistoryFeed.take` with its lock.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np

from bpstudio.engine.targets import TrainingData

TRAIN_METRIC_SAMPLES = 2_000   # training samples the train accuracy / R² is measured on
MIN_SAMPLES = 256              # ... and at least, when fewer would measure more epochs
TRAIN_METRIC_SHARE = 0.02      # of the training time at most spent measuring it
#: epochs measured whatever the time share: a short run (the digits example's 40 epochs in
#: half a second, after one slow first measurement) had two points, joined by a line
MIN_MEASURED = 20
RECENT = 5                     # measurements whose median cost and speed rule the next
MAX_MEASURING_STRIDE = 1 << 20   # a bound for absurd clocks; XOR needs about 64

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
        #: (data, a fixed shuffle of its rows or None when few, the rows measured)
        self._sample: tuple[object, np.ndarray | None, np.ndarray | None] | None = None
        self._size = TRAIN_METRIC_SAMPLES    # samples measured: fewer if that skips epochs
        self._due = 0.0              # clock time of the next measurement
        self._every = 1              # measuring stride: only its multiples are measured
        self._last: tuple[int, float] | None = None   # (epoch, clock) after the last one
        self._costs: list[float] = []       # seconds of the last few measurements
        self._per_epoch: list[float] = []   # training seconds per epoch between them
        self._count = 0              # measurements taken (thinning forgets some metrics)
        #: the first epoch whose row :meth:`measure` could take: before it, every call
        #: would find the newest row handed over, measured or off the stride (the stop
        #: check asks before each of thousands of steps a second)
        self._next_epoch = 0
        self._rows_seen = 0          # record rows already queued for the viewer
        self._stride_seen = record.stride
        self._pending: list[HistoryRow] = []
        self._reset = False          # the pending rows replace everything shown

    # ---------------------------------------------------------- measuring
    def due(self, epoch: int) -> bool:
        """Whether a measurement could be taken now, with ``epoch`` epochs completed:
        a row it could take may exist, and the time share allows (always for the first
        :data:`MIN_MEASURED` epochs)."""
        return epoch >= self._next_epoch and (
            self._count < MIN_MEASURED or self._clock() >= self._due)

    def measure(self, trainer: Measurable, last: bool = False) -> None:
        """The train metric of the newest recorded epoch, once, while its row has not
        yet been queued and if it is a multiple of the measuring stride (any epoch when
        it is the ``last`` of a run); the next one waits until the time share allows."""
        record = trainer.history
        rows = record.rows
        try:
            if len(rows) <= self._rows_seen or rows[-1][0] in self._metrics:
                return
            epoch = rows[-1][0]
            if epoch % self._every and not (last or self._count < MIN_MEASURED):
                return
            self._measure(trainer, epoch)
        finally:
            self._next_epoch = self._next_candidate(record)

    def _next_candidate(self, record: Record) -> int:
        """The first epoch after the newest row whose row could be measured: a multiple
        of the record's stride (only those are recorded) and, after the first
        measurements, of the measuring stride (both powers of two)."""
        newest = record.rows[-1][0] if record.rows else 0
        step = record.stride if self._count < MIN_MEASURED else max(record.stride,
                                                                      self._every)
        return (newest // step + 1) * step

    def _measure(self, trainer: Measurable, epoch: int) -> None:
        """Measure the newest row's epoch and work out when and which the next one is."""
        started = self._clock()
        self._metrics[epoch] = trainer.training_metric(self._rows_of(trainer))
        now = self._clock()
        # The median of the last few costs: one slow measurement (a busy machine) neither
        # stops the curve for a long wait nor thins it for good.
        self._costs = [*self._costs[-(RECENT - 1):], now - started]
        cost = statistics.median(self._costs)
        self._due = now + cost * (1 / TRAIN_METRIC_SHARE - 1)
        self._count += 1
        if self._last is not None and epoch > self._last[0]:
            # The stride covers the epochs that pass while the share waits.
            per_epoch = max(started - self._last[1], 1e-9) / (epoch - self._last[0])
            self._per_epoch = [*self._per_epoch[-(RECENT - 1):], per_epoch]
            wait = cost * (1 / TRAIN_METRIC_SHARE - 1) / statistics.median(self._per_epoch)
            if wait > 1 and self._size > MIN_SAMPLES:
                # Fewer samples rather than skipped epochs, down to MIN_SAMPLES: the
                # cost of a slow network's forward pass is about linear in them.
                self._size = max(MIN_SAMPLES, self._size // 2)
                self._costs = []
            self._every = 1
            while self._every < wait and self._every < MAX_MEASURING_STRIDE:
                self._every *= 2
        self._last = (epoch, now)

    def _rows_of(self, trainer: Measurable) -> np.ndarray | None:
        """The training samples measured on (all of them when few): the first
        :attr:`_size` of one fixed shuffle per dataset, so successive values are
        comparable (and stay so when the sample shrinks: its rows were in the larger
        one)."""
        if self._sample is None or self._sample[0] is not trainer.data:
            n = trainer.data.n_train
            order = np.random.default_rng(self._seed).permutation(n) if n > MIN_SAMPLES \
                else None
            self._sample = (trainer.data, order, None)
        data, order, rows = self._sample
        size = min(self._size, trainer.data.n_train)
        if order is None or size >= len(order):
            return None
        if rows is None or len(rows) != size:
            rows = np.sort(order[:size])
            self._sample = (data, order, rows)
        return rows

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
            self._every, self._last, self._count = 1, None, 0
            self._next_epoch = 0
            self._costs, self._per_epoch = [], []
            self._size = TRAIN_METRIC_SAMPLES
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
