"""The per-epoch training record the plots draw, kept in growing NumPy arrays.

The training controller owns it (it fills it from the worker's rows and the document's
stored history); the plots only read it. Rows arrive a few at a time (≤ 20 times a
second); appending to preallocated columns that double their capacity keeps that O(1)
per row, and the plots hand pyqtgraph views of the columns instead of converting Python
lists on every frame.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np

from bpstudio.engine.history_feed import HistoryRow, RecordRow
from bpstudio.model.settings import LossHistory

#: as the worker hands them over; the train metric (last) is measured only now and then,
#: and documents do not store it, so rows without it are accepted too
Row = HistoryRow | RecordRow
_COLUMNS = ("epochs", "train_loss", "test_loss", "test_metric", "learning_rate",
            "train_metric")
INITIAL_CAPACITY = 256


class HistoryArrays:
    """Columns epoch, train loss, test loss, test metric, learning rate, train metric
    (NaN = not measured)."""

    def __init__(self) -> None:
        self._data = np.full((len(_COLUMNS), INITIAL_CAPACITY), np.nan)
        self._size = 0
        self.metric_name = ""     # "accuracy" or "r2" once known

    def __len__(self) -> int:
        return self._size

    def _column(self, index: int) -> np.ndarray:
        return self._data[index, :self._size]

    @property
    def epochs(self) -> np.ndarray:
        return self._column(0)

    @property
    def train_loss(self) -> np.ndarray:
        return self._column(1)

    @property
    def test_loss(self) -> np.ndarray:
        return self._column(2)

    @property
    def test_metric(self) -> np.ndarray:
        return self._column(3)

    @property
    def learning_rate(self) -> np.ndarray:
        return self._column(4)

    @property
    def train_metric(self) -> np.ndarray:
        """Accuracy or R² on (a sample of) the training set; NaN at most rows."""
        return self._column(5)

    def clear(self) -> None:
        self._size = 0

    def extend(self, rows: Sequence[Row]) -> None:
        """Append rows ``(epoch, train, test, metric, lr[, train metric])``; None becomes
        NaN."""
        if not rows:
            return
        block = np.array(rows, dtype=float).T      # None (not measured) becomes NaN
        if block.shape[0] < len(_COLUMNS):
            block = np.vstack([block, np.full((len(_COLUMNS) - block.shape[0],
                                               block.shape[1]), np.nan)])
        end = self._size + block.shape[1]
        if end > self._data.shape[1]:
            grown = np.full((len(_COLUMNS), max(end, 2 * self._data.shape[1])), np.nan)
            grown[:, :self._size] = self._data[:, :self._size]
            self._data = grown
        self._data[:, self._size:end] = block
        self._size = end

    def replace(self, rows: Sequence[Row]) -> None:
        """Everything anew (the trainer thinned its record, or a new run began)."""
        self.clear()
        self.extend(rows)

    def load(self, history: LossHistory) -> None:
        """The document's stored history (shown while no training session exists)."""
        self.metric_name = history.metric_name
        self.replace(list(zip(history.epochs, history.train_loss, history.test_loss,
                              history.test_metric, history.learning_rate, strict=True)))

    def to_loss_history(self, max_points: int = 2000) -> LossHistory:
        """At most ``max_points`` evenly spaced rows as a LossHistory (for saving)."""
        keep = np.arange(self._size)
        if self._size > max_points:
            keep = np.unique(np.linspace(0, self._size - 1, max_points).round().astype(int))
        finite = keep[np.isfinite(self.train_loss[keep])]
        columns = [self._column(i)[finite] for i in range(len(_COLUMNS))]
        return LossHistory(tuple(int(e) for e in columns[0]),
                           tuple(float(v) for v in columns[1]),
                           _optional(columns[2]), _optional(columns[3]),
                           tuple(float(v) for v in columns[4]), self.metric_name)

    def row_near(self, epoch: float) -> int | None:
        """Index of the recorded epoch closest to ``epoch`` (None when empty)."""
        if self._size == 0:
            return None
        epochs = self.epochs
        i = int(np.searchsorted(epochs, epoch))
        if i >= self._size:
            return self._size - 1
        if i > 0 and epoch - epochs[i - 1] < epochs[i] - epoch:
            return i - 1
        return i


def _optional(values: Iterable[float]) -> tuple[float | None, ...]:
    return tuple(float(v) if math.isfinite(v) else None for v in values)
