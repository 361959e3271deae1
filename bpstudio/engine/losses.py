"""Losses, each gradient beside its value. Arrays are ``(n_outputs, batch)``.

The conventions are documented for users in docs/file-format.md, section "Loss conventions":

* ``l2`` — the tutorial's loss, the squared Euclidean distance between output and target,
  averaged over the samples of a batch: L = (1/B) Σ_b Σ_k (a_bk − y_bk)². There is no ½,
  so ∂L/∂a = 2 (a − y) / B. With one output this is the usual mean squared error.
* ``binary_cross_entropy`` — L = −(1/B) Σ_b Σ_k [y ln a + (1 − y) ln(1 − a)], summed over
  outputs (each output is an independent yes/no), averaged over samples.
* ``softmax_cross_entropy`` — L = −(1/B) Σ_b Σ_k y_bk ln p_bk with p = softmax(z) over the
  output neurons, δ = ∂L/∂z = (p − y) / B.

``fused_delta`` exists where the loss and the output activation cancel into a simple,
numerically stable δ = ∂L/∂z; the engine uses it when the output level allows
(``BackwardSchedule.fused``). In exactly that case the value comes from the pre-activation z
through ``stable_value`` too, so it stays exact however confident the network is:

* sigmoid + BCE: y·softplus(−z) + (1 − y)·softplus(z) = softplus(z) − y·z, computed as
  max(z, 0) − y·z + log1p(exp(−|z|));
* softmax + CE: ln p = z − logsumexp(z) (log-softmax), logsumexp with the max subtracted;
  ln p of the softmax outputs equals it while p is a normal float, so that cheaper form is
  used until some p underflows.

Otherwise (BCE on outputs that are not all sigmoid, or outputs that feed other neurons) the
value is computed from the activations a with probabilities clipped to
[PROB_FLOOR, 1 − PROB_FLOOR]: each output then contributes at most −ln(1e-12) ≈ 27.63, and
the gradient is that of the clipped formula.
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
    #: L(a, z, y) given the pre-activation z of ``fused_activation`` too (exact for any
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
    p = np.clip(a, PROB_FLOOR, 1 - PROB_FLOOR)
    total = np.vdot(y, np.log(p)) + np.vdot(1 - y, np.log1p(-p))
    return -float(total) / int(a.shape[1])


def _bce_stable_value(a: Array, z: Array, y: Array) -> float:
    """softplus(z) − y·z per output, summed, over the batch: exact for any margin (from a,
    ln(1 − a) loses every digit once a rounds to 1, at z ≈ 37 in float64)."""
    tail = np.abs(z)
    np.negative(tail, out=tail)
    np.exp(tail, out=tail)
    np.log1p(tail, out=tail)            # log1p(exp(−|z|)) ∈ (0, ln 2]
    tail += np.maximum(z, 0.0)
    tail -= y * z                       # per element, so large z do not cancel across samples
    return float(tail.sum()) / int(z.shape[1])


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


def _softmax_ce_grad(p: Array, y: Array, out: Array) -> Array:
    np.divide(y, np.maximum(p, PROB_FLOOR), out=out)
    out *= -1.0 / p.shape[1]
    return out


LOSSES: dict[str, Loss] = {
    loss.name: loss for loss in (
        Loss("l2", _l2_value, _l2_grad, None, None, "sum((a - y)**2)"),
        Loss("binary_cross_entropy", _bce_value, _bce_grad, "sigmoid", _difference_over_batch,
             "-sum(y*log(a) + (1-y)*log(1-a))", _bce_stable_value),
        Loss("softmax_cross_entropy", _softmax_ce_value, _softmax_ce_grad, "softmax",
             _difference_over_batch, "-sum(y*log(a))", _softmax_ce_stable_value),
    )
}


def get(name: str) -> Loss:
    try:
        return LOSSES[name]
    except KeyError:
        raise ValueError(f"unknown loss {name!r}") from None
