"""Networks for tests: random DAGs with skip connections, frozen parameters and
single-neuron paths (plain model code, usable by every test package)."""

from __future__ import annotations

import random

from bpstudio.model.network import Network, Neuron
from bpstudio.model.settings import ACTIVATIONS

#: every activation a hidden neuron may have (softmax is the output group's): a new one
#: joins the random DAGs and gradient checks by itself
HIDDEN_ACTIVATIONS = tuple(a for a in ACTIVATIONS if a != "softmax")


def random_dag(seed: int, n_inputs: int = 3, n_hidden: int = 7, n_outputs: int = 2, *,
               hidden_activations: tuple[str, ...] = HIDDEN_ACTIVATIONS,
               output_activation: str = "sigmoid", loss: str = "l2",
               edge_probability: float = 0.45, freeze: bool = True) -> Network:
    """A random DAG: inputs → hidden (in a random order) → outputs, with skips.

    Every hidden and output neuron gets at least one incoming edge, so every output is
    reached; some hidden neurons have exactly one input and one output (single paths).
    """
    rng = random.Random(seed)
    net = Network()
    net.set_settings(net.settings.with_changes(loss=loss))
    ids: list[int] = []
    for i in range(n_inputs):
        ids.append(net.add_neuron("input", label=f"x{i + 1}", x=0, y=60 * i).id)
    hidden = []
    for i in range(n_hidden):
        neuron = net.add_neuron("hidden", activation=rng.choice(hidden_activations),
                                bias=rng.uniform(-0.5, 0.5), x=100 + 40 * i, y=30 * i,
                                frozen=freeze and rng.random() < 0.15)
        hidden.append(neuron.id)
    outputs = [net.add_neuron("output", activation=output_activation,
                              bias=rng.uniform(-0.5, 0.5), label=f"y{i + 1}",
                              x=500, y=60 * i).id for i in range(n_outputs)]
    order = ids + hidden
    for k, h in enumerate(hidden):
        earlier = order[: n_inputs + k]
        sources = [s for s in earlier if rng.random() < edge_probability] or [rng.choice(earlier)]
        for s in sources:
            net.connect(s, h, rng.uniform(-1.5, 1.5), frozen=freeze and rng.random() < 0.1)
    for o in outputs:
        sources = [s for s in order if rng.random() < edge_probability] or [rng.choice(hidden)]
        for s in sources:
            net.connect(s, o, rng.uniform(-1.5, 1.5))
    return net


def chain(activations: list[str], output_activation: str = "sigmoid") -> Network:
    """x → h1 → h2 → … → y: a single-neuron path."""
    net = Network()
    prev = net.add_neuron("input", label="x").id
    for act in activations:
        cur = net.add_neuron("hidden", activation=act, bias=0.1).id
        net.connect(prev, cur, 0.7)
        prev = cur
    out = net.add_neuron("output", activation=output_activation, bias=-0.2, label="y").id
    net.connect(prev, out, 1.3)
    return net


def relu_xor() -> Network:
    """2 inputs → 2 ReLU units with bias 0 → a sigmoid output, binary cross-entropy: at
    the tutorial's XOR point (0, 0) every hidden z is exactly 0, ReLU's kink."""
    net = Network()
    net.set_settings(net.settings.with_changes(loss="binary_cross_entropy"))
    x1, x2 = net.add_neuron("input").id, net.add_neuron("input").id
    out = net.add_neuron("output", activation="sigmoid").id
    for (w1, w2), w_out in (((0.8, -0.6), -0.7), ((-0.5, 0.9), 1.2)):
        h = net.add_neuron("hidden", activation="relu").id
        net.connect(x1, h, w1)
        net.connect(x2, h, w2)
        net.connect(h, out, w_out)
    return net


__all__ = ["HIDDEN_ACTIVATIONS", "Neuron", "chain", "random_dag", "relu_xor"]


def diverging_trainer():
    """A ReLU regression at learning rate 50 on targets ×100: its loss explodes within a
    few steps (the divergence stop and its message)."""
    import numpy as np

    from bpstudio.engine.plan import compile_network
    from bpstudio.engine.targets import prepare
    from bpstudio.engine.training import Trainer
    from bpstudio.model.builders import layered
    from bpstudio.model.settings import TrainingSettings
    from bpstudio.workflow import initialize

    net = layered([2, 8, 1], activation="relu", output_activation="identity")
    settings = TrainingSettings(learning_rate=50.0, epochs=500)
    net.set_settings(settings)
    initialize(net)
    plan = compile_network(net)
    x = np.random.default_rng(0).normal(size=(32, 2)) * 10
    return Trainer(plan, prepare(plan, x, x[:, :1] * 100, x[:0], x[:0, :1], "regression"),
                   settings)
