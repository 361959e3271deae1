"""The unrolled X-ray: one sequence through a recurrent network, one copy per time step.

Every number is the engine's (``SequenceEngine.unroll``: the forward and backward pass
through time that training runs, without truncation). The steps only decide what shows:

    0 … T−1         forward    time step t computed: a and z of every neuron in copy t
    T               loss       the loss over the scored steps
    T+1 … 2T        backward   time step t = T−1 … 0: ∂L/∂a and δ of every neuron there

and the chain rule writes δ at step t as the sum of what flows back from step t itself
(the loss at t, the neurons that read the neuron at t) and from step t+1 (through the
recurrent connections, which read the neuron one step later):

    ∂L/∂a_j(t) = Σ_k w_jk·δ_k(t)  [+ the loss at t]   +   Σ_k r_jk·δ_k(t+1)
    δ_j(t)     = ∂L/∂a_j(t) · f′(z_j(t))
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bpstudio.engine.activations import get as activation
from bpstudio.engine.plan import Plan
from bpstudio.engine.sequence import SequenceEngine, Unrolled
from bpstudio.model.network import Network
from bpstudio.xray.chain import MAX_TERMS, SLOPES, ChainLine
from bpstudio.xray.text import fmt, neuron_name, signed, sub

FUSED_LOSSES = {"binary_cross_entropy": "sigmoid", "softmax_cross_entropy": "softmax"}


@dataclass(frozen=True)
class Edge:
    """One connection as the unrolled view draws it."""

    connection_id: int
    source: int
    target: int
    weight: float
    recurrent: bool


def _edge(network: Network, edge: Edge) -> str:
    return f"{neuron_name(network, edge.source)}→{neuron_name(network, edge.target)}"


def at(symbol: str, name: str, t: int) -> str:
    """``δ_{h1}(3)``: a quantity of neuron ``name`` at time step ``t``."""
    return f"{sub(symbol, name)}({t})"


class UnrolledPass:
    """One sequence ``x (T, n_inputs)``, encoded targets ``y (T, n_outputs)``, through
    ``plan`` (compiled from ``network``) with its parameters, step by step."""

    def __init__(self, network: Network, plan: Plan, x: np.ndarray, y: np.ndarray,
                 targets: str = "every") -> None:
        self.network, self.plan, self.targets = network, plan, targets
        self.run: Unrolled = SequenceEngine(plan, targets).unroll(x, y)
        self.x = np.asarray(x, dtype=np.float64)
        self.y = np.asarray(y, dtype=np.float64)
        self.length = int(self.run.activations.shape[0])
        self.column = {nid: k for k, nid in enumerate(self.run.neuron_ids)}
        weights = plan.weights_of(plan.params)
        self.edges = [Edge(cid, s, t, float(w), bool(r)) for cid, (s, t), w, r in zip(
            plan.connection_ids, plan.connection_ends, weights.tolist(),
            plan.connection_recurrent, strict=True)]
        self._outgoing: dict[int, list[Edge]] = {}
        for edge in self.edges:
            self._outgoing.setdefault(edge.source, []).append(edge)
        self.inputs = set(plan.input_ids)
        self.outputs = set(plan.output_ids)
        self.fused = (FUSED_LOSSES.get(plan.loss_name)
                      if plan.loss_name in FUSED_LOSSES else None)

    # ------------------------------------------------------------------ steps
    @property
    def n_steps(self) -> int:
        """Steps of the script: T forward, the loss, T backward."""
        return 2 * self.length + 1

    def phase(self, step: int) -> tuple[str, int]:
        """("forward", t), ("loss", T − 1) or ("backward", t) of script step ``step``."""
        if step < self.length:
            return "forward", step
        if step == self.length:
            return "loss", self.length - 1
        return "backward", 2 * self.length - step

    def computed(self, step: int, t: int) -> bool:
        """Whether a and z at time ``t`` are shown once the script is at ``step``."""
        return t <= step

    def backpropagated(self, step: int, t: int) -> bool:
        """Whether ∂L/∂a and δ at time ``t`` are shown once the script is at ``step``."""
        return step > self.length and t >= 2 * self.length - step

    # ----------------------------------------------------------------- values
    def value(self, quantity: str, nid: int, t: int) -> float:
        """The engine's ``quantity`` ("a", "z", "delta", "grad_a", "grad_a_now",
        "grad_a_next") of neuron ``nid`` at time step ``t``."""
        arrays = {"a": self.run.activations, "z": self.run.z, "delta": self.run.delta,
                  "grad_a": self.run.grad_a, "grad_a_next": self.run.grad_a_next,
                  "grad_a_now": self.run.grad_a_now}
        return float(arrays[quantity][t, self.column[nid]])

    def is_fused(self, nid: int) -> bool:
        """Whether the loss gives output ``nid``'s ∂L/∂z directly (cross-entropy with its
        sigmoid or softmax), so its δ is not ∂L/∂a·f′(z)."""
        return nid in self.outputs and self.fused == self.network.neurons[nid].activation

    def scored(self, t: int) -> bool:
        """Whether the loss has a target at step ``t``."""
        return self.targets == "every" or t == self.length - 1

    def target(self, nid: int, t: int) -> float:
        return float(self.y[t, self.plan.output_ids.index(nid)])

    # ------------------------------------------------------------ chain rule
    def flow_now(self, nid: int, t: int) -> list[tuple[Edge, float]]:
        """(edge, δ of its target at t) for each ordinary connection out of ``nid``."""
        return [(e, self.value("delta", e.target, t)) for e in self._outgoing.get(nid, [])
                if not e.recurrent]

    def flow_next(self, nid: int, t: int) -> list[tuple[Edge, float]]:
        """(edge, δ of its target at t + 1) for each recurrent connection out of ``nid``;
        none at the last step (nothing comes after it)."""
        if t + 1 >= self.length:
            return []
        return [(e, self.value("delta", e.target, t + 1))
                for e in self._outgoing.get(nid, []) if e.recurrent]

    def chain(self, nid: int, t: int) -> list[ChainLine]:
        """δ of neuron ``nid`` at step ``t``, as the sum of what flows back to it."""
        network = self.network
        name = neuron_name(network, nid)
        if nid in self.inputs:
            return [ChainLine("", f"{name} is an input: it takes x({t}) = "
                              f"{fmt(self.value('a', nid, t))} and has no δ", "", 0.0, "note",
                              nid)]
        now, nxt = self.flow_now(nid, t), self.flow_next(nid, t)
        now_total = self.value("grad_a_now", nid, t)
        next_total = self.value("grad_a_next", nid, t)
        lines = [ChainLine(at("∂L/∂a", name, t), f"(from step {t}) + (from step {t + 1})",
                           f"{signed(now_total)} + {signed(next_total)}",
                           self.value("grad_a", nid, t), "grad_a", nid)]
        lines += self._now_lines(nid, name, t, now, now_total)
        lines.append(self._next_line(name, t, nxt, next_total))
        lines += self._delta_lines(nid, name, t)
        return lines

    def _terms(self, flows: list[tuple[Edge, float]], symbol: str,
               t: int) -> tuple[str, str, float]:
        """Rule, numbers and value of Σ weight·δ over ``flows`` (δ's at step ``t``)."""
        network = self.network
        parts = [(f"{sub(symbol, _edge(network, e))}·"
                  f"{at('δ', neuron_name(network, e.target), t)}",
                  f"{signed(e.weight)} × {signed(delta)}", e.weight * delta)
                 for e, delta in flows]
        shown = parts[:MAX_TERMS]
        rule = " + ".join(p[0] for p in shown)
        numbers = " + ".join(p[1] for p in shown)
        if len(parts) > MAX_TERMS:
            rule += f" + … ({len(parts) - MAX_TERMS} more)"
            numbers += f" + {signed(sum(p[2] for p in parts[MAX_TERMS:]))}"
        return rule, numbers, sum(p[2] for p in parts)

    def _now_lines(self, nid: int, name: str, t: int, flows: list[tuple[Edge, float]],
                   total: float) -> list[ChainLine]:
        symbol = f"from step {t}"
        rule, numbers, value = self._terms(flows, "w", t)
        if nid in self.outputs and self.scored(t) and not self.is_fused(nid):
            loss_part = total - value      # the loss's own ∂L_t/∂a (engine's number)
            loss_rule = f"∂L/∂a from the loss at {t}"
            rule = f"{loss_rule} + {rule}" if rule else loss_rule
            numbers = f"{signed(loss_part)} + {numbers}" if numbers else fmt(loss_part)
            value += loss_part
        if not rule:
            return [ChainLine(symbol, f"0 (nothing reads {name} at step {t})", "0", 0.0,
                              "grad_a", nid)]
        return [ChainLine(symbol, rule, numbers, value, "grad_a", nid)]

    def _next_line(self, name: str, t: int, flows: list[tuple[Edge, float]],
                   total: float) -> ChainLine:
        symbol = f"from step {t + 1}"
        if t + 1 >= self.length:
            return ChainLine(symbol, f"0 (step {t} is the last)", "0", total, "grad_a")
        if not flows:
            return ChainLine(symbol, f"0 (no recurrent connection reads {name})", "0",
                             total, "grad_a")
        rule, numbers, value = self._terms(flows, "r", t + 1)
        return ChainLine(symbol, rule, numbers, value, "grad_a")

    def _delta_lines(self, nid: int, name: str, t: int) -> list[ChainLine]:
        act = self.network.neurons[nid].activation
        delta = self.value("delta", nid, t)
        grad_a = self.value("grad_a", nid, t)
        z, a = self.value("z", nid, t), self.value("a", nid, t)
        if self.is_fused(nid) and self.scored(t):
            # the loss hands over ∂L/∂z itself; what other neurons send back adds to it
            own = delta - grad_a * float(activation(act).derivative(np.array([z]))[0]) \
                if act != "softmax" else delta
            return [ChainLine(at("δ", name, t),
                              f"({at('a', name, t)} − {at('t', name, t)})/steps  ({act} and "
                              "cross-entropy together) + ∂L/∂a·f′", f"{signed(own)} + "
                              f"{signed(delta - own)}", delta, "delta", nid)]
        if act not in SLOPES:
            return [ChainLine(at("δ", name, t), f"∂L/∂a through the {act} Jacobian",
                              fmt(grad_a), delta, "delta", nid)]
        slope = float(activation(act).derivative(np.array([z]))[0])
        rule, numbers = SLOPES[act]
        return [ChainLine(at("f′", name, t) + f" = f′({at('z', name, t)})",
                          rule.format(a=at("a", name, t), z=at("z", name, t)),
                          numbers(z, a), slope, "slope", nid),
                ChainLine(at("δ", name, t), f"{at('∂L/∂a', name, t)}·f′",
                          f"{signed(grad_a)} × {signed(slope)}", delta, "delta", nid)]

    def loss_line(self) -> ChainLine:
        scored = self.length if self.targets == "every" else 1
        return ChainLine("L", f"mean over {scored} scored step{'s' if scored > 1 else ''} "
                         "of the step's loss", " + ".join(fmt(v) for v in
                                                          self.run.step_loss if v)[:120],
                         self.run.loss, "loss")
