"""Backprop equals the tutorial's finite-difference derivative on any drawn graph."""

from __future__ import annotations

import numpy as np
import pytest

from bpstudio.engine import activations, losses
from bpstudio.engine.backprop import Engine
from bpstudio.engine.gradcheck import gradient_check, relative_error
from bpstudio.engine.plan import compile_network
from bpstudio.model.settings import ACTIVATIONS, LOSSES
from tests.networks import HIDDEN_ACTIVATIONS, chain, random_dag

TOLERANCE = 1e-6


def _data(plan, seed: int, n: int = 9, loss: str = "l2"):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, plan.n_inputs))
    if loss == "softmax_cross_entropy":
        y = np.eye(plan.n_outputs)[rng.integers(0, plan.n_outputs, n)]
    elif loss == "binary_cross_entropy":
        y = rng.integers(0, 2, (n, plan.n_outputs)).astype(float)
    else:
        y = rng.normal(size=(n, plan.n_outputs))
    return x, y


def _check(network, seed: int = 0) -> float:
    plan = compile_network(network, "float64")
    x, y = _data(plan, seed, loss=network.settings.loss)
    rows = gradient_check(plan, x, y)
    assert len(rows) == len(network.connections) + sum(
        1 for n in network.neurons.values() if n.role != "input")
    return max(r.relative_error for r in rows)


def test_tables_cover_the_model_vocabulary():
    assert set(activations.ACTIVATIONS) == set(ACTIVATIONS)
    assert set(losses.LOSSES) == set(LOSSES)


@pytest.mark.parametrize("activation", HIDDEN_ACTIVATIONS)
@pytest.mark.parametrize("loss", LOSSES)
def test_backprop_matches_finite_differences(activation: str, loss: str):
    """Every activation × loss on random DAGs with skips, frozen parameters and chains."""
    output = {"l2": activation, "binary_cross_entropy": "sigmoid",
              "softmax_cross_entropy": "softmax"}[loss]
    for seed in range(3):
        net = random_dag(seed, hidden_activations=(activation,), output_activation=output,
                         loss=loss, n_outputs=3 if loss == "softmax_cross_entropy" else 2)
        assert _check(net, seed) <= TOLERANCE


@pytest.mark.parametrize("seed", range(8))
def test_mixed_activation_dags(seed: int):
    net = random_dag(100 + seed, n_hidden=12, output_activation="tanh")
    assert _check(net, seed) <= TOLERANCE


def test_single_neuron_path():
    net = chain(list(HIDDEN_ACTIVATIONS))
    assert _check(net) <= TOLERANCE


def test_output_feeding_another_neuron_gets_both_gradients():
    """A non-terminal output takes ∂L/∂a from the loss and from the neuron it feeds."""
    net = random_dag(7, output_activation="sigmoid", loss="binary_cross_entropy")
    y1, y2 = (n.id for n in net.outputs())
    extra = net.add_neuron("output", activation="sigmoid", bias=0.2)
    net.connect(y1, extra.id, 0.9)
    net.connect(y2, extra.id, -0.4)
    assert _check(net) <= TOLERANCE


def test_relative_error_treats_two_zeros_as_equal():
    err = relative_error(np.array([0.0, 1.0, 1e-3]), np.array([0.0, 1.0 + 1e-9, 2e-3]))
    assert err[0] == 0.0 and err[1] < 1e-8 and err[2] == pytest.approx(0.5)


def test_corrupted_derivative_is_caught(monkeypatch):
    """A wrong derivative must show up as a large relative error (the check can fail)."""
    good = activations.ACTIVATIONS["tanh"]

    def wrong_backward(z, a, grad_a, out):
        np.multiply(grad_a, 1.0 - 0.5 * a * a, out=out)   # f′ should be 1 − a²
        return out

    monkeypatch.setitem(activations.ACTIVATIONS, "tanh",
                        activations.Activation("tanh", good.forward, wrong_backward,
                                               good.derivative, False, good.formula))
    net = random_dag(3, hidden_activations=("tanh",))
    assert _check(net) > 1e-3


def test_batch_gradient_is_the_mean_of_sample_gradients():
    net = random_dag(11)
    plan = compile_network(net, "float64")
    x, y = _data(plan, 1, n=5)
    engine = Engine(plan)
    _, whole = engine.loss_and_gradient(x, y)
    per_sample = [engine.loss_and_gradient(x[i:i + 1], y[i:i + 1])[1] for i in range(5)]
    np.testing.assert_allclose(whole, np.mean(per_sample, axis=0), atol=1e-12)


@pytest.mark.parametrize("name", [a for a in ACTIVATIONS if a != "softmax"])
def test_activation_derivative_column_matches_its_function(name: str):
    act = activations.get(name)
    z = np.linspace(-2.3, 2.1, 17).reshape(1, -1)
    h = 1e-6
    plus, minus = np.empty_like(z), np.empty_like(z)
    act.forward(z + h, plus)
    act.forward(z - h, minus)
    np.testing.assert_allclose(act.derivative(z), (plus - minus) / (2 * h), atol=1e-6)


def _confident_wrong(loss: str, margin: float):
    """x → h (tanh, saturated) → outputs whose pre-activation puts the wrong answer
    ``margin`` ahead of the right one, for every sample."""
    from bpstudio.model.network import Network
    net = Network()
    net.set_settings(net.settings.with_changes(loss=loss))
    x = net.add_neuron("input", label="x").id
    h = net.add_neuron("hidden", activation="tanh", bias=0.0).id
    net.connect(x, h, 20.0)                                   # h = tanh(20) ≈ 1 for x = 1
    if loss == "binary_cross_entropy":
        y = net.add_neuron("output", activation="sigmoid", bias=0.0).id
        net.connect(h, y, -margin)                            # z ≈ −margin, target 1
        targets = np.array([[1.0], [1.0]])
    else:
        right = net.add_neuron("output", activation="softmax", bias=0.0).id
        wrong = net.add_neuron("output", activation="softmax", bias=0.0).id
        net.connect(h, right, 0.0)
        net.connect(h, wrong, margin)                         # z_wrong − z_right ≈ margin
        targets = np.array([[1.0, 0.0], [1.0, 0.0]])
    return net, np.array([[1.0], [1.0]]), targets


@pytest.mark.parametrize("loss", ["binary_cross_entropy", "softmax_cross_entropy"])
@pytest.mark.parametrize(("dtype", "margin"), [
    ("float64", 40.0), ("float64", 800.0), ("float32", 40.0), ("float32", 100.0)])
def test_confident_wrong_network_has_its_exact_cross_entropy(loss: str, dtype: str,
                                                             margin: float):
    """Clipping probabilities at 1e-12 capped the loss at 27.63; from z it is the margin,
    also where the probability of the right answer underflows to 0 (800, 100 in float32)."""
    net, x, y = _confident_wrong(loss, margin)
    plan = compile_network(net, dtype)
    margin = margin * np.tanh(20.0)
    exact = margin + np.log1p(np.exp(-margin))    # softplus(margin) for both losses
    engine = Engine(plan)
    assert engine.loss(x, y) == pytest.approx(exact, rel=1e-6)
    value, _ = engine.loss_and_gradient(x, y)
    assert value == pytest.approx(exact, rel=1e-6)


@pytest.mark.parametrize("loss", ["binary_cross_entropy", "softmax_cross_entropy"])
def test_gradcheck_passes_on_a_confident_wrong_network(loss: str):
    net, x, y = _confident_wrong(loss, 40.0)
    rows = gradient_check(compile_network(net, "float64"), x, y)
    assert max(r.relative_error for r in rows) <= TOLERANCE
    assert any(abs(r.backprop) > 0.5 for r in rows)           # the gradient is not vanishing
