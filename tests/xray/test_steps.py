"""Step mode's script: at every step the visible numbers are the fast engine's own."""

from __future__ import annotations

import re

import numpy as np
import pytest

from bpstudio.engine.backprop import Engine
from bpstudio.engine.plan import compile_network
from bpstudio.engine.probe import probe
from bpstudio.model.builders import layered
from bpstudio.xray.steps import BACKWARD_KEYS, PassValues, StepSequence, card_lines
from bpstudio.xray.text import fmt
from tests.networks import chain, random_dag

CASES = [(0, "l2", "sigmoid"), (1, "l2", "tanh"), (2, "binary_cross_entropy", "sigmoid"),
         (3, "softmax_cross_entropy", "softmax"), (4, "l2", "identity"), (5, "l2", "relu")]


def _data(seed: int, loss: str, rows: int, n_in: int = 3, n_out: int = 2):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(rows, n_in))
    y = np.eye(n_out)[rng.integers(0, n_out, rows)] if loss != "l2" else \
        rng.normal(size=(rows, n_out))
    return x, y


def _engine_values(net, x, y):
    """a, δ (per neuron, summed over the batch for δ), z and the flat gradient, all from
    the vectorised engine (never from trace)."""
    plan = compile_network(net, "float64")
    result = probe(plan, plan.params.copy(), x, y)
    loss, grad = Engine(plan).loss_and_gradient(x, y)
    a = {nid: result.activations[result.row(nid)] for nid in plan.neuron_ids}
    delta = {nid: result.deltas[result.row(nid)].sum() for nid in plan.neuron_ids}
    z = {nid: net.neurons[nid].bias + sum((c.weight * a[c.source] for c in net.incoming(nid)),
                                          np.zeros(x.shape[0]))
         for nid in plan.bias_ids}
    grad_w = dict(zip(plan.connection_ids, plan.weights_of(grad), strict=True))
    grad_b = dict(zip(plan.bias_ids, plan.biases_of(grad), strict=True))
    return loss, a, delta, z, grad_w, grad_b


@pytest.mark.parametrize(("seed", "loss", "output"), CASES)
@pytest.mark.parametrize("rows", [1, 5])
def test_every_step_shows_the_engines_numbers(seed, loss, output, rows):
    net = random_dag(seed, n_hidden=8, n_outputs=3 if output == "softmax" else 2,
                     output_activation=output, loss=loss)
    x, y = _data(seed, loss, rows, n_out=len(net.outputs()))
    engine_loss, a, delta, z, grad_w, grad_b = _engine_values(net, x, y)
    steps = StepSequence(PassValues(net, x, y))
    order = steps.values.order
    assert len(steps) == 2 * len(order) + 2
    softmax = {n for n in order if net.neurons[n].activation == "softmax"}
    for k in range(len(steps)):
        shown = steps.visible(k)
        forward = set(order[:min(k, len(order))])
        backward = set(order[::-1][:max(0, k - len(order) - 1)])
        assert {n for n in shown.neurons if net.neurons[n].role != "input"} == forward
        for nid in forward:
            values = shown.neurons[nid]
            assert values["z"] == pytest.approx(z[nid].mean(), abs=1e-12)
            if nid not in softmax or softmax <= forward:
                assert values["a"] == pytest.approx(a[nid].mean(), abs=1e-12)
            else:
                assert "a" not in values
            if nid in backward:
                assert values["delta"] == pytest.approx(delta[nid], abs=1e-12)
                assert values["grad_b"] == pytest.approx(grad_b[nid], abs=1e-12)
            else:
                assert not set(BACKWARD_KEYS) & set(values)
            for c in net.incoming(nid):
                edge = shown.edges[c.id]
                assert edge["term"] == pytest.approx((c.weight * a[c.source]).mean(), abs=1e-12)
                if nid in backward:
                    assert edge["grad_w"] == pytest.approx(grad_w[c.id], abs=1e-12)
                else:
                    assert "grad_w" not in edge
        assert len(shown.edges) == sum(len(net.incoming(n)) for n in forward)
        if k >= steps.loss_index:
            assert shown.loss == pytest.approx(engine_loss, rel=1e-12)
        else:
            assert shown.loss is None
        for i, inp in enumerate(net.inputs()):
            assert shown.neurons[inp.id] == {"x": pytest.approx(x[:, i].mean())}
        assert steps.describe(k) and "nan" not in steps.describe(k)


def test_forward_is_topological_and_backward_its_reverse():
    net = random_dag(11, n_hidden=10)
    steps = StepSequence(PassValues(net, np.ones((1, 3)), np.zeros((1, 2))))
    forward = [s.neuron for s in steps.steps if s.phase == "forward"]
    backward = [s.neuron for s in steps.steps if s.phase == "backward"]
    position = {nid: i for i, nid in enumerate(forward)}
    for c in net.connections.values():
        if net.neurons[c.source].role != "input":
            assert position[c.source] < position[c.target]
    assert backward == forward[::-1]
    assert [s.phase for s in steps.steps][0] == "start"
    assert steps.steps[steps.loss_index].phase == "loss"


def test_single_neuron_path_and_clamping():
    net = chain(["tanh", "relu", "sine"])
    values = PassValues(net, np.array([[0.8]]), np.array([[1.0]]))
    steps = StepSequence(values)
    assert len(steps) == 2 * 4 + 2
    assert steps.visible(-3).step.index == 0
    assert steps.visible(999).step.index == steps.last
    last = steps.visible(steps.last)
    assert set(last.edges) == set(net.connections)
    assert all("grad_w" in e for e in last.edges.values())


def test_minibatch_numbers_are_means_of_each_samples_own():
    net = layered([2, 3, 1])
    net.set_parameters({c: 0.3 * ((c % 5) - 2) for c in net.connections}, {})
    x, y = _data(7, "l2", 4, n_in=2, n_out=1)
    batch = PassValues(net, x, y)
    singles = [PassValues(net, x[i:i + 1], y[i:i + 1]) for i in range(4)]
    for nid in batch.order:
        for key in ("z", "a", "slope", "grad_a", "delta", "grad_b"):
            mean = np.mean([s.neuron(nid)[key] for s in singles])
            assert batch.neuron(nid)[key] == pytest.approx(mean, abs=1e-12)
    for cid in net.connections:
        assert batch.grad_w[cid] == pytest.approx(np.mean([s.grad_w[cid] for s in singles]))
    assert batch.loss == pytest.approx(np.mean([s.loss for s in singles]))
    assert "means over 4 samples" in StepSequence(batch).describe(1)


# ------------------------------------------------------------------ honest arithmetic
NUMBER = r"\(?[−-]?(?:\d+\.?\d*(?:e[−-]?\d+)?|nan|∞)\)?"


def _num(text: str) -> float:
    return float(text.strip("()").replace("−", "-").replace("∞", "inf"))


def _close(shown: float, exact: float, *scale: float) -> bool:
    """Equal up to the four significant digits every printed number is rounded to."""
    size = max([abs(exact), abs(shown), *map(abs, scale)])
    return abs(shown - exact) <= 2e-3 * size + 1e-300


def _check_arithmetic(text: str) -> None:
    """Every "A × B = C", "A − B = C" and "A × (B − C) = D" printed in ``text`` holds, and
    a δ written as ∂L/∂a·f′(z) (not as a mean over samples) is their product."""
    n = NUMBER
    for a, b, c in re.findall(rf"= ({n}) × ({n}) = ({n})", text):
        assert _close(_num(c), _num(a) * _num(b)), text
    for a, b, c in re.findall(rf"= ({n}) − ({n}) = ({n})", text):
        assert _close(_num(c), _num(a) - _num(b), _num(a), _num(b)), text
    for a, b, c, d in re.findall(rf"= ({n}) × \(({n}) − ({n})\) = ({n})", text):
        exact = _num(a) * (_num(b) - _num(c))
        assert _close(_num(d), exact, _num(a) * _num(b), _num(a) * _num(c)), text
    claim = re.search(rf"(?<!of )δ = ∂L/∂a·f′(?:\(z\))? = (?:.* = )?({n})", text)
    if claim:
        grad_a = re.search(rf"∂L/∂a = ({n})", text)
        slope = re.search(rf"f′\(z\) = ({n})", text)
        assert grad_a and slope, text
        assert _close(_num(claim.group(1)), _num(grad_a.group(1)) * _num(slope.group(1))), text


def _softmax_net(sizes: list[int], hidden: str, seed: int):
    """A layered softmax classifier with random, non-zero weights and biases."""
    net = layered(sizes, hidden, "softmax")
    rng = np.random.default_rng(seed)
    net.set_parameters({c: float(rng.normal()) for c in net.connections},
                       {n.id: float(rng.normal(scale=0.3)) for n in net.neurons.values()
                        if n.role != "input"})
    net.set_settings(net.settings.with_changes(loss="softmax_cross_entropy"))
    return net


def _nets():
    for seed, loss, output in CASES + [(7, "l2", "softmax"), (8, "binary_cross_entropy",
                                                              "softmax")]:
        yield random_dag(seed, n_hidden=8, n_outputs=3 if output == "softmax" else 2,
                         output_activation=output, loss=loss), loss
    yield _softmax_net([4, 6, 5], "tanh", 9), "softmax_cross_entropy"


@pytest.mark.parametrize("rows", [1, 6])
def test_every_backward_step_shows_numbers_that_fit_its_formula(rows):
    """The narration and the canvas card of every backward step, on softmax networks and
    random DAGs, one sample and a minibatch: no formula the printed numbers contradict."""
    for i, (net, loss) in enumerate(_nets()):
        x, y = _data(i, loss, rows, n_in=len(net.inputs()), n_out=len(net.outputs()))
        steps = StepSequence(PassValues(net, x, y))
        last = steps.visible(steps.last)
        for k in range(steps.loss_index + 1, len(steps)):
            nid = steps.steps[k].neuron
            text = steps.describe(k)
            _check_arithmetic(text)
            rule = steps.values.rule(nid)
            values = last.neurons[nid]
            card = card_lines(values, rule, rows)
            assert card[-1].endswith(fmt(values["delta"]))
            if rule == "fused":
                # δ = a − t: a and t are the card's own lines above it
                assert "f′(z) =" not in text and "f′" not in " ".join(card)
                assert _close(_num(fmt(values["delta"])),
                              _num(fmt(values["a"])) - _num(fmt(last.targets[nid])),
                              values["a"], last.targets[nid])
            elif rule == "jacobian":
                assert "f′" not in " ".join(card)
            elif rows == 1:
                assert _close(_num(fmt(values["delta"])),
                              _num(fmt(values["grad_a"])) * _num(fmt(values["slope"])))
            if rows > 1 and rule != "fused":
                assert "mean over samples of" in text and "mean(" in card[-1]


def test_a_softmax_output_says_p_minus_t_not_the_raw_product():
    """The digits case of the audit: a non-target softmax output has ∂L/∂a = 0 but δ = p."""
    net = _softmax_net([3, 4, 3], "sigmoid", 10)
    x, y = np.array([[0.2, -0.4, 0.9]]), np.array([[0.0, 1.0, 0.0]])
    steps = StepSequence(PassValues(net, x, y))
    first = net.outputs()[0].id
    k = next(k for k in range(steps.loss_index + 1, len(steps)) if steps.steps[k].neuron == first)
    text = steps.describe(k)
    assert "δ = a − t = " in text and "∂L/∂a·f′(z) =" not in text
    assert steps.values.delta[first] == pytest.approx(steps.values.a[first])


def test_minibatch_narration_calls_its_numbers_means_of_products():
    net = random_dag(11, n_hidden=6, output_activation="tanh")
    x, y = _data(11, "l2", 8, n_out=2)
    steps = StepSequence(PassValues(net, x, y))
    hidden = next(n for n in reversed(steps.values.order) if steps.values.rule(n) == "product"
                  and abs(steps.values.delta[n] - steps.values.grad_a[n]
                          * steps.values.slope[n]) > 1e-3 * abs(steps.values.delta[n]))
    k = steps.loss_index + 1 + steps.values.order[::-1].index(hidden)
    text = steps.describe(k)
    assert "means over 8 samples" in text
    assert "δ = mean over samples of ∂L/∂a·f′(z)" in text
    assert "∂L/∂w = mean over samples of δ·a_source" in text
    _check_arithmetic(text)
    forward = steps.describe(1 + steps.values.order.index(hidden))
    assert "a = mean over samples of" in forward


def test_the_start_step_says_when_inputs_are_scaled():
    from dataclasses import replace

    from bpstudio.workflow import initialize, prepare_training

    net = layered([4, 3, 3], "tanh", "softmax")
    net.set_settings(net.settings.with_changes(loss="softmax_cross_entropy"),
                     replace(net.dataset, name="iris", scale_inputs="zscore"))
    initialize(net)
    prepared = prepare_training(net, None, dtype="float64")
    x, y = prepared.data.x_train[:1], prepared.data.y_train[:1]
    start = StepSequence(PassValues(net, x, y)).describe(0)
    assert start.startswith("Inputs (z-score scaled, as the network sees them): ")
    # the numbers shown are the scaled ones the network computes with, not the raw cm
    assert fmt(float(x[0, 0])) in start and abs(x[0, 0]) < 4
    net.set_settings(dataset=replace(net.dataset, scale_inputs="none"))
    assert StepSequence(PassValues(net, x, y)).describe(0).startswith("Inputs: ")
