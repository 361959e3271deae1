"""Optimisers over one flat parameter vector: every update is a handful of NumPy calls.

Each ``step(params, grad, lr)`` updates ``params`` in place from ``grad`` = ∂L/∂params and
may overwrite ``grad`` (it is scratch space by then). A parameter whose gradient is always 0
(the trainer zeroes frozen ones) and whose running state is 0 never moves: the trainer clears
the state of parameters frozen mid-run (:meth:`Optimizer.clear_state`).
"""

from __future__ import annotations

import math

import numpy as np

from bpstudio.model.settings import TrainingSettings

Array = np.ndarray


class Optimizer:
    """Gradient descent: w ← w − η·∂L/∂w."""

    name = "sgd"

    def __init__(self, n_params: int, dtype: np.dtype) -> None:
        self.n_params = n_params
        self.dtype = dtype

    def step(self, params: Array, grad: Array, lr: float) -> None:
        grad *= -lr
        params += grad

    def state(self) -> dict[str, Array]:
        """Arrays aligned with the parameters (remapped when the network is edited)."""
        return {}

    def clear_state(self, where: Array | None = None) -> None:
        """Forget the running state (all of it, or at ``where``: a mask or positions):
        the next steps start from plain gradient descent there."""
        for values in self.state().values():
            if where is None:
                values.fill(0)
            else:
                values[where] = 0


class Momentum(Optimizer):
    """v ← μ·v − η·∂L/∂w; w ← w + v (Nesterov: w ← w + μ·v − η·∂L/∂w)."""

    name = "momentum"

    def __init__(self, n_params: int, dtype: np.dtype, momentum: float,
                 nesterov: bool) -> None:
        super().__init__(n_params, dtype)
        self.momentum = momentum
        self.nesterov = nesterov
        self.velocity = np.zeros(n_params, dtype=dtype)   # running update direction v

    def step(self, params: Array, grad: Array, lr: float) -> None:
        v = self.velocity
        grad *= -lr                 # grad now holds −η·g
        v *= self.momentum
        v += grad
        if self.nesterov:
            params += grad
            params += self.momentum * v
        else:
            params += v

    def state(self) -> dict[str, Array]:
        return {"velocity": self.velocity}


class Adam(Optimizer):
    """Adam: steps scaled by running estimates of the gradient's mean and variance."""

    name = "adam"

    def __init__(self, n_params: int, dtype: np.dtype, beta1: float, beta2: float,
                 epsilon: float) -> None:
        super().__init__(n_params, dtype)
        self.beta1, self.beta2, self.epsilon = beta1, beta2, epsilon
        self.mean = np.zeros(n_params, dtype=dtype)       # m: running mean of ∂L/∂w
        self.square = np.zeros(n_params, dtype=dtype)     # v: running mean of (∂L/∂w)²
        self.t = 0                                        # steps taken (bias correction)
        self._scratch = np.zeros(n_params, dtype=dtype)

    def step(self, params: Array, grad: Array, lr: float) -> None:
        self.t += 1
        b1, b2 = self.beta1, self.beta2
        m, v, tmp = self.mean, self.square, self._scratch
        m *= b1
        np.multiply(grad, 1 - b1, out=tmp)
        m += tmp
        v *= b2
        np.multiply(grad, grad, out=tmp)
        tmp *= 1 - b2
        v += tmp
        # Bias-corrected step folded into two scalars: η·m̂/(√v̂ + ε). Python floats, not
        # NumPy's: a float64 NumPy scalar makes a float32 array's in-place product run
        # through float64 and back (NumPy 2's promotion), five times slower per pass.
        step = float(lr) * math.sqrt(1 - b2 ** self.t) / (1 - b1 ** self.t)
        eps = self.epsilon * math.sqrt(1 - b2 ** self.t)
        np.sqrt(v, out=tmp)
        tmp += eps
        np.divide(m, tmp, out=tmp)
        tmp *= -step
        params += tmp

    def state(self) -> dict[str, Array]:
        return {"mean": self.mean, "square": self.square}

    def clear_state(self, where: Array | None = None) -> None:
        super().clear_state(where)
        if where is None:
            self.t = 0   # a fresh start: bias correction starts over too


def make_optimizer(settings: TrainingSettings, n_params: int, dtype: np.dtype) -> Optimizer:
    if settings.optimizer == "sgd":
        return Optimizer(n_params, dtype)
    if settings.optimizer == "momentum":
        return Momentum(n_params, dtype, settings.momentum, settings.nesterov)
    if settings.optimizer == "adam":
        return Adam(n_params, dtype, settings.beta1, settings.beta2, settings.epsilon)
    raise ValueError(f"unknown optimizer {settings.optimizer!r}")
