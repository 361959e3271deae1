"""The input plane of a 2-D dataset as a grid, and values on it mapped to colours."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bpstudio.data import Dataset
from bpstudio.ui.visuals import colors

BOUNDED = {"tanh": (0.0, 1.0), "sine": (0.0, 1.0), "sigmoid": (0.5, 0.5),
           "softmax": (0.5, 0.5)}     # activation → (centre, half range) of its outputs


@dataclass(frozen=True)
class PlaneGrid:
    """``n × n`` cell centres over ``dataset.input_range()``; row 0 is the lowest x2."""

    n: int
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    points: np.ndarray                # (n * n, 2), row-major: index = row * n + column

    @classmethod
    def over(cls, dataset: Dataset, n: int) -> PlaneGrid:
        (x0, x1), (y0, y1) = dataset.input_range()
        xs = x0 + (np.arange(n) + 0.5) * (x1 - x0) / n
        ys = y0 + (np.arange(n) + 0.5) * (y1 - y0) / n
        gx, gy = np.meshgrid(xs, ys)
        return cls(n, (x0, x1), (y0, y1), np.column_stack([gx.ravel(), gy.ravel()]))

    def image(self, flat: np.ndarray) -> np.ndarray:
        """Per-point values (n * n, …) as an (n, n, …) array, row 0 at the lowest x2."""
        return flat.reshape(self.n, self.n, *flat.shape[1:])


def unit_values(values: np.ndarray, activation: str) -> tuple[np.ndarray, str]:
    """A neuron's activations mapped to [-1, 1] for the diverging map, and the scale in
    words. Bounded activations keep their natural range (tanh −1…1, sigmoid 0…1) so maps
    compare across neurons; unbounded ones are scaled by their largest |a| on the plane."""
    if activation in BOUNDED:
        centre, half = BOUNDED[activation]
        low, high = centre - half, centre + half
        return (values - centre) / half, f"{_num(low)} … {_num(high)}"
    finite = np.abs(values[np.isfinite(values)])
    peak = float(finite.max()) if finite.size else 0.0
    peak = peak if peak > 1e-12 else 1.0
    return values / peak, f"−{peak:.3g} … {peak:.3g}"


def _num(value: float) -> str:
    """A number as people write it: a real minus sign."""
    return f"{value:g}".replace("-", "−")


def unit_columns(values: np.ndarray, activations: list[str]) -> np.ndarray:
    """:func:`unit_values` for every column of ``values`` (n, k) at once."""
    centre = np.zeros(len(activations))
    half = np.ones(len(activations))
    finite = np.where(np.isfinite(values), np.abs(values), 0.0)
    peak = finite.max(axis=0, initial=0.0)
    for k, name in enumerate(activations):
        if name in BOUNDED:
            centre[k], half[k] = BOUNDED[name]
        elif peak[k] > 1e-12:
            half[k] = peak[k]
    return (values - centre) / half


def output_unit_values(values: np.ndarray, threshold: float,
                       activation: str) -> np.ndarray:
    """A single output mapped to [-1, 1] around the decision threshold."""
    if activation in BOUNDED:
        centre, half = BOUNDED[activation]
        half = max(centre + half - threshold, threshold - (centre - half))
    else:
        finite = np.abs(values[np.isfinite(values)] - threshold)
        half = float(finite.max()) if finite.size else 1.0
        half = half if half > 1e-12 else 1.0
    return (values - threshold) / half


def class_colors(outputs: np.ndarray, n_classes: int, background: float) -> np.ndarray:
    """Several outputs: the argmax class's colour, paler where the network is unsure.

    ``outputs`` is ``(n, k)``; returns ``(n, 3)`` uint8. Confidence is how far the top
    probability is above chance (1/k); outputs that are not probabilities go through a
    softmax first.
    """
    k = outputs.shape[1]
    finite = np.nan_to_num(outputs, nan=0.0, posinf=1e6, neginf=-1e6)
    if finite.min(initial=0.0) >= 0.0 and finite.max(initial=0.0) <= 1.0:
        p = finite / np.maximum(finite.sum(axis=1, keepdims=True), 1e-12)
    else:
        e = np.exp(finite - finite.max(axis=1, keepdims=True))
        p = e / e.sum(axis=1, keepdims=True)
    predicted = np.argmax(p, axis=1)
    top = p[np.arange(len(p)), predicted]
    confidence = np.clip((top - 1.0 / k) / (1.0 - 1.0 / k), 0.0, 1.0)
    palette = colors.class_rgb(max(n_classes, k)).astype(np.float64)
    white = (1.0 - background) * (1.0 - confidence) + background   # paler when unsure
    rgb = palette[predicted] * (1 - white[:, None]) + 255.0 * white[:, None]
    return np.round(rgb).astype(np.uint8)
