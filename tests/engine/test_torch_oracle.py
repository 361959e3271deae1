"""Optional second oracle: PyTorch autograd on the same drawn DAG (skipped without torch)."""

from __future__ import annotations

import numpy as np
import pytest

from bpstudio.engine.backprop import Engine
from bpstudio.engine.plan import compile_network
from tests.networks import random_dag

torch = pytest.importorskip("torch")

TORCH_ACTIVATIONS = {
    "identity": lambda z: z, "sigmoid": torch.sigmoid, "tanh": torch.tanh,
    "relu": torch.relu, "leaky_relu": lambda z: torch.nn.functional.leaky_relu(z, 0.01),
    "softplus": torch.nn.functional.softplus, "sine": torch.sin,
}


@pytest.mark.parametrize("seed", range(5))
def test_gradients_equal_pytorch_autograd(seed: int):
    net = random_dag(seed, n_hidden=8, output_activation="tanh")
    plan = compile_network(net, "float64")
    rng = np.random.default_rng(seed)
    x, y = rng.normal(size=(6, 3)), rng.normal(size=(6, 2))
    value, grad = Engine(plan).loss_and_gradient(x, y)

    w = {c: torch.tensor(net.connections[c].weight, dtype=torch.float64, requires_grad=True)
         for c in net.connections}
    b = {n: torch.tensor(net.neurons[n].bias, dtype=torch.float64, requires_grad=True)
         for n in net.neurons if net.neurons[n].role != "input"}
    a = {n.id: torch.tensor(x[:, i]) for i, n in enumerate(net.inputs())}
    for nid in net.topological_order():
        neuron = net.neurons[nid]
        if neuron.role == "input":
            continue
        z = b[nid] + sum((w[c.id] * a[c.source] for c in net.incoming(nid)),
                         torch.zeros(6, dtype=torch.float64))
        a[nid] = TORCH_ACTIVATIONS[neuron.activation](z)
    out = torch.stack([a[o.id] for o in net.outputs()], dim=1)
    loss = ((out - torch.tensor(y)) ** 2).sum() / 6
    loss.backward()
    assert loss.item() == pytest.approx(value, rel=1e-12)
    for cid in plan.connection_ids:
        assert _grad(w[cid]) == pytest.approx(grad[plan.weight_position(cid)], abs=1e-12)
    for nid in plan.bias_ids:
        assert _grad(b[nid]) == pytest.approx(grad[plan.bias_position(nid)], abs=1e-12)


def _grad(tensor) -> float:  # noqa: ANN001
    """autograd leaves .grad at None for a parameter the loss does not depend on."""
    return 0.0 if tensor.grad is None else tensor.grad.item()
