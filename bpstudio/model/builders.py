"""Ready-made shapes: a layered network, evenly spaced on the canvas; image inputs as a grid.

``for_data`` builds the network a dataset needs (inputs and outputs matched, a fitting
output activation and loss, suggested settings); the CLI's ``bpstudio new --dataset`` and
the editor's Network ▸ New for Dataset… both use it. Pure Python: the caller describes the
data with a :class:`DataShape` (``workflow.data_shape`` makes one from a loaded Dataset).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from bpstudio.model.network import MAX_NEURONS, Network, Neuron
from bpstudio.model.settings import TrainingSettings
from bpstudio.words import translate

LAYER_SPACING = 160.0    # canvas units between layers
NEURON_SPACING = 56.0    # canvas units between neurons of a layer
GRID_SPACING = 44.0      # canvas units between pixels of an image grid (neurons are 36 wide)
CHANNEL_GAP = 2.0        # RGB: extra grid rows between the red, green and blue planes
MIN_GRID_SIDE = 6        # `new --layers 36,…` and up: a square input count becomes a grid

#: (rows, cols, channels) of an input layer laid out as an image
Grid = tuple[int, int, int]


def column_positions(count: int, x: float, center_y: float = 0.0,
                     spacing: float = NEURON_SPACING) -> list[tuple[float, float]]:
    """``count`` points in a vertical column centred on ``center_y``."""
    top = center_y - spacing * (count - 1) / 2
    return [(x, top + spacing * i) for i in range(count)]


#: Every connection is a Python object the editor can show and undo; beyond a few million the
#: document alone needs gigabytes, so ``bpstudio new`` refuses instead of swapping for minutes.
MAX_LAYERED_CONNECTIONS = 2_000_000


def grid_positions(rows: int, cols: int, channels: int = 1,
                   right: float = 0.0) -> list[tuple[float, float]]:
    """Pixel positions in data order (row by row, channels innermost), the grid's right
    edge at ``right`` and centred on y = 0; RGB planes are stacked top to bottom."""
    plane_height = rows + CHANNEL_GAP
    top = -GRID_SPACING * (channels * plane_height - CHANNEL_GAP - 1) / 2
    left = right - GRID_SPACING * (cols - 1)
    return [(left + GRID_SPACING * col, top + GRID_SPACING * (band * plane_height + row))
            for row in range(rows) for col in range(cols) for band in range(channels)]


def square_grid(count: int) -> Grid | None:
    """(side, side, 1) when ``count`` is a square of at least MIN_GRID_SIDE², else None."""
    side = math.isqrt(count)
    return (side, side, 1) if side * side == count and side >= MIN_GRID_SIDE else None


def layered(sizes: Sequence[int], activation: str = "sigmoid",
            output_activation: str | None = None, *, labels: bool = True,
            input_grid: Grid | None = None) -> Network:
    """A fully connected layered network, e.g. ``layered([2, 2, 1])`` for the tutorial's XOR.

    ``input_grid`` (rows, cols, channels) lays the inputs out as the image they read,
    without labels. Weights and biases start at zero; initialise them with ``engine.init``.
    """
    if len(sizes) < 2:
        raise ValueError(translate("Settings", "a network needs at least an input and an "
                                               "output layer"))
    if any(isinstance(s, bool) or not isinstance(s, int) or s < 1 for s in sizes):
        raise ValueError(translate("Settings", "layer sizes must be positive whole "
                                               "numbers; got {sizes}").format(
                             sizes=list(sizes)))
    if input_grid is not None and math.prod(input_grid) != sizes[0]:
        raise ValueError(translate("Settings", "an input grid of {grid} does not hold "
                                               "{sizes} inputs").format(
                             grid="×".join(map(str, input_grid)), sizes=sizes[0]))
    network = Network()
    layers: list[list[int]] = []
    last = len(sizes) - 1
    for index, size in enumerate(sizes):
        role = "input" if index == 0 else "output" if index == last else "hidden"
        act = "identity" if role == "input" else (
            output_activation or activation if role == "output" else activation)
        neurons = []
        grid = input_grid if role == "input" else None
        places = (grid_positions(*grid) if grid is not None
                  else column_positions(size, index * LAYER_SPACING))
        for i, (x, y) in enumerate(places):
            label = ""
            if labels and role == "input" and grid is None:
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
    parts = text.replace(" ", "").split(",")
    if "" in parts and text.strip():   # "2,,1" or "2,8,": a size left out, not a layer less
        raise ValueError(translate("Settings", "layer sizes must look like 2,8,8,1; "
                                               "{text!r} has an empty size between "
                                               "commas").format(
                             text=text))
    try:
        sizes = [int(part) for part in parts if part]
    except ValueError:
        raise ValueError(translate("Settings", "layer sizes must look like 2,8,8,1; got "
                                               "{text!r}").format(
                             text=text)) from None
    if len(sizes) < 2 or min(sizes) < 1:
        raise ValueError(translate("Settings", "layer sizes need at least two positive "
                                               "numbers; got {text!r}").format(
                             text=text))
    connections = sum(a * b for a, b in zip(sizes[:-1], sizes[1:], strict=True))
    if connections > MAX_LAYERED_CONNECTIONS:
        raise ValueError(translate("Settings", "layers {text!r} would need "
                                               "{connections:,} connections; a drawn "
                                               "network holds at most "
                                               "{max_layered_connections:,}").format(
                             text=text, connections=connections,
                             max_layered_connections=MAX_LAYERED_CONNECTIONS))
    if sum(sizes) > MAX_NEURONS:
        raise ValueError(translate("Settings", "layers {text!r} would need {neurons:,} "
                                               "neurons; a document holds at most "
                                               "{max_neurons:,}").format(
                             text=text, neurons=sum(sizes), max_neurons=MAX_NEURONS))
    return sizes


# ---------------------------------------------------------------- networks for a dataset
@dataclass(frozen=True)
class DataShape:
    """What a network must fit: inputs, task, classes or targets, image layout, names."""

    n_inputs: int
    task: str                                 # "classification" or "regression"
    n_outputs_needed: int                     # classes (classification) or targets
    image_shape: tuple[int, int] | None = None    # (rows, cols)
    image_channels: int = 1
    input_names: tuple[str, ...] = ()         # tables: column names, shown as labels
    output_names: tuple[str, ...] = ()        # class or target names

    @property
    def is_image(self) -> bool:
        return self.image_shape is not None


def output_plan(shape: DataShape) -> tuple[int, str, str]:
    """(outputs, output activation, loss): classes → softmax + cross-entropy, two classes →
    one sigmoid output + binary cross-entropy, regression → identity outputs + L2."""
    if shape.task == "regression":
        return shape.n_outputs_needed, "identity", "l2"
    if shape.n_outputs_needed == 2:
        return 1, "sigmoid", "binary_cross_entropy"
    return shape.n_outputs_needed, "softmax", "softmax_cross_entropy"


def suggested_settings(shape: DataShape, loss: str, seed: int = 0) -> TrainingSettings:
    """Settings that train the network a few seconds to a good result: Adam on minibatches,
    fewer epochs for the large image sets."""
    if shape.is_image:
        return TrainingSettings(loss=loss, optimizer="adam", learning_rate=0.001,
                                batch_size=32, epochs=10, init="he", seed=seed)
    return TrainingSettings(loss=loss, optimizer="adam", learning_rate=0.01, batch_size=32,
                            epochs=200, seed=seed)


def for_data(shape: DataShape, hidden: Sequence[int] = (32,), activation: str = "relu",
             seed: int = 0) -> Network:
    """A layered network whose inputs and outputs fit ``shape``, image inputs as a grid,
    outputs named after the classes, with :func:`suggested_settings` (dataset spec left to
    the caller). Weights start at zero: initialise them with ``engine.init``."""
    n_outputs, output_activation, loss = output_plan(shape)
    grid = (*shape.image_shape, shape.image_channels) if shape.image_shape else None
    network = layered([shape.n_inputs, *hidden, n_outputs], activation, output_activation,
                      input_grid=grid)
    if shape.input_names and not shape.is_image:
        network.update_neurons({n.id: {"label": name} for n, name in
                                zip(network.inputs(), shape.input_names, strict=True)})
    names = shape.output_names if n_outputs == len(shape.output_names) else ()
    if n_outputs == 1 and shape.task == "classification" and len(shape.output_names) == 2:
        names = (shape.output_names[1],)   # one sigmoid output: the probability of class 1
    if names:
        network.update_neurons({n.id: {"label": name} for n, name in
                                zip(network.outputs(), names, strict=True)})
    network.set_settings(suggested_settings(shape, loss, seed))
    return network
