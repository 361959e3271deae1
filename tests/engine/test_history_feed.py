"""HistoryFeed: the record's new rows with train metrics measured within a time share,
tested without threads (a fake clock and a fake trainer)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from bpstudio.engine import training
from bpstudio.engine.history_feed import (
    MIN_MEASURED,
    MIN_SAMPLES,
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
        self.measured: list[int] = []       # the newest row's epoch at each measurement

    def training_metric(self, sample: np.ndarray | None = None) -> float:
        self.samples.append(sample)
        self.measured.append(self.history.rows[-1][0])
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
        trainer.record(epoch)
        assert feed.due(epoch)
        feed.measure(trainer)
    assert len(trainer.samples) == MIN_MEASURED
    trainer.record(MIN_MEASURED + 1)
    assert not feed.due(MIN_MEASURED + 1)       # then the time share rules again


def test_measuring_takes_at_most_its_share_of_the_time():
    feed, trainer, clock = feed_and_trainer(cost=0.01)
    for epoch in range(1, MIN_MEASURED):
        clock.now += 0.5                        # epochs of 0.5 s: each could be measured
        trainer.record(epoch)
        feed.measure(trainer)
    clock.now += 0.5
    trainer.record(MIN_MEASURED)
    assert feed.due(MIN_MEASURED)
    feed.measure(trainer)                       # took 0.01 s: the next waits 0.49 s
    wait = 0.01 * (1 / TRAIN_METRIC_SHARE - 1)
    trainer.record(MIN_MEASURED + 1)
    assert not feed.due(MIN_MEASURED + 1)
    clock.now += wait - 1e-6
    assert not feed.due(MIN_MEASURED + 1)
    clock.now += 2e-6
    assert feed.due(MIN_MEASURED + 1)


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
    trainer.record(6)      # the record is full: the first epoch and multiples of 2 stay
    assert trainer.history.stride == 2
    feed.publish(trainer.history)
    reset, rows = feed.take()
    assert reset and [(row[0], row[5]) for row in rows] == [(1, 0.51), (2, 0.52), (4, 0.54),
                                                            (6, None)]
    assert feed._metrics == {1: 0.51, 2: 0.52, 4: 0.54}


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


def test_a_long_fast_run_keeps_an_even_train_curve_through_thinning(monkeypatch):
    """XOR measured at whatever epoch the share allowed, and thinning kept only the
    rows that happened to fall on its stride: gaps of thousands of epochs."""
    monkeypatch.setattr(training, "HISTORY_CAPACITY", 1000)
    feed, trainer, clock = feed_and_trainer(cost=0.001)   # 49 epochs of 0.001 s wait
    shown: list = []
    for epoch in range(1, 20_001):
        clock.now += 0.001                     # one epoch of training
        trainer.record(epoch)
        if feed.due(epoch):
            feed.measure(trainer)
        if epoch % 100 == 0 or epoch == 20_000:
            if epoch == 20_000:
                feed.measure(trainer, last=True)
            feed.publish(trainer.history)
            reset, rows = feed.take()
            shown = rows if reset else shown + rows
    assert trainer.history.stride >= 32
    measured = [row[0] for row in shown if row[5] is not None]
    assert measured[-1] == 20_000                      # the run's end, measured
    gaps = np.diff(measured)
    assert gaps.max() <= 4 * 64                         # even: a stride of 64, thinned
    # and within its share of the time, as before
    assert len(trainer.samples) * 0.001 <= 2 * TRAIN_METRIC_SHARE * 20_000 * 0.001


def test_a_slow_network_is_measured_on_fewer_samples_rather_than_skipping_epochs():
    """The digits example: a forward pass over all samples cost more than an epoch, so
    after the first 20 epochs the curve jumped straight to the last."""
    feed, trainer, clock = feed_and_trainer(n=5000, cost=0.0)
    cost_per_sample = 2e-6           # 2000 samples: 0.004 s, then a wait of 20 epochs
    trainer.training_metric = _costed(trainer, clock, cost_per_sample)
    for epoch in range(1, 201):
        clock.now += 0.01
        trainer.record(epoch)
        if feed.due(epoch):
            feed.measure(trainer)
    sizes = [len(s) for s in trainer.samples]
    assert sizes[0] == TRAIN_METRIC_SAMPLES and sizes[-1] == MIN_SAMPLES
    assert all(a >= b for a, b in zip(sizes, sizes[1:], strict=False))   # only shrinks
    smaller = [s for s in trainer.samples if len(s) == MIN_SAMPLES]
    assert set(smaller[-1]) <= set(trainer.samples[0])      # rows of the larger sample
    late = [e for e in range(100, 201) if e in feed._metrics]
    assert len(late) >= 20            # 256 samples: every 4th epoch (2000: every 20th)


@pytest.mark.parametrize("steps_per_epoch, publish_every", [(1, 7), (45, 100), (3, 1)])
def test_due_asks_only_when_a_measurement_could_be_taken(monkeypatch, steps_per_epoch,
                                                         publish_every):
    """The stop check asks before every step (the digits example: 15,000 a second, and
    3,500 calls a second found nothing to measure). Asking only when ``due`` says so
    measures the same epochs and hands over the same rows as asking whenever the time
    share allows, through thinning and rows handed over before they were measured."""
    monkeypatch.setattr(training, "HISTORY_CAPACITY", 64)
    runs = []
    for gated in (False, True):
        feed, trainer, clock = feed_and_trainer(cost=0.0001)
        rng = np.random.default_rng(7)
        shown: list = []
        calls = 0
        for step in range(1, 3_000 * steps_per_epoch + 1):
            clock.now += float(rng.uniform(0.5e-4, 2e-4)) / steps_per_epoch
            epoch = step // steps_per_epoch
            if step % steps_per_epoch == 0:
                trainer.record(epoch)
            if feed.due(epoch if gated else 2**62):     # 2**62: the time share alone
                calls += 1
                feed.measure(trainer)
            if step % publish_every == 0:
                feed.publish(trainer.history)
                reset, rows = feed.take()
                shown = rows if reset else shown + rows
        runs.append((trainer.measured, shown, calls))
    (ungated, ungated_shown, ungated_calls), (gated, gated_shown, gated_calls) = runs
    assert trainer.history.stride >= 8                 # thinned several times
    assert len(gated) > MIN_MEASURED + 20
    assert gated == ungated and gated_shown == ungated_shown
    assert gated_calls < ungated_calls / 3


def _costed(trainer: FakeTrainer, clock: Clock, per_sample: float):
    def metric(sample: np.ndarray | None = None) -> float:
        trainer.samples.append(sample)
        clock.now += per_sample * (trainer.data.n_train if sample is None else len(sample))
        return 0.5
    return metric
