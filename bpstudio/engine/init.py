"""Weight initialisation, seeded: the same network and seed give the same weights.

Pure: these functions compute values and never change the network. Callers apply them
(the GUI through an undoable command, the command line through ``workflow.initialize``).
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from bpstudio.model.network import Network


def initial_parameters(network: Network, scheme: str, seed: int,
                       scale: float = 0.5) -> tuple[dict[int, float], dict[int, float]]:
    """Fresh (weights by connection id, biases by neuron id); biases start at 0.

    * ``uniform``: w ~ U(−scale, scale)
    * ``xavier`` (Glorot): w ~ U(−a, a), a = √(6 / (fan_in + fan_out)), keeping the variance
      of activations and gradients level across layers for sigmoid/tanh units
    * ``he``: w ~ N(0, 2 / fan_in), suited to ReLU units

    On a free-form graph fan-in is the target's number of incoming connections and fan-out
    the source's number of outgoing ones; in a layered drawing that is exactly Glorot's and
    He's layer sizes.
    """
    ids = sorted(network.connections)
    rng = np.random.default_rng(seed)
    # Counted once: asking network.incoming() per connection copied a neuron's whole list
    # each time, ~10 s for the 100k connections of 784-128-10.
    ends = [(network.connections[c].source, network.connections[c].target) for c in ids]
    n_in = Counter(target for _, target in ends)
    n_out = Counter(source for source, _ in ends)
    fan_in = np.array([n_in[target] for _, target in ends], dtype=float)
    fan_out = np.array([n_out[source] for source, _ in ends], dtype=float)
    if scheme == "uniform":
        values = rng.uniform(-scale, scale, len(ids))
    elif scheme == "xavier":
        values = rng.uniform(-1.0, 1.0, len(ids)) * np.sqrt(6.0 / (fan_in + fan_out))
    elif scheme == "he":
        values = rng.standard_normal(len(ids)) * np.sqrt(2.0 / np.maximum(fan_in, 1))
    else:
        raise ValueError(f"unknown initialiser {scheme!r}")
    weights = dict(zip(ids, values.tolist(), strict=True))
    biases = {nid: 0.0 for nid in sorted(network.neurons)
              if network.neurons[nid].role != "input"}
    return weights, biases


def fresh_parameters(network: Network, scheme: str | None = None, seed: int | None = None
                     ) -> tuple[dict[int, float], dict[int, float]]:
    """The initialiser's (weights, biases) from ``network``'s own settings (or the given
    overrides) for every parameter the user did not freeze: frozen ones keep their values,
    the user pinned them."""
    settings = network.settings
    weights, biases = initial_parameters(
        network, scheme or settings.init, settings.seed if seed is None else seed,
        settings.init_scale)
    return ({c: w for c, w in weights.items() if not network.connections[c].frozen},
            {n: b for n, b in biases.items() if not network.neurons[n].frozen})


def all_weights_zero(network: Network) -> bool:
    """True for a fresh drawing whose symmetric hidden units could never differ."""
    return all(c.weight == 0.0 for c in network.connections.values())
