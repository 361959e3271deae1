"""A hand-written layered NumPy MLP: the speed reference for the engine.

Written the way a careful NumPy user would for a fixed layer stack (samples × features,
``X @ W + b``, in-place activations); no BP Studio code is used.
"""

from __future__ import annotations

import numpy as np


def _sigmoid(z: np.ndarray) -> np.ndarray:
    np.negative(z, out=z)
    np.exp(z, out=z)
    z += 1.0
    return np.reciprocal(z, out=z)


class HandwrittenMLP:
    """Fully connected layers; hidden activation sigmoid/tanh/relu; output per loss."""

    def __init__(self, sizes: list[int], hidden: str, output: str, loss: str,
                 dtype: str = "float64", seed: int = 0) -> None:
        rng = np.random.default_rng(seed)
        self.W = [rng.uniform(-1, 1, (a, b)).astype(dtype) * np.sqrt(6 / (a + b))
                  for a, b in zip(sizes, sizes[1:], strict=False)]
        self.b = [np.zeros(b, dtype=dtype) for b in sizes[1:]]
        self.hidden, self.output, self.loss = hidden, output, loss

    def _act(self, name: str, z: np.ndarray) -> np.ndarray:
        if name == "sigmoid":
            return _sigmoid(z)
        if name == "tanh":
            return np.tanh(z, out=z)
        if name == "relu":
            return np.maximum(z, 0, out=z)
        if name == "softmax":
            z -= z.max(axis=1, keepdims=True)
            np.exp(z, out=z)
            z /= z.sum(axis=1, keepdims=True)
            return z
        return z

    def _dact(self, name: str, a: np.ndarray, g: np.ndarray) -> np.ndarray:
        if name == "sigmoid":
            return g * a * (1 - a)
        if name == "tanh":
            return g * (1 - a * a)
        if name == "relu":
            return g * (a > 0)
        return g

    def step(self, x: np.ndarray, y: np.ndarray, lr: float, adam: Adam | None = None) -> float:
        acts = [x]
        n = len(self.W)
        for i in range(n):
            z = acts[-1] @ self.W[i]
            z += self.b[i]
            acts.append(self._act(self.hidden if i < n - 1 else self.output, z))
        out, batch = acts[-1], x.shape[0]
        if self.loss == "softmax_ce":
            loss = -float(np.sum(y * np.log(np.maximum(out, 1e-12)))) / batch
            delta = (out - y) / batch
        else:   # l2 on the output activation
            diff = out - y
            loss = float(np.vdot(diff, diff)) / batch
            delta = self._dact(self.output, out, 2 * diff / batch)
        grads = []
        for i in range(n - 1, -1, -1):
            grads.append((acts[i].T @ delta, delta.sum(axis=0)))
            if i:
                delta = self._dact(self.hidden, acts[i], delta @ self.W[i].T)
        grads.reverse()
        if adam is None:
            for (gw, gb), w, b in zip(grads, self.W, self.b, strict=True):
                w -= lr * gw
                b -= lr * gb
        else:
            adam.step(self.W + self.b, [g[0] for g in grads] + [g[1] for g in grads], lr)
        return loss


class Adam:
    """Per-array Adam, as a hand-written loop would have it."""

    def __init__(self, params: list[np.ndarray]) -> None:
        self.m = [np.zeros_like(p) for p in params]
        self.v = [np.zeros_like(p) for p in params]
        self.t = 0

    def step(self, params: list[np.ndarray], grads: list[np.ndarray], lr: float) -> None:
        self.t += 1
        c1, c2 = 1 - 0.9 ** self.t, 1 - 0.999 ** self.t
        for p, g, m, v in zip(params, grads, self.m, self.v, strict=True):
            m *= 0.9
            m += 0.1 * g
            v *= 0.999
            v += 0.001 * g * g
            p -= lr * (m / c1) / (np.sqrt(v / c2) + 1e-8)
