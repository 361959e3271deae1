"""Backpropagation through time over a :class:`~bpstudio.engine.plan.Plan`.

A network with recurrent connections runs on sequences. Time step t computes, level by
level, ``A_t[rows] = f(W @ A_t[span] + R @ A_{t−1}[rspan])`` (plan.py), starting from the
state A_{−1} = 0. The loss of a batch of B sequences is the mean, over the sequences and
over their *scored* steps (every step, or only the last: ``targets``), of the loss of one
step:

    L = 1/S · Σ_{scored t} L_t(a_t, y_t),   L_t the loss's mean over the batch, S = #scored

Backward, time runs in reverse. At step t a neuron's ∂L/∂a is what flows back from step t
itself (the loss, and the neurons that read it at t) plus what flows back from step t+1
through the recurrent connections (Rᵀ δ_{t+1}); then as in backprop.py

    δ_t = ∂L/∂a_t · f′(z_t),  ∂L/∂W += δ_t a_t[span]ᵀ,  ∂L/∂R += δ_t a_{t−1}[rspan]ᵀ.

**Truncation** (``truncation`` = k): the sequence is cut into windows of k steps. The
forward pass carries the state from one window into the next; the backward pass stops at
a window's start (the state that entered it counts as a constant). Memory then holds k
steps, not the whole sequence. The gradient is exactly that of the loss with each window's
entering state held fixed, which :meth:`SequenceEngine.windowed_loss` computes for the
gradient checks.

Data layout: inputs ``(n_sequences, T, n_inputs)``, targets ``(n_sequences, T, n_outputs)``
(with ``targets="last"`` only ``[:, -1]`` is read). All sequences of a batch have one
length T.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from bpstudio.engine import activations, losses
from bpstudio.engine.plan import Plan

Array = np.ndarray
TARGETS = ("every", "last")
#: steps held at once by passes that do not backpropagate (prediction, loss)
FORWARD_WINDOW = 256


class _LevelOps:
    """One level's parameter views and activation functions (independent of the step)."""

    __slots__ = ("rows", "span", "weight", "weight_t_prop", "prop", "grad_w", "rspan",
                 "recurrent", "recurrent_t", "grad_r", "segments", "loss_rows")
    rows: slice                 # buffer rows the level writes
    span: slice                 # buffer rows it reads at this step
    weight: Array               # W, a view into the parameters
    grad_w: Array               # ∂L/∂W, a view into the flat gradient
    #: (activation, rows within the level)
    segments: list[tuple[activations.Activation, slice]]

    def __init__(self) -> None:
        self.prop = slice(0, 0)                     # rows of ∂L/∂a it hands down (no inputs)
        self.weight_t_prop: Array | None = None     # the part of Wᵀ that hands them down
        self.rspan = slice(0, 0)                    # rows of the step before R reads
        self.recurrent: Array | None = None         # R, when recurrent connections feed it
        self.recurrent_t: Array | None = None
        self.grad_r: Array | None = None            # ∂L/∂R
        #: (rows within the level, output indices) of the outputs it computes
        self.loss_rows: tuple[Array, Array] | None = None


@dataclass
class Recording:
    """Every number of a pass over one batch, per step: what the sequence view and the
    unrolled X-ray show. Arrays are ``(T, n_rows, batch)`` laid out like the plan's buffer
    (``plan.row_of``); :meth:`SequenceEngine.unroll` turns them into per-neuron columns."""

    a: Array            # activations a_t
    z: Array            # pre-activations z_t
    delta: Array        # δ_t = ∂L/∂z_t
    grad_a: Array       # ∂L/∂a_t, everything
    grad_a_next: Array  # the part of ∂L/∂a_t that flows back from step t+1 (Rᵀ δ_{t+1})
    step_loss: Array    # (T,) each step's contribution to L (0 where not scored)


class _Workspace:
    """Buffers for batches of ``batch`` sequences, ``window`` steps held at once."""

    def __init__(self, plan: Plan, batch: int, window: int, params: Array) -> None:
        self.plan, self.batch, self.window = plan, batch, window
        dtype = plan.dtype
        n = plan.n_rows
        # slot 0 holds the state entering the window; slots 1..window its steps
        self.a = np.zeros((window + 1, n, batch), dtype=dtype)
        self.a[1:, plan.block_start] = 1.0
        self.z = np.zeros((window + 1, n, batch), dtype=dtype)
        self.grad_a = np.zeros((n, batch), dtype=dtype)
        self.carry = np.zeros((n, batch), dtype=dtype)     # ∂L/∂a_t from step t+1
        self.delta = np.zeros((n, batch), dtype=dtype)
        self.grad = np.zeros(plan.n_params, dtype=dtype)
        self.out = np.empty((plan.n_outputs, batch), dtype=dtype)
        self.out_z = np.empty((plan.n_outputs, batch), dtype=dtype)
        self.target = np.empty((plan.n_outputs, batch), dtype=dtype)
        self.loss_delta = np.empty((plan.n_outputs, batch), dtype=dtype)
        widest = max([lv.n_params for lv in plan.levels]
                     + [r.n_params for r in plan.recurrences] + [1])
        self._grad_tmp = np.empty(widest, dtype=dtype)
        self._prop_tmp = np.empty((n, batch), dtype=dtype)
        self.loss = losses.get(plan.loss_name)
        self.fused = self.loss.fused_delta is not None
        blocks = {r.level: r for r in plan.recurrences}
        out_index = {row: k for k, row in enumerate(plan.output_rows.tolist())}
        self.ops: list[_LevelOps] = []
        for level in plan.levels:
            ops = _LevelOps()
            ops.rows, ops.span = level.rows, level.span
            ops.weight = plan.weight_matrix(level, params)
            ops.grad_w = self.grad[level.offset:level.offset + level.n_params].reshape(
                level.size, level.width)
            start = max(level.span.start, plan.first_hidden_row)
            if start < level.span.stop:    # ∂L/∂a of the inputs is never needed
                ops.prop = slice(start, level.span.stop)
                ops.weight_t_prop = ops.weight[:, start - level.span.start:].T
            block = blocks.get(level.index)
            if block is not None:
                ops.rspan = block.span
                ops.recurrent = plan.recurrent_matrix(block, params)
                ops.recurrent_t = ops.recurrent.T
                ops.grad_r = self.grad[block.offset:block.offset + block.n_params].reshape(
                    block.size, block.width)
            ops.segments = [(activations.get(seg.activation), slice(seg.start, seg.stop))
                            for seg in level.segments]
            rows = [r for r in range(level.rows.start, level.rows.stop) if r in out_index]
            if rows:
                ops.loss_rows = (np.array(rows, dtype=np.intp) - level.rows.start,
                                 np.array([out_index[r] for r in rows], dtype=np.intp))
            self.ops.append(ops)

    def reset_state(self) -> None:
        """The state before a sequence's first step: 0 everywhere."""
        self.a[0] = 0.0

    def carry_state(self, slot: int) -> None:
        """The next window starts where step ``slot`` of this one ended."""
        np.copyto(self.a[0], self.a[slot])

    def forward_step(self, slot: int, x_t: Array) -> None:
        """Step ``slot`` of the window from inputs ``(n_inputs, batch)``."""
        a, z, prev = self.a[slot], self.z[slot], self.a[slot - 1]
        np.copyto(a[self.plan.input_rows], x_t)
        for ops in self.ops:
            zr = z[ops.rows]
            np.dot(ops.weight, a[ops.span], out=zr)
            if ops.recurrent is not None:
                zr += ops.recurrent @ prev[ops.rspan]
            ar = a[ops.rows]
            for act, rows in ops.segments:
                act.forward(zr[rows], ar[rows])

    def outputs(self, slot: int) -> Array:
        np.take(self.a[slot], self.plan.output_rows, axis=0, out=self.out)
        return self.out

    def step_loss(self, slot: int, y_t: Array) -> float:
        """The loss of step ``slot`` (mean over the batch) against ``y_t``."""
        out = self.outputs(slot)
        np.copyto(self.target, y_t)
        if self.loss.stable_value is None:
            return self.loss.value(out, self.target)
        np.take(self.z[slot], self.plan.output_rows, axis=0, out=self.out_z)
        return self.loss.stable_value(out, self.out_z, self.target)

    def backward_step(self, slot: int, y_t: Array | None, scale: float,
                      record: tuple[Recording, int] | None = None) -> None:
        """Step ``slot`` backward: ∂L/∂a from the step after (``carry``) and, when the step
        is scored (``y_t`` given), from its loss times ``scale`` (1/#scored steps)."""
        plan, loss = self.plan, self.loss
        a, z, prev = self.a[slot], self.z[slot], self.a[slot - 1]
        grad_a, carry, delta = self.grad_a, self.carry, self.delta
        np.copyto(grad_a, carry)
        if record is not None:
            rec, t = record
            rec.grad_a_next[t] = carry
        carry.fill(0.0)
        fused = False
        if y_t is not None:
            out = self.outputs(slot)
            np.copyto(self.target, y_t)
            if self.fused:
                assert loss.fused_delta is not None
                loss.fused_delta(out, self.target, self.loss_delta)
                self.loss_delta *= scale
                fused = True
            else:
                g = loss.grad(out, self.target, self.loss_delta)
                g *= scale
                grad_a[plan.output_rows] += g
        for ops in reversed(self.ops):
            zr, ar, ga, d = z[ops.rows], a[ops.rows], grad_a[ops.rows], delta[ops.rows]
            for act, rows in ops.segments:
                target = d[rows]
                result = act.backward(zr[rows], ar[rows], ga[rows], target)
                if result is not target:    # identity hands back ∂L/∂a itself
                    np.copyto(target, result)
            if fused and ops.loss_rows is not None:
                rows_in_level, outputs = ops.loss_rows
                d[rows_in_level] += self.loss_delta[outputs]
            if record is not None:
                rec.delta[t, ops.rows] = d
                rec.grad_a[t, ops.rows] = ga
            self._add_outer(ops.grad_w, d, a[ops.span])
            if ops.weight_t_prop is not None:
                tmp = self._prop_tmp[ops.prop]
                np.dot(ops.weight_t_prop, d, out=tmp)
                grad_a[ops.prop] += tmp
            if ops.recurrent_t is not None:
                assert ops.grad_r is not None
                self._add_outer(ops.grad_r, d, prev[ops.rspan])
                carry[ops.rspan] += ops.recurrent_t @ d

    def _add_outer(self, grad: Array, delta: Array, source: Array) -> None:
        """grad += delta @ sourceᵀ without allocating."""
        tmp = self._grad_tmp[:grad.size].reshape(grad.shape)
        np.dot(delta, source.T, out=tmp)
        grad += tmp


def _check_targets(targets: str) -> None:
    if targets not in TARGETS:
        raise ValueError(f"targets must be one of {', '.join(TARGETS)}; got {targets!r}")


class SequenceEngine:
    """Passes over batches of sequences for one plan (see the module docstring)."""

    def __init__(self, plan: Plan, targets: str = "every", truncation: int | None = None,
                 params: Array | None = None) -> None:
        _check_targets(targets)
        if truncation is not None and truncation < 1:
            raise ValueError(f"truncation must be at least 1 time step; got {truncation}")
        self.plan = plan
        self.targets = targets
        self.truncation = truncation
        self.params = plan.params if params is None else params
        self._workspaces: dict[tuple[int, int], _Workspace] = {}

    def _workspace(self, batch: int, window: int) -> _Workspace:
        key = (batch, window)
        ws = self._workspaces.get(key)
        if ws is None:
            if len(self._workspaces) >= 4:
                self._workspaces.pop(next(iter(self._workspaces)))
            ws = self._workspaces[key] = _Workspace(self.plan, batch, window, self.params)
        return ws

    def _scored(self, length: int) -> tuple[list[bool], float]:
        """Which steps have a target, and 1 / their number."""
        if self.targets == "every":
            return [True] * length, 1.0 / length
        return [t == length - 1 for t in range(length)], 1.0

    # ------------------------------------------------------------- training
    def batch_gradient(self, x_t: Array, y_t: Array) -> tuple[float, Array]:
        """Loss and flat ∂L/∂params of a batch laid out features first:
        ``x_t (n_inputs, batch, T)``, ``y_t (n_outputs, batch, T)``. The gradient is a view
        into the workspace, valid until the next call."""
        batch, length = x_t.shape[1], x_t.shape[2]
        window = min(length, self.truncation or length)
        ws = self._workspace(batch, window)
        scored, scale = self._scored(length)
        ws.grad.fill(0.0)
        ws.reset_state()
        total = 0.0
        for start in range(0, length, window):
            stop = min(start + window, length)
            if start:
                ws.carry_state(window)
            for t in range(start, stop):
                ws.forward_step(t - start + 1, x_t[:, :, t])
                if scored[t]:
                    total += ws.step_loss(t - start + 1, y_t[:, :, t]) * scale
            ws.carry.fill(0.0)    # nothing flows back into a window from after it
            for t in range(stop - 1, start - 1, -1):
                ws.backward_step(t - start + 1, y_t[:, :, t] if scored[t] else None, scale)
        return total, ws.grad

    def loss_and_gradient(self, x: Array, y: Array) -> tuple[float, Array]:
        """Loss and flat ∂L/∂params over all sequences ``x (n, T, n_inputs)``,
        ``y (n, T, n_outputs)`` (truncated as set)."""
        x, y = self._arrays(x, y)
        with np.errstate(over="ignore", under="ignore"):
            value, grad = self.batch_gradient(_features_first(x), _features_first(y))
        return value, grad.copy()

    # ----------------------------------------------------------- evaluation
    def _forward(self, x: Array, visit: Callable[[_Workspace, int, int], None],
                 window: int = FORWARD_WINDOW) -> None:
        """Run ``x (n, T, n_inputs)`` forward as one batch; ``visit(ws, slot, t)`` after
        every step."""
        x_t = _features_first(x)
        length = x_t.shape[2]
        window = min(length, window)
        ws = self._workspace(x_t.shape[1], window)
        ws.reset_state()
        for start in range(0, length, window):
            if start:
                ws.carry_state(window)
            for t in range(start, min(start + window, length)):
                ws.forward_step(t - start + 1, x_t[:, :, t])
                visit(ws, t - start + 1, t)

    def predict(self, x: Array, chunk: int = 1024) -> Array:
        """Outputs ``(n, T, n_outputs)`` at every step of sequences ``(n, T, n_inputs)``."""
        x = np.asarray(x, dtype=self.plan.dtype)
        result = np.empty((x.shape[0], x.shape[1], self.plan.n_outputs), dtype=self.plan.dtype)
        for start in range(0, x.shape[0], chunk):
            part = result[start:start + chunk]

            def keep(ws: _Workspace, slot: int, t: int, part: Array = part) -> None:
                part[:, t, :] = ws.outputs(slot).T

            with np.errstate(over="ignore", under="ignore"):
                self._forward(x[start:start + chunk], keep)
        return result

    def loss(self, x: Array, y: Array, chunk: int = 1024) -> float:
        """Mean loss over all sequences (the forward pass alone)."""
        x, y = self._arrays(x, y)
        length = x.shape[1]
        scored, scale = self._scored(length)
        total = 0.0
        for start in range(0, x.shape[0], chunk):
            part_y = _features_first(y[start:start + chunk])
            sums = [0.0]

            def add(ws: _Workspace, slot: int, t: int, part_y: Array = part_y,
                    sums: list[float] = sums) -> None:
                if scored[t]:
                    sums[0] += ws.step_loss(slot, part_y[:, :, t]) * scale

            with np.errstate(over="ignore", under="ignore"):
                self._forward(x[start:start + chunk], add)
            total += sums[0] * part_y.shape[1]
        return float(total / max(x.shape[0], 1))

    def windowed_loss(self, x: Array, y: Array, states: list[Array] | None = None,
                      visit: Callable[[Array, int], None] | None = None
                      ) -> tuple[float, list[Array]]:
        """The loss truncated BPTT differentiates: each window of ``truncation`` steps
        starts from the state in ``states`` (held fixed), or from the state the pass itself
        carries when ``states`` is None. Returns the loss and the entering states;
        ``visit(a_t, t)`` sees the buffer of every step (rows as in the plan)."""
        x, y = self._arrays(x, y)
        x_t, y_t = _features_first(x), _features_first(y)
        length = x_t.shape[2]
        window = min(length, self.truncation or length)
        ws = self._workspace(x_t.shape[1], window)
        scored, scale = self._scored(length)
        entered: list[Array] = []
        total = 0.0
        ws.reset_state()
        with np.errstate(over="ignore", under="ignore"):
            for k, start in enumerate(range(0, length, window)):
                if start:
                    ws.carry_state(window)
                if states is not None:
                    np.copyto(ws.a[0], states[k])
                entered.append(ws.a[0].copy())
                for t in range(start, min(start + window, length)):
                    ws.forward_step(t - start + 1, x_t[:, :, t])
                    if visit is not None:
                        visit(ws.a[t - start + 1], t)
                    if scored[t]:
                        total += ws.step_loss(t - start + 1, y_t[:, :, t]) * scale
        return total, entered

    # ----------------------------------------------------------------- views
    def record(self, x: Array, y: Array) -> tuple[float, Array, Recording]:
        """Forward and backward through whole sequences (no truncation), keeping every
        step: (loss, flat gradient, :class:`Recording`)."""
        x, y = self._arrays(x, y)
        x_t, y_t = _features_first(x), _features_first(y)
        batch, length = x_t.shape[1], x_t.shape[2]
        ws = _Workspace(self.plan, batch, length, self.params)
        scored, scale = self._scored(length)
        shape = (length, self.plan.n_rows, batch)
        rec = Recording(np.zeros(shape), np.zeros(shape), np.zeros(shape), np.zeros(shape),
                        np.zeros(shape), np.zeros(length))
        ws.reset_state()
        with np.errstate(over="ignore", under="ignore"):
            for t in range(length):
                ws.forward_step(t + 1, x_t[:, :, t])
                if scored[t]:
                    rec.step_loss[t] = ws.step_loss(t + 1, y_t[:, :, t]) * scale
            for t in range(length - 1, -1, -1):
                ws.backward_step(t + 1, y_t[:, :, t] if scored[t] else None, scale,
                                 (rec, t))
        rec.a[:] = ws.a[1:]
        rec.z[:] = ws.z[1:]
        return float(rec.step_loss.sum()), ws.grad.copy(), rec

    def unroll(self, x: Array, y: Array) -> Unrolled:
        """One sequence ``x (T, n_inputs)``, ``y (T, n_outputs)`` step by step, per neuron:
        what the unrolled X-ray and the sequence view draw."""
        x = np.asarray(x, dtype=np.float64)[None]
        y = np.asarray(y, dtype=np.float64)[None]
        loss, grad, rec = self.record(x, y)
        plan = self.plan
        rows = np.array([plan.row_of[n] for n in plan.neuron_ids], dtype=np.intp)

        def columns(values: Array) -> Array:
            return np.ascontiguousarray(values[:, rows, 0])

        return Unrolled(plan.neuron_ids, columns(rec.a), columns(rec.z), columns(rec.delta),
                        columns(rec.grad_a), columns(rec.grad_a_next), rec.step_loss.copy(),
                        loss, grad)

    def _arrays(self, x: Array, y: Array) -> tuple[Array, Array]:
        x = np.asarray(x, dtype=self.plan.dtype)
        y = np.asarray(y, dtype=self.plan.dtype)
        if x.ndim != 3 or y.ndim != 3 or x.shape[:2] != y.shape[:2]:
            raise ValueError(f"sequences must be (n, T, features) arrays of one shape; got "
                             f"inputs {x.shape} and targets {y.shape}")
        return x, y


@dataclass(frozen=True)
class Unrolled:
    """One sequence through the network. Arrays are ``(T, n_neurons)``, columns in
    ``neuron_ids`` order (the plan's; inputs first). At step t:

    * ``grad_a[t] = grad_a_now[t] + grad_a_next[t]``: ∂L/∂a from step t itself (the loss and
      the neurons that read it at t) and from step t+1 through recurrent connections;
    * ``delta[t] = ∂L/∂z`` = ``grad_a[t] · f′(z[t])`` (plus the loss's own ∂L/∂z at the
      outputs with a cross-entropy, which the engine takes from z directly).
    """

    neuron_ids: tuple[int, ...]
    activations: Array
    z: Array
    delta: Array
    grad_a: Array
    grad_a_next: Array
    step_loss: Array            # (T,) each step's share of the loss
    loss: float
    gradient: Array             # flat ∂L/∂params (ask the plan by id: weights_of, …)

    @property
    def grad_a_now(self) -> Array:
        now: Array = self.grad_a - self.grad_a_next
        return now


def _features_first(values: Array) -> Array:
    """``(n, T, features)`` → ``(features, n, T)`` (a view)."""
    result: Array = values.transpose(2, 0, 1)
    return result
