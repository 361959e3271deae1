"""Saturated outputs: a classifier whose outputs sit on the flat tails of their activation.

Too large a learning rate can throw the weights into the thousands in a few steps. Every
sigmoid, tanh or softmax output then sits on a tail where ∂a/∂z ≈ 0: δ = ∂L/∂a·f′(z)
vanishes, nothing moves any more, and accuracy stays where it landed, often at chance.
The divergence guard does not see it (the loss stays bounded), so the end of a run is
checked here; the command line and the window show the same sentence.
"""

from __future__ import annotations

import numpy as np

from bpstudio.engine import metrics
from bpstudio.engine.backprop import Engine
from bpstudio.engine.plan import Plan
from bpstudio.engine.sequence import SequenceEngine
from bpstudio.engine.targets import TrainingData
from bpstudio.words import translate

Array = np.ndarray

SATURATED_SLOPE = 1e-4   # ∂a/∂z below this: the output hardly moves whatever its weights do
SATURATED_SHARE = 0.9    # … for at least this share of the training samples
CHANCE_MARGIN = 0.05     # accuracy at most this far above always answering the commonest class
MAX_SAMPLES = 10_000     # training samples looked at (the first ones: enough for a share)
MESSAGE = "outputs are saturated: lower the learning rate"


def _slope(activation: str, a: Array) -> Array | None:
    """∂a/∂z of each output, from its activation a; None where the activation has no flat
    tails (identity, ReLU, …): those cannot saturate this way."""
    slope: Array
    if activation in ("sigmoid", "softmax"):   # softmax: the diagonal p(1 − p)
        slope = a * (1.0 - a)
    elif activation == "tanh":
        slope = 1.0 - a * a
    else:
        return None
    return slope


def output_activations(plan: Plan) -> list[str]:
    """The activation of each output, in ``plan.output_ids`` order."""
    of: dict[int, str] = {}
    for level in plan.levels:
        for segment in level.segments:
            for index in range(segment.start, segment.stop):
                of[level.neuron_ids[index]] = segment.activation
    return [of[nid] for nid in plan.output_ids]


def saturation_problem(plan: Plan, data: TrainingData, params: Array | None = None
                       ) -> str | None:
    """The sentence to show when training ended with saturated outputs at chance level,
    else None. ``params``: the parameters to judge (default: the plan's own)."""
    if not data.is_classification or data.labels_train is None or data.n_train == 0:
        return None
    x = data.x_train[:MAX_SAMPLES]
    labels = data.scored(data.labels_train[:MAX_SAMPLES])
    outputs = (data.scored(SequenceEngine(plan, data.steps, params=params).predict(x))
               if data.is_sequences else Engine(plan, params).predict(x))
    slopes = [slope for k, name in enumerate(output_activations(plan))
              if (slope := _slope(name, outputs[:, k])) is not None]
    if not slopes:
        return None
    flat = np.all(np.column_stack(slopes) < SATURATED_SLOPE, axis=1)
    share = float(flat.mean())
    accuracy = metrics.accuracy(metrics.predicted_classes(outputs, data.threshold), labels)
    chance = float(np.bincount(labels).max() / len(labels))
    if share < SATURATED_SHARE or accuracy > chance + CHANCE_MARGIN:
        return None
    # the words of MESSAGE, written out for the translators
    return translate("Training", "outputs are saturated: lower the learning rate ({share:.0%} "
                     "of the training samples put every output on a flat tail of its "
                     "activation, ∂a/∂z < {slope:g}, where the gradient vanishes; accuracy "
                     "{accuracy:.0%} is no better than always answering the commonest class, "
                     "{chance:.0%})").format(share=share, slope=SATURATED_SLOPE,
                                             accuracy=accuracy, chance=chance)
