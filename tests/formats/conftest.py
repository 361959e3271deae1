"""Networks and documents shared by the .bpnet tests."""

from __future__ import annotations

from typing import Any

import pytest

from bpstudio.formats import ProjectInfo, to_document
from bpstudio.model.builders import layered
from bpstudio.model.network import Network
from bpstudio.model.settings import DatasetSpec, LossHistory, TrainingSettings

# Floats whose text is easy to get wrong: shortest repr, extremes, a negative zero.
AWKWARD_FLOATS = (0.1 + 0.2, -1 / 3, 5e-324, 1.7976931348623157e308, -0.0, 123456789.125,
                  1e-300, 2.5, -7.0)


def make_rich_network() -> tuple[Network, ProjectInfo]:
    """Every field away from its default: labels with quotes and non-ASCII, frozen items,
    id gaps, awkward floats, an unconnected neuron, non-default settings and a history."""
    network = layered([2, 3, 2], activation="tanh", output_activation="softmax")
    weights = {cid: AWKWARD_FLOATS[i % len(AWKWARD_FLOATS)]
               for i, cid in enumerate(sorted(network.connections))}
    biases = {nid: -AWKWARD_FLOATS[i % len(AWKWARD_FLOATS)] for i, nid in
              enumerate(n.id for n in network.neurons.values() if n.role != "input")}
    network.set_parameters(weights, biases)
    network.update_neurons({3: {"label": 'ĥ — "quoted" }, {"id": 9}', "frozen": True},
                            4: {"x": -12.5, "y": 1e6}})
    network.update_connections({2: {"frozen": True}})
    network.remove_connections([1])                              # a gap in connection ids
    network.add_neuron("hidden", activation="relu", label="spare", id=20)  # a gap in neurons
    network.set_settings(
        TrainingSettings(loss="softmax_cross_entropy", optimizer="adam", learning_rate=0.01,
                         batch_size=16, epochs=250, seed=7, dtype="float32",
                         schedule="cosine", min_learning_rate=1e-4, nesterov=True),
        DatasetSpec(name="spiral", samples=300, noise=0.15, test_ratio=0.25, seed=3),
    )
    network.set_history(LossHistory(
        epochs=(1, 2, 3), train_loss=(0.9, 0.5, 0.25), test_loss=(None, 0.6, 0.3),
        test_metric=(None, 0.5, 0.875), learning_rate=(0.01, 0.01, 0.005),
        metric_name="accuracy"))
    info = ProjectInfo(title="Spiral — a 2-3-2 softmax demo",
                       description='Line one.\nLine two has "quotes", a tab\t and ünïcode.')
    return network, info


def make_xor_network() -> Network:
    """The tutorial's 2-2-1 network: x1, x2 → h3, h4 → y (ids 1..5, connections 1..6)."""
    network = layered([2, 2, 1])
    network.set_parameters({cid: 0.5 * cid for cid in network.connections},
                           {3: -0.25, 4: 0.75, 5: 0.125})
    network.set_history(LossHistory(epochs=(1, 2), train_loss=(0.5, 0.25),
                                    test_loss=(0.6, None), test_metric=(0.5, None),
                                    learning_rate=(0.5, 0.5), metric_name="accuracy"))
    return network


@pytest.fixture
def rich() -> tuple[Network, ProjectInfo]:
    return make_rich_network()


@pytest.fixture
def xor_doc() -> dict[str, Any]:
    """A fresh, valid XOR document to break in one place."""
    return to_document(make_xor_network(), ProjectInfo("XOR", "the tutorial's network"))
