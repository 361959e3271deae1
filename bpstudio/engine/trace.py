"""One forward and backward pass, neuron by neuron, keeping every intermediate value.

This is backprop as the tutorial tells it — each neuron in topological order, then the
chain rule in reverse — written independently of the vectorised level plan so it can
both explain the numbers (the X-ray) and check the fast engine against them.

Arrays are per neuron over the batch: ``z[nid]`` has shape ``(batch,)``.

A recurrent connection reads the previous time step; one pass is the first step of a
sequence, where that is 0 (the state before a sequence), as in the engine's single-sample
passes: its term is 0 and so is its gradient. ``engine.sequence.SequenceEngine.unroll``
gives every step of a sequence.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from bpstudio.engine import activations, losses
from bpstudio.model.network import Network

Array = np.ndarray


@dataclass
class Trace:
    """Every quantity of one pass over a batch, keyed by model ids."""

    order: list[int]                       # non-input neurons in forward order
    z: dict[int, Array] = field(default_factory=dict)        # weighted sum plus bias
    a: dict[int, Array] = field(default_factory=dict)        # activation f(z) (inputs: x)
    #: ∂L/∂a; at a fused output only what the neurons it feeds send back (the loss's own
    #: part goes straight into δ, see ``loss_delta``)
    grad_a: dict[int, Array] = field(default_factory=dict)
    slope: dict[int, Array] = field(default_factory=dict)    # f′(z) (softmax: diagonal)
    delta: dict[int, Array] = field(default_factory=dict)    # δ = ∂L/∂z
    term: dict[int, Array] = field(default_factory=dict)     # w · a_source per connection
    grad_w: dict[int, float] = field(default_factory=dict)   # ∂L/∂w per connection
    grad_b: dict[int, float] = field(default_factory=dict)   # ∂L/∂b per neuron
    loss: float = float("nan")
    loss_name: str = "l2"
    targets: dict[int, Array] = field(default_factory=dict)  # y per output neuron
    #: outputs whose δ starts from the loss's own ∂L/∂z, as in training (see fused_outputs)
    fused: set[int] = field(default_factory=set)
    #: the loss's own δ = ∂L/∂z of each fused output: (a − y)/B, or (p·Σy − y)/B for softmax
    loss_delta: dict[int, Array] = field(default_factory=dict)

    @property
    def backward_order(self) -> list[int]:
        return list(reversed(self.order))


def _apply(name: str, z: Array) -> Array:
    out = np.empty_like(z)
    activations.get(name).forward(z, out)
    return out


def fused_outputs(network: Network) -> set[int]:
    """The outputs whose δ the fast engine takes from the loss's own ∂L/∂z (sigmoid +
    binary cross-entropy, softmax + its cross-entropy): every output, when all of them
    have the loss's activation (``BackwardSchedule.fused``; the validator refuses the
    other drawings). An output that also feeds other neurons adds what they send back
    times f′(z) to it."""
    loss = losses.get(network.settings.loss)
    outputs = network.outputs()
    if loss.fused_delta is None or not outputs:
        return set()
    if all(o.activation == loss.fused_activation for o in outputs):
        return {o.id for o in outputs}
    return set()


def trace(network: Network, x: Array, y: Array) -> Trace:
    """Run ``network`` on ``x`` ``(batch, n_inputs)`` against encoded targets ``y``
    ``(batch, n_outputs)`` and record everything, in float64."""
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    order = network.topological_order()
    if order is None:
        raise ValueError("the network has a cycle")
    inputs, outputs = network.inputs(), network.outputs()
    batch = x.shape[0]
    result = Trace(order=[n for n in order if network.neurons[n].role != "input"],
                   loss_name=network.settings.loss, fused=fused_outputs(network))
    for column, neuron in enumerate(inputs):
        result.a[neuron.id] = x[:, column]
    softmax_group = [o.id for o in outputs if o.activation == "softmax"]
    # divide/invalid: a cross-entropy written in a (only on drawings the validator
    # refuses, which the trace still writes out) is ln 0 = −inf at a = 0, quietly
    with np.errstate(over="ignore", under="ignore", divide="ignore", invalid="ignore"):
        for nid in result.order:
            neuron = network.neurons[nid]
            z = np.full(batch, neuron.bias)
            for c in network.incoming(nid):
                source = np.zeros(batch) if c.recurrent else result.a[c.source]
                result.term[c.id] = c.weight * source
                z = z + result.term[c.id]
            result.z[nid] = z
            if neuron.activation != "softmax":
                result.a[nid] = _apply(neuron.activation, z[None, :])[0]
            elif len([s for s in softmax_group if s in result.z]) == len(softmax_group):
                stacked = _apply("softmax", np.stack([result.z[s] for s in softmax_group]))
                for row, sid in enumerate(softmax_group):
                    result.a[sid] = stacked[row]
        out = np.stack([result.a[o.id] for o in outputs])          # (n_outputs, batch)
        target = np.ascontiguousarray(y.T)
        loss = losses.get(network.settings.loss)
        if result.fused and loss.stable_value is not None:
            # from z as the engine does: exact however confident a wrong output is
            z_out = np.stack([result.z[o.id] for o in outputs])
            result.loss = loss.stable_value(out, z_out, target)
        else:
            result.loss = loss.value(out, target)
        if result.fused:
            # the engine's own δ: (a − y)/B stays exact where a sigmoid saturates and the
            # product ∂L/∂a·f′(z) = (a − y)/(a(1 − a))·a(1 − a) would be 0/0
            assert loss.fused_delta is not None
            own = loss.fused_delta(out, target, np.empty_like(out))
        else:
            own = loss.grad(out, target, np.empty_like(out))
    for row, o in enumerate(outputs):
        result.targets[o.id] = target[row]
        if result.fused:
            result.loss_delta[o.id] = own[row].copy()
        else:
            result.grad_a[o.id] = own[row].copy()
    for nid in result.order:
        result.grad_a.setdefault(nid, np.zeros(batch))
    with np.errstate(over="ignore", under="ignore"):   # f′(z) of a saturated unit: 0, quietly
        _backward(network, result, softmax_group)
    return result


def _backward(network: Network, result: Trace, softmax_group: list[int]) -> None:
    """The chain rule from the loss back: δ = ∂L/∂a · f′(z); ∂L/∂w = δ·a_source;
    ∂L/∂a_source += w·δ. A fused output's δ is the loss's own ∂L/∂z plus ∂L/∂a · f′(z)
    for what the neurons it feeds send back (softmax outputs feed nothing)."""
    for nid in result.backward_order:
        neuron = network.neurons[nid]
        if nid in result.fused:
            a = result.a[nid]
            if neuron.activation == "softmax":
                result.slope[nid] = a * (1 - a)
                result.delta[nid] = result.loss_delta[nid]
            else:
                result.slope[nid] = activations.get(neuron.activation).derivative(
                    result.z[nid][None, :])[0]
                result.delta[nid] = (result.loss_delta[nid]
                                     + result.grad_a[nid] * result.slope[nid])
            _hand_down(network, result, nid)
            continue
        if neuron.activation == "softmax":
            if nid not in result.delta:   # softmax outputs feed nothing: ∂L/∂a is final
                p = np.stack([result.a[s] for s in softmax_group])
                g = np.stack([result.grad_a[s] for s in softmax_group])
                delta = p * (g - (p * g).sum(axis=0, keepdims=True))   # Jacobian · g
                for row, sid in enumerate(softmax_group):
                    result.delta[sid] = delta[row]
                    result.slope[sid] = p[row] * (1 - p[row])
            _hand_down(network, result, nid)
            continue
        act = activations.get(neuron.activation)
        z = result.z[nid]
        result.slope[nid] = act.derivative(z[None, :])[0]
        result.delta[nid] = result.grad_a[nid] * result.slope[nid]
        _hand_down(network, result, nid)


def _hand_down(network: Network, result: Trace, nid: int) -> None:
    delta = result.delta[nid]
    result.grad_b[nid] = float(delta.sum())
    for c in network.incoming(nid):
        if c.recurrent:   # the previous step's activation, 0 on the first step
            result.grad_w[c.id] = 0.0
            continue
        result.grad_w[c.id] = float(np.dot(delta, result.a[c.source]))
        if network.neurons[c.source].role != "input":
            result.grad_a[c.source] = result.grad_a[c.source] + c.weight * delta
