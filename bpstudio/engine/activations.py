"""Activation functions, each derivative beside its function.

Adding an activation is one row in :data:`ACTIVATIONS` plus one gradient-check case.

Every function works in place on ``(n_neurons, batch)`` blocks so a training step allocates
nothing. ``forward(z, out)`` writes a = f(z) into ``out`` (which may be ``z`` itself);
``backward(z, a, grad_a, out)`` writes δ = ∂L/∂z = ∂L/∂a · f′(z) into ``out`` and returns it.
``backward`` reads ``z`` only when ``needs_z`` is true; otherwise it uses ``a`` and the
caller may let the forward pass overwrite z with a.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

Array = np.ndarray
LEAKY_SLOPE = 0.01   # leaky ReLU's slope for z < 0


@dataclass(frozen=True)
class Activation:
    name: str
    forward: Callable[[Array, Array], None]
    backward: Callable[[Array, Array, Array, Array], Array]
    derivative: Callable[[Array], Array]   # f′(z), allocating; for checks and the X-ray
    needs_z: bool                          # backward reads z, so z must be kept
    formula: str                           # f as a Python expression of `z` (X-ray)


# --- identity: a = z, f′ = 1
def _identity_forward(z: Array, out: Array) -> None:
    if out is not z:
        np.copyto(out, z)


def _identity_backward(z: Array, a: Array, grad_a: Array, out: Array) -> Array:
    return grad_a   # δ is ∂L/∂a itself: no copy


# --- sigmoid: a = 1 / (1 + e^−z), f′ = a (1 − a)
def _sigmoid_forward(z: Array, out: Array) -> None:
    np.negative(z, out=out)
    np.exp(out, out=out)
    out += 1.0
    np.reciprocal(out, out=out)


def _sigmoid_backward(z: Array, a: Array, grad_a: Array, out: Array) -> Array:
    np.subtract(1.0, a, out=out)
    out *= a
    out *= grad_a
    return out


def _sigmoid(z: Array) -> Array:
    return np.asarray(1.0 / (1.0 + np.exp(-z)))


# --- tanh: f′ = 1 − a²
def _tanh_forward(z: Array, out: Array) -> None:
    np.tanh(z, out=out)


def _tanh_backward(z: Array, a: Array, grad_a: Array, out: Array) -> Array:
    np.multiply(a, a, out=out)
    np.subtract(1.0, out, out=out)
    out *= grad_a
    return out


# --- ReLU: f′ = 1 where a > 0 (same as z > 0), else 0
def _relu_forward(z: Array, out: Array) -> None:
    np.maximum(z, 0.0, out=out)


def _relu_backward(z: Array, a: Array, grad_a: Array, out: Array) -> Array:
    np.greater(a, 0.0, out=out)   # writes 1.0 / 0.0 into the float buffer
    out *= grad_a
    return out


# --- leaky ReLU: a = max(z, s·z), f′ = 1 for z > 0 else s (a > 0 ⇔ z > 0, so a suffices)
def _leaky_forward(z: Array, out: Array) -> None:
    np.maximum(z, LEAKY_SLOPE * z, out=out)


def _leaky_backward(z: Array, a: Array, grad_a: Array, out: Array) -> Array:
    np.greater(a, 0.0, out=out)
    out *= 1.0 - LEAKY_SLOPE
    out += LEAKY_SLOPE
    out *= grad_a
    return out


# --- softplus: a = ln(1 + e^z), f′ = sigmoid(z)
def _softplus_forward(z: Array, out: Array) -> None:
    np.logaddexp(0.0, z, out=out)   # stable for large |z|


def _softplus_backward(z: Array, a: Array, grad_a: Array, out: Array) -> Array:
    _sigmoid_forward(z, out)
    out *= grad_a
    return out


# --- sine: f′ = cos z
def _sine_forward(z: Array, out: Array) -> None:
    np.sin(z, out=out)


def _sine_backward(z: Array, a: Array, grad_a: Array, out: Array) -> Array:
    np.cos(z, out=out)
    out *= grad_a
    return out


# --- softmax over the output group (axis 0 = neurons). Its Jacobian is not diagonal, so it
# is only used fused with the softmax cross-entropy loss, whose δ is simply p − y.
def _softmax_forward(z: Array, out: Array) -> None:
    np.subtract(z, z.max(axis=0, keepdims=True), out=out)
    np.exp(out, out=out)
    out /= out.sum(axis=0, keepdims=True)


def _softmax_backward(z: Array, a: Array, grad_a: Array, out: Array) -> Array:
    # Full Jacobian-vector product: δ_i = a_i (g_i − Σ_j a_j g_j). Used by gradient checks
    # and X-ray views; training takes the fused loss path.
    np.multiply(a, grad_a, out=out)
    weighted = out.sum(axis=0, keepdims=True)
    np.subtract(grad_a, weighted, out=out)
    out *= a
    return out


def _softmax(z: Array) -> Array:
    out = np.empty_like(z)
    _softmax_forward(z, out)
    return out


ACTIVATIONS: dict[str, Activation] = {
    a.name: a for a in (
        Activation("identity", _identity_forward, _identity_backward,
                   lambda z: np.ones_like(z), False, "z"),
        Activation("sigmoid", _sigmoid_forward, _sigmoid_backward,
                   lambda z: _sigmoid(z) * (1 - _sigmoid(z)), False, "1/(1+exp(-(z)))"),
        Activation("tanh", _tanh_forward, _tanh_backward,
                   lambda z: 1 - np.tanh(z) ** 2, False, "tanh(z)"),
        Activation("relu", _relu_forward, _relu_backward,
                   lambda z: (z > 0).astype(z.dtype), False, "max(z, 0)"),
        Activation("leaky_relu", _leaky_forward, _leaky_backward,
                   lambda z: np.where(z > 0, 1.0, LEAKY_SLOPE).astype(z.dtype), False,
                   f"max(z, {LEAKY_SLOPE}*(z))"),
        Activation("softplus", _softplus_forward, _softplus_backward,
                   _sigmoid, True, "log(1+exp(z))"),
        Activation("sine", _sine_forward, _sine_backward, np.cos, True, "sin(z)"),
        Activation("softmax", _softmax_forward, _softmax_backward,
                   lambda z: _softmax(z) * (1 - _softmax(z)), False, "softmax(z)"),
    )
}


def get(name: str) -> Activation:
    try:
        return ACTIVATIONS[name]
    except KeyError:
        raise ValueError(f"unknown activation {name!r}") from None
