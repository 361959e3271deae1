"""Generators for the 2-D classification and the regression built-ins.

Each takes ``(rng, samples, noise)`` and returns ``(x, y)``: x is (samples, n_features)
float64, y is (samples,) int64 labels or (samples, n_targets) float64 targets. Points lie
roughly within [-1, 1]; ``noise`` is the standard deviation of Gaussian jitter in those
units (added to the inputs for classification, to the targets for regression). Every
generator draws its noise even when ``noise`` is 0, so the same seed gives the same clean
points at every noise level and only the jitter changes.
"""

from __future__ import annotations

import numpy as np

Arrays = tuple[np.ndarray, np.ndarray]

# The tutorial's truth table, in its order: (0,0)→0, (0,1)→1, (1,0)→1, (1,1)→0.
XOR_POINTS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_LABELS = np.array([0, 1, 1, 0], dtype=np.int64)


def _halves(samples: int) -> np.ndarray:
    """Labels 0 for the first half and 1 for the rest: two balanced classes."""
    return (np.arange(samples) >= samples // 2).astype(np.int64)


def _jitter(rng: np.random.Generator, noise: float, shape: tuple[int, ...]) -> np.ndarray:
    return noise * rng.standard_normal(shape)


def xor_classic(rng: np.random.Generator, noise: float) -> Arrays:
    """The four XOR points of the tutorial (exact when ``noise`` is 0)."""
    return XOR_POINTS + _jitter(rng, noise, XOR_POINTS.shape), XOR_LABELS.copy()


def xor(rng: np.random.Generator, samples: int, noise: float) -> Arrays:
    """Points spread over the four quadrants; label 1 where x1 and x2 differ in sign."""
    # Cycle through the quadrants so the four clusters (and the two classes) are balanced.
    quadrant = np.arange(samples) % 4
    signs = np.stack([np.where(quadrant < 2, -1.0, 1.0),
                      np.where(quadrant % 2 == 0, -1.0, 1.0)], axis=1)
    # Keep a 0.1 gap from the axes so that, without noise, the classes never touch.
    x = signs * rng.uniform(0.1, 1.0, size=(samples, 2))
    labels = (signs[:, 0] != signs[:, 1]).astype(np.int64)
    return x + _jitter(rng, noise, x.shape), labels


def _polar(radius: np.ndarray, angle: np.ndarray) -> np.ndarray:
    return np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1)


def circle(rng: np.random.Generator, samples: int, noise: float) -> Arrays:
    """Class 0 fills the disc r ≤ 0.5, class 1 the ring 0.7 ≤ r ≤ 1."""
    labels = _halves(samples)
    # sqrt of a uniform draw spreads points evenly over the area, not bunched at the centre.
    inner = 0.5 * np.sqrt(rng.uniform(0.0, 1.0, samples))
    outer = np.sqrt(rng.uniform(0.7**2, 1.0, samples))
    radius = np.where(labels == 0, inner, outer)
    x = _polar(radius, rng.uniform(0.0, 2.0 * np.pi, samples))
    return x + _jitter(rng, noise, x.shape), labels


def gaussians(rng: np.random.Generator, samples: int, noise: float) -> Arrays:
    """Two round blobs (σ = 0.2) centred on (−0.5, −0.5) and (0.5, 0.5)."""
    labels = _halves(samples)
    centres = np.where(labels[:, None] == 0, -0.5, 0.5)
    x = centres + 0.2 * rng.standard_normal((samples, 2))
    return x + _jitter(rng, noise, x.shape), labels


def spiral(rng: np.random.Generator, samples: int, noise: float) -> Arrays:
    """Two interleaved arms, each turning 1.75 times, as in the TensorFlow Playground."""
    labels = _halves(samples)
    counts = np.bincount(labels, minlength=2)
    # Position along its own arm, 0 at the centre to just under 1 at the tip.
    step = np.concatenate([np.arange(counts[0]) / counts[0], np.arange(counts[1]) / counts[1]])
    angle = 1.75 * 2.0 * np.pi * step + np.pi * labels
    x = _polar(step, angle)
    return x + _jitter(rng, noise, x.shape), labels


def moons(rng: np.random.Generator, samples: int, noise: float) -> Arrays:
    """Two interleaving half circles: class 0 arches up, class 1 hangs below and right."""
    labels = _halves(samples)
    counts = np.bincount(labels, minlength=2)
    angle = np.concatenate([np.linspace(0.0, np.pi, counts[0]),
                            np.linspace(0.0, np.pi, counts[1])])
    upper = np.stack([np.cos(angle), np.sin(angle)], axis=1)
    lower = np.stack([1.0 - np.cos(angle), 0.5 - np.sin(angle)], axis=1)
    raw = np.where(labels[:, None] == 0, upper, lower)
    # The pair spans x ∈ [−1, 2], y ∈ [−0.5, 1]: centre it and shrink both axes alike
    # (keeping the shapes round) so x fills [−1, 1].
    x = (raw - np.array([0.5, 0.25])) / 1.5
    return x + _jitter(rng, noise, x.shape), labels


def plane(rng: np.random.Generator, samples: int, noise: float) -> Arrays:
    """y = 0.5·x1 − 0.3·x2 + 0.1 over the square [−1, 1]²."""
    x = rng.uniform(-1.0, 1.0, size=(samples, 2))
    y = (x @ np.array([0.5, -0.3]) + 0.1)[:, None]
    return x, y + _jitter(rng, noise, y.shape)


def sine(rng: np.random.Generator, samples: int, noise: float) -> Arrays:
    """y = sin(π·x) for x in [−1, 1]: one full period."""
    x = rng.uniform(-1.0, 1.0, size=(samples, 1))
    y = np.sin(np.pi * x)
    return x, y + _jitter(rng, noise, y.shape)
