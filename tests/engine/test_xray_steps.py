"""Step mode's script: at every step the visible numbers are the fast engine's own."""

from __future__ import annotations

import numpy as np
import pytest

from bpstudio.engine.backprop import Engine
from bpstudio.engine.plan import compile_network
from bpstudio.engine.probe import probe
from bpstudio.model.builders import layered
from bpstudio.xray.steps import BACKWARD_KEYS, PassValues, StepSequence
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
    grad_w = dict(zip(plan.connection_ids, grad[plan.weight_index], strict=True))
    grad_b = dict(zip(plan.bias_ids, grad[plan.bias_index], strict=True))
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
