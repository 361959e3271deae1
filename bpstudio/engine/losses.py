"""Losses, each gradient beside its value. Arrays are ``(n_outputs, batch)``.

Conventions (also in docs/file-format.md):

* ``l2`` — the tutorial's loss, the squared Euclidean distance between output and target,
  averaged over the samples of a batch: L = (1/B) Σ_b Σ_k (a_bk − y_bk)². There is no ½,
  so ∂L/∂a = 2 (a − y) / B. With one output this is the usual mean squared error.
* ``binary_cross_entropy`` — L = −(1/B) Σ_b Σ_k [y ln a + (1 − y) ln(1 − a)], summed over
  outputs (each output is an independent yes/no), averaged over samples.
* ``softmax_cross_entropy`` — L = −(1/B) Σ_b Σ_k y_bk ln p_bk with p = softmax(z) over the
  output neurons; computed from the softmax outputs, δ = ∂L/∂z = (p − y) / B.

``fused_delta`` exists where the loss and the output activation cancel into a simple,
numerically stable δ = ∂L/∂z; the engine uses it when the output level allows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

Array = np.ndarray
PROB_FLOOR = 1e-12   # probabilities are clipped to [floor, 1 − floor] before a logarithm


@dataclass(frozen=True)
class Loss:
    name: str
    value: Callable[[Array, Array], float]            # L(a, y), mean over the batch
    grad: Callable[[Array, Array, Array], Array]      # writes ∂L/∂a into out
    fused_activation: str | None                      # activation whose δ simplifies
    fused_delta: Callable[[Array, Array, Array], Array] | None   # writes δ = ∂L/∂z
    formula: str                                      # per sample, for the X-ray


def _l2_value(a: Array, y: Array) -> float:
    diff = a - y
    return float(np.vdot(diff, diff)) / int(a.shape[1])


def _l2_grad(a: Array, y: Array, out: Array) -> Array:
    np.subtract(a, y, out=out)
    out *= 2.0 / a.shape[1]
    return out


def _bce_value(a: Array, y: Array) -> float:
    p = np.clip(a, PROB_FLOOR, 1 - PROB_FLOOR)
    total = np.vdot(y, np.log(p)) + np.vdot(1 - y, np.log1p(-p))
    return -float(total) / int(a.shape[1])


def _bce_grad(a: Array, y: Array, out: Array) -> Array:
    p = np.clip(a, PROB_FLOOR, 1 - PROB_FLOOR)
    np.subtract(p, y, out=out)
    out /= p * (1 - p)
    out /= a.shape[1]
    return out


def _difference_over_batch(a: Array, y: Array, out: Array) -> Array:
    """δ = (a − y) / B: sigmoid + BCE and softmax + softmax-CE both reduce to this."""
    np.subtract(a, y, out=out)
    out *= 1.0 / a.shape[1]
    return out


def _softmax_ce_value(p: Array, y: Array) -> float:
    return -float(np.vdot(y, np.log(np.maximum(p, PROB_FLOOR)))) / int(p.shape[1])


def _softmax_ce_grad(p: Array, y: Array, out: Array) -> Array:
    np.divide(y, np.maximum(p, PROB_FLOOR), out=out)
    out *= -1.0 / p.shape[1]
    return out


LOSSES: dict[str, Loss] = {
    loss.name: loss for loss in (
        Loss("l2", _l2_value, _l2_grad, None, None, "sum((a - y)**2)"),
        Loss("binary_cross_entropy", _bce_value, _bce_grad, "sigmoid", _difference_over_batch,
             "-sum(y*log(a) + (1-y)*log(1-a))"),
        Loss("softmax_cross_entropy", _softmax_ce_value, _softmax_ce_grad, "softmax",
             _difference_over_batch, "-sum(y*log(a))"),
    )
}


def get(name: str) -> Loss:
    try:
        return LOSSES[name]
    except KeyError:
        raise ValueError(f"unknown loss {name!r}") from None
