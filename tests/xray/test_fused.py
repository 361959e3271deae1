"""The X-ray where the loss gives δ itself (issue 9): a sigmoid output with binary
cross-entropy that also feeds other neurons (δ = (a − t) + ∂L/∂a·f′(z)), and softmax
targets that do not sum to 1 (δ = p·Σt − t). Every number shown is the engine's, and
every formula shown holds on the numbers printed beside it."""

from __future__ import annotations

import numpy as np
import pytest

from bpstudio.engine.backprop import Engine
from bpstudio.engine.plan import compile_network
from bpstudio.engine.trace import trace
from bpstudio.model.builders import layered
from bpstudio.xray.chain import chain_rule, loss_lines
from bpstudio.xray.steps import PassValues, StepSequence, card_lines
from bpstudio.xray.text import fmt
from tests.engine.test_trace import _feeding_sigmoid_outputs
from tests.xray.test_steps import _check_arithmetic, _close, _num


def _multi_hot_softmax():
    net = layered([1, 2], "tanh", "softmax")
    net.set_settings(net.settings.with_changes(loss="softmax_cross_entropy"))
    net.set_parameters({c: w for c, w in zip(sorted(net.connections), (0.5, -0.5),
                                              strict=True)}, {})
    return net


@pytest.mark.parametrize("rows", [1, 3])
def test_an_output_that_feeds_on_shows_both_parts_of_its_delta(rows: int):
    net = _feeding_sigmoid_outputs()
    rng = np.random.default_rng(2)
    x, y = rng.normal(size=(rows, 3)), rng.integers(0, 2, (rows, 3)).astype(float)
    values = PassValues(net, x, y)
    steps = StepSequence(values)
    feeding = [o.id for o in net.outputs() if net.outgoing(o.id)]
    assert {values.rule(o) for o in feeding} == {"fused_on"}
    last = steps.visible(steps.last)
    for k in range(steps.loss_index + 1, len(steps)):
        nid = steps.steps[k].neuron
        if nid not in feeding:
            continue
        text = steps.describe(k)
        _check_arithmetic(text)
        assert "δ = (a − t) + " in text and "from the neurons it feeds" in text
        shown = last.neurons[nid]
        a, t = _num(fmt(shown["a"])), _num(fmt(last.targets[nid]))
        back = (_num(fmt(shown["grad_a"])) * _num(fmt(shown["slope"])) if rows == 1
                else values.fed_back[nid])
        assert _close(_num(fmt(shown["delta"])), a - t + back, a, t, back), text
        card = card_lines(shown, "fused_on", rows)
        assert card[-1] == (f"δ = a − t + {'mean(∂L/∂a·f′)' if rows > 1 else '∂L/∂a·f′'} = "
                            f"{fmt(shown['delta'])}")


def test_the_chain_rule_through_an_output_that_feeds_on():
    net = _feeding_sigmoid_outputs()
    x, y = np.array([[0.3, -1.2, 0.8]]), np.array([[1.0, 0.0, 1.0]])
    plan = compile_network(net, "float64")
    _, grad = Engine(plan).loss_and_gradient(x, y)
    t = trace(net, x, y)
    y1 = next(o.id for o in net.outputs() if net.outgoing(o.id))
    for cid in plan.connection_ids:
        if net.connections[cid].target != y1:
            continue
        lines = chain_rule(net, t, "weight", cid)
        assert lines[-1].value == pytest.approx(grad[plan.weight_position(cid)], abs=1e-12)
        mine = {line.kind: line for line in lines if line.neuron == y1}
        assert {"grad_a", "slope", "delta"} <= set(mine)
        a, target = t.a[y1][0], t.targets[y1][0]
        assert mine["delta"].value == pytest.approx(
            a - target + mine["grad_a"].value * mine["slope"].value, abs=1e-12)
        assert "(from the neurons it feeds)" in mine["grad_a"].rule_plain


def test_softmax_targets_that_do_not_sum_to_one_show_p_times_their_sum():
    net = _multi_hot_softmax()
    x, y = np.array([[1.0]]), np.array([[1.0, 1.0]])
    values = PassValues(net, x, y)
    steps = StepSequence(values)
    last = steps.visible(steps.last)
    for k in range(steps.loss_index + 1, len(steps)):
        nid = steps.steps[k].neuron
        assert values.rule(nid) == "fused_sum"
        text = steps.describe(k)
        assert "δ = p·Σⱼtⱼ − t = " in text and "the targets sum to 2, not 1" in text
        p, delta = last.neurons[nid]["a"], last.neurons[nid]["delta"]
        assert delta == pytest.approx(2 * p - 1)
        assert card_lines(last.neurons[nid], "fused_sum", 1) == [f"δ = p·Σt − t = {fmt(delta)}"]
    t = trace(net, x, y)
    (line,) = loss_lines(net, t)
    assert line.rule_plain.startswith("−t_y1 ln p_y1 + −t_y2 ln p_y2")
    assert line.value == pytest.approx(-np.log(t.a[net.outputs()[0].id][0])
                                       - np.log(t.a[net.outputs()[1].id][0]))
    weight = chain_rule(net, t, "weight", sorted(net.connections)[0])
    delta = next(line for line in weight if line.kind == "delta")
    assert delta.text == ("δ_y1 = p_y1·Σ_j t_j − t_y1  (softmax and cross-entropy together) "
                          f"= {fmt(t.a[delta.neuron][0])} × 2 − 1 = {fmt(delta.value)}")


def test_one_hot_softmax_targets_keep_the_familiar_p_minus_t():
    values = PassValues(_multi_hot_softmax(), np.array([[1.0]]), np.array([[0.0, 1.0]]))
    assert {values.rule(n) for n in values.order} == {"fused"}
