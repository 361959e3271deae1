"""The unrolled X-ray's numbers are the engine's: δ at t = flow from t + flow from t+1."""

from __future__ import annotations

import numpy as np
import pytest

from bpstudio.engine.plan import compile_network
from bpstudio.engine.sequence import SequenceEngine
from bpstudio.model.builders import layered
from bpstudio.model.network import Network
from bpstudio.xray.unrolled import UnrolledPass


def elman(activation: str = "tanh", loss: str = "l2", output: str = "sigmoid") -> Network:
    net = layered([1, 3, 1])
    rng = np.random.default_rng(7)
    hidden = [n.id for n in net.neurons.values() if n.role == "hidden"]
    for s in hidden:
        for t in hidden:
            net.connect(s, t, float(rng.uniform(-0.9, 0.9)), recurrent=True)
    out = next(n.id for n in net.neurons.values() if n.role == "output")
    net.connect(out, hidden[0], 0.4, recurrent=True)      # the output fed back too
    net.set_parameters({c: float(rng.uniform(-1, 1)) for c in net.connections},
                       {n: float(rng.uniform(-0.5, 0.5)) for n in hidden + [out]})
    net.update_neurons({n: {"activation": activation} for n in hidden})
    net.update_neurons({out: {"activation": output}})
    net.set_settings(net.settings.with_changes(loss=loss))
    return net


def sequence(length: int = 5) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(1)
    x = rng.integers(0, 2, size=(length, 1)).astype(float)
    return x, (np.cumsum(x, axis=0) % 2)


@pytest.mark.parametrize("activation,loss,output,targets", [
    ("tanh", "l2", "sigmoid", "every"),
    ("sigmoid", "binary_cross_entropy", "sigmoid", "every"),
    ("relu", "l2", "identity", "last"),
])
def test_chain_numbers_equal_the_engine(activation, loss, output, targets):
    net = elman(activation, loss, output)
    plan = compile_network(net, dtype="float64")
    x, y = sequence()
    unrolled = UnrolledPass(net, plan, x, y, targets)
    run = SequenceEngine(plan, targets).unroll(x, y)
    np.testing.assert_allclose(unrolled.run.delta, run.delta)
    for t in range(unrolled.length):
        for nid in plan.neuron_ids:
            if nid in unrolled.inputs:
                continue
            col = run.neuron_ids.index(nid)
            now = sum(e.weight * d for e, d in unrolled.flow_now(nid, t))
            nxt = sum(e.weight * d for e, d in unrolled.flow_next(nid, t))
            assert nxt == pytest.approx(run.grad_a_next[t, col], abs=1e-12)
            if nid not in unrolled.outputs or not unrolled.scored(t) or unrolled.is_fused(nid):
                assert now == pytest.approx(run.grad_a_now[t, col], abs=1e-12)
            lines = {line.kind: line for line in unrolled.chain(nid, t)}
            assert lines["delta"].value == pytest.approx(run.delta[t, col], abs=1e-12)
            chain = unrolled.chain(nid, t)
            assert chain[0].value == pytest.approx(run.grad_a[t, col], abs=1e-12)
            assert chain[1].value + chain[2].value == pytest.approx(chain[0].value, abs=1e-12)
            assert chain[2].value == pytest.approx(run.grad_a_next[t, col], abs=1e-12)


def test_delta_is_the_product_of_the_sum_and_the_slope():
    net = elman()
    plan = compile_network(net, dtype="float64")
    unrolled = UnrolledPass(net, plan, *sequence())
    hidden = plan.neuron_ids[1]
    slope, delta = [line for line in unrolled.chain(hidden, 2)
                    if line.kind in ("slope", "delta")]
    assert delta.value == pytest.approx(unrolled.value("grad_a", hidden, 2) * slope.value)
    assert "from step 3" in unrolled.chain(hidden, 2)[0].rule
    last = unrolled.chain(hidden, unrolled.length - 1)
    assert "is the last" in last[2].rule and last[2].value == 0.0


def test_gradient_of_a_recurrent_weight_is_the_sum_over_time():
    """∂L/∂r = Σ_t δ_target(t)·a_source(t−1): the unrolled numbers give the engine's."""
    net = elman()
    plan = compile_network(net, dtype="float64")
    unrolled = UnrolledPass(net, plan, *sequence())
    edge = next(e for e in unrolled.edges if e.recurrent and e.source != e.target)
    total = sum(unrolled.value("delta", edge.target, t) * unrolled.value("a", edge.source, t - 1)
                for t in range(1, unrolled.length))
    position = plan.weight_position(edge.connection_id)
    assert total == pytest.approx(unrolled.run.gradient[position], abs=1e-12)


def test_script_walks_forward_then_back_through_time():
    net = elman()
    plan = compile_network(net, dtype="float64")
    unrolled = UnrolledPass(net, plan, *sequence(4))
    phases = [unrolled.phase(k) for k in range(unrolled.n_steps)]
    assert phases == [("forward", 0), ("forward", 1), ("forward", 2), ("forward", 3),
                      ("loss", 3), ("backward", 3), ("backward", 2), ("backward", 1),
                      ("backward", 0)]
    assert unrolled.computed(1, 1) and not unrolled.computed(1, 2)
    assert unrolled.backpropagated(6, 2) and not unrolled.backpropagated(6, 1)
    assert unrolled.loss_line().value == pytest.approx(unrolled.run.loss)

