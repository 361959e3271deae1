"""The chain rule written out: every line's number is the trace's, the last one is the
engine's gradient, and the substituted loss evaluates to the engine's loss."""

from __future__ import annotations

import math

import numpy as np
import pytest

from bpstudio.engine.backprop import Engine
from bpstudio.engine.plan import compile_network
from bpstudio.engine.trace import trace
from bpstudio.examples import example_path
from bpstudio.formats.bpnet import load
from bpstudio.workflow import prepare_training
from bpstudio.xray.chain import MAX_NEURONS, chain_rule
from bpstudio.xray.formula import loss_formula
from bpstudio.xray.text import parameter_name, plain, signed
from tests.networks import random_dag

CASES = [(0, "l2", "sigmoid"), (1, "l2", "tanh"), (2, "binary_cross_entropy", "sigmoid"),
         (3, "softmax_cross_entropy", "softmax"), (6, "l2", "softplus"), (5, "l2", "relu")]


def _sample(seed, loss, n_out):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(1, 3))
    y = np.eye(n_out)[rng.integers(0, n_out, 1)] if loss != "l2" else rng.normal(size=(1, n_out))
    return x, y


@pytest.mark.parametrize(("seed", "loss", "output"), CASES)
def test_each_line_is_the_traced_value_and_the_last_the_gradient(seed, loss, output):
    net = random_dag(seed, n_hidden=7, n_outputs=3, output_activation=output, loss=loss)
    x, y = _sample(seed, loss, 3)
    plan = compile_network(net, "float64")
    value, grad = Engine(plan).loss_and_gradient(x, y)
    t = trace(net, x, y)
    params = [("weight", cid, plan.weight_position(cid)) for cid in plan.connection_ids]
    params += [("bias", nid, plan.bias_position(nid)) for nid in plan.bias_ids]
    for kind, pid, index in params:
        lines = chain_rule(net, t, kind, pid)
        assert lines[0].kind == "loss" and lines[0].value == pytest.approx(value, rel=1e-12)
        assert lines[-1].kind == "result"
        assert lines[-1].value == pytest.approx(grad[index], abs=1e-12)
        field = {"grad_a": t.grad_a, "slope": t.slope, "delta": t.delta}
        for line in lines[1:-1]:
            if line.kind in field:
                assert line.value == pytest.approx(field[line.kind][line.neuron][0], abs=1e-12)
            assert "nan" not in line.text
        # δ = ∂L/∂a · f′(z) holds on the printed values of every non-softmax neuron
        by_neuron: dict = {}
        for line in lines:
            by_neuron.setdefault(line.neuron, {})[line.kind] = line.value
        for got in by_neuron.values():
            if {"grad_a", "slope", "delta"} <= set(got):
                assert got["delta"] == pytest.approx(got["grad_a"] * got["slope"], abs=1e-12)


def test_xor_chain_reads_from_the_loss_down_to_the_weight():
    net, _ = load(example_path("xor"))
    prepared = prepare_training(net, None, dtype="float64")
    x, y = prepared.data.x_train[1:2], prepared.data.y_train[1:2]
    t = trace(net, x, y)
    lines = chain_rule(net, t, "weight", 1)          # x1 → h3
    symbols = [plain(line.symbol) for line in lines]
    assert symbols == ["L", "∂L/∂a_y", "f′(z_y)", "δ_y", "∂L/∂a_h3", "f′(z_h3)", "δ_h3",
                       "∂L/∂w(x1→h3)"]
    assert lines[4].rule_plain == "w(h3→y)·δ_y"
    assert lines[-1].numbers == f"{signed(t.delta[3][0])} × {signed(x[0, 0])}"
    assert lines[-1].value == pytest.approx(t.grad_w[1])
    assert parameter_name(net, "weight", 1) == "w(x1 → h3)"


def test_wide_networks_write_out_only_the_largest_neurons():
    net, _ = load(example_path("digits"))
    prepared = prepare_training(net, None, dtype="float64")
    x, y = prepared.data.x_train[:1], prepared.data.y_train[:1]
    t = trace(net, x, y)
    cid = next(c.id for c in net.connections.values()
               if net.neurons[c.source].role == "input" and x[0, 0] >= 0)
    lines = chain_rule(net, t, "weight", cid)
    written = {line.neuron for line in lines if line.kind == "delta"}
    assert len(written) <= MAX_NEURONS
    assert any(line.kind == "note" for line in lines)
    assert lines[-1].value == pytest.approx(t.grad_w[cid], abs=1e-15)


def test_chain_needs_one_sample():
    net = random_dag(1)
    t = trace(net, np.ones((2, 3)), np.zeros((2, 2)))
    with pytest.raises(ValueError, match="one sample"):
        chain_rule(net, t, "weight", next(iter(net.connections)))


def _display_expression(line: str) -> str:
    """The displayed ``loss(w) = …`` line as Python: ^ is a power."""
    return line.split(" = ", 1)[1].replace("^", "**")


def test_substituted_loss_evaluated_as_python_is_the_engines_loss():
    net, _ = load(example_path("xor"))
    prepared = prepare_training(net, None, dtype="float64")
    for row in range(4):
        x, y = prepared.data.x_train[row], prepared.data.y_train[row]
        engine = Engine(compile_network(net, "float64")).loss(x[None], y[None])
        for cid, c in net.connections.items():
            formula = loss_formula(net, "weight", cid, x, y)
            assert formula.evaluate(c.weight) == pytest.approx(engine, rel=1e-12)
            scope = {"exp": math.exp, "w": c.weight}
            shown = eval(_display_expression(formula.lines[-1]), {"__builtins__": {}}, scope)
            assert shown == pytest.approx(engine, rel=2e-3)   # 4 significant digits shown
