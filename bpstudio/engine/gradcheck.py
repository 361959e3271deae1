"""Gradient check: backprop beside the tutorial's own definition of a derivative.

For every parameter w: (L(w + ε) − L(w − ε)) / 2ε, in float64, next to ∂L/∂w from backprop
and their relative error |b − f| / max(|b|, |f|, floor).

The floor is a thousandth of the largest gradient in the network. Round-off makes a
float64 central difference uncertain by about 1e-16·L/ε ≈ 1e-11 whatever the gradient's
size, so a gradient a million times smaller than its neighbours cannot be resolved to
six digits; against the floor its error still shows whenever it matters.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bpstudio.engine.backprop import Engine
from bpstudio.engine.plan import Plan

Array = np.ndarray
DEFAULT_EPSILON = 1e-5
DEFAULT_TOLERANCE = 1e-6
_TINY = 1e-12          # below this both gradients count as zero (relative error 0)
FLOOR_FRACTION = 1e-3  # the error floor, as a fraction of the largest gradient


@dataclass(frozen=True)
class GradientRow:
    kind: str            # "weight" or "bias"
    id: int              # connection id (weight) or neuron id (bias)
    value: float         # the parameter's current value
    backprop: float      # ∂L/∂w by the chain rule
    numeric: float       # central difference
    relative_error: float


def relative_error(backprop: Array, numeric: Array) -> Array:
    """|b − f| / max(|b|, |f|, floor), elementwise; 0 where both are zero."""
    largest = float(np.max(np.abs(backprop), initial=0.0))
    floor = max(FLOOR_FRACTION * largest, _TINY)
    scale = np.maximum(np.maximum(np.abs(backprop), np.abs(numeric)), floor)
    error = np.abs(backprop - numeric) / scale
    error[(np.abs(backprop) < _TINY) & (np.abs(numeric) < _TINY)] = 0.0
    return np.asarray(error)


def numeric_gradient(plan: Plan, x: Array, y: Array, index: Array,
                     epsilon: float = DEFAULT_EPSILON) -> Array:
    """Central differences of the loss for the flat parameters at ``index``."""
    if plan.dtype != np.float64:
        raise ValueError("gradient checks run in float64: compile the plan with dtype float64")
    params = plan.params.copy()   # nudged one entry at a time; the plan stays untouched
    engine = Engine(plan, params)
    result = np.empty(len(index))
    for k, i in enumerate(index):
        saved = params[i]
        params[i] = saved + epsilon
        plus = engine.loss(x, y)
        params[i] = saved - epsilon
        minus = engine.loss(x, y)
        params[i] = saved
        result[k] = (plus - minus) / (2 * epsilon)
    return result


def gradient_check(plan: Plan, x: Array, y: Array,
                   epsilon: float = DEFAULT_EPSILON) -> list[GradientRow]:
    """One row per weight and bias, backprop vs finite differences (float64 plan).

    ``x`` is ``(n, n_inputs)``, ``y`` the encoded targets ``(n, n_outputs)``.
    """
    if plan.dtype != np.float64:
        raise ValueError("gradient checks run in float64: compile the plan with dtype float64")
    engine = Engine(plan)
    _, grad = engine.loss_and_gradient(x, y)
    index = np.concatenate([plan.weight_index, plan.bias_index])
    kinds = ["weight"] * len(plan.weight_index) + ["bias"] * len(plan.bias_index)
    ids = list(plan.connection_ids) + list(plan.bias_ids)
    numeric = numeric_gradient(plan, x, y, index, epsilon)
    backprop = grad[index]
    errors = relative_error(backprop, numeric)
    return [GradientRow(kind, pid, float(plan.params[i]), float(b), float(f), float(e))
            for kind, pid, i, b, f, e in zip(kinds, ids, index, backprop, numeric, errors,
                                             strict=True)]
