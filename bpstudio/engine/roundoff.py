"""How much rounding a computed loss carries, for judging finite differences.

A central difference (L(w + ε) − L(w − ε)) / 2ε can only be as exact as L itself: if the
float64 value of L is uncertain by ``u·S`` (u = 2⁻⁵², the rounding unit), the difference
is uncertain by about ``u·S/ε``. S is not |L|: a loss of 10⁻⁵ made of terms of size 1
(a confident softmax whose ln p rounds at 10⁻¹⁶) or of outputs of size 1000 (L2 near a
fit) carries the rounding of those terms. :func:`rounding_scale` adds up the magnitudes
each rounding is multiplied by on its way to L:

    S = |L| + Σ_levels Σ |δ| · (|W| · |a_source|)     every weighted sum z = W·a, times
                                                      the ∂L/∂z it reaches L with
          + the loss's own terms (below), over the batch

The loss terms: L2 Σ (a − y)² + 2|a − y|(|a| + |y|); binary cross-entropy
Σ max(z, 0) + |y·z| + ln(1 + e^−|z|); softmax cross-entropy Σ |y|·(|ln p| + 1). Each is
the size of what the loss formula adds or subtracts, so its rounding is u times it.
"""

from __future__ import annotations

import numpy as np

from bpstudio.engine.backprop import Workspace
from bpstudio.engine.plan import Plan
from bpstudio.engine.sequence import SequenceEngine

Array = np.ndarray


def _loss_terms(name: str, a: Array, z: Array | None, y: Array) -> float:
    """Σ of the magnitudes the loss formula combines, for ``(n_outputs, batch)`` arrays."""
    if name == "binary_cross_entropy":
        assert z is not None
        return float((np.maximum(z, 0.0) + np.abs(y * z) + np.log1p(np.exp(-np.abs(z)))).sum())
    if name == "softmax_cross_entropy":
        with np.errstate(divide="ignore"):
            log_p = np.log(a)
        return float((np.abs(y) * (np.abs(np.where(np.isfinite(log_p), log_p, 0.0)) + 1)
                      ).sum())
    diff = np.abs(a - y)
    return float((diff * diff + 2 * diff * (np.abs(a) + np.abs(y))).sum())


def rounding_scale(plan: Plan, x: Array, y: Array) -> float:
    """S such that the float64 loss over ``x``/``y`` (encoded targets) is uncertain by
    about ``u·S`` (see the module docstring). Costs about one forward and backward pass."""
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    batch = max(x.shape[0], 1)
    ws = Workspace(plan, x.shape[0], plan.params)
    deltas = np.zeros_like(ws.a)
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        ws.forward(x.T)
        loss = ws.backward(y.T, deltas)
        scale = abs(loss)
        for level, ops in zip(plan.levels, ws.ops, strict=True):
            sums = np.abs(ops.weight) @ np.abs(ops.source)    # |W|·|a|, bias included
            scale += float(np.vdot(np.abs(deltas[level.rows]), sums))
        scale += _loss_terms(plan.loss_name, ws.outputs(), ws.output_z, ws.targets) / batch
    return scale if np.isfinite(scale) else np.inf


def sequence_rounding_scale(engine: SequenceEngine, x: Array, y: Array) -> float:
    """:func:`rounding_scale` for sequences ``(n, T, features)``: every step's weighted
    sums, recurrent ones included, times the δ they reach L with, plus each scored step's
    loss terms times its share of L."""
    plan = engine.plan
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    batch = max(x.shape[0], 1)
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        loss, _, rec = engine.record(x, y)
        scale = abs(loss)
        blocks = {r.level: r for r in plan.recurrences}
        length = x.shape[1]
        weight = 1.0 / length if engine.targets == "every" else 1.0
        for t in range(length):
            a_t = rec.a[t]
            previous = rec.a[t - 1] if t else np.zeros_like(a_t)
            for level in plan.levels:
                sums = np.abs(plan.weight_matrix(level)) @ np.abs(a_t[level.span])
                block = blocks.get(level.index)
                if block is not None:
                    sums += np.abs(plan.recurrent_matrix(block)) @ np.abs(previous[block.span])
                scale += float(np.vdot(np.abs(rec.delta[t, level.rows]), sums))
            if engine.targets == "every" or t == length - 1:   # a scored step
                out = a_t[plan.output_rows]
                z = rec.z[t, plan.output_rows]
                scale += weight * _loss_terms(plan.loss_name, out, z, y[:, t].T) / batch
    return scale if np.isfinite(scale) else np.inf
