"""Small recurrent drawings for the GUI tests: an Elman network on a sequence dataset."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from bpstudio.model.builders import layered
from bpstudio.model.network import Network


def elman(hidden: int = 3, dataset: str = "parity", seed: int = 3, length: int = 8,
          samples: int = 40) -> Network:
    """1 input → ``hidden`` → 1 output, every hidden neuron feeding every hidden neuron
    (itself included) one step later; random weights; short sequences of ``dataset``."""
    network = layered([1, hidden, 1])
    rng = np.random.default_rng(seed)
    ids = sorted(n.id for n in network.neurons.values() if n.role == "hidden")
    for source in ids:
        for target in ids:
            network.connect(source, target, float(rng.uniform(-0.8, 0.8)), recurrent=True)
    network.set_parameters({cid: float(rng.uniform(-1, 1)) for cid in network.connections},
                           {n: float(rng.uniform(-0.3, 0.3)) for n in ids})
    network.set_settings(dataset=replace(network.dataset, name=dataset, samples=samples,
                                         sequence_length=length, test_ratio=0.25))
    return network
