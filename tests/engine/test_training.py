"""The training loop: convergence, determinism, stop conditions, frozen parameters."""

from __future__ import annotations

import numpy as np
import pytest

from bpstudio.engine.init import fresh_parameters, initial_parameters
from bpstudio.engine.plan import compile_network
from bpstudio.engine.schedules import learning_rate
from bpstudio.engine.targets import ShapeMismatch, prepare
from bpstudio.engine.training import Trainer, train
from bpstudio.model.builders import layered
from bpstudio.model.settings import TrainingSettings
from bpstudio.workflow import initialize
from tests.networks import diverging_trainer, random_dag

XOR_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
XOR_LABELS = np.array([0, 1, 1, 0])


def xor_trainer(**changes) -> Trainer:
    net = layered([2, 2, 1])
    settings = TrainingSettings(learning_rate=2.0, epochs=4000, seed=1).with_changes(**changes)
    net.set_settings(settings)
    initialize(net)
    plan = compile_network(net)
    data = prepare(plan, XOR_X, XOR_LABELS, XOR_X[:0], XOR_LABELS[:0], "classification", 2)
    return Trainer(plan, data, settings)


def test_xor_221_sigmoid_l2_learns_the_tutorial_example():
    trainer = xor_trainer()
    final = trainer.run()
    assert final.stop_reason == "epochs"
    assert trainer.last_train_loss < 0.01
    predictions = trainer.engine.predict(XOR_X)[:, 0]
    assert list(predictions.round()) == [0, 1, 1, 0]


def test_same_seed_gives_a_bit_identical_history():
    a, b = xor_trainer(epochs=300, batch_size=2), xor_trainer(epochs=300, batch_size=2)
    a.run()
    b.run()
    assert a.history.rows == b.history.rows
    np.testing.assert_array_equal(a.params, b.params)
    c = xor_trainer(epochs=300, batch_size=2, seed=2)
    c.run()
    assert c.history.rows != a.history.rows


def test_loss_falls_with_every_optimizer():
    for optimizer, lr in (("sgd", 2.0), ("momentum", 0.5), ("adam", 0.05)):
        for nesterov in (False, True):
            trainer = xor_trainer(optimizer=optimizer, learning_rate=lr, epochs=1500,
                                  nesterov=nesterov)
            trainer.run_epoch()
            first = trainer.last_train_loss
            trainer.run()
            assert trainer.last_train_loss < first / 5, (optimizer, nesterov)


def test_frozen_parameters_never_change():
    net = random_dag(4, output_activation="sigmoid")
    frozen_weights = {c.id: c.weight for c in net.connections.values() if c.frozen}
    frozen_biases = {n.id: n.bias for n in net.neurons.values() if n.frozen}
    assert frozen_weights and frozen_biases
    settings = TrainingSettings(optimizer="adam", learning_rate=0.05, epochs=50, l1=0.01,
                                l2=0.01, batch_size=4)
    plan = compile_network(net)
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(16, 3)), rng.normal(size=(16, 2))
    train(plan, prepare(plan, x, y, x[:4], y[:4], "regression"), settings)
    weights, biases = plan.parameters()
    assert {c: weights[c] for c in frozen_weights} == frozen_weights
    assert {n: biases[n] for n in frozen_biases} == frozen_biases
    assert any(weights[c] != net.connections[c].weight for c in weights
               if c not in frozen_weights)


def test_target_loss_stops_early():
    trainer = xor_trainer(target_loss=0.05)
    final = trainer.run()
    assert final.stop_reason == "target"
    assert trainer.last_train_loss <= 0.05 and trainer.epoch < 4000


def _noisy_regression(**changes) -> tuple[Trainer, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(3)
    x = rng.normal(size=(80, 2))
    y = x @ np.array([[1.0], [-2.0]]) + rng.normal(scale=2.0, size=(80, 1))  # mostly noise
    net = layered([2, 16, 1], activation="tanh", output_activation="identity")
    settings = TrainingSettings(optimizer="adam", learning_rate=0.05, epochs=3000,
                                patience=20).with_changes(**changes)
    net.set_settings(settings)
    initialize(net)
    plan = compile_network(net)
    trainer = Trainer(plan, prepare(plan, x[:60], y[:60], x[60:], y[60:], "regression"),
                      settings)
    return trainer, x, y


def test_early_stopping_watches_a_validation_split_not_the_test_set():
    """Early stopping picked the weights by the test loss, then reported the test score of
    that choice. It now watches a validation share of the training split (10 % when
    patience is on and no share is set); the test set only scores the result."""
    trainer, x, y = _noisy_regression()
    data = trainer.data
    assert (data.n_train, data.n_val, data.n_test) == (54, 6, 20)
    held = {tuple(row) for row in data.x_val}
    assert held <= {tuple(row) for row in x[:60]}
    assert not held & {tuple(row) for row in data.x_train}
    final = trainer.run()
    assert final.stop_reason == "early_stopping" and "validation loss" in final.message
    best_loss, best_epoch, _ = trainer._best
    assert trainer.engine.loss(data.x_val, data.y_val) == pytest.approx(best_loss)
    assert trainer.epoch - best_epoch == 20
    assert final.validation_loss is not None
    assert final.test_loss == pytest.approx(trainer.engine.loss(x[60:], y[60:]))


def test_validation_ratio_sets_the_share_and_is_reproducible():
    trainer, _, _ = _noisy_regression(validation_ratio=0.25, patience=0)
    again, _, _ = _noisy_regression(validation_ratio=0.25, patience=0)
    assert (trainer.data.n_train, trainer.data.n_val) == (45, 15)
    np.testing.assert_array_equal(trainer.data.x_val, again.data.x_val)
    trainer.run_epoch()
    assert trainer.progress().validation_loss == pytest.approx(
        trainer.engine.loss(trainer.data.x_val, trainer.data.y_val))
    none, _, _ = _noisy_regression(patience=0)
    assert none.data.n_val == 0 and none.data.n_train == 60
    none.run_epoch()
    assert none.progress().validation_loss is None


def test_validation_split_keeps_each_class_share():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(100, 2))
    labels = np.array([0] * 80 + [1] * 20)
    net = layered([2, 3, 1])
    settings = TrainingSettings(validation_ratio=0.1)
    plan = compile_network(net)
    trainer = Trainer(plan, prepare(plan, x, labels, x[:0], labels[:0], "classification",
                                    2), settings)
    assert sorted(trainer.data.y_val[:, 0].tolist()) == [0.0] * 8 + [1.0] * 2   # one output
    assert trainer.data.n_train == 90


def test_turning_early_stopping_on_mid_run_holds_out_a_validation_set():
    trainer, _, _ = _noisy_regression(patience=0)
    trainer.step()
    trainer.apply_settings(trainer.settings.with_changes(patience=5))
    assert trainer.data.n_val == 6 and trainer.data.n_train == 54
    trainer.run()
    assert trainer.stop_reason == "early_stopping"


def test_divergence_stops_and_keeps_finite_weights():
    trainer = diverging_trainer()
    plan = trainer.plan
    final = trainer.run()
    assert final.stop_reason == "diverged"
    assert "lower learning rate" in final.message
    assert np.isfinite(plan.params).all()
    assert np.abs(plan.params).max() < 1e3


def _plane_trainer(learning_rate: float, optimizer: str = "sgd", batch_size: int = 0):
    from bpstudio.model.settings import DatasetSpec
    from bpstudio.workflow import prepare_training
    net = layered([2, 6, 1], activation="relu", output_activation="identity")
    settings = TrainingSettings(learning_rate=learning_rate, epochs=100_000, seed=3,
                                optimizer=optimizer, batch_size=batch_size)
    net.set_settings(settings, DatasetSpec(name="plane", samples=64))
    initialize(net)
    prepared = prepare_training(net)
    return Trainer(prepared.plan, prepared.data, settings), prepared.data


@pytest.mark.parametrize(("optimizer", "batch_size"), [
    ("sgd", 0), ("momentum", 0), ("momentum", 8), ("adam", 8)])
def test_divergence_restores_usable_weights_and_a_lower_rate_then_trains(optimizer: str,
                                                                         batch_size: int):
    """The weights of the last finite loss were ~1e150 and momentum stayed huge, so
    "lower the learning rate, then Resume" could not recover. Now both are usable."""
    trainer, data = _plane_trainer(1000.0, optimizer, batch_size)
    final = trainer.run()
    assert final.stop_reason == "diverged"
    assert np.isfinite(trainer.params).all() and np.abs(trainer.params).max() < 1e3
    for state in trainer.optimizer.state().values():
        assert not state.any()
    restored = trainer.engine.loss(data.x_train, data.y_train)
    assert restored < 10
    trainer.resume(trainer.settings.with_changes(learning_rate=0.001,
                                                 epochs=trainer.epoch + 200))
    assert trainer.run().stop_reason == "epochs"
    assert trainer.engine.loss(data.x_train, data.y_train) < restored


@pytest.mark.parametrize(("optimizer", "batch_size"), [("sgd", 0), ("adam", 8)])
def test_after_a_rollback_the_reported_numbers_are_the_kept_weights(optimizer, batch_size):
    """train --json reported the diverged step (train 310, test 6.7e10) while the weights
    kept scored 0.52 / 0.49."""
    trainer, data = _plane_trainer(1000.0, optimizer, batch_size)
    final = trainer.run()
    assert final.stop_reason == "diverged"
    assert final.train_loss == trainer.engine.loss(data.x_train, data.y_train)
    assert (final.test_loss, final.test_metric) == trainer.evaluate()
    assert final.train_loss < 10


def test_a_slowly_growing_loss_rolls_back_to_a_checkpoint_from_before_the_growth():
    """A learning rate just above stable grows the loss a few times per step: the rollback
    goes to weights whose loss is near the best, not to the last finite ones."""
    trainer, data = _plane_trainer(0.05)
    for _ in range(200):   # a stable start, so checkpoints exist past step 0
        trainer.step()
    best = trainer._reference_loss
    trainer.resume(trainer.settings.with_changes(learning_rate=1.5))   # loss ×4 a step
    final = trainer.run()
    assert final.stop_reason == "diverged" and "exploded" in final.message
    assert trainer.steps > 205 and trainer._checkpoint_step >= 190
    assert trainer.engine.loss(data.x_train, data.y_train) <= 2 * best


@pytest.mark.parametrize("announced", [True, False])
def test_user_edited_parameters_are_not_taken_for_a_divergence(announced: bool):
    """A typed-in value that multiplies the loss by a million is the user's choice: after
    reset_divergence_guard the run goes on from it (without, it would be rolled back)."""
    trainer, data = _plane_trainer(1e-9)
    for _ in range(30):
        trainer.step()
    trainer.plan.write_parameters(dict.fromkeys(trainer.plan.connection_ids, 1e3), {},
                                  trainer.params)   # the user typed huge weights
    assert trainer.engine.loss(data.x_train, data.y_train) > 1e6 * trainer._reference_loss
    if announced:
        trainer.reset_divergence_guard()
    for _ in range(5):
        trainer.step()
    assert (trainer.stop_reason is None) == announced


def test_override_sets_values_by_id_clears_their_momentum_and_rearms_the_guard():
    trainer, data = _plane_trainer(0.01, "momentum")
    for _ in range(20):
        trainer.step()
    plan = trainer.plan
    cid, nid = plan.connection_ids[0], plan.bias_ids[0]
    velocity = trainer.optimizer.state()["velocity"].copy()
    trainer.override({cid: 1e3}, {nid: -2.0, 10_000: 7.0})   # 10000: no such neuron
    w, b = plan.weight_position(cid), plan.bias_position(nid)
    assert (trainer.params[w], trainer.params[b]) == (1e3, -2.0)
    after = trainer.optimizer.state()["velocity"]
    assert after[w] == after[b] == 0.0
    untouched = np.ones(plan.n_params, dtype=bool)
    untouched[[w, b]] = False
    np.testing.assert_array_equal(after[untouched], velocity[untouched])
    # the next step moves the typed weight by plain gradient descent, from the typed value
    _, grad = trainer.engine.loss_and_gradient(data.x_train, data.y_train)
    trainer.step()
    assert trainer.stop_reason is None                     # the huge weight is no blow-up
    assert trainer.params[w] == pytest.approx(1e3 - 0.01 * grad[w], rel=1e-12)


def test_should_stop_is_checked_between_minibatches():
    trainer = xor_trainer(batch_size=1, epochs=10_000)
    calls = []

    def should_stop() -> bool:
        calls.append(trainer.steps)
        return trainer.steps >= 7

    final = trainer.run(should_stop=should_stop)
    assert final.stop_reason == "stopped" and trainer.steps == 7
    assert calls == list(range(8))


def test_reports_are_throttled_and_the_last_one_is_final():
    reports = []
    trainer = xor_trainer(epochs=3000)
    trainer.run(report=reports.append, report_interval=10.0)
    assert len(reports) == 1 and reports[0].stop_reason == "epochs"
    assert reports[0].epoch == 3000


def test_step_and_resume_continue_the_same_run():
    a, b = xor_trainer(epochs=40, batch_size=3), xor_trainer(epochs=40, batch_size=3)
    a.run()
    for _ in range(25):
        b.step()
    b.run_epoch()
    b.run()
    np.testing.assert_array_equal(a.params, b.params)


def test_minibatches_cover_every_sample_once_per_epoch():
    trainer = xor_trainer(batch_size=3, epochs=5)
    trainer.run_epoch()
    assert trainer.steps == 2 and trainer.epoch == 1   # batches of 3 and 1


def test_regularisation_shrinks_weights():
    plain, decayed = xor_trainer(epochs=400), xor_trainer(epochs=400, l2=0.05)
    plain.run()
    decayed.run()
    w_plain = np.abs(plain.plan.weights_of(plain.params)).sum()
    w_decay = np.abs(decayed.plan.weights_of(decayed.params)).sum()
    assert w_decay < w_plain


def test_schedules():
    s = TrainingSettings(learning_rate=1.0, schedule="step", step_every=10, step_gamma=0.5)
    assert [learning_rate(s, e) for e in (0, 9, 10, 25)] == [1.0, 1.0, 0.5, 0.25]
    c = TrainingSettings(learning_rate=1.0, schedule="cosine", epochs=11,
                         min_learning_rate=0.1)
    assert learning_rate(c, 0) == 1.0 and learning_rate(c, 10) == pytest.approx(0.1)
    assert learning_rate(c, 5) == pytest.approx(0.55)


def test_initialisers_follow_their_formulas():
    net = layered([100, 50, 10])
    w, b = initial_parameters(net, "xavier", seed=0)
    first = np.array([w[c.id] for c in net.connections.values() if c.target <= 150])
    assert np.abs(first).max() <= np.sqrt(6 / 150)
    assert first.std() == pytest.approx(np.sqrt(6 / 150) / np.sqrt(3), rel=0.05)
    w, _ = initial_parameters(net, "he", seed=0)
    first = np.array([w[c.id] for c in net.connections.values() if c.target <= 150])
    assert first.std() == pytest.approx(np.sqrt(2 / 100), rel=0.05)
    w, _ = initial_parameters(net, "uniform", seed=0, scale=0.3)
    assert max(abs(v) for v in w.values()) <= 0.3
    assert set(b.values()) == {0.0}
    assert initial_parameters(net, "he", 5) == initial_parameters(net, "he", 5)


def test_fresh_parameters_leave_the_network_alone_and_skip_frozen_ones():
    net = random_dag(4)                       # some weights and biases frozen
    before = net.snapshot()
    weights, biases = fresh_parameters(net, seed=9)
    assert net.snapshot() == before           # the engine computes; callers apply
    assert set(weights) == {c.id for c in net.connections.values() if not c.frozen}
    assert set(biases) == {n.id for n in net.neurons.values()
                           if n.role != "input" and not n.frozen}
    all_weights, _ = initial_parameters(net, net.settings.init, 9, net.settings.init_scale)
    assert weights == {c: w for c, w in all_weights.items() if c in weights}
    initialize(net, seed=9)
    assert {c: net.connections[c].weight for c in weights} == weights


def test_shape_mismatch_is_reported_in_words():
    plan = compile_network(layered([3, 2, 1]))
    with pytest.raises(ShapeMismatch, match="2 input columns but the network has 3"):
        prepare(plan, XOR_X, XOR_LABELS, XOR_X, XOR_LABELS, "classification", 2)
    plan = compile_network(layered([2, 2, 3]))
    with pytest.raises(ShapeMismatch, match="2 classes but the network has 3 outputs"):
        prepare(plan, XOR_X, XOR_LABELS, XOR_X, XOR_LABELS, "classification", 2)


def test_float32_training_runs_in_float32():
    trainer = xor_trainer(dtype="float32")
    assert trainer.plan.params.dtype == np.float32
    trainer.run()
    assert trainer.last_train_loss < 0.02


def test_history_is_thinned_not_unbounded(monkeypatch):
    from bpstudio.engine import training

    monkeypatch.setattr(training, "HISTORY_CAPACITY", 100)
    trainer = xor_trainer(epochs=1000)
    trainer.run()
    epochs = [row[0] for row in trainer.history.rows]
    assert len(epochs) < 100 and epochs[-1] > 900
    assert len(trainer.loss_history(max_points=20)) == 20


def test_new_settings_apply_from_the_next_step():
    trainer = xor_trainer(optimizer="momentum", learning_rate=0.5, epochs=100)
    trainer.run_epoch()
    velocity = trainer.optimizer.velocity.copy()
    trainer.apply_settings(trainer.settings.with_changes(learning_rate=0.1, momentum=0.5))
    assert trainer.current_learning_rate() == 0.1 and trainer.optimizer.momentum == 0.5
    np.testing.assert_array_equal(trainer.optimizer.velocity, velocity)   # state kept
    trainer.apply_settings(trainer.settings.with_changes(optimizer="adam", batch_size=1))
    assert trainer.optimizer.name == "adam" and trainer.batch_size == 1 and trainer.shuffle
    trainer.run_epoch()
    assert trainer.steps == 1 + 4


def _xor_run_of_50_steps(settings: TrainingSettings):
    """A 2-3-1 tanh network on XOR, its plan, and a Trainer that has taken 50 steps."""
    net = layered([2, 3, 1], activation="tanh")
    net.set_settings(settings)
    initialize(net)
    plan = compile_network(net)
    data = prepare(plan, XOR_X, XOR_LABELS, XOR_X[:0], XOR_LABELS[:0], "classification", 2)
    trainer = Trainer(plan, data, settings)
    for _ in range(50):
        trainer.step()
    return net, plan, trainer


def test_continue_after_an_edit_keeps_trained_values_and_optimizer_state():
    settings = TrainingSettings(optimizer="adam", learning_rate=0.05, epochs=1000)
    net, plan, old = _xor_run_of_50_steps(settings)
    trained, _ = plan.parameters()
    extra = net.add_neuron("hidden", activation="tanh")       # a structural edit
    net.connect(1, extra.id, 0.3)
    net.connect(extra.id, 6, -0.2)
    new_plan = compile_network(net)
    new = Trainer(new_plan, prepare(new_plan, XOR_X, XOR_LABELS, XOR_X[:0], XOR_LABELS[:0],
                                    "classification", 2), settings)
    assert new.continue_from(old) == len(trained) + 4
    weights, _ = new_plan.parameters()
    assert all(weights[c] == trained[c] for c in trained)
    assert (new.epoch, new.steps, new.optimizer.t) == (50, 50, 50)
    moment = dict(zip(plan.connection_ids, plan.weights_of(old.optimizer.mean), strict=True))
    new_moment = dict(zip(new_plan.connection_ids, new_plan.weights_of(new.optimizer.mean),
                          strict=True))
    assert all(new_moment[c] == moment[c] for c in moment)
    new.run_epoch()
    assert new.epoch == 51


@pytest.mark.parametrize(("optimizer", "nesterov", "lr"), [
    ("momentum", False, 0.5), ("momentum", True, 0.5), ("adam", False, 0.05)])
def test_parameters_frozen_mid_run_stay_bit_identical(optimizer: str, nesterov: bool,
                                                      lr: float):
    """Freezing while training recompiles and continues the run: momentum velocity and
    Adam's moments built up before the freeze must not keep moving the frozen values."""
    settings = TrainingSettings(optimizer=optimizer, nesterov=nesterov, learning_rate=lr,
                                momentum=0.9, epochs=1000, l2=0.01)
    net, plan, old = _xor_run_of_50_steps(settings)
    weights, biases = plan.parameters()
    net.set_parameters(weights, biases)
    frozen_weight = next(iter(weights))
    hidden = next(n.id for n in net.neurons.values() if n.role == "hidden")
    net.update_connections({frozen_weight: {"frozen": True}})
    net.update_neurons({hidden: {"frozen": True}})
    new_plan = compile_network(net)
    new = Trainer(new_plan, prepare(new_plan, XOR_X, XOR_LABELS, XOR_X[:0], XOR_LABELS[:0],
                                    "classification", 2), settings)
    new.continue_from(old)
    for state in new.optimizer.state().values():
        assert (state[new_plan.trainable_mask == 0] == 0).all()
    for _ in range(10):
        new.step()
    new_weights, new_biases = new_plan.parameters()
    assert new_weights[frozen_weight] == weights[frozen_weight]
    assert new_biases[hidden] == biases[hidden]
    assert any(new_weights[c] != weights[c] for c in weights if c != frozen_weight)


def test_cleared_state_leaves_a_zero_gradient_entry_still():
    """What keeps a parameter frozen mid-run still: its state cleared, its gradient 0."""
    from bpstudio.engine.optimizers import Adam, Momentum
    for opt in (Momentum(2, np.dtype(float), 0.9, False), Momentum(2, np.dtype(float), 0.9, True),
                Adam(2, np.dtype(float), 0.9, 0.999, 1e-8)):
        for state in opt.state().values():
            state[:] = 3.0                      # built up before the freeze
        opt.clear_state(np.array([False, True]))
        params = np.array([1.0, 2.0])
        for _ in range(5):
            opt.step(params, np.array([0.5, 0.0]), 0.1)
        assert params[1] == 2.0 and params[0] != 1.0


def test_shuffling_switched_on_mid_epoch_finishes_the_epoch_on_the_real_samples():
    """Minibatches of 1 in order; after two steps shuffling is switched on: the third
    step still trains on sample 3 (the epoch's buffer holds the samples, not garbage)."""
    trainer = xor_trainer(batch_size=1, shuffle=False)
    trainer.step()
    trainer.step()
    trainer.apply_settings(trainer.settings.with_changes(shuffle=True))
    expected = trainer.engine.loss(XOR_X[2:3], trainer.data.y_train[2:3])
    assert trainer.step() == pytest.approx(expected, rel=1e-12)
    assert trainer.shuffle and trainer.epoch == 0


def _gradients_seen(trainer: Trainer) -> list[np.ndarray]:
    """|∂L/∂param| of every step the trainer takes from now on (as the window adds it)."""
    seen: list[np.ndarray] = []
    engine_gradient = trainer.engine.batch_gradient

    def batch_gradient(x_t, y_t):
        loss, grad = engine_gradient(x_t, y_t)
        seen.append(np.abs(grad))
        return loss, grad
    trainer.engine.batch_gradient = batch_gradient
    return seen


def test_the_gradient_window_averages_every_step_of_a_short_window():
    trainer = xor_trainer()
    trainer.enable_gradient_window()
    seen = _gradients_seen(trainer)
    for _ in range(10):
        trainer.step()
    np.testing.assert_allclose(trainer.take_gradient_window(), np.mean(seen, axis=0))


def test_a_long_gradient_window_averages_evenly_spread_steps_and_a_short_one_all_again():
    from bpstudio.engine.training import GRADIENT_SAMPLES

    trainer = xor_trainer(epochs=100_000)
    trainer.enable_gradient_window()
    seen = _gradients_seen(trainer)
    for _ in range(8):                   # windows of 2,000 steps: the window thins out
        seen.clear()
        for _ in range(2000):
            trainer.step()
        added = trainer.grad_window_steps
        mean = trainer.take_gradient_window()
    assert GRADIENT_SAMPLES // 2 <= added <= 2 * GRADIENT_SAMPLES + 1
    exact = np.mean(seen, axis=0)
    np.testing.assert_allclose(mean, exact, rtol=0.25)   # the same edges drawn
    seen.clear()
    trainer.step()                       # a single step (Step, a slow pace) still counts
    np.testing.assert_allclose(trainer.take_gradient_window(), seen[0])
