"""Optional second oracle for backpropagation through time: PyTorch autograd through an
unrolled neuron-by-neuron graph of the same drawing (skipped without torch)."""

from __future__ import annotations

import numpy as np
import pytest

from bpstudio.engine.plan import compile_network
from bpstudio.engine.sequence import SequenceEngine
from bpstudio.model.network import Network
from tests.engine.test_sequence_gradients import add_recurrent_edges, sequence_targets
from tests.engine.test_torch_oracle import TORCH_ACTIVATIONS
from tests.networks import random_dag

torch = pytest.importorskip("torch")
F = torch.nn.functional


def torch_sequence_grads(net: Network, x: np.ndarray, y: np.ndarray, targets: str
                         ) -> tuple[float, dict[int, float], dict[int, float]]:
    """(loss, ∂L/∂w by connection, ∂L/∂b by neuron) by autograd over every step."""
    w = {c: torch.tensor(net.connections[c].weight, dtype=torch.float64, requires_grad=True)
         for c in net.connections}
    b = {i: torch.tensor(net.neurons[i].bias, dtype=torch.float64, requires_grad=True)
         for i in net.neurons if net.neurons[i].role != "input"}
    order = net.topological_order()
    assert order is not None
    n, length = x.shape[0], x.shape[1]
    previous = {i: torch.zeros(n, dtype=torch.float64) for i in net.neurons}
    outputs = net.outputs()
    scored = range(length) if targets == "every" else [length - 1]
    losses = []
    for t in range(length):
        a = {m.id: torch.tensor(x[:, t, k]) for k, m in enumerate(net.inputs())}
        z = {}
        for nid in order:
            neuron = net.neurons[nid]
            if neuron.role == "input":
                continue
            total = b[nid] + sum((w[c.id] * (previous[c.source] if c.recurrent
                                            else a[c.source]) for c in net.incoming(nid)),
                                 torch.zeros(n, dtype=torch.float64))
            z[nid] = total
            if neuron.activation != "softmax":
                a[nid] = TORCH_ACTIVATIONS[neuron.activation](total)
        previous = {i: a.get(i, torch.zeros(n, dtype=torch.float64)) for i in net.neurons}
        if t in scored:
            zs = torch.stack([z[o.id] for o in outputs], dim=1)
            yt = torch.tensor(y[:, t])
            loss_name = net.settings.loss
            if loss_name == "binary_cross_entropy":
                per = F.binary_cross_entropy_with_logits(zs, yt, reduction="none").sum(1)
            elif loss_name == "softmax_cross_entropy":
                per = -(yt * F.log_softmax(zs, dim=1)).sum(1)
            else:
                per = ((torch.stack([a[o.id] for o in outputs], dim=1) - yt) ** 2).sum(1)
            losses.append(per.mean())
    loss = torch.stack(losses).mean()
    loss.backward()
    def grad(value):   # None: the parameter never reaches a scored step
        return 0.0 if value.grad is None else float(value.grad)

    return (float(loss.detach()), {c: grad(v) for c, v in w.items()},
            {i: grad(v) for i, v in b.items()})


@pytest.mark.slow
@pytest.mark.parametrize(("seed", "loss", "output"), [
    (0, "l2", "tanh"), (1, "binary_cross_entropy", "sigmoid"),
    (2, "softmax_cross_entropy", "softmax"), (3, "l2", "identity"),
])
@pytest.mark.parametrize("targets", ["every", "last"])
def test_full_bptt_equals_autograd(seed, loss, output, targets):
    net = random_dag(seed, n_hidden=6, n_outputs=2, output_activation=output, loss=loss)
    rng = np.random.default_rng(seed)
    add_recurrent_edges(net, rng, 4)
    plan = compile_network(net, "float64")
    x = rng.normal(size=(4, 6, plan.n_inputs))
    y = sequence_targets(loss, rng, (4, 6, plan.n_outputs))
    value, grad = SequenceEngine(plan, targets).loss_and_gradient(x, y)
    expected, grad_w, grad_b = torch_sequence_grads(net, x, y, targets)
    assert value == pytest.approx(expected, rel=1e-10)
    for cid, g in zip(plan.connection_ids, plan.weights_of(grad), strict=True):
        assert g == pytest.approx(grad_w[cid], rel=1e-9, abs=1e-12), cid
    for nid, g in zip(plan.bias_ids, plan.biases_of(grad), strict=True):
        assert g == pytest.approx(grad_b[nid], rel=1e-9, abs=1e-12), nid
