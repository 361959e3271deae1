"""Losses, each gradient beside its value. Arrays are ``(n_outputs, batch)``.

The conventions are documented for users in docs/file-format.md, section "Loss conventions",
with the table of which output activations and targets each loss takes:

* ``l2`` — the tutorial's loss, the squared Euclidean distance between output and target,
  averaged over the samples of a batch: L = (1/B) Σ_b Σ_k (a_bk − y_bk)². There is no ½,
  so ∂L/∂a = 2 (a − y) / B. With one output this is the usual mean squared error. It takes
  any output activation but softmax.
* ``binary_cross_entropy`` — L = −(1/B) Σ_b Σ_k [y ln a + (1 − y) ln(1 − a)], summed over
  outputs (each output is an independent yes/no), averaged over samples. Only sigmoid
  outputs (the validator refuses others), so it is computed from the pre-activation z as
  softplus(z) − y·z, δ = ∂L/∂z = (σ(z) − y) / B, exact for any margin.
* ``softmax_cross_entropy`` — L = −(1/B) Σ_b Σ_k y_bk ln p_bk with p = softmax(z) over the
  output neurons (only softmax outputs), δ = ∂L/∂z = (p·Σ_k y_bk − y) / B: that is p − y for
  a target row summing to 1 (one-hot), and the exact gradient for any other row.

A loss with a ``fused_delta`` gives δ = ∂L/∂z of every output directly and takes its value
from z (``stable_value``): the engine never multiplies ∂L/∂a by f′(z) for it, which would
divide by a(1 − a) = 0 once a sigmoid saturates. No probability is ever clipped, so the
gradient trained on is the gradient of the loss reported, at every point.

``value`` and ``grad`` (from the outputs a alone) are what the L2 loss trains with; for the
cross-entropies they are the same formula written in a, which the X-ray's neuron-by-neuron
trace uses only on drawings the validator refuses (it writes out any drawing).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

Array = np.ndarray


@dataclass(frozen=True)
class Loss:
    name: str
    value: Callable[[Array, Array], float]            # L(a, y), mean over the batch
    grad: Callable[[Array, Array, Array], Array]      # writes ∂L/∂a into out
    fused_activation: str | None                      # the output activation it requires
    fused_delta: Callable[[Array, Array, Array], Array] | None   # writes δ = ∂L/∂z
    formula: str                                      # per sample, for the X-ray
    #: L(a, z, y) from the pre-activation z of ``fused_activation`` outputs (exact for any
    #: margin); None for l2
    stable_value: Callable[[Array, Array, Array], float] | None = None


def _l2_value(a: Array, y: Array) -> float:
    diff = a - y
    return float(np.vdot(diff, diff)) / int(a.shape[1])


def _l2_grad(a: Array, y: Array, out: Array) -> Array:
    np.subtract(a, y, out=out)
    out *= 2.0 / a.shape[1]
    return out


def _bce_value(a: Array, y: Array) -> float:
    total = np.vdot(y, np.log(a)) + np.vdot(1 - y, np.log1p(-a))
    return -float(total) / int(a.shape[1])


def _bce_grad(a: Array, y: Array, out: Array) -> Array:
    np.subtract(a, y, out=out)
    out /= a * (1 - a)
    out /= a.shape[1]
    return out


def _bce_stable_value(a: Array, z: Array, y: Array) -> float:
    """softplus(z) − y·z per output, summed, over the batch: exact for any margin (from a,
    ln(1 − a) loses every digit once a rounds to 1, at z ≈ 37 in float64).

    max(z, 0) − y·z comes first: for a confident right answer (y = 1, z = 40) it is 0
    exactly, and the tail ln(1 + e^−|z|) ≈ 4e-18 then keeps all its digits.
    """
    total = np.maximum(z, 0.0)
    total -= y * z                      # per element, so large z do not cancel across samples
    tail = np.abs(z)
    np.negative(tail, out=tail)
    np.exp(tail, out=tail)
    np.log1p(tail, out=tail)            # log1p(exp(−|z|)) ∈ (0, ln 2]
    total += tail
    return float(total.sum()) / int(z.shape[1])


def _bce_delta(a: Array, y: Array, out: Array) -> Array:
    """δ = ∂L/∂z = (σ(z) − y) / B: ∂L/∂a = (a − y) / (a(1 − a)) times f′ = a(1 − a)."""
    np.subtract(a, y, out=out)
    out *= 1.0 / a.shape[1]
    return out


def _softmax_ce_value(p: Array, y: Array) -> float:
    return -float(np.vdot(y, np.log(p))) / int(p.shape[1])


def _softmax_ce_grad(p: Array, y: Array, out: Array) -> Array:
    np.divide(y, p, out=out)
    out *= -1.0 / p.shape[1]
    return out


def _softmax_ce_stable_value(p: Array, z: Array, y: Array) -> float:
    """−Σ y·ln p over the batch, exact for any margin.

    ln p from the softmax outputs is already exact while every p is a normal float: the
    forward pass computes p = exp(z − max z) / Σ, each factor to full relative precision.
    Only a p that underflowed (0 or subnormal: a margin beyond ~708 in float64, ~87 in
    float32) needs the log-softmax z − logsumexp(z), which costs twice as much per step.
    """
    if p.min() >= np.finfo(p.dtype).tiny:     # checked first: ln 0 would warn
        return -float(np.vdot(y, np.log(p))) / int(p.shape[1])
    shifted = z - z.max(axis=0, keepdims=True)
    shifted -= np.log(np.exp(shifted).sum(axis=0, keepdims=True))   # z − logsumexp(z)
    return -float(np.vdot(y, shifted)) / int(z.shape[1])


def _softmax_ce_delta(p: Array, y: Array, out: Array) -> Array:
    """δ_j = ∂L/∂z_j = (p_j·Σ_k y_k − y_j) / B, from ∂ln p_k/∂z_j = [k = j] − p_j.

    Σ_k y_k is 1 for one-hot rows, where this is the familiar p − y bit for bit."""
    np.multiply(p, y.sum(axis=0, keepdims=True), out=out)
    out -= y
    out *= 1.0 / p.shape[1]
    return out


LOSSES: dict[str, Loss] = {
    loss.name: loss for loss in (
        Loss("l2", _l2_value, _l2_grad, None, None, "sum((a - y)**2)"),
        Loss("binary_cross_entropy", _bce_value, _bce_grad, "sigmoid", _bce_delta,
             "-sum(y*log(a) + (1-y)*log(1-a))", _bce_stable_value),
        Loss("softmax_cross_entropy", _softmax_ce_value, _softmax_ce_grad, "softmax",
             _softmax_ce_delta, "-sum(y*log(a))", _softmax_ce_stable_value),
    )
}


def get(name: str) -> Loss:
    try:
        return LOSSES[name]
    except KeyError:
        raise ValueError(f"unknown loss {name!r}") from None
