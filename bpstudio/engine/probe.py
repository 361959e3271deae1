"""Every neuron's activation and δ = ∂L/∂z for a batch, from the fast engine.

What the GUI colours neurons by while training runs: the backward pass itself copies out
each level's δ as it computes it, so the numbers are exactly the ones training uses.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bpstudio.engine.backprop import Workspace
from bpstudio.engine.plan import Plan
from bpstudio.engine.sequence import SequenceEngine

Array = np.ndarray


@dataclass(frozen=True)
class Probe:
    neuron_ids: tuple[int, ...]   # row order of the arrays below (plan.neuron_ids)
    activations: Array            # a, (n_neurons, batch); inputs hold the data
    deltas: Array                 # δ = ∂L/∂z, (n_neurons, batch); 0 for inputs
    grad: Array                   # flat ∂L/∂params, laid out like plan.params
    loss: float

    def row(self, neuron_id: int) -> int:
        return self.neuron_ids.index(neuron_id)


def probe(plan: Plan, params: Array, x: Array, y: Array, steps: str = "every") -> Probe:
    """Forward and backward over ``x`` ``(batch, n_inputs)`` / encoded ``y`` with
    ``params`` (a copy laid out like ``plan.params``), keeping a and δ of every neuron.

    Sequences ``x (n, T, n_inputs)``, ``y (n, T, n_outputs)`` (``steps``: which are
    scored) run through time, whole: every step of every sequence is one column of
    ``activations`` and ``deltas`` (sequence by sequence, steps in order), and ``grad`` is
    backpropagation through time's."""
    x = np.asarray(x, dtype=plan.dtype)
    y = np.asarray(y, dtype=plan.dtype)
    order = np.array([plan.row_of[n] for n in plan.neuron_ids], dtype=np.intp)
    if x.ndim == 3:
        with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
            loss, grad, rec = SequenceEngine(plan, steps, params=params).record(x, y)

        def columns(values: Array) -> Array:   # (T, rows, n) → (neurons, n·T)
            picked: Array = values[:, order].transpose(1, 2, 0)
            return picked.reshape(len(order), -1)

        return Probe(plan.neuron_ids, columns(rec.a), columns(rec.delta), grad, loss)
    ws = Workspace(plan, x.shape[0], params)
    deltas = np.zeros_like(ws.a)
    with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
        ws.forward(x.T)
        loss = ws.backward(y.T, deltas)
    return Probe(plan.neuron_ids, ws.a[order].copy(), deltas[order], ws.grad.copy(), loss)
