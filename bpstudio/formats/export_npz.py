"""Trained weights as a NumPy ``.npz``: one weight matrix per level plus the index maps.

Every neuron owns one column of an activation matrix ``a`` of shape ``(n, n_neurons)``;
level k computes ``a[:, targets] = f(a[:, sources] @ Wᵀ + b)``. Everything is a plain
numeric or ``<U`` string array, so ``np.load(path)`` works with ``allow_pickle=False``, and
the file carries its own ``README`` with a NumPy-only ``predict``. Inputs are raw data:
``input_offset`` and ``input_scale`` turn them into what the network reads (0 and 1 when
the data is not scaled).
"""

from __future__ import annotations

import io
from collections.abc import Iterable

import numpy as np

from bpstudio.engine.activations import LEAKY_SLOPE
from bpstudio.engine.plan import Plan
from bpstudio.model.network import Network
from bpstudio.model.scaling import InputScaling

FORMAT_NAME = "bpstudio-weights-npz"
#: 2 added input_offset, input_scale and input_scaling; 3 the recurrent arrays. A network
#: without recurrent connections is still written as version 2.
FORMAT_VERSION = 3
FEED_FORWARD_VERSION = 2

# The README's code, verbatim: the tests extract and run exactly this.
PREDICT_CODE = f'''\
import numpy as np

SLOPE = {LEAKY_SLOPE!r}   # leaky_relu's slope for z < 0


def softmax(z):   # over the output group: all softmax neurons are the last level's outputs
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


F = {{"identity": lambda z: z, "sigmoid": lambda z: 1 / (1 + np.exp(-z)), "tanh": np.tanh,
     "relu": lambda z: np.maximum(z, 0.0), "leaky_relu": lambda z: np.maximum(z, SLOPE * z),
     "softplus": lambda z: np.logaddexp(0.0, z), "sine": np.sin, "softmax": softmax}}


def predict(w, x):
    """Outputs (n, n_outputs) for raw inputs x (n, n_inputs); w = np.load("this-file.npz")."""
    x = (np.asarray(x, dtype=float) - w["input_offset"]) / w["input_scale"]   # as trained
    a = np.zeros((len(x), int(w["n_neurons"])))   # one column per neuron
    a[:, w["input_index"]] = x
    with np.errstate(over="ignore"):   # exp overflow saturates sigmoid to 0, as it should
        for k in range(int(w["n_levels"])):
            z = a[:, w[f"level{{k}}_sources"]] @ w[f"level{{k}}_weight"].T + w[f"level{{k}}_bias"]
            names, targets = w[f"level{{k}}_activation"], w[f"level{{k}}_targets"]
            for name in np.unique(names):
                a[:, targets[names == name]] = F[str(name)](z[:, names == name])
    return a[:, w["output_index"]]


def predict_sequences(w, x):
    """Outputs (n, T, n_outputs) for raw sequences x (n, T, n_inputs), one step at a time;
    levelK_recurrent_weight reads the previous step's activations (0 before the first)."""
    x = (np.asarray(x, dtype=float) - w["input_offset"]) / w["input_scale"]
    previous = np.zeros((x.shape[0], int(w["n_neurons"])))
    outputs = []
    with np.errstate(over="ignore"):
        for t in range(x.shape[1]):
            a = np.zeros_like(previous)
            a[:, w["input_index"]] = x[:, t]
            for k in range(int(w["n_levels"])):
                z = a[:, w[f"level{{k}}_sources"]] @ w[f"level{{k}}_weight"].T
                z += w[f"level{{k}}_bias"]
                if f"level{{k}}_recurrent_weight" in w:
                    held = previous[:, w[f"level{{k}}_recurrent_sources"]]
                    z += held @ w[f"level{{k}}_recurrent_weight"].T
                names, targets = w[f"level{{k}}_activation"], w[f"level{{k}}_targets"]
                for name in np.unique(names):
                    a[:, targets[names == name]] = F[str(name)](z[:, names == name])
            outputs.append(a[:, w["output_index"]])
            previous = a
    return np.stack(outputs, axis=1)
'''


def readme(plan: Plan, network: Network) -> str:
    """The note stored as ``README``: what the arrays mean and how to run them."""
    names = ", ".join(network.neurons[i].name for i in plan.input_ids)
    outs = ", ".join(network.neurons[i].name for i in plan.output_ids)
    return f"""\
BP Studio trained weights ({FORMAT_NAME}, version {FORMAT_VERSION}): {plan.describe()}.
Inputs (data columns, in order): {names}. Outputs (in order): {outs}.

Inputs are raw data. {scaling_note(network.input_scaling)}

Each neuron is one column of an activation matrix a of shape (n_samples, n_neurons);
neuron_ids and neuron_labels name the neuron behind each column. Put the inputs in
a[:, input_index]; then, for k = 0 .. n_levels - 1 in order,

    z = a[:, level{{k}}_sources] @ level{{k}}_weight.T + level{{k}}_bias
    a[:, level{{k}}_targets] = f(z)

where f is chosen per neuron by level{{k}}_activation (softmax normalises over all the
softmax columns together: the output group). The outputs are a[:, output_index].
Weights of neuron pairs that are not connected are 0. The loss trained with: {plan.loss_name}.
{recurrent_note(plan)}
With NumPy alone (w = np.load("this-file.npz"), x of shape (n_samples, n_inputs)):

```python
{PREDICT_CODE}```
"""


def recurrent_note(plan: Plan) -> str:
    """The README's paragraph on recurrent connections ("" without them)."""
    if not plan.has_recurrent:
        return ""
    return """
The network has recurrent connections: it runs on sequences, one time step at a time
(predict_sequences below). A level with level{k}_recurrent_weight adds
previous[:, level{k}_recurrent_sources] @ level{k}_recurrent_weight.T to its z, where
previous is the activation matrix of the step before (all 0 before the first step).
predict alone computes the first step of a sequence.
"""


def npz_arrays(plan: Plan, network: Network) -> dict[str, np.ndarray]:
    """Every array the file holds, by name."""
    column = {nid: i for i, nid in enumerate(plan.neuron_ids)}
    arrays: dict[str, np.ndarray] = {}
    levels = plan.level_matrices()
    for k, level in enumerate(levels):
        arrays[f"level{k}_weight"] = np.asarray(level.weight, dtype=np.float64)
        arrays[f"level{k}_bias"] = np.asarray(level.bias, dtype=np.float64)
        arrays[f"level{k}_sources"] = _indices(column[i] for i in level.source_ids)
        arrays[f"level{k}_targets"] = _indices(column[i] for i in level.neuron_ids)
        arrays[f"level{k}_activation"] = _strings(level.activations)
        if level.recurrent_weight is not None:
            arrays[f"level{k}_recurrent_weight"] = np.asarray(level.recurrent_weight,
                                                              dtype=np.float64)
            arrays[f"level{k}_recurrent_sources"] = _indices(
                column[i] for i in level.recurrent_source_ids)
    offset, scale = network.input_scaling.arrays(plan.n_inputs)
    arrays.update(
        input_offset=offset,
        input_scale=scale,
        input_scaling=np.array(network.input_scaling.method),
        n_levels=np.array(len(levels), dtype=np.int64),
        n_neurons=np.array(len(plan.neuron_ids), dtype=np.int64),
        input_index=_indices(column[i] for i in plan.input_ids),
        output_index=_indices(column[i] for i in plan.output_ids),
        neuron_ids=_indices(plan.neuron_ids),
        neuron_labels=_strings(network.neurons[i].name for i in plan.neuron_ids),
        leaky_slope=np.array(LEAKY_SLOPE, dtype=np.float64),
        loss=np.array(plan.loss_name),
        format=np.array(FORMAT_NAME),
        version=np.array(FORMAT_VERSION if plan.has_recurrent else FEED_FORWARD_VERSION,
                         dtype=np.int64),
        README=np.array(readme(plan, network)),
    )
    return arrays


def npz_bytes(plan: Plan, network: Network) -> bytes:
    """The ``.npz`` file's content (compressed: unconnected pairs are stored zeros)."""
    buffer = io.BytesIO()
    # No array is of object dtype, so np.load(..., allow_pickle=False) reads them all.
    np.savez_compressed(buffer, **npz_arrays(plan, network))  # type: ignore[arg-type]
    return buffer.getvalue()


def _indices(values: Iterable[int]) -> np.ndarray:
    return np.fromiter(values, dtype=np.int64)


def _strings(values: Iterable[str]) -> np.ndarray:
    """A ``<U`` array (never object dtype), even when empty."""
    items = list(values)
    return np.array(items, dtype=f"<U{max((len(s) for s in items), default=1) or 1}")


def scaling_note(scaling: InputScaling) -> str:
    """How an export's inputs are scaled before the first level, in one paragraph."""
    if scaling.is_identity:
        return ("The network was trained on them as they are: input_offset is 0 and "
                "input_scale 1 (input_scaling = none).")
    return (f"The network was trained on scaled inputs, {scaling.describe()}: compute "
            "x_scaled = (x - input_offset) / input_scale, input by input, before level 0 "
            "(predict below does).")
