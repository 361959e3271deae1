"""The gradient check itself: a correct backprop passes wherever central differences can
tell (round-off, curvature, kinks), and a wrong derivative still fails."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from bpstudio.engine import activations, losses
from bpstudio.engine.backprop import Engine
from bpstudio.engine.gradcheck import (
    DEFAULT_EPSILON,
    DEFAULT_TOLERANCE,
    check_away_from_kinks,
    gradient_check,
    noise_floor,
    numeric_gradient,
    relative_error,
)
from bpstudio.engine.plan import compile_network
from bpstudio.engine.roundoff import rounding_scale
from bpstudio.model.network import Network
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
