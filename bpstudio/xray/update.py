"""The "apply update" step, w ← w − η·∂L/∂w: old → new value of every parameter.

Frozen weights and biases keep their value, as in training. The loss after the step is
measured by the fast engine on the same samples, so the table ends with the number the
step was meant to lower.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from bpstudio.engine.backprop import Engine
from bpstudio.engine.plan import Plan, compile_network
from bpstudio.model.network import Network
from bpstudio.xray.text import parameter_name

Parameters = tuple[dict[int, float], dict[int, float]]   # (weights, biases)


@dataclass(frozen=True)
class UpdateRow:
    kind: str           # "weight" or "bias"
    id: int             # connection id or neuron id
    name: str           # w(x1 → h1) or b(h1)
    old: float
    grad: float         # ∂L/∂w or ∂L/∂b
    new: float          # old − η·grad (old when frozen)
    frozen: bool


@dataclass(frozen=True)
class UpdateResult:
    rows: tuple[UpdateRow, ...]
    learning_rate: float
    loss_before: float     # on the samples the gradient came from
    loss_after: float

    def old_parameters(self) -> Parameters:
        return _split(self.rows, new=False)

    def new_parameters(self) -> Parameters:
        return _split(self.rows, new=True)

    def row(self, kind: str, param_id: int) -> UpdateRow:
        return next(r for r in self.rows if r.kind == kind and r.id == param_id)


def _split(rows: tuple[UpdateRow, ...], new: bool) -> Parameters:
    weights = {r.id: r.new if new else r.old for r in rows if r.kind == "weight"}
    biases = {r.id: r.new if new else r.old for r in rows if r.kind == "bias"}
    return weights, biases


def loss_with(network: Network, parameters: Parameters | None, x: np.ndarray,
              y: np.ndarray, plan: Plan | None = None) -> float:
    """Mean loss over ``x``/``y`` with ``parameters`` in place of the network's own (the
    network is not changed); pass ``plan`` (float64, of this network) to reuse one."""
    plan = plan if plan is not None else compile_network(network, "float64")
    params = plan.params.copy()
    if parameters is not None:
        plan.write_parameters(*parameters, params)
    return Engine(plan, params).loss(np.atleast_2d(x), np.atleast_2d(y))


def gradient_step(network: Network, grad_w: Mapping[int, float], grad_b: Mapping[int, float],
                  x: np.ndarray, y: np.ndarray, learning_rate: float,
                  loss_before: float | None = None) -> UpdateResult:
    """Every parameter's old → new value after one step of size ``learning_rate``."""
    rows: list[UpdateRow] = []
    for cid in sorted(network.connections):
        c = network.connections[cid]
        g = float(grad_w.get(cid, 0.0))
        new = c.weight if c.frozen else c.weight - learning_rate * g
        rows.append(UpdateRow("weight", cid, parameter_name(network, "weight", cid),
                              c.weight, g, new, c.frozen))
    for nid in sorted(network.neurons):
        n = network.neurons[nid]
        if n.role == "input":
            continue
        g = float(grad_b.get(nid, 0.0))
        new = n.bias if n.frozen else n.bias - learning_rate * g
        rows.append(UpdateRow("bias", nid, parameter_name(network, "bias", nid), n.bias, g,
                              new, n.frozen))
    plan = compile_network(network, "float64")
    before = loss_before if loss_before is not None else loss_with(network, None, x, y, plan)
    result = UpdateResult(tuple(rows), learning_rate, before, float("nan"))
    after = loss_with(network, result.new_parameters(), x, y, plan)
    return UpdateResult(result.rows, learning_rate, before, after)
