"""The gradient check itself: a correct backprop passes wherever central differences can
tell (round-off, curvature, kinks), and a wrong derivative still fails."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings

from bpstudio.engine import activations, losses
from bpstudio.engine.backprop import Engine
from bpstudio.engine.gradcheck import (
    DEFAULT_EPSILON,
    DEFAULT_TOLERANCE,
    NOISE_FACTOR,
    _nudged_in_bulk,
    _nudged_one_by_one,
    check_away_from_kinks,
    gradient_check,
    noise_floor,
    numeric_gradient,
    relative_error,
)
from bpstudio.engine.plan import compile_network
from bpstudio.engine.roundoff import rounding_scale
from bpstudio.engine.targets import ShapeMismatch, prepare
from bpstudio.model.network import Network
from bpstudio.model.validate import errors
from tests.engine.drawings import cases
from tests.networks import relu_xor


def _plain_errors(plan, x, y) -> np.ndarray:
    """Relative errors of plain central differences, judged against the largest gradient
    only (the check before issue 9)."""
    _, grad = Engine(plan).loss_and_gradient(x, y)
    index = np.array([*map(plan.weight_position, plan.connection_ids),
                      *map(plan.bias_position, plan.bias_ids)])
    return relative_error(grad[index], numeric_gradient(plan, x, y, index))


def _confident_softmax(margin: float) -> tuple[Network, np.ndarray, np.ndarray]:
    net = Network()
    net.set_settings(net.settings.with_changes(loss="softmax_cross_entropy"))
    x = net.add_neuron("input").id
    right = net.add_neuron("output", activation="softmax").id
    wrong = net.add_neuron("output", activation="softmax").id
    net.connect(x, right, margin / 2)
    net.connect(x, wrong, -margin / 2)
    return net, np.array([[1.0], [1.1], [0.9], [1.05]]), np.tile([1.0, 0.0], (4, 1))


def _sine(scale: float) -> tuple[Network, np.ndarray, np.ndarray]:
    net = Network()
    x = net.add_neuron("input").id
    y = net.add_neuron("output", activation="sine").id
    net.connect(x, y, 3.0)
    return net, np.array([[scale], [-0.7 * scale]]), np.array([[0.5], [0.1]])


def test_a_confident_network_is_judged_against_the_rounding_of_its_loss():
    """Every p rounds to 1 − 10⁻⁷: ln p carries an error of u, a central difference one of
    u/ε ≈ 2e-11, more than 10⁻⁶ of these gradients (~10⁻⁷). Backprop is right all the
    same; the noise floor 10⁷·u·S/ε (S ≈ 1: the Σ y the loss is made of) says so."""
    net, x, y = _confident_softmax(16.0)
    plan = compile_network(net, "float64")
    assert _plain_errors(plan, x, y).max() > DEFAULT_TOLERANCE
    assert max(r.relative_error for r in gradient_check(plan, x, y)) <= DEFAULT_TOLERANCE
    scale = rounding_scale(plan, x, y)
    assert 1.0 <= scale < 2.0
    assert noise_floor(scale, 1e-5) == pytest.approx(1e7 * 2.0 ** -52 * scale / 1e-5)


def test_a_hard_bending_loss_is_measured_again_with_its_curvature_cancelled():
    """sin(3·300·…): a central difference at ε = 1e-5 is off by ε²·L‴/6, 2e-6 of the
    gradient; Richardson's (4·f(ε) − f(2ε))/3 cancels that term."""
    net, x, y = _sine(300.0)
    plan = compile_network(net, "float64")
    plain = _plain_errors(plan, x, y)
    assert plain[0] > DEFAULT_TOLERANCE                     # the weight's
    rows = gradient_check(plan, x, y)
    assert rows[0].relative_error < 1e-9
    assert rows[1].relative_error == plain[1] <= DEFAULT_TOLERANCE   # the bias: kept as is


def _off_by_a_percent(function):
    """``function`` (writing into ``out``) with its result 1 % too large."""
    def wrong(*args):
        out = function(*args)
        out *= 1.01
        return out
    return wrong


def test_a_wrong_derivative_still_fails_where_the_check_is_lenient(monkeypatch):
    """Neither the noise floor nor the second step hides a derivative 1 % off (on the
    confident network, 1 % of its 10⁻⁷ gradients is 10⁻⁹: five times the floor's 2e-10)."""
    loss = losses.LOSSES["softmax_cross_entropy"]
    monkeypatch.setitem(losses.LOSSES, loss.name, replace(
        loss, fused_delta=_off_by_a_percent(loss.fused_delta)))
    sine = activations.ACTIVATIONS["sine"]
    monkeypatch.setitem(activations.ACTIVATIONS, "sine", replace(
        sine, backward=_off_by_a_percent(sine.backward)))
    for net, x, y in (_confident_softmax(16.0), _sine(300.0)):
        plan = compile_network(net, "float64")
        assert max(r.relative_error for r in gradient_check(plan, x, y)) > DEFAULT_TOLERANCE


def _relu_xor() -> tuple[Network, np.ndarray, np.ndarray]:
    x = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    return relu_xor(), x, np.array([[0.0], [1.0], [1.0], [0.0]])


def test_samples_where_a_nudge_crosses_a_relu_kink_are_left_out():
    net, x, y = _relu_xor()
    plan = compile_network(net, "float64")
    # a bias nudge moves z = 0 to ±ε at (0, 0): the difference averages the two slopes
    assert max(r.relative_error for r in gradient_check(plan, x, y)) > 0.1
    result = check_away_from_kinks(plan, x, y)
    assert result.at_kinks == 1 and result.samples.tolist() == [1, 2, 3]
    assert max(r.relative_error for r in result.rows) <= DEFAULT_TOLERANCE
    assert result.rows == gradient_check(plan, x[1:], y[1:], DEFAULT_EPSILON)


def test_a_check_with_every_sample_at_a_kink_says_so():
    net, x, y = _relu_xor()
    result = check_away_from_kinks(compile_network(net, "float64"), x[:1], y[:1])
    assert result.at_kinks == 1 and result.samples.tolist() == [0]


@settings(max_examples=120, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(cases())
def test_nudging_many_parameters_per_pass_measures_what_nudging_each_alone_does(case):
    """The bulk differences (a level's z nudged by ε·a, many nudges side by side in one
    pass) equal the literal ones (one flat parameter nudged, the whole pass run), and see
    the same kink crossings, on random drawings: skips, softmax groups, spread outputs."""
    net = case.network
    assume(not errors(net))
    plan = compile_network(net, "float64")
    try:
        data = prepare(plan, case.x, case.y, case.x[:0], case.y[:0], case.task,
                       case.n_classes)
    except ShapeMismatch:
        assume(False)
    index = np.concatenate([plan.weight_index, plan.bias_index])
    x, y = data.x_train, data.y_train
    bulk, bulk_crossed = _nudged_in_bulk(plan, x, y, index, DEFAULT_EPSILON)
    literal, literal_crossed = _nudged_one_by_one(plan, x, y, index, DEFAULT_EPSILON, None)
    noise = noise_floor(rounding_scale(plan, x, y), DEFAULT_EPSILON)
    assert np.abs(bulk - literal).max(initial=0.0) <= noise / NOISE_FACTOR * 10
    assert (bulk_crossed == literal_crossed).all()


def test_bulk_differences_fill_several_wide_passes_and_leave_the_plan_alone():
    """More parameters than nudged copies fit in one pass (the chunks' last one partly
    filled): still the literal differences, and the plan's parameters untouched."""
    from bpstudio.model.builders import layered
    from bpstudio.workflow import initialize

    net = layered([6, 9, 4])
    initialize(net)
    plan = compile_network(net, "float64")
    before = plan.params.copy()
    x = np.random.default_rng(1).normal(size=(700, 6))      # 2 copies a pass: 4096 // 1400
    y = np.random.default_rng(2).uniform(size=(700, 4))
    index = np.concatenate([plan.weight_index, plan.bias_index])
    bulk, _ = _nudged_in_bulk(plan, x, y, index, DEFAULT_EPSILON)
    literal, _ = _nudged_one_by_one(plan, x, y, index, DEFAULT_EPSILON, None)
    assert np.allclose(bulk, literal, rtol=1e-7, atol=1e-10)
    assert (plan.params == before).all()
