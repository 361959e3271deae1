"""The neuron-by-neuron trace (what the X-ray shows) equals the vectorised engine."""

from __future__ import annotations

import numpy as np
import pytest

from bpstudio.engine.backprop import Engine
from bpstudio.engine.plan import compile_network
from bpstudio.engine.trace import trace
from tests.networks import chain, random_dag


@pytest.mark.parametrize(("seed", "loss", "output"), [
    (0, "l2", "tanh"), (1, "l2", "identity"), (2, "binary_cross_entropy", "sigmoid"),
    (3, "softmax_cross_entropy", "softmax"), (4, "l2", "sine"), (5, "l2", "softplus"),
])
def test_trace_matches_the_engine(seed: int, loss: str, output: str):
    net = random_dag(seed, n_hidden=9, n_outputs=3, output_activation=output, loss=loss)
    plan = compile_network(net, "float64")
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(5, plan.n_inputs))
    y = (np.eye(3)[rng.integers(0, 3, 5)] if loss != "l2" else rng.normal(size=(5, 3)))
    engine = Engine(plan)
    value, grad = engine.loss_and_gradient(x, y)
    t = trace(net, x, y)
    assert t.loss == pytest.approx(value, rel=1e-12)
    np.testing.assert_allclose(np.stack([t.a[o.id] for o in net.outputs()], axis=1),
                               engine.predict(x), atol=1e-12)
    for cid in plan.connection_ids:
        assert t.grad_w[cid] == pytest.approx(grad[plan.weight_position(cid)], abs=1e-12)
    for nid in plan.bias_ids:
        assert t.grad_b[nid] == pytest.approx(grad[plan.bias_position(nid)], abs=1e-12)
    # every neuron: z = Σ terms + b, a = f(z), δ = ∂L/∂a · f′(z) (softmax via its Jacobian)
    for nid in t.order:
        terms = [t.term[c.id] for c in net.incoming(nid)]
        np.testing.assert_allclose(t.z[nid], net.neurons[nid].bias + sum(terms, 0.0))
        if net.neurons[nid].activation != "softmax" and nid not in t.fused:
            np.testing.assert_allclose(t.delta[nid], t.grad_a[nid] * t.slope[nid])


def test_trace_of_one_sample_has_scalar_columns():
    net = random_dag(8)
    t = trace(net, np.ones((1, 3)), np.zeros((1, 2)))
    assert all(v.shape == (1,) for v in t.z.values())
    assert set(t.grad_w) == set(net.connections)


@pytest.mark.parametrize(("seed", "loss", "output"), [
    (0, "l2", "tanh"), (3, "softmax_cross_entropy", "softmax"),
    (2, "binary_cross_entropy", "sigmoid"), (6, "l2", "softplus"),
])
def test_probe_of_the_fast_engine_matches_the_trace(seed: int, loss: str, output: str):
    from bpstudio.engine.probe import probe

    net = random_dag(seed, n_hidden=9, n_outputs=3, output_activation=output, loss=loss)
    plan = compile_network(net, "float64")
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(4, plan.n_inputs))
    y = np.eye(3)[rng.integers(0, 3, 4)] if loss != "l2" else rng.normal(size=(4, 3))
    result = probe(plan, plan.params.copy(), x, y)
    t = trace(net, x, y)
    assert result.loss == pytest.approx(t.loss)
    for nid in t.order:
        np.testing.assert_allclose(result.activations[result.row(nid)], t.a[nid], atol=1e-12)
        np.testing.assert_allclose(result.deltas[result.row(nid)], t.delta[nid], atol=1e-12)


@pytest.mark.parametrize("x", [40.0, -40.0])
def test_a_saturated_sigmoid_with_cross_entropy_has_the_engines_fused_delta(x: float):
    """a = σ(±52) is within 1e-12 of 0 or 1: the clipped ∂L/∂a times f′(z) is not a − t,
    but training uses a − t; the trace must show what training uses."""
    from bpstudio.engine.probe import probe

    net = chain(["identity"])
    net.set_settings(net.settings.with_changes(loss="binary_cross_entropy"))
    out = net.outputs()[0].id
    t = trace(net, np.array([[x]]), np.array([[0.0]]))
    assert t.fused == {out}
    plan = compile_network(net, "float64")
    result = probe(plan, plan.params.copy(), np.array([[x]]), np.array([[0.0]]))
    np.testing.assert_allclose(t.delta[out], result.deltas[result.row(out)], atol=1e-12)
    assert t.delta[out][0] == pytest.approx(t.a[out][0] - 0.0, abs=1e-15)
    _, grad = Engine(plan).loss_and_gradient(np.array([[x]]), np.array([[0.0]]))
    for cid in plan.connection_ids:
        assert t.grad_w[cid] == pytest.approx(grad[plan.weight_position(cid)], abs=1e-12)


@pytest.mark.parametrize("margin", [40.0, 800.0])       # 800: the softmax p underflows to 0
@pytest.mark.parametrize("loss", ["binary_cross_entropy", "softmax_cross_entropy"])
def test_the_xray_shows_the_exact_cross_entropy_of_a_confident_wrong_network(
        loss: str, margin: float):
    """The trace's loss is the engine's stable one (about the margin), not the 27.63 cap
    of probabilities clipped at 1e-12, and no warning is raised on the way."""
    from tests.engine.test_gradients import _confident_wrong

    net, x, y = _confident_wrong(loss, margin)
    value = Engine(compile_network(net, "float64")).loss(x, y)
    assert value > margin - 1
    assert trace(net, x, y).loss == pytest.approx(value, rel=1e-12)


def _feeding_sigmoid_outputs():
    """Binary cross-entropy on sigmoid outputs, one of which also feeds another output."""
    net = random_dag(7, output_activation="sigmoid", loss="binary_cross_entropy")
    y1, y2 = (n.id for n in net.outputs())
    extra = net.add_neuron("output", activation="sigmoid", bias=0.2)
    net.connect(y1, extra.id, 0.9)
    net.connect(y2, extra.id, -0.4)
    return net


@pytest.mark.parametrize("case", ["feeding sigmoid outputs", "multi-hot softmax"])
def test_trace_and_probe_form_delta_as_training_does(case: str):
    """Issue 9: a fused output that feeds on adds what comes back to the loss's own
    a − t; a softmax row of targets summing to 2 gives p·2 − t. The X-ray's trace, the
    probe that colours neurons and the gradient all agree."""
    from bpstudio.engine.probe import probe

    rng = np.random.default_rng(5)
    if case == "feeding sigmoid outputs":
        net = _feeding_sigmoid_outputs()
        x, y = rng.normal(size=(4, 3)), rng.integers(0, 2, (4, 3)).astype(float)
    else:
        net = random_dag(3, n_hidden=5, n_outputs=3, output_activation="softmax",
                         loss="softmax_cross_entropy")
        x, y = rng.normal(size=(4, 3)), rng.integers(0, 2, (4, 3)).astype(float)
        y[0] = [1.0, 1.0, 0.0]                       # sums to 2
    plan = compile_network(net, "float64")
    value, grad = Engine(plan).loss_and_gradient(x, y)
    t = trace(net, x, y)
    result = probe(plan, plan.params.copy(), x, y)
    assert t.fused == {o.id for o in net.outputs()}
    assert t.loss == pytest.approx(value, rel=1e-12)
    for nid in t.order:
        np.testing.assert_allclose(result.deltas[result.row(nid)], t.delta[nid], atol=1e-12)
    for cid in plan.connection_ids:
        assert t.grad_w[cid] == pytest.approx(grad[plan.weight_position(cid)], abs=1e-12)
    outputs = net.outputs()
    for row, o in enumerate(outputs):
        a = t.a[o.id]
        if o.activation == "softmax":
            own = (a * y.sum(axis=1) - y[:, row]) / len(x)
        else:
            own = (a - y[:, row]) / len(x)
        back = t.grad_a[o.id] * t.slope[o.id]           # 0 for an output that feeds nothing
        np.testing.assert_allclose(t.delta[o.id], own + back, atol=1e-15)
    assert any(np.abs(t.grad_a[o.id]).max() > 0 for o in outputs) == (
        case == "feeding sigmoid outputs")
