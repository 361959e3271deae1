"""HistoryFeed: the record's new rows with train metrics measured within a time share,
tested without threads (a fake clock and a fake trainer)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from bpstudio.engine import training
from bpstudio.engine.history_feed import (
    MIN_MEASURED,
    TRAIN_METRIC_SAMPLES,
    TRAIN_METRIC_SHARE,
    HistoryFeed,
)
from bpstudio.engine.training import _History


class Clock:
    """Time that moves only when told to (and while a metric is measured)."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class FakeTrainer:
    """A record, training data of ``n`` samples and a metric that takes ``cost`` seconds."""

    def __init__(self, clock: Clock, n: int = 4, cost: float = 0.01) -> None:
        self.history = _History()
        self.data = SimpleNamespace(n_train=n)
        self.clock, self.cost = clock, cost
        self.samples: list[np.ndarray | None] = []

    def training_metric(self, sample: np.ndarray | None = None) -> float:
        self.samples.append(sample)
        self.clock.now += self.cost
        return 0.5 + 0.01 * len(self.samples)

    def record(self, *epochs: int) -> None:
        for epoch in epochs:
            self.history.add(epoch, 1 / epoch, None, None, 0.1)


def feed_and_trainer(**kwargs) -> tuple[HistoryFeed, FakeTrainer, Clock]:
    clock = Clock()
    trainer = FakeTrainer(clock, **kwargs)
    return HistoryFeed(trainer.history, clock), trainer, clock


def test_each_row_is_handed_over_once_with_its_metric_if_measured():
    feed, trainer, _ = feed_and_trainer()
    trainer.record(1, 2)
    feed.measure(trainer)                       # the newest epoch, 2
    feed.publish(trainer.history)
    assert feed.take() == (False, [(1, 1.0, None, None, 0.1, None),
                                   (2, 0.5, None, None, 0.1, 0.51)])
    assert feed.take() == (False, [])
    trainer.record(3)
    feed.publish(trainer.history)
    assert feed.take() == (False, [(3, 1 / 3, None, None, 0.1, None)])


def test_a_row_already_handed_over_is_not_measured_and_no_epoch_twice():
    feed, trainer, clock = feed_and_trainer()
    trainer.record(1)
    feed.publish(trainer.history)
    feed.measure(trainer)                       # epoch 1 has gone: a value nobody would see
    assert trainer.samples == []
    trainer.record(2)
    feed.measure(trainer)
    clock.now += 1000
    feed.measure(trainer)                       # epoch 2 has its value already
    assert len(trainer.samples) == 1


def test_the_first_epochs_are_measured_whatever_they_cost():
    """A short run got two train-accuracy points after one slow first measurement."""
    feed, trainer, clock = feed_and_trainer(cost=5.0)
    for epoch in range(1, MIN_MEASURED + 1):
        assert feed.due()
        trainer.record(epoch)
        feed.measure(trainer)
    assert len(trainer.samples) == MIN_MEASURED
    assert not feed.due()                       # then the time share rules again


def test_measuring_takes_at_most_its_share_of_the_time():
    feed, trainer, clock = feed_and_trainer(cost=0.01)
    for epoch in range(1, MIN_MEASURED):
        trainer.record(epoch)
        feed.measure(trainer)
    assert feed.due()
    trainer.record(MIN_MEASURED)
    feed.measure(trainer)                       # took 0.01 s: the next waits 0.49 s
    wait = 0.01 * (1 / TRAIN_METRIC_SHARE - 1)
    assert not feed.due()
    clock.now += wait - 1e-6
    assert not feed.due()
    clock.now += 2e-6
    assert feed.due()


def test_a_large_training_set_is_measured_on_one_fixed_sample():
    feed, trainer, _ = feed_and_trainer(n=50_000)
    trainer.record(1)
    feed.measure(trainer)
    trainer.record(2)
    feed.measure(trainer)
    first, second = trainer.samples
    assert len(first) == TRAIN_METRIC_SAMPLES and np.all(np.diff(first) > 0)
    assert first.max() < 50_000 and second is first         # chosen once per dataset
    trainer.data = SimpleNamespace(n_train=3000)             # new data: a new sample
    trainer.record(3)
    feed.measure(trainer)
    assert trainer.samples[-1].max() < 3000
    small, small_trainer, _ = feed_and_trainer(n=TRAIN_METRIC_SAMPLES)
    small_trainer.record(1)
    small.measure(small_trainer)
    assert small_trainer.samples == [None]                   # few samples: all of them


def test_thinning_hands_over_the_whole_record_and_forgets_dropped_metrics(monkeypatch):
    monkeypatch.setattr(training, "HISTORY_CAPACITY", 6)
    feed, trainer, clock = feed_and_trainer()
    for epoch in range(1, 6):
        trainer.record(epoch)
        clock.now += 1000
        feed.measure(trainer)                    # every epoch measured: 0.51 … 0.55
        feed.publish(trainer.history)
    assert [row[5] for row in feed.take()[1]] == [0.51, 0.52, 0.53, 0.54, 0.55]
    trainer.record(6)                            # the record is full: every other row goes
    assert trainer.history.stride == 2
    feed.publish(trainer.history)
    reset, rows = feed.take()
    assert reset and [(row[0], row[5]) for row in rows] == [(1, 0.51), (3, 0.53), (5, 0.55)]
    assert feed._metrics == {1: 0.51, 3: 0.53, 5: 0.55}


@pytest.mark.parametrize("fresh", [True, False])
def test_a_new_trainer_continues_or_restarts_the_record(fresh: bool):
    feed, trainer, _ = feed_and_trainer()
    trainer.record(1, 2)
    feed.measure(trainer)
    feed.publish(trainer.history)
    feed.take()
    if fresh:                                    # new data: new counters, new curves
        other = FakeTrainer(trainer.clock)
        other.record(1)
        feed.adopt(other.history, fresh=True)
        assert feed.take() == (True, [(1, 1.0, None, None, 0.1, None)])   # 0.51 forgotten
    else:                                        # an edit: the same record goes on
        feed.adopt(trainer.history, fresh=False)
        trainer.record(3)
        feed.publish(trainer.history)
        assert feed.take() == (False, [(3, 1 / 3, None, None, 0.1, None)])


def test_a_real_trainer_is_measured_on_its_training_set():
    from tests.engine.test_training import xor_trainer

    real = xor_trainer(epochs=3)
    feed = HistoryFeed(real.history)
    real.run()
    feed.measure(real)
    feed.publish(real.history)
    _, rows = feed.take()
    assert [row[0] for row in rows] == [1, 2, 3]
    assert rows[-1][5] == real.training_metric()
