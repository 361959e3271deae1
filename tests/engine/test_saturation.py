"""Saturated outputs at chance level (issue 10): a sentence, only when it is the case."""

from __future__ import annotations

import numpy as np
import pytest

from bpstudio.engine.plan import compile_network
from bpstudio.engine.saturation import MESSAGE, output_activations, saturation_problem
from bpstudio.engine.targets import prepare
from bpstudio.engine.training import Trainer
from bpstudio.model.builders import layered
from bpstudio.model.settings import DatasetSpec, TrainingSettings
from bpstudio.workflow import initialize, prepare_training


def _trained(output: str, learning_rate: float, epochs: int = 200, loss: str = "l2",
             dataset: str = "xor", outputs: int = 1):
    net = layered([2, 4, outputs], "tanh", output)
    settings = TrainingSettings(learning_rate=learning_rate, epochs=epochs, loss=loss)
    net.set_settings(settings, DatasetSpec(name=dataset))
    initialize(net)
    prepared = prepare_training(net)
    trainer = Trainer(prepared.plan, prepared.data, settings)
    trainer.run()
    return trainer


def test_a_tanh_output_thrown_onto_its_tails_at_chance_is_named():
    """The issue's run: tanh output, η = 1000, about 50 % accuracy, |w| in the thousands."""
    trainer = _trained("tanh", 1000.0)
    assert np.abs(trainer.params).max() > 100
    problem = saturation_problem(trainer.plan, trainer.data)
    assert problem is not None and problem.startswith(MESSAGE + " (")
    assert "no better than always answering the commonest class, 50%" in problem


def test_a_well_trained_network_is_not_flagged():
    trainer = _trained("sigmoid", 0.5, epochs=2000)
    assert trainer.training_metric() > 0.9
    assert saturation_problem(trainer.plan, trainer.data) is None


def test_confident_and_right_is_not_saturation_trouble():
    """Outputs on their tails are fine when they are right."""
    net = layered([1, 1], output_activation="sigmoid")
    net.set_parameters({1: 100.0}, {})
    plan = compile_network(net)
    x = np.array([[-1.0], [1.0]] * 10)
    labels = (x[:, 0] > 0).astype(int)
    data = prepare(plan, x, labels, x[:0], labels[:0], "classification", 2)
    assert saturation_problem(plan, data) is None
    wrong = prepare(plan, x, 1 - labels, x[:0], labels[:0], "classification", 2)
    assert saturation_problem(plan, wrong) is not None   # on the tails and all wrong


@pytest.mark.parametrize("output", ["identity", "relu"])
def test_outputs_without_flat_tails_and_regression_are_never_flagged(output):
    net = layered([1, 1], output_activation=output)
    net.set_parameters({1: 1e4}, {})
    plan = compile_network(net)
    x = np.linspace(-1, 1, 20)[:, None]
    data = prepare(plan, x, (x[:, 0] > 0).astype(int), x[:0], x[:0, 0].astype(int),
                   "classification", 2)
    assert saturation_problem(plan, data) is None
    regression = prepare(plan, x, x, x[:0], x[:0], "regression")
    assert saturation_problem(plan, regression) is None


def test_softmax_outputs_are_judged_by_their_own_slopes():
    net = layered([2, 3], output_activation="softmax")
    net.set_settings(net.settings.with_changes(loss="softmax_cross_entropy"))
    plan = compile_network(net)
    assert output_activations(plan) == ["softmax"] * 3
    x = np.random.default_rng(0).normal(size=(30, 2))
    labels = np.arange(30) % 3
    data = prepare(plan, x, labels, x[:0], labels[:0], "classification", 3)
    assert saturation_problem(plan, data) is None   # zero weights: p = 1/3, far from a tail
    big = plan.params.copy()
    big[:] = np.random.default_rng(1).normal(size=big.shape) * 1e4
    assert saturation_problem(plan, data, big) is not None
