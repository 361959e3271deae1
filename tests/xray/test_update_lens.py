"""Apply update, the nudge lens and the cost counts, checked against the engine."""

from __future__ import annotations

import numpy as np
import pytest

from bpstudio.engine.backprop import Engine
from bpstudio.engine.gradcheck import DEFAULT_EPSILON, DEFAULT_TOLERANCE
from bpstudio.engine.plan import compile_network
from bpstudio.xray.cost import cost_of
from bpstudio.xray.lens import Lens, parameter_index
from bpstudio.xray.steps import PassValues
from bpstudio.xray.update import gradient_step, loss_with
from tests.networks import random_dag
from tests.without_qt import run_without_qt


def _net_and_data(seed, rows=3, loss="l2", output="sigmoid"):
    net = random_dag(seed, n_hidden=6, n_outputs=2, output_activation=output, loss=loss)
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(rows, 3))
    y = rng.uniform(0.1, 0.9, size=(rows, 2)) if loss == "l2" else \
        np.eye(2)[rng.integers(0, 2, rows)]
    return net, x, y


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_update_is_one_gradient_step_and_frozen_stays(seed):
    net, x, y = _net_and_data(seed)
    values = PassValues(net, x, y)
    result = gradient_step(net, values.grad_w, values.grad_b, x, y, 0.05, values.loss)
    assert len(result.rows) == net.parameter_count()
    for row in result.rows:
        frozen = (net.connections[row.id].frozen if row.kind == "weight"
                  else net.neurons[row.id].frozen)
        assert row.frozen == frozen
        expected = row.old if frozen else row.old - 0.05 * row.grad
        assert row.new == pytest.approx(expected, abs=1e-15)
    assert result.loss_before == pytest.approx(values.loss)
    assert result.loss_after == pytest.approx(loss_with(net, result.new_parameters(), x, y))
    assert result.loss_after < result.loss_before          # a small step goes downhill
    assert result.old_parameters() == net.parameters()


@pytest.mark.parametrize(("seed", "loss", "output"), [
    (0, "l2", "sigmoid"), (2, "binary_cross_entropy", "sigmoid"), (4, "l2", "tanh")])
def test_lens_secant_agrees_with_backprop_and_curve_with_the_engine(seed, loss, output):
    net, x, y = _net_and_data(seed, loss=loss, output=output)
    plan = compile_network(net, "float64")
    engine_loss, grad = Engine(plan).loss_and_gradient(x, y)
    params = [("weight", c) for c in plan.connection_ids] + [("bias", b) for b in plan.bias_ids]
    for kind, pid in params:
        lens = Lens(net, kind, pid, x, y)
        assert lens.loss_at(lens.value) == pytest.approx(engine_loss, rel=1e-13)
        backprop = lens.gradient_at(lens.value)
        assert backprop == pytest.approx(grad[parameter_index(plan, kind, pid)], abs=1e-13)
        numeric = lens.secant(lens.value, DEFAULT_EPSILON)
        assert Lens.relative_error(backprop, numeric) < DEFAULT_TOLERANCE
        low, high = Lens.default_range(lens.value)
        xs, ys = lens.curve(low, high, 5)
        assert xs[2] == pytest.approx(lens.value) and ys[2] == pytest.approx(engine_loss)
        # the curve elsewhere is the engine's loss with that one parameter changed
        moved = net.copy()
        if kind == "weight":
            moved.update_connections({pid: {"weight": float(xs[0])}})
        else:
            moved.update_neurons({pid: {"bias": float(xs[0])}})
        assert ys[0] == pytest.approx(Engine(compile_network(moved, "float64")).loss(x, y))
    assert lens.params[lens.index] == lens.value          # the lens restores its copy


def test_lens_slope_at_a_moved_point_is_the_tangent_there():
    net, x, y = _net_and_data(5)
    cid = next(iter(net.connections))
    lens = Lens(net, "weight", cid, x, y)
    w = lens.value + 0.7
    assert Lens.relative_error(lens.gradient_at(w), lens.secant(w, 1e-6)) < 1e-6
    big = lens.secant(w, 0.5)                    # a coarse nudge is visibly off
    assert Lens.relative_error(lens.gradient_at(w), big) > 1e-6


def test_bad_parameter_kind_is_refused():
    net, x, y = _net_and_data(1)
    with pytest.raises(ValueError, match="kind"):
        parameter_index(compile_network(net), "neuron", 1)


@pytest.mark.parametrize("seed", range(4))
def test_operation_counts_follow_the_plan(seed):
    net, _, _ = _net_and_data(seed)
    plan = compile_network(net)
    cost = cost_of(plan)
    from_inputs = sum(1 for c in net.connections.values()
                      if net.neurons[c.source].role == "input")
    assert cost.weights == len(net.connections) == plan.n_weights
    assert cost.biases == len(plan.bias_ids)
    assert cost.forward == len(net.connections)
    assert cost.backward == 2 * len(net.connections) - from_inputs
    assert cost.nudging == 2 * net.parameter_count() * cost.forward
    assert cost.speedup == pytest.approx(cost.nudging / (cost.forward + cost.backward))


def test_the_xray_core_never_imports_qt():
    run_without_qt("import bpstudio.xray, bpstudio.xray.steps, bpstudio.xray.chain\n"
                   "import bpstudio.xray.lens, bpstudio.xray.update\n"
                   "assert not loaded_qt(), loaded_qt()\n")
