"""The substituted-loss formula, evaluated as Python, equals the engine's loss."""

from __future__ import annotations

import numpy as np
import pytest

from bpstudio.engine.backprop import Engine
from bpstudio.engine.plan import compile_network
from bpstudio.model.builders import layered
from bpstudio.xray.formula import loss_formula
from tests.networks import random_dag


def engine_loss(network, x, y) -> float:
    return Engine(compile_network(network, "float64")).loss(x.reshape(1, -1), y.reshape(1, -1))


def test_tutorial_shape_for_a_tiny_network():
    net = layered([2, 1, 1])        # x1, x2 → h → y
    net.update_connections({1: {"weight": 0.5}, 2: {"weight": 0.7}, 3: {"weight": 1.0}})
    net.update_neurons({3: {"bias": 0.28}})
    formula = loss_formula(net, "weight", 1, np.array([1.0, 0.3]), np.array([1.0]))
    h_term = "w*1 + 0.21 + 0.28"
    assert formula.lines[-1].startswith("loss(w) = (1/(1+exp(-(1*(1/(1+exp(-(" + h_term)
    assert formula.lines[-1].endswith(" - 1)^2")


@pytest.mark.parametrize(("seed", "loss", "output"), [
    (0, "l2", "sigmoid"), (1, "l2", "tanh"), (2, "binary_cross_entropy", "sigmoid"),
    (3, "softmax_cross_entropy", "softmax"), (4, "l2", "identity"), (5, "l2", "relu"),
])
def test_formula_equals_the_engine_for_every_parameter(seed: int, loss: str, output: str):
    net = random_dag(seed, n_hidden=6, n_outputs=3, output_activation=output, loss=loss)
    rng = np.random.default_rng(seed)
    x = rng.normal(size=3)
    y = np.eye(3)[rng.integers(0, 3)] if loss != "l2" else rng.normal(size=3)
    base = engine_loss(net, x, y)
    params = [("weight", c.id) for c in net.connections.values()]
    params += [("bias", n.id) for n in net.neurons.values() if n.role != "input"]
    for kind, pid in params:
        formula = loss_formula(net, kind, pid, x, y)
        old = net.connections[pid].weight if kind == "weight" else net.neurons[pid].bias
        assert formula.evaluate(old) == pytest.approx(base, rel=1e-12, abs=1e-12)
        changed = net.copy()
        if kind == "weight":
            changed.update_connections({pid: {"weight": old + 0.37}})
        else:
            changed.update_neurons({pid: {"bias": old + 0.37}})
        assert formula.evaluate(old + 0.37) == pytest.approx(engine_loss(changed, x, y),
                                                             rel=1e-12, abs=1e-12)


def test_big_networks_get_one_line_per_neuron():
    net = layered([6, 12, 12, 4], "tanh", "sigmoid")
    for c in net.connections.values():
        net.update_connections({c.id: {"weight": 0.1 * ((c.id % 7) - 3)}})
    x, y = np.linspace(-1, 1, 6), np.array([0.0, 1.0, 0.0, 1.0])
    formula = loss_formula(net, "weight", 1, x, y)
    assert len(formula.lines) > 2 and formula.lines[-1].startswith("loss(w) = ")
    assert formula.evaluate(net.connections[1].weight) == pytest.approx(engine_loss(net, x, y))
