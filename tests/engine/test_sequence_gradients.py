"""Backpropagation through time (issue 18): on random drawings with recurrent connections
and self-loops, every activation and every loss, full and truncated, targets at every step
or the last, the engine reports the loss a neuron-by-neuron unrolled pass computes and
its gradient equals central differences."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bpstudio.engine.backprop import Engine
from bpstudio.engine.gradcheck import Sequences, check_away_from_kinks
from bpstudio.engine.plan import compile_network
from bpstudio.engine.sequence import SequenceEngine
from bpstudio.model.network import Network
from bpstudio.model.validate import errors
from tests.engine.drawings import Case, cases
from tests.engine.test_gradient_truth import FUNCTIONS

TOLERANCE = 1e-6


def add_recurrent_edges(net: Network, rng: np.random.Generator, count: int) -> None:
    """Up to ``count`` recurrent edges (self-loops among them) into computed neurons, from
    any neuron but a softmax output (which may feed nothing)."""
    targets = [n.id for n in net.neurons.values() if n.role != "input"]
    sources = [n.id for n in net.neurons.values() if n.activation != "softmax"]
    loops = [nid for nid in targets if nid in sources]
    if loops:
        looped = int(rng.choice(loops))
        net.connect(looped, looped, float(rng.uniform(-1.5, 1.5)), recurrent=True)
    for _ in range(count - 1):
        source, target = int(rng.choice(sources)), int(rng.choice(targets))
        if rng.random() < 0.3:
            source = target if net.neurons[target].activation != "softmax" else source
        if net.find_connection(source, target) is None:
            net.connect(source, target, float(rng.uniform(-1.5, 1.5)), recurrent=True)


def unrolled_loss(net: Network, x: np.ndarray, y: np.ndarray, targets: str) -> float:
    """The documented loss over sequences, written from scratch: one neuron at a time, one
    step at a time, previous activations 0 before the first step."""
    n, length, _ = x.shape
    order = net.topological_order()
    assert order is not None
    outputs = net.outputs()
    previous: dict[int, np.ndarray] = {nid: np.zeros(n) for nid in net.neurons}
    scored = range(length) if targets == "every" else [length - 1]
    per_step = []
    for t in range(length):
        a = {m.id: x[:, t, i] for i, m in enumerate(net.inputs())}
        z: dict[int, np.ndarray] = {}
        for nid in order:
            neuron = net.neurons[nid]
            if neuron.role == "input":
                continue
            total = np.full(n, neuron.bias)
            for c in net.incoming(nid):
                total = total + c.weight * (previous[c.source] if c.recurrent else a[c.source])
            z[nid] = total
            if neuron.activation != "softmax":
                a[nid] = FUNCTIONS[neuron.activation](total)
        previous = {nid: a.get(nid, np.zeros(n)) for nid in net.neurons}
        if t in scored:
            zs = np.stack([z[o.id] for o in outputs], axis=1)
            yt = y[:, t]
            loss = net.settings.loss
            if loss == "binary_cross_entropy":
                per = yt * np.logaddexp(0.0, -zs) + (1 - yt) * np.logaddexp(0.0, zs)
            elif loss == "softmax_cross_entropy":
                per = -yt * (zs - np.logaddexp.reduce(zs, axis=1, keepdims=True))
            else:
                per = (np.stack([a[o.id] for o in outputs], axis=1) - yt) ** 2
            per_step.append(per.sum(axis=1).mean())
    return float(np.mean(per_step))


def sequence_targets(loss: str, rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    if loss == "binary_cross_entropy":
        return rng.uniform(0.0, 1.0, shape)
    if loss == "softmax_cross_entropy":
        y = rng.uniform(0.0, 1.0, shape)
        return y / y.sum(axis=-1, keepdims=True)
    return rng.normal(size=shape)


@settings(max_examples=120, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(cases(), st.integers(0, 2 ** 32 - 1), st.integers(1, 4), st.integers(2, 5),
       st.sampled_from(("every", "last")), st.sampled_from((None, 1, 2, 3)))
def test_bptt_equals_central_differences_on_random_recurrent_drawings(
        case: Case, seed: int, n_recurrent: int, length: int, targets: str,
        truncation: int | None):
    net = case.network
    assume(not errors(net))
    rng = np.random.default_rng(seed)
    add_recurrent_edges(net, rng, n_recurrent)
    assume(net.has_recurrent)
    assert not errors(net)
    plan = compile_network(net, "float64")
    x = rng.normal(size=(int(rng.integers(1, 4)), length, plan.n_inputs))
    y = sequence_targets(net.settings.loss, rng, (x.shape[0], length, plan.n_outputs))
    engine = SequenceEngine(plan, targets, truncation)
    loss, _ = engine.loss_and_gradient(x, y)
    assert np.isclose(loss, unrolled_loss(net, x, y, targets), rtol=1e-9, atol=1e-12)
    assert np.isclose(engine.loss(x, y), loss, rtol=1e-12, atol=1e-15)
    check = check_away_from_kinks(plan, x, y, sequences=Sequences(targets, truncation))
    assume(len(check.samples) and check.at_kinks < x.shape[0])
    worst = max(row.relative_error for row in check.rows)
    assert worst <= TOLERANCE, [row for row in check.rows if row.relative_error > TOLERANCE]


def elman(loss: str = "l2", output: str = "tanh") -> Network:
    net = Network()
    net.set_settings(net.settings.with_changes(loss=loss))
    x = net.add_neuron("input")
    h1 = net.add_neuron("hidden", activation="tanh")
    h2 = net.add_neuron("hidden", activation="sigmoid")
    y = net.add_neuron("output", activation=output)
    for source, target, w in ((x, h1, 0.7), (x, h2, -0.4), (h1, y, 1.1), (h2, y, -0.8)):
        net.connect(source.id, target.id, w)
    net.connect(h1.id, h1.id, 0.9, recurrent=True)
    net.connect(h2.id, h1.id, -0.6, recurrent=True)
    net.connect(y.id, h2.id, 0.5, recurrent=True)
    return net


def test_truncation_as_long_as_the_sequence_is_full_bptt_and_shorter_cuts_the_flow():
    plan = compile_network(elman())
    rng = np.random.default_rng(3)
    x, y = rng.normal(size=(4, 7, 1)), rng.normal(size=(4, 7, 1))
    full = SequenceEngine(plan).loss_and_gradient(x, y)
    same = SequenceEngine(plan, truncation=7).loss_and_gradient(x, y)
    longer = SequenceEngine(plan, truncation=50).loss_and_gradient(x, y)
    cut = SequenceEngine(plan, truncation=2).loss_and_gradient(x, y)
    assert full[0] == same[0] == longer[0] == cut[0]   # the forward pass is the same
    assert np.array_equal(full[1], same[1]) and np.array_equal(full[1], longer[1])
    assert not np.allclose(full[1], cut[1])


def test_without_recurrent_edges_a_sequence_is_its_steps_side_by_side():
    net = elman()
    net.remove_connections([c.id for c in net.connections.values() if c.recurrent])
    plan = compile_network(net)
    rng = np.random.default_rng(4)
    x, y = rng.normal(size=(3, 5, 1)), rng.normal(size=(3, 5, 1))
    loss, grad = SequenceEngine(plan).loss_and_gradient(x, y)
    flat_loss, flat_grad = Engine(plan).loss_and_gradient(x.reshape(-1, 1), y.reshape(-1, 1))
    assert np.isclose(loss, flat_loss) and np.allclose(grad, flat_grad)


def test_the_feed_forward_engine_computes_the_first_step():
    plan = compile_network(elman())
    rng = np.random.default_rng(5)
    x = rng.normal(size=(6, 4, 1))
    assert np.allclose(Engine(plan).predict(x[:, 0]), SequenceEngine(plan).predict(x)[:, 0])


def test_the_unrolled_numbers_add_up_step_by_step():
    """δ_t = (∂L/∂a from step t + ∂L/∂a from step t+1) · f′(z_t); the part from t+1 is
    Rᵀ δ_{t+1}; the weight gradient is Σ_t δ_t a_source,t (a_source,t−1 if recurrent)."""
    net = elman()
    plan = compile_network(net)
    rng = np.random.default_rng(6)
    x, y = rng.normal(size=(5, 1)), rng.normal(size=(5, 1))
    run = SequenceEngine(plan).unroll(x, y)
    col = {nid: k for k, nid in enumerate(run.neuron_ids)}
    h1, h2 = col[2], col[3]
    assert np.allclose(run.delta[:, h1], run.grad_a[:, h1] * (1 - run.activations[:, h1] ** 2))
    assert np.allclose(run.grad_a_next[-1], 0.0)
    self_loop, back = net.find_connection(2, 2), net.find_connection(3, 2)
    assert np.allclose(run.grad_a_next[:-1, h1], self_loop.weight * run.delta[1:, h1])
    assert np.allclose(run.grad_a_next[:-1, h2], back.weight * run.delta[1:, h1])
    gradient = dict(zip(plan.connection_ids, plan.weights_of(run.gradient), strict=True))
    assert np.isclose(gradient[self_loop.id],
                      float(np.dot(run.delta[1:, h1], run.activations[:-1, h1])))
    assert np.isclose(run.loss, run.step_loss.sum())
    assert np.allclose(run.grad_a_now + run.grad_a_next, run.grad_a)


@pytest.mark.parametrize("loss, output", [("l2", "tanh"), ("binary_cross_entropy", "sigmoid")])
def test_last_step_targets_ignore_the_other_steps(loss, output):
    plan = compile_network(elman(loss, output))
    rng = np.random.default_rng(7)
    x = rng.normal(size=(3, 6, 1))
    y = rng.uniform(size=(3, 6, 1))
    other = y.copy()
    other[:, :-1] = rng.uniform(size=(3, 5, 1))
    engine = SequenceEngine(plan, "last")
    assert engine.loss_and_gradient(x, y)[0] == engine.loss_and_gradient(x, other)[0]


def test_the_one_step_trace_and_xray_are_the_first_step_of_a_sequence():
    """The neuron-by-neuron trace (the X-ray's numbers) on a recurrent drawing: recurrent
    connections read the state before the sequence, 0, as in the engine."""
    from bpstudio.engine.trace import trace
    from bpstudio.xray.formula import loss_formula
    from bpstudio.xray.steps import PassValues, StepSequence

    net = elman()
    plan = compile_network(net)
    rng = np.random.default_rng(8)
    x, y = rng.normal(size=(3, 1, 1)), rng.normal(size=(3, 1, 1))
    loss, grad = SequenceEngine(plan).loss_and_gradient(x, y)
    t = trace(net, x[:, 0], y[:, 0])
    assert t.loss == pytest.approx(loss, rel=1e-12)
    for cid, g in zip(plan.connection_ids, plan.weights_of(grad), strict=True):
        assert t.grad_w[cid] == pytest.approx(g, abs=1e-12)
        if net.connections[cid].recurrent:
            assert t.grad_w[cid] == 0.0 and not t.term[cid].any()
    steps = StepSequence(PassValues(net, x[:1, 0], y[:1, 0]))
    assert steps.describe(steps.last)
    back = net.find_connection(3, 2)
    formula = loss_formula(net, "weight", back.id, x[0, 0], y[0, 0])
    assert "w*0" in formula.text   # h2's previous activation: 0 on the first step
