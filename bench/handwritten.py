"""A hand-written layered NumPy MLP: the speed reference for the engine.

Written as well as plain NumPy allows for a fixed layer stack (samples × features,
``h = act(h @ W + b)``, backward with ``@`` and ``sum(axis=0)``); no BP Studio code is used.
What makes it the best plain version we know, each measured on 784-256-128-10:

- **Every array in the training dtype.** The previous version multiplied float32 weights
  by ``np.sqrt(...)``, a float64 NumPy scalar, which under NumPy 2's promotion rules made
  the weights float64: every product of the "float32" case ran as a mixed float64 GEMM,
  which is why the engine measured 0.59× of it.
- **Nothing allocated per step.** Activations, deltas, masks and gradients live in
  buffers made once per batch size; products write with ``out=``, activations and their
  derivatives run in place, and the minibatch is gathered into a preallocated buffer.
- **One flat parameter vector.** Weights and biases are views into it, gradients views
  into a second one, so SGD is two passes and Adam about ten over one array instead of
  ten NumPy calls per layer, with one scratch buffer instead of five temporaries each.
- **Labels, not one-hot targets,** for softmax cross-entropy: δ = p − onehot(y) is one
  scatter, the loss a gather of B probabilities.
"""

from __future__ import annotations

import numpy as np


class HandwrittenMLP:
    """Fully connected layers; hidden activation sigmoid/tanh/relu; output per loss.

    ``loss`` is ``"softmax_ce"`` (targets: class labels) or ``"l2"`` (targets: an array
    of shape (batch, outputs)); ``optimizer`` is ``"sgd"`` or ``"adam"``.
    """

    def __init__(self, sizes: list[int], hidden: str, output: str, loss: str,
                 dtype: str = "float64", seed: int = 0, optimizer: str = "sgd") -> None:
        self.dtype = np.dtype(dtype)
        self.sizes, self.hidden, self.output = sizes, hidden, output
        self.loss, self.optimizer = loss, optimizer
        pairs = list(zip(sizes, sizes[1:], strict=False))
        total = sum(a * b + b for a, b in pairs)
        self.params = np.empty(total, self.dtype)
        self.grads = np.empty(total, self.dtype)
        self.W, self.b = _views(self.params, pairs)
        self.gW, self.gb = _views(self.grads, pairs)
        rng = np.random.default_rng(seed)
        for (a, b), w, bias in zip(pairs, self.W, self.b, strict=True):
            w[...] = rng.uniform(-1, 1, (a, b)) * np.sqrt(6 / (a + b))   # cast on assignment
            bias[...] = 0
        self.m = np.zeros(total, self.dtype)      # Adam's first moment
        self.v = np.zeros(total, self.dtype)      # Adam's second moment
        self.scratch = np.empty(total, self.dtype)
        self.t = 0
        self._buffers: dict[int, _Buffers] = {}

    def step(self, x: np.ndarray, y: np.ndarray, lr: float) -> float:
        """One minibatch: forward, backward, update. Returns the batch loss."""
        batch = x.shape[0]
        buf = self._buffers.get(batch)
        if buf is None:
            buf = self._buffers[batch] = _Buffers(self.sizes, batch, self.dtype)
        n = len(self.W)
        h = x
        for i in range(n):
            z = buf.acts[i]
            np.matmul(h, self.W[i], out=z)
            z += self.b[i]
            _activate(self.hidden if i < n - 1 else self.output, z, buf.rows)
            h = z
        loss = self._output_delta(h, y, buf)   # δ of the outputs, written over h
        delta = h
        for i in range(n - 1, -1, -1):
            below = x if i == 0 else buf.acts[i - 1]
            np.matmul(below.T, delta, out=self.gW[i])
            np.sum(delta, axis=0, out=self.gb[i])
            if i:
                np.matmul(delta, self.W[i].T, out=buf.deltas[i - 1])
                delta = buf.deltas[i - 1]
                _derive(self.hidden, below, delta, buf.masks[i - 1], buf.temps[i - 1])
        self._update(lr)
        return loss

    def _output_delta(self, out: np.ndarray, y: np.ndarray, buf: _Buffers) -> float:
        batch = out.shape[0]
        if self.loss == "softmax_ce":
            picked = out[buf.index, y]
            loss = -float(np.log(np.maximum(picked, 1e-12)).sum()) / batch
            out[buf.index, y] -= 1.0
            out *= 1.0 / batch
            return loss
        # L2 on the output activation: δ = f'(z) · 2 (a − y) / B
        temp = buf.temps[-1]
        np.subtract(out, y, out=temp)
        loss = float(np.vdot(temp, temp)) / batch
        temp *= 2.0 / batch
        _derive(self.output, out, temp, buf.masks[-1], buf.rows_like_out)
        np.copyto(out, temp)
        return loss

    def _update(self, lr: float) -> None:
        p, g, s = self.params, self.grads, self.scratch
        if self.optimizer == "sgd":
            g *= lr
            p -= g
            return
        self.t += 1
        c1, c2 = 1 - 0.9 ** self.t, 1 - 0.999 ** self.t
        np.subtract(g, self.m, out=s)      # m += (1 − β1)(g − m)
        s *= 0.1
        self.m += s
        np.multiply(g, g, out=s)           # v += (1 − β2)(g² − v)
        s -= self.v
        s *= 0.001
        self.v += s
        np.sqrt(self.v, out=s)             # p −= lr · (m / c1) / (√(v / c2) + ε)
        s *= 1 / np.sqrt(c2)
        s += 1e-8
        np.divide(self.m, s, out=s)
        s *= lr / c1
        p -= s


class _Buffers:
    """Everything one step on ``batch`` samples writes, made once."""

    def __init__(self, sizes: list[int], batch: int, dtype: np.dtype) -> None:
        self.acts = [np.empty((batch, size), dtype) for size in sizes[1:]]
        self.deltas = [np.empty((batch, size), dtype) for size in sizes[1:-1]]
        self.temps = [np.empty((batch, size), dtype) for size in sizes[1:]]
        self.masks = [np.empty((batch, size), bool) for size in sizes[1:]]
        self.rows = np.empty((batch, 1), dtype)
        self.rows_like_out = np.empty((batch, sizes[-1]), dtype)
        self.index = np.arange(batch)


def _views(flat: np.ndarray, pairs: list[tuple[int, int]]
           ) -> tuple[list[np.ndarray], list[np.ndarray]]:
    weights, biases, at = [], [], 0
    for a, b in pairs:
        weights.append(flat[at:at + a * b].reshape(a, b))
        biases.append(flat[at + a * b:at + a * b + b])
        at += a * b + b
    return weights, biases


def _activate(name: str, z: np.ndarray, rows: np.ndarray) -> None:
    """``z`` becomes f(z), in place."""
    if name == "sigmoid":
        np.negative(z, out=z)
        np.exp(z, out=z)
        z += 1.0
        np.reciprocal(z, out=z)
    elif name == "tanh":
        np.tanh(z, out=z)
    elif name == "relu":
        np.maximum(z, 0, out=z)
    elif name == "softmax":
        np.max(z, axis=1, keepdims=True, out=rows)
        z -= rows
        np.exp(z, out=z)
        np.sum(z, axis=1, keepdims=True, out=rows)
        z /= rows


def _derive(name: str, a: np.ndarray, delta: np.ndarray, mask: np.ndarray,
            temp: np.ndarray) -> None:
    """``delta`` (∂L/∂a) becomes ∂L/∂z = f'(z) · delta, from the activation ``a``."""
    if name == "relu":
        np.greater(a, 0, out=mask)
        delta *= mask
    elif name == "sigmoid":
        np.subtract(1.0, a, out=temp)
        temp *= a
        delta *= temp
    elif name == "tanh":
        np.multiply(a, a, out=temp)
        np.subtract(1.0, temp, out=temp)
        delta *= temp
