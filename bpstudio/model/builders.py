"""Ready-made shapes: a layered network, evenly spaced on the canvas."""

from __future__ import annotations

from collections.abc import Sequence

from bpstudio.model.network import Network, Neuron

LAYER_SPACING = 160.0    # canvas units between layers
NEURON_SPACING = 56.0    # canvas units between neurons of a layer


def column_positions(count: int, x: float, center_y: float = 0.0,
                     spacing: float = NEURON_SPACING) -> list[tuple[float, float]]:
    """``count`` points in a vertical column centred on ``center_y``."""
    top = center_y - spacing * (count - 1) / 2
    return [(x, top + spacing * i) for i in range(count)]


#: Every connection is a Python object the editor can show and undo; beyond a few million the
#: document alone needs gigabytes, so ``bpstudio new`` refuses instead of swapping for minutes.
MAX_LAYERED_CONNECTIONS = 2_000_000


def layered(sizes: Sequence[int], activation: str = "sigmoid",
            output_activation: str | None = None, *, labels: bool = True) -> Network:
    """A fully connected layered network, e.g. ``layered([2, 2, 1])`` for the tutorial's XOR.

    Weights and biases start at zero; initialise them with ``engine.init``.
    """
    if len(sizes) < 2:
        raise ValueError("a network needs at least an input and an output layer")
    if any(isinstance(s, bool) or not isinstance(s, int) or s < 1 for s in sizes):
        raise ValueError(f"layer sizes must be positive whole numbers; got {list(sizes)}")
    network = Network()
    layers: list[list[int]] = []
    last = len(sizes) - 1
    for index, size in enumerate(sizes):
        role = "input" if index == 0 else "output" if index == last else "hidden"
        act = "identity" if role == "input" else (
            output_activation or activation if role == "output" else activation)
        neurons = []
        for i, (x, y) in enumerate(column_positions(size, index * LAYER_SPACING)):
            label = ""
            if labels and role == "input":
                label = f"x{i + 1}"
            elif labels and role == "output":
                label = f"y{i + 1}" if size > 1 else "y"
            neurons.append(Neuron(id=network.new_neuron_id() + i, role=role,
                                  activation=act, label=label, x=x, y=y))
        network.add_neurons(neurons)
        layers.append([n.id for n in neurons])
    for lower, upper in zip(layers, layers[1:], strict=False):
        network.connect_many([(s, t) for t in upper for s in lower])
    return network


def parse_layer_sizes(text: str) -> list[int]:
    """``"2,8,8,1"`` → ``[2, 8, 8, 1]`` with a clear message for anything else."""
    try:
        sizes = [int(part) for part in text.replace(" ", "").split(",") if part]
    except ValueError:
        raise ValueError(f"layer sizes must look like 2,8,8,1; got {text!r}") from None
    if len(sizes) < 2 or min(sizes) < 1:
        raise ValueError(f"layer sizes need at least two positive numbers; got {text!r}")
    connections = sum(a * b for a, b in zip(sizes[:-1], sizes[1:], strict=True))
    if connections > MAX_LAYERED_CONNECTIONS:
        raise ValueError(f"layers {text!r} would need {connections:,} connections; a drawn "
                         f"network holds at most {MAX_LAYERED_CONNECTIONS:,}")
    return sizes
