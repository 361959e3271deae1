"""The trainer on sequences (issue 18): each step is a BPTT step on its minibatch,
truncation and clipping as set (and changed mid-run), metrics over the scored steps."""

from __future__ import annotations

import numpy as np
import pytest

from bpstudio.engine.plan import compile_network
from bpstudio.engine.sequence import SequenceEngine
from bpstudio.engine.targets import prepare_sequences
from bpstudio.engine.training import Trainer
from bpstudio.model.settings import TrainingSettings
from bpstudio.workflow import initialize
from tests.engine.test_sequence_gradients import elman


def _data(plan, steps: str = "every", n: int = 12, length: int = 6):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(n, length, 1))
    y = np.tanh(np.cumsum(x, axis=1))
    return prepare_sequences(plan, x[:9], y[:9], x[9:], y[9:], "regression", steps)


def _mask(plan):
    """1 on the parameters training changes (structural zeros and frozen ones stay)."""
    return plan.trainable_mask if plan.trainable_mask is not None else 1.0


def _trainer(**settings):
    net = elman()
    initialize(net, "xavier", 1)
    plan = compile_network(net)
    options = {"optimizer": "sgd", "learning_rate": 0.1, "batch_size": 0,
               "shuffle": False} | settings
    return Trainer(plan, _data(plan), TrainingSettings(**options)), plan


def test_a_step_is_one_bptt_step_on_the_batch():
    trainer, plan = _trainer()
    before = plan.params.copy()
    loss, grad = SequenceEngine(plan, params=before.copy()).loss_and_gradient(
        trainer.data.x_train, trainer.data.y_train)
    assert trainer.step() == pytest.approx(loss, rel=1e-12)
    np.testing.assert_allclose(plan.params, before - 0.1 * grad * _mask(plan))


def test_truncation_changes_the_step_also_mid_run():
    trainer, plan = _trainer()
    before = plan.params.copy()
    trainer.apply_settings(trainer.settings.with_changes(truncation=2))
    _, cut = SequenceEngine(plan, truncation=2, params=before.copy()).loss_and_gradient(
        trainer.data.x_train, trainer.data.y_train)
    _, full = SequenceEngine(plan, params=before.copy()).loss_and_gradient(
        trainer.data.x_train, trainer.data.y_train)
    trainer.step()
    np.testing.assert_allclose(plan.params, before - 0.1 * cut * _mask(plan))
    assert not np.allclose(cut * _mask(plan), full * _mask(plan))


@pytest.mark.parametrize("clip", [1e-3, 0.05])
def test_clipping_caps_the_length_of_every_step(clip):
    trainer, plan = _trainer(learning_rate=1.0, clip_norm=clip)
    for _ in range(5):
        before = plan.params.copy()
        trainer.step()
        assert np.linalg.norm(plan.params - before) <= clip * (1 + 1e-9)


def test_clipping_leaves_short_gradients_alone():
    trainer, plan = _trainer(clip_norm=1e6)
    plain, plain_plan = _trainer()
    trainer.step()
    plain.step()
    np.testing.assert_array_equal(plan.params, plain_plan.params)


def test_metrics_count_the_scored_steps_and_validation_takes_whole_sequences():
    trainer, _ = _trainer(validation_ratio=0.3, epochs=2)
    assert trainer.data.n_val == 3 and trainer.data.x_val.shape == (3, 6, 1)
    trainer.run()
    assert trainer.metric_name == "r2" and np.isfinite(trainer.last_metric)
    outputs = trainer.engine.predict(trainer.data.x_test)
    assert trainer.data.scored(outputs).shape == (18, 1)


def test_last_step_targets_score_one_row_per_sequence():
    net = elman()
    initialize(net, "xavier", 1)
    plan = compile_network(net)
    data = _data(plan, "last")
    assert data.scored(data.y_test).shape == (3, 1)
    trainer = Trainer(plan, data, TrainingSettings(epochs=1))
    trainer.run()
    assert np.isfinite(trainer.last_test_loss)
