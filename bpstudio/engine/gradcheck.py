"""Gradient check: backprop beside the tutorial's own definition of a derivative.

For every parameter w: f = (L(w + ε) − L(w − ε)) / 2ε, in float64, next to b = ∂L/∂w from
backprop, and their relative error

    |b − f| / max(|b|, |f|, floor),    floor = max(10⁻³ · max |b|, 10⁷ · u · S / ε)

(0 where both |b| and |f| are below 10⁻¹²). u = 2⁻⁵² ≈ 2.2e-16 is float64's rounding unit
and S the size of what the loss is computed from (``roundoff.rounding_scale``: |L| plus
the magnitudes its rounding errors are multiplied by), so u·S/ε is how uncertain the
central difference itself is, whatever the gradient's size. A gradient far below its
neighbours, or below that uncertainty, cannot be resolved to six digits: the floor's first
term judges it against the largest gradient, the second (the noise floor) against 10⁷
times the uncertainty, which at the default tolerance 10⁻⁶ allows an absolute error of
10 · u·S/ε (S adds magnitudes, so it bounds the rounding from above) — still far below
what any wrong derivative of that size would miss by.

**Curvature.** A central difference is off by ε²·L‴/6 too: tiny, unless the loss bends
hard (a sine of a large z). A parameter that misses the tolerance is measured again with
the step 2ε, and Richardson's extrapolation (4·f(ε) − f(2ε)) / 3 — the same differences
with their ε² error cancelled — is kept where it agrees better; the row then shows it.

**Kinks.** ReLU and leaky ReLU have no derivative at z = 0; backprop takes the slope of
the z < 0 side there. A nudge that moves such a neuron's z across 0 on some sample
measures the average of the two sides instead, so :func:`check_away_from_kinks` leaves
those samples out (and says how many) and compares the two on the others.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bpstudio.engine.backprop import Engine, Workspace
from bpstudio.engine.plan import Plan
from bpstudio.engine.roundoff import rounding_scale, sequence_rounding_scale
from bpstudio.engine.sequence import SequenceEngine

Array = np.ndarray
DEFAULT_EPSILON = 1e-5
DEFAULT_TOLERANCE = 1e-6
_TINY = 1e-12          # below this both gradients count as zero (relative error 0)
FLOOR_FRACTION = 1e-3  # the error floor, as a fraction of the largest gradient
NOISE_FACTOR = 1e7     # the noise floor, in units of a central difference's round-off
KINKED = ("relu", "leaky_relu")   # activations without a derivative at z = 0
_CHUNK = 4096          # samples per forward pass (big sets need little memory)
_NUDGED_COLUMNS = 4096  # samples × nudged copies in one pass of _nudged_in_bulk


@dataclass(frozen=True)
class Sequences:
    """Checks over sequences ``x (n, T, n_inputs)``, ``y (n, T, n_outputs)``: which steps
    are scored and the truncation (engine/sequence.py). With a truncation, the central
    differences are of the loss BPTT differentiates: each window starts from the state the
    unnudged parameters carry into it."""

    targets: str = "every"
    truncation: int | None = None


@dataclass(frozen=True)
class GradientRow:
    kind: str            # "weight" or "bias"
    id: int              # connection id (weight) or neuron id (bias)
    value: float         # the parameter's current value
    backprop: float      # ∂L/∂w by the chain rule
    numeric: float       # central difference
    relative_error: float


@dataclass(frozen=True)
class KinkFreeCheck:
    """A gradient check over the samples where no nudge crosses a kink."""

    rows: list[GradientRow]
    samples: Array       # indices (into the given x) of the samples compared
    #: samples where some nudge moved a ReLU input across 0, left out; all of them (and
    #: ``samples`` the ones the rows still cross a kink on) when no sample is free of one
    at_kinks: int
    noise_floor: float   # the floor's second term, 10⁷ · u · S / ε


def noise_floor(scale: float, epsilon: float) -> float:
    """NOISE_FACTOR times the round-off uncertainty u·S/ε of a central difference of a
    loss computed from magnitudes of size ``scale`` (``roundoff.rounding_scale``)."""
    return NOISE_FACTOR * float(np.finfo(np.float64).eps) * scale / epsilon


def relative_error(backprop: Array, numeric: Array, noise: float = 0.0) -> Array:
    """|b − f| / max(|b|, |f|, floor), elementwise; 0 where both are zero. ``noise`` is
    the :func:`noise_floor` (0: judge against the largest gradient only)."""
    largest = float(np.max(np.abs(backprop), initial=0.0))
    floor = max(FLOOR_FRACTION * largest, noise, _TINY)
    scale = np.maximum(np.maximum(np.abs(backprop), np.abs(numeric)), floor)
    error = np.abs(backprop - numeric) / scale
    error[(np.abs(backprop) < _TINY) & (np.abs(numeric) < _TINY)] = 0.0
    return np.asarray(error)


def _kinked_rows(plan: Plan) -> Array:
    """Buffer rows of the neurons whose activation has a kink at z = 0."""
    rows = [level.rows.start + r for level in plan.levels for seg in level.segments
            if seg.activation in KINKED for r in range(seg.start, seg.stop)]
    return np.array(rows, dtype=np.intp)


def _loss_and_sides(engine: Engine, x: Array, y: Array, rows: Array) -> tuple[float, Array]:
    """Mean loss over ``x``/``y`` and, per sample, which side of 0 each kinked neuron's z
    is on (``a > 0`` ⇔ ``z > 0`` for ReLU and leaky ReLU): ``(len(rows), n)`` booleans."""
    total = 0.0
    sides = np.empty((len(rows), x.shape[0]), dtype=bool)
    with np.errstate(over="ignore", under="ignore"):
        for start in range(0, x.shape[0], _CHUNK):
            stop = min(start + _CHUNK, x.shape[0])
            ws = engine.workspace(stop - start)
            ws.forward(x[start:stop].T)
            total += ws.loss_value(y[start:stop].T) * ws.batch
            np.greater(ws.a[rows], 0.0, out=sides[:, start:stop])
    return total / max(x.shape[0], 1), sides


def _sequence_loss_and_sides(engine: SequenceEngine, x: Array, y: Array, rows: Array,
                             states: list[Array]) -> tuple[float, Array]:
    """:func:`_loss_and_sides` over sequences: one row of sides per kinked neuron and
    step, windows entered from ``states``."""
    sides = np.empty((x.shape[1], len(rows), x.shape[0]), dtype=bool)

    def look(a_t: Array, t: int) -> None:
        np.greater(a_t[rows], 0.0, out=sides[t])

    loss, _ = engine.windowed_loss(x, y, states, look)
    return loss, sides.reshape(-1, x.shape[0])


def _central_differences(plan: Plan, x: Array, y: Array, index: Array,
                         epsilon: float, sequences: Sequences | None = None
                         ) -> tuple[Array, Array]:
    """(central differences at ``index``, per sample: did any nudge cross a kink)."""
    if plan.dtype != np.float64:
        raise ValueError("gradient checks run in float64: compile the plan with dtype float64")
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if sequences is None and 0 < x.shape[0] <= _NUDGED_COLUMNS // 2 and _in_levels(plan, index):
        return _nudged_in_bulk(plan, x, y, index, epsilon)
    return _nudged_one_by_one(plan, x, y, index, epsilon, sequences)


def _in_levels(plan: Plan, index: Array) -> bool:
    """Whether every parameter at ``index`` is a weight or bias of a level (not a
    recurrent weight)."""
    inside = np.zeros(len(index), dtype=bool)
    for level in plan.levels:
        inside |= (index >= level.offset) & (index < level.offset + level.n_params)
    return bool(inside.all())


def _nudged_in_bulk(plan: Plan, x: Array, y: Array, index: Array, epsilon: float
                    ) -> tuple[Array, Array]:
    """:func:`_nudged_one_by_one` for feed-forward plans, many nudges per pass.

    Nudging W[r, c] of a level by ±ε changes that level's pre-activation z[r] by ±ε·a[c]
    on every sample (a: what the level reads; c = 0 is the constant-1 row, so biases are
    the same) and nothing before the level. So the pass below the level is run once, and
    each wide pass holds ``copies`` samples-sets nudged by +ε and as many by −ε side by
    side, each z set from the unnudged one plus its nudge, then runs the level's
    activations and every level after it: the same losses as nudging the parameters one
    by one and running whole passes, about a hundred times faster on 784-64-10."""
    n = x.shape[0]
    copies = max(1, _NUDGED_COLUMNS // (2 * n))
    base, wide = Workspace(plan, n), Workspace(plan, 2 * copies * n)
    rows = _kinked_rows(plan)
    y_t = y.T
    with np.errstate(over="ignore", under="ignore"):
        base.forward(x.T)
        a = base.a.copy()
        sides = a[rows] > 0
        tiled = wide.a.reshape(plan.n_rows, 2 * copies, n)
        result = np.empty(len(index))
        crossed = np.zeros(n, dtype=bool)
        for position, level in enumerate(plan.levels):
            mine = np.flatnonzero((index >= level.offset)
                                  & (index < level.offset + level.n_params))
            if not len(mine):
                continue
            # unnudged below this level (earlier levels' nudges): activations, and the
            # pre-activations the loss is taken from when they are kept apart from them
            tiled[:] = a[:, None, :]
            for below in range(position):
                size = plan.levels[below].size
                wide.ops[below].dot_out.reshape(size, 2 * copies, n)[:] = \
                    base.ops[below].dot_out[:, None, :]
            z = plan.weight_matrix(level) @ a[level.span]    # its unnudged pre-activations
            wide_z = wide.ops[position].dot_out.reshape(level.size, 2 * copies, n)
            for start in range(0, len(mine), copies):
                chunk = mine[start:start + copies]
                k = len(chunk)
                r, c = np.divmod(index[chunk] - level.offset, level.width)
                nudge = epsilon * a[level.span.start + c]     # (k, n): ε·a[c] per sample
                wide_z[:] = z[:, None, :]
                wide_z[r, np.arange(k)] += nudge
                wide_z[r, copies + np.arange(k)] -= nudge
                wide.finish_forward(position)
                losses = wide.copy_losses(y_t, 2 * copies)
                result[chunk] = (losses[:k] - losses[copies:copies + k]) / (2 * epsilon)
                moved = (wide.a[rows] > 0).reshape(len(rows), 2 * copies, n) != sides[:, None, :]
                crossed |= moved[:, :k].any(axis=(0, 1)) | \
                    moved[:, copies:copies + k].any(axis=(0, 1))
    return result, crossed


def _nudged_one_by_one(plan: Plan, x: Array, y: Array, index: Array, epsilon: float,
                       sequences: Sequences | None) -> tuple[Array, Array]:
    """Central differences by nudging one flat parameter at a time and running the whole
    pass (the tutorial's definition, literally; sequences, and huge sample sets)."""
    params = plan.params.copy()   # nudged one entry at a time; the plan stays untouched
    rows = _kinked_rows(plan)
    if sequences is None:
        engine = Engine(plan, params)

        def loss_and_sides() -> tuple[float, Array]:
            return _loss_and_sides(engine, x, y, rows)
    else:
        series = SequenceEngine(plan, sequences.targets, sequences.truncation, params)
        _, states = series.windowed_loss(x, y)

        def loss_and_sides() -> tuple[float, Array]:
            return _sequence_loss_and_sides(series, x, y, rows, states)

    _, base = loss_and_sides()
    crossed = np.zeros(x.shape[0], dtype=bool)
    result = np.empty(len(index))
    for k, i in enumerate(index):
        saved = params[i]
        params[i] = saved + epsilon
        plus, sides_plus = loss_and_sides()
        params[i] = saved - epsilon
        minus, sides_minus = loss_and_sides()
        params[i] = saved
        result[k] = (plus - minus) / (2 * epsilon)
        crossed |= (sides_plus != base).any(axis=0) | (sides_minus != base).any(axis=0)
    return result, crossed


def numeric_gradient(plan: Plan, x: Array, y: Array, index: Array,
                     epsilon: float = DEFAULT_EPSILON) -> Array:
    """Central differences of the loss for the flat parameters at ``index``."""
    return _central_differences(plan, x, y, index, epsilon)[0]


def _rows(plan: Plan, x: Array, y: Array, epsilon: float, tolerance: float,
          sequences: Sequences | None = None) -> tuple[list[GradientRow], Array, float]:
    """(rows, per sample: crossed a kink, noise floor) over all of ``x``/``y``."""
    if plan.dtype != np.float64:
        raise ValueError("gradient checks run in float64: compile the plan with dtype float64")
    if sequences is None:
        _, grad = Engine(plan).loss_and_gradient(x, y)
        scale = rounding_scale(plan, x, y)
    else:
        series = SequenceEngine(plan, sequences.targets, sequences.truncation)
        _, grad = series.loss_and_gradient(x, y)
        scale = sequence_rounding_scale(series, x, y)
    index = np.concatenate([plan.weight_index, plan.bias_index])
    kinds = ["weight"] * len(plan.weight_index) + ["bias"] * len(plan.bias_index)
    ids = list(plan.connection_ids) + list(plan.bias_ids)
    numeric, crossed = _central_differences(plan, x, y, index, epsilon, sequences)
    backprop = grad[index]
    noise = noise_floor(scale, epsilon)
    errors = relative_error(backprop, numeric, noise)
    again = np.flatnonzero(errors > tolerance)
    if len(again):   # curvature: cancel the ε² term with a second step (module docstring)
        wide, wide_crossed = _central_differences(plan, x, y, index[again], 2 * epsilon,
                                                  sequences)
        crossed |= wide_crossed
        extrapolated = numeric.copy()
        extrapolated[again] = (4 * numeric[again] - wide) / 3
        # the extrapolation weighs the round-off of both steps: about 1.5 times the noise
        better = relative_error(backprop, extrapolated, 1.5 * noise)
        keep = again[better[again] < errors[again]]
        numeric[keep], errors[keep] = extrapolated[keep], better[keep]
    rows = [GradientRow(kind, pid, float(plan.params[i]), float(b), float(f), float(e))
            for kind, pid, i, b, f, e in zip(kinds, ids, index, backprop, numeric, errors,
                                             strict=True)]
    return rows, crossed, noise


def gradient_check(plan: Plan, x: Array, y: Array, epsilon: float = DEFAULT_EPSILON,
                   tolerance: float = DEFAULT_TOLERANCE,
                   sequences: Sequences | None = None) -> list[GradientRow]:
    """One row per weight and bias, backprop vs finite differences over all of ``x``
    (float64 plan); ``x`` is ``(n, n_inputs)``, ``y`` the encoded targets (with
    ``sequences``: ``(n, T, …)`` each). Rows beyond ``tolerance`` are measured again
    against the loss's curvature (module docstring)."""
    return _rows(plan, x, y, epsilon, tolerance, sequences)[0]


def check_away_from_kinks(plan: Plan, x: Array, y: Array, epsilon: float = DEFAULT_EPSILON,
                          tolerance: float = DEFAULT_TOLERANCE,
                          sequences: Sequences | None = None) -> KinkFreeCheck:
    """:func:`gradient_check` over the samples of ``x`` where no nudge moves a ReLU or
    leaky-ReLU input across 0 (see the module docstring); with ``sequences`` a sample is
    a whole sequence, left out when a nudge crosses a kink at any of its steps."""
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    kept = np.arange(x.shape[0])
    rows, crossed, noise = _rows(plan, x, y, epsilon, tolerance, sequences)
    while crossed.any():
        if crossed.all():      # nothing left to compare away from a kink
            return KinkFreeCheck(rows, kept, x.shape[0], noise)
        # Leaving samples out changes no other sample's pass, so this ends at once
        # (rounding aside, which can only shrink the set further).
        kept = kept[~crossed]
        rows, crossed, noise = _rows(plan, x[kept], y[kept], epsilon, tolerance, sequences)
    return KinkFreeCheck(rows, kept, x.shape[0] - len(kept), noise)
