"""The nudge lens: the loss as one parameter sweeps a range, every other one fixed.

Beside the curve it gives the tangent's slope (backprop's ∂L/∂w at the point) and the
tutorial's measured slope, the central difference (L(w+ε) − L(w−ε)) / 2ε. All in float64
on the fast engine, on the same samples as the rest of the X-ray.
"""

from __future__ import annotations

import numpy as np

from bpstudio.engine.backprop import Engine
from bpstudio.engine.gradcheck import relative_error
from bpstudio.engine.plan import Plan, compile_network
from bpstudio.model.network import Network

CURVE_POINTS = 241


def parameter_index(plan: Plan, kind: str, param_id: int) -> int:
    """Position of a weight (connection id) or bias (neuron id) in ``plan.params``."""
    if kind == "weight":
        return plan.weight_position(param_id)
    if kind == "bias":
        return plan.bias_position(param_id)
    raise ValueError(f"kind must be 'weight' or 'bias', not {kind!r}")


class Lens:
    """Loss and slopes of ``network`` on ``x``/``y`` (encoded) as a function of one
    parameter; the network itself is never changed."""

    def __init__(self, network: Network, kind: str, param_id: int, x: np.ndarray,
                 y: np.ndarray) -> None:
        self.kind, self.param_id = kind, param_id
        self.plan = compile_network(network, "float64")
        self.index = parameter_index(self.plan, kind, param_id)
        self.params = self.plan.params.copy()          # the lens's own copy to nudge
        self.value = float(self.params[self.index])    # the document's value
        self.x = np.atleast_2d(np.asarray(x, dtype=np.float64))
        self.y = np.atleast_2d(np.asarray(y, dtype=np.float64))
        self._engine = Engine(self.plan, self.params)

    def loss_at(self, value: float) -> float:
        """L with the parameter set to ``value``."""
        self.params[self.index] = value
        try:
            return self._engine.loss(self.x, self.y)
        finally:
            self.params[self.index] = self.value

    def gradient_at(self, value: float) -> float:
        """Backprop's ∂L/∂parameter with the parameter set to ``value``."""
        self.params[self.index] = value
        try:
            _, grad = self._engine.loss_and_gradient(self.x, self.y)
        finally:
            self.params[self.index] = self.value
        return float(grad[self.index])

    def secant(self, value: float, epsilon: float) -> float:
        """(L(w+ε) − L(w−ε)) / 2ε at ``value``."""
        return (self.loss_at(value + epsilon) - self.loss_at(value - epsilon)) / (2 * epsilon)

    def curve(self, low: float, high: float,
              points: int = CURVE_POINTS) -> tuple[np.ndarray, np.ndarray]:
        """``points`` parameter values evenly over [low, high] and the loss at each."""
        xs = np.linspace(low, high, points)
        return xs, np.array([self.loss_at(float(v)) for v in xs])

    @staticmethod
    def relative_error(backprop: float, numeric: float) -> float:
        """The gradient checker's relative error for this one pair."""
        return float(relative_error(np.array([backprop]), np.array([numeric]))[0])

    @staticmethod
    def default_range(value: float) -> tuple[float, float]:
        """A window around ``value`` wide enough to show the curve's shape."""
        half = max(2.0, 1.5 * abs(value))
        return value - half, value + half
