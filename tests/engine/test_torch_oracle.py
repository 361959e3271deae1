"""Optional second oracle: PyTorch autograd on the same drawn DAG (skipped without torch).

The same space as the gradient-truth property (``tests/engine/drawings.py``): every
activation, every loss, both target layouts, outputs that feed other neurons, saturated
units. Whatever the validator and the data checks accept, the engine's loss and every
partial derivative equal autograd's on torch's own formulations of the losses
(``binary_cross_entropy_with_logits``, ``log_softmax``).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings

from bpstudio.engine.backprop import Engine
from bpstudio.engine.plan import compile_network
from bpstudio.engine.targets import prepare
from bpstudio.model.network import Network
from bpstudio.model.validate import errors
from tests.engine.drawings import Case, cases, expected_data_refusal
from tests.networks import random_dag

torch = pytest.importorskip("torch")
F = torch.nn.functional

TORCH_ACTIVATIONS = {
    "identity": lambda z: z, "sigmoid": torch.sigmoid, "tanh": torch.tanh,
    "relu": torch.relu, "leaky_relu": lambda z: F.leaky_relu(z, 0.01),
    "softplus": F.softplus, "sine": torch.sin,
}


def torch_loss_and_grads(net: Network, x: np.ndarray, y: np.ndarray
                         ) -> tuple[float, dict[int, float], dict[int, float]]:
    """(loss, ∂L/∂w by connection, ∂L/∂b by neuron), by autograd."""
    n = x.shape[0]
    w = {c: torch.tensor(net.connections[c].weight, dtype=torch.float64, requires_grad=True)
         for c in net.connections}
    b = {i: torch.tensor(net.neurons[i].bias, dtype=torch.float64, requires_grad=True)
         for i in net.neurons if net.neurons[i].role != "input"}
    a = {neuron.id: torch.tensor(x[:, i]) for i, neuron in enumerate(net.inputs())}
    z = {}
    order = net.topological_order()
    assert order is not None
    for nid in order:
        neuron = net.neurons[nid]
        if neuron.role == "input":
            continue
        z[nid] = b[nid] + sum((w[c.id] * a[c.source] for c in net.incoming(nid)),
                              torch.zeros(n, dtype=torch.float64))
        if neuron.activation != "softmax":   # softmax outputs feed nothing: below
            a[nid] = TORCH_ACTIVATIONS[neuron.activation](z[nid])
    outputs = net.outputs()
    zs = torch.stack([z[o.id] for o in outputs], dim=1)
    target = torch.tensor(y)
    name = net.settings.loss
    if name == "binary_cross_entropy":
        loss = F.binary_cross_entropy_with_logits(zs, target, reduction="sum") / n
    elif name == "softmax_cross_entropy":
        loss = -(target * F.log_softmax(zs, dim=1)).sum() / n
    else:
        loss = ((torch.stack([a[o.id] for o in outputs], dim=1) - target) ** 2).sum() / n
    loss.backward()
    return (loss.item(), {c: _grad(t) for c, t in w.items()},
            {i: _grad(t) for i, t in b.items()})


def _grad(tensor) -> float:  # noqa: ANN001
    """autograd leaves .grad at None for a parameter the loss does not depend on."""
    return 0.0 if tensor.grad is None else tensor.grad.item()


def assert_matches_torch(net: Network, x: np.ndarray, y: np.ndarray) -> None:
    plan = compile_network(net, "float64")
    value, grad = Engine(plan).loss_and_gradient(x, y)
    expected, grad_w, grad_b = torch_loss_and_grads(net, x, y)
    assert value == pytest.approx(expected, rel=1e-12, abs=1e-14)
    ours_w, ours_b = plan.parameters(grad)
    scale = max(1.0, *(abs(v) for v in grad_w.values()), *(abs(v) for v in grad_b.values()))
    for cid in plan.connection_ids:
        assert ours_w[cid] == pytest.approx(grad_w[cid], abs=1e-12 * scale), cid
    for nid in plan.bias_ids:
        assert ours_b[nid] == pytest.approx(grad_b[nid], abs=1e-12 * scale), nid


@pytest.mark.parametrize("seed", range(5))
def test_gradients_equal_pytorch_autograd(seed: int):
    net = random_dag(seed, n_hidden=8, output_activation="tanh")
    rng = np.random.default_rng(seed)
    assert_matches_torch(net, rng.normal(size=(6, 3)), rng.normal(size=(6, 2)))


@settings(max_examples=150, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(cases())
def test_every_accepted_drawing_matches_autograd(case: Case):
    net = case.network
    assume(not errors(net))
    assume(case.task == "classification"
           or expected_data_refusal(net.settings.loss, case.y) is None)
    plan = compile_network(net, "float64")
    data = prepare(plan, case.x, case.y, case.x[:0], case.y[:0], case.task, case.n_classes)
    assert_matches_torch(net, data.x_train, data.y_train)
