"""Forward and backward passes over a :class:`~bpstudio.engine.plan.Plan`.

Backprop is the chain rule applied from the loss back to every parameter, one level at
a time: for a level computing ``a = f(z)``, ``z = W @ a_span``,

    δ     = ∂L/∂z     = ∂L/∂a · f′(z)           (elementwise)
    ∂L/∂W = δ @ a_spanᵀ                         (bias included: its input is the 1-row)
    ∂L/∂a_span += Wᵀ @ δ                        (handed down to the levels below)

so one backward pass costs about two forward passes, however many parameters there are.

A :class:`Workspace` owns every buffer for one batch size and pre-slices every view, so the
per-step loops below only call NumPy kernels.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from bpstudio.engine import activations, losses
from bpstudio.engine.plan import Level, Plan

Array = np.ndarray


class _LevelOps:
    """Pre-sliced views of one level inside a workspace."""

    __slots__ = ("dot_out", "weight", "source", "steps", "delta", "grad", "source_t",
                 "prop_weight_t", "prop_target", "prop_tmp", "backward_steps", "loss_rows")
    dot_out: Array      # where W @ source lands: z (kept) or the activation rows
    weight: Array       # W, a view into the parameters
    source: Array       # the rows this level reads
    source_t: Array
    delta: Array        # δ of this level (scratch shared by all levels)
    grad: Array         # ∂L/∂W, a view into the flat gradient

    def __init__(self) -> None:
        self.steps: list[tuple[Callable[[Array, Array], None], Array, Array]] = []
        self.backward_steps: list[tuple[Callable[..., Array], Array, Array, Array, Array]] = []
        self.prop_weight_t: Array | None = None
        self.prop_target: Array | None = None
        self.prop_tmp: Array | None = None
        #: (rows within the level, output indices) of outputs whose δ gets the loss's ∂L/∂z
        self.loss_rows: tuple[Array, Array] | None = None


class BackwardSchedule:
    """Static decisions for the backward pass of a plan (independent of batch size).

    Rows of ∂L/∂a are written, not accumulated, by the first level (in reverse order)
    that reaches them; rows a later level must *add* to but nobody wrote first are zeroed
    at the start of each pass.

    A loss with a fused δ (sigmoid + binary cross-entropy, softmax + its cross-entropy)
    hands δ = ∂L/∂z of every output straight to the output's level; an output that also
    feeds other neurons adds the ∂L/∂a they send back times f′(z) to it.
    """

    def __init__(self, plan: Plan) -> None:
        loss = losses.get(plan.loss_name)
        self.fused = loss.fused_delta is not None
        if self.fused and plan.output_activation() != loss.fused_activation:
            # validate() refuses such drawings before a plan exists; a plan built around it
            # must not train on a gradient that is not the loss's
            raise ValueError(f"the {loss.name} loss needs {loss.fused_activation} outputs")
        last = plan.levels[-1]
        #: the outputs are exactly the last level (they feed nothing): the loss writes its δ
        #: straight into that level's δ and nothing is added
        self.direct = self.fused and plan.output_slice == last.rows
        #: level index → (rows within the level, output indices) of the outputs computed
        #: there, whose δ gets the loss's own ∂L/∂z (fused and not direct)
        self.loss_rows = _loss_rows(plan) if self.fused and not self.direct else {}
        #: the last level holds only outputs, so nothing sends ∂L/∂a back to it
        in_last = self.loss_rows.get(last.index)
        self.last_is_outputs = in_last is not None and len(in_last[0]) == last.size
        written = np.zeros(plan.n_rows, dtype=bool)
        if not self.fused:
            written[plan.output_rows] = True
        self.propagate: dict[int, tuple[int, bool]] = {}  # level -> (first row, accumulate)
        zero = np.zeros(plan.n_rows, dtype=bool)
        for level in reversed(plan.levels):
            start = max(level.span.start, plan.first_hidden_row)
            stop = level.span.stop
            if start >= stop:
                continue   # reads only inputs: ∂L/∂x is never needed
            rows = slice(start, stop)
            accumulate = bool(written[rows].any())
            if accumulate:
                zero[rows] |= ~written[rows]
            written[rows] = True
            self.propagate[level.index] = (start, accumulate)
        self.zero_ranges = _ranges(zero)

    def output_levels(self, plan: Plan) -> set[int]:
        """Indices of the levels that compute outputs (their z is kept for the loss)."""
        if self.direct:
            return {plan.levels[-1].index}
        return set(self.loss_rows)


def _loss_rows(plan: Plan) -> dict[int, tuple[Array, Array]]:
    """Per level computing outputs: (their rows within the level, their output indices)."""
    out_index = {row: k for k, row in enumerate(plan.output_rows.tolist())}
    found: dict[int, tuple[Array, Array]] = {}
    for level in plan.levels:
        rows = [r for r in range(level.rows.start, level.rows.stop) if r in out_index]
        if rows:
            found[level.index] = (np.array(rows, dtype=np.intp) - level.rows.start,
                                  np.array([out_index[r] for r in rows], dtype=np.intp))
    return found


def _ranges(mask: Array) -> list[slice]:
    """Contiguous True runs of a boolean vector as slices."""
    edges = np.flatnonzero(np.diff(np.concatenate([[0], mask.astype(np.int8), [0]])))
    return [slice(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True)]


class Workspace:
    """Buffers and views for passes over batches of exactly ``batch`` samples."""

    def __init__(self, plan: Plan, batch: int, params: Array | None = None) -> None:
        self.plan = plan
        self.batch = batch
        dtype = plan.dtype
        params = plan.params if params is None else params
        self.params = params
        self.schedule = _schedule(plan)
        self.loss = losses.get(plan.loss_name)
        self.a = np.zeros((plan.n_rows, batch), dtype=dtype)     # activations a
        self.a[plan.block_start] = 1.0                           # the bias rows
        self.grad_a = np.zeros((plan.n_rows, batch), dtype=dtype)  # ∂L/∂a
        self.grad = np.zeros(plan.n_params, dtype=dtype)         # ∂L/∂params (flat)
        self.targets = np.zeros((plan.n_outputs, batch), dtype=dtype)
        self.inputs = self.a[plan.input_rows]
        widest = max((lv.size for lv in plan.levels), default=0)
        self._delta = np.empty((widest, batch), dtype=dtype)     # δ of the current level
        self.outputs_view = (self.a[plan.output_slice] if plan.output_slice is not None
                             else None)
        schedule = self.schedule
        self._z_levels = schedule.output_levels(plan) if schedule.fused else set()
        self.ops = [self._level_ops(level) for level in plan.levels]
        #: the outputs' pre-activations, when the loss value is taken from them: the last
        #: level's own z buffer, or (outputs spread over levels) gathered into this one
        self.output_z: Array | None = None
        #: the loss's δ = ∂L/∂z of every output, when it is not written into a level's δ
        self._loss_delta: Array | None = None
        if schedule.direct:
            self.output_z = self.ops[-1].dot_out
        elif schedule.fused:
            self.output_z = np.empty((plan.n_outputs, batch), dtype=dtype)
            self._loss_delta = np.empty((plan.n_outputs, batch), dtype=dtype)

    def _level_ops(self, level: Level) -> _LevelOps:
        plan, ops = self.plan, _LevelOps()
        ops.weight = plan.weight_matrix(level, self.params)
        ops.source = self.a[level.span]
        ops.source_t = ops.source.T
        a_rows = self.a[level.rows]
        keep_z = level.keep_z or level.index in self._z_levels
        z_rows = np.empty_like(a_rows) if keep_z else a_rows
        ops.dot_out = z_rows
        ops.delta = self._delta[:level.size]
        ops.grad = self.grad[level.offset:level.offset + level.n_params].reshape(
            level.size, level.width)
        grad_a_rows = self.grad_a[level.rows]
        for seg in level.segments:
            act = activations.get(seg.activation)
            rows = slice(seg.start, seg.stop)
            if not (act.name == "identity" and z_rows is a_rows):
                ops.steps.append((act.forward, z_rows[rows], a_rows[rows]))
            ops.backward_steps.append((act.backward, z_rows[rows], a_rows[rows],
                                       grad_a_rows[rows], ops.delta[rows]))
        ops.loss_rows = self.schedule.loss_rows.get(level.index)
        prop = self.schedule.propagate.get(level.index)
        if prop is not None:
            start, accumulate = prop
            ops.prop_weight_t = ops.weight[:, start - level.span.start:].T
            ops.prop_target = self.grad_a[start:level.span.stop]
            if accumulate:
                ops.prop_tmp = np.empty_like(ops.prop_target)
        return ops

    # ---------------------------------------------------------------- passes
    def forward(self, x_t: Array) -> Array:
        """Run the network on ``x_t`` of shape ``(n_inputs, batch)``; returns the outputs
        ``(n_outputs, batch)`` (a view into the workspace when the outputs are contiguous)."""
        np.copyto(self.inputs, x_t)
        for ops in self.ops:
            np.dot(ops.weight, ops.source, out=ops.dot_out)
            for forward, z, a in ops.steps:
                forward(z, a)
        return self.outputs()

    def finish_forward(self, first: int) -> Array:
        """The rest of a forward pass whose level ``first`` (a position in ``plan.levels``)
        already holds its pre-activations in ``ops[first].dot_out`` and whose rows below
        it hold their activations: that level's activations, then every later level."""
        for forward, z, a in self.ops[first].steps:
            forward(z, a)
        for ops in self.ops[first + 1:]:
            np.dot(ops.weight, ops.source, out=ops.dot_out)
            for forward, z, a in ops.steps:
                forward(z, a)
        return self.outputs()

    def copy_losses(self, y_t: Array, copies: int) -> Array:
        """After a forward pass over ``copies`` blocks of equally many samples side by side
        (columns ``k·n … (k+1)·n``), each block's loss against ``y_t`` ``(n_outputs, n)``."""
        n = self.batch // copies
        self.targets.reshape(-1, copies, n)[:] = y_t[:, None, :]
        out = self.outputs()
        values = np.empty(copies)
        output_z = self._gathered_output_z()
        for k in range(copies):
            block = slice(k * n, (k + 1) * n)
            if output_z is None:
                values[k] = self.loss.value(out[:, block], self.targets[:, block])
            else:
                assert self.loss.stable_value is not None
                values[k] = self.loss.stable_value(out[:, block], output_z[:, block],
                                                   self.targets[:, block])
        return values

    def outputs(self) -> Array:
        if self.outputs_view is not None:
            return self.outputs_view
        return self.a[self.plan.output_rows]

    def backward(self, y_t: Array, deltas: Array | None = None) -> float:
        """After :meth:`forward`: fill :attr:`grad` with ∂L/∂params for targets ``y_t``
        ``(n_outputs, batch)`` and return the loss of this batch. ``deltas``, laid out like
        :attr:`a`, receives every level's δ = ∂L/∂z (for the views; training passes None)."""
        plan, schedule, loss = self.plan, self.schedule, self.loss
        np.copyto(self.targets, y_t)
        out = self.outputs()
        value = self._loss_value(out)
        for rows in schedule.zero_ranges:
            self.grad_a[rows] = 0.0
        ops_list = self.ops
        last = len(ops_list) - 1
        if schedule.fused:
            own = ops_list[last].delta if schedule.direct else self._loss_delta
            assert loss.fused_delta is not None and own is not None
            loss.fused_delta(out, self.targets, own)
        elif plan.output_slice is not None:
            loss.grad(out, self.targets, self.grad_a[plan.output_slice])
        else:
            self.grad_a[plan.output_rows] = loss.grad(out, self.targets, np.empty_like(out))
        for i in range(last, -1, -1):
            ops = ops_list[i]
            if i == last and schedule.direct:
                delta = ops.delta
            elif i == last and schedule.last_is_outputs:
                assert ops.loss_rows is not None and self._loss_delta is not None
                delta = np.take(self._loss_delta, ops.loss_rows[1], axis=0, out=ops.delta)
            else:
                delta = self._level_delta(ops)
            np.dot(delta, ops.source_t, out=ops.grad)
            if deltas is not None:
                deltas[plan.levels[i].rows] = delta
            if ops.prop_weight_t is not None:
                if ops.prop_tmp is None:
                    np.dot(ops.prop_weight_t, delta, out=ops.prop_target)
                else:
                    np.dot(ops.prop_weight_t, delta, out=ops.prop_tmp)
                    ops.prop_target += ops.prop_tmp
        return value

    def _level_delta(self, ops: _LevelOps) -> Array:
        """δ = ∂L/∂a · f′(z) of a level's rows, plus the loss's own δ at its outputs."""
        if len(ops.backward_steps) == 1:
            backward, z, a, grad_a, d = ops.backward_steps[0]
            delta = backward(z, a, grad_a, d)
        else:
            for backward, z, a, grad_a, d in ops.backward_steps:
                result = backward(z, a, grad_a, d)
                if result is not d:
                    np.copyto(d, result)
            delta = ops.delta
        if ops.loss_rows is not None:
            assert self._loss_delta is not None
            if delta is not ops.delta:   # identity's δ is ∂L/∂a itself: leave that intact
                np.copyto(ops.delta, delta)
                delta = ops.delta
            rows, outputs = ops.loss_rows
            delta[rows] += self._loss_delta[outputs]
        return delta

    def loss_value(self, y_t: Array) -> float:
        np.copyto(self.targets, y_t)
        return self._loss_value(self.outputs())

    def _loss_value(self, out: Array) -> float:
        """From z for the cross-entropies (exact for any margin), else from the outputs."""
        output_z = self._gathered_output_z()
        if output_z is None:
            return self.loss.value(out, self.targets)
        assert self.loss.stable_value is not None
        return self.loss.stable_value(out, output_z, self.targets)

    def _gathered_output_z(self) -> Array | None:
        """The outputs' pre-activations when the loss is taken from them (gathered from
        their levels unless they are the last level's own), else None."""
        output_z = self.output_z
        if output_z is not None and not self.schedule.direct:
            for ops in self.ops:
                if ops.loss_rows is not None:
                    rows, outputs = ops.loss_rows
                    output_z[outputs] = ops.dot_out[rows]
        return output_z


def _schedule(plan: Plan) -> BackwardSchedule:
    schedule = getattr(plan, "_backward_schedule", None)
    if schedule is None:
        schedule = BackwardSchedule(plan)
        plan._backward_schedule = schedule  # type: ignore[attr-defined]
    return schedule


class Engine:
    """Workspaces by batch size for one plan: the entry point for passes over any batch."""

    def __init__(self, plan: Plan, params: Array | None = None) -> None:
        self.plan = plan
        self.params = plan.params if params is None else params
        self._workspaces: dict[int, Workspace] = {}

    def workspace(self, batch: int) -> Workspace:
        ws = self._workspaces.get(batch)
        if ws is None:
            if len(self._workspaces) >= 4:   # train, last partial batch, evaluation chunks
                self._workspaces.pop(next(iter(self._workspaces)))
            ws = self._workspaces[batch] = Workspace(self.plan, batch, self.params)
        return ws

    def batch_gradient(self, x_t: Array, y_t: Array) -> tuple[float, Array]:
        """Loss and flat ∂L/∂params of one minibatch laid out features first,
        ``(n_inputs, batch)`` / ``(n_outputs, batch)``; the gradient is the workspace's
        own buffer, valid until the next pass of that batch size."""
        ws = self.workspace(x_t.shape[1])
        ws.forward(x_t)
        return ws.backward(y_t), ws.grad

    def predict(self, x: Array, chunk: int = 1024) -> Array:
        """Outputs ``(n_samples, n_outputs)`` for inputs ``(n_samples, n_inputs)``."""
        x = np.asarray(x, dtype=self.plan.dtype)
        result = np.empty((x.shape[0], self.plan.n_outputs), dtype=self.plan.dtype)
        with np.errstate(over="ignore", under="ignore"):
            for start in range(0, x.shape[0], chunk):
                part = x[start:start + chunk]
                ws = self.workspace(part.shape[0])
                result[start:start + part.shape[0]] = ws.forward(part.T).T
        return result

    def neuron_activations(self, x: Array, chunk: int = 4096) -> Array:
        """Activation of every neuron, ``(n_samples, n_neurons)`` with columns in
        ``plan.neuron_ids`` order (decision maps of hidden neurons, activation fills)."""
        x = np.asarray(x, dtype=self.plan.dtype)
        rows = np.array([self.plan.row_of[n] for n in self.plan.neuron_ids], dtype=np.intp)
        result = np.empty((x.shape[0], len(rows)), dtype=self.plan.dtype)
        with np.errstate(over="ignore", under="ignore"):
            for start in range(0, x.shape[0], chunk):
                part = x[start:start + chunk]
                ws = self.workspace(part.shape[0])
                ws.forward(part.T)
                result[start:start + part.shape[0]] = ws.a[rows].T
        return result

    def loss_and_gradient(self, x: Array, y: Array) -> tuple[float, Array]:
        """Loss and flat ∂L/∂params over the whole of ``x``/``y`` (rows are samples)."""
        x = np.asarray(x, dtype=self.plan.dtype)
        y = np.asarray(y, dtype=self.plan.dtype)
        ws = Workspace(self.plan, x.shape[0], self.params)
        with np.errstate(over="ignore", under="ignore"):
            ws.forward(x.T)
            value = ws.backward(y.T)
        return value, ws.grad.copy()

    def loss(self, x: Array, y: Array, chunk: int = 4096) -> float:
        """Mean loss over all samples (chunked so big sets need little memory)."""
        x = np.asarray(x, dtype=self.plan.dtype)
        y = np.asarray(y, dtype=self.plan.dtype)
        total = 0.0
        with np.errstate(over="ignore", under="ignore"):
            for start in range(0, x.shape[0], chunk):
                ws = self.workspace(min(chunk, x.shape[0] - start))
                ws.forward(x[start:start + chunk].T)
                total += ws.loss_value(y[start:start + chunk].T) * ws.batch
        return float(total / max(x.shape[0], 1))
