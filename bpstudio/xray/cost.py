"""How much arithmetic training costs: backprop against nudging one parameter at a time.

Counts multiply-adds per sample. A forward pass does one per weight. Backprop's backward
pass does one per weight for ∂L/∂w = δ·a and one more per weight that hands δ down to a
non-input neuron (∂L/∂a += w·δ): about twice a forward pass, whatever the size. Measuring
each derivative by nudging (the central difference) costs two forward passes per
parameter — the whole network again for every weight.
"""

from __future__ import annotations

from dataclasses import dataclass

from bpstudio.engine.plan import Plan


@dataclass(frozen=True)
class Cost:
    weights: int
    biases: int
    forward: int              # multiply-adds of one forward pass, per sample
    backward: int             # multiply-adds of backprop's backward pass, per sample
    nudging: int              # multiply-adds of central differences for every parameter
    executed_forward: int     # multiply-adds the dense level plan actually performs

    @property
    def parameters(self) -> int:
        return self.weights + self.biases

    @property
    def backprop(self) -> int:
        """Forward plus backward: all gradients by the chain rule."""
        return self.forward + self.backward

    @property
    def speedup(self) -> float:
        """How many times cheaper backprop is than nudging every parameter."""
        return self.nudging / max(self.backprop, 1)


def cost_of(plan: Plan) -> Cost:
    """Operation counts for ``plan`` (per sample; multiply by the batch size as needed)."""
    input_ids = set(plan.input_ids)
    weights, biases = plan.n_weights, plan.n_biases
    from_inputs = sum(1 for source, _ in plan.connection_ends if source in input_ids)
    forward = weights
    backward = weights + (weights - from_inputs)
    nudging = 2 * (weights + biases) * forward
    executed = sum(level.size * (level.width - 1) for level in plan.levels)
    return Cost(weights, biases, forward, backward, nudging, executed)
