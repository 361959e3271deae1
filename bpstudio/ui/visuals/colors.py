"""Colour maps of the visual panels, as NumPy lookup tables (uint8 RGB rows).

The diverging map runs orange (negative / class 0) through near-white to blue (positive /
class 1), the canvas's own weight colours, interpolated in CIELAB so equal steps in value
look like equal steps in colour.
"""

from __future__ import annotations

from functools import cache

import numpy as np
from PySide6.QtGui import QColor

from bpstudio.ui.canvas import style

NEGATIVE_RGB = (234, 88, 12)      # style.NEGATIVE
POSITIVE_RGB = (37, 99, 235)      # style.POSITIVE
MIDDLE_RGB = (246, 246, 244)
# Categorical colours for three or more classes (Tableau 10, colour-blind friendlier order).
CLASS_RGB = ((37, 99, 235), (234, 88, 12), (22, 163, 74), (147, 51, 234), (220, 38, 38),
             (13, 148, 136), (202, 138, 4), (219, 39, 119), (100, 116, 139), (132, 204, 22))


def _srgb_to_linear(c: np.ndarray) -> np.ndarray:
    c = c / 255.0
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _linear_to_srgb(c: np.ndarray) -> np.ndarray:
    c = np.clip(c, 0.0, 1.0)
    return np.where(c <= 0.0031308, 12.92 * c, 1.055 * c ** (1 / 2.4) - 0.055) * 255.0


_M = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
_WHITE = _M.sum(axis=1)


def _to_lab(rgb: np.ndarray) -> np.ndarray:
    xyz = _srgb_to_linear(np.asarray(rgb, dtype=np.float64)) @ _M.T / _WHITE
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.stack([116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]),
                     200 * (f[..., 1] - f[..., 2])], axis=-1)


def _from_lab(lab: np.ndarray) -> np.ndarray:
    fy = (lab[..., 0] + 16) / 116
    f = np.stack([fy + lab[..., 1] / 500, fy, fy - lab[..., 2] / 200], axis=-1)
    xyz = np.where(f > 6 / 29, f ** 3, 3 * (6 / 29) ** 2 * (f - 4 / 29)) * _WHITE
    return _linear_to_srgb(xyz @ np.linalg.inv(_M).T)


def lab_ramp(stops: list[tuple[int, int, int]], count: int) -> np.ndarray:
    """``count`` colours (uint8, (count, 3)) through ``stops``, linear in CIELAB."""
    lab = _to_lab(np.array(stops, dtype=np.float64))
    t = np.linspace(0.0, len(stops) - 1, count)
    low = np.minimum(t.astype(int), len(stops) - 2)
    frac = (t - low)[:, None]
    mixed = lab[low] * (1 - frac) + lab[low + 1] * frac
    return np.round(_from_lab(mixed)).astype(np.uint8)


@cache
def diverging_lut(count: int = 256) -> np.ndarray:
    """Orange → near-white → blue, ``(count, 3)`` uint8; the middle entry is the centre."""
    return lab_ramp([NEGATIVE_RGB, MIDDLE_RGB, POSITIVE_RGB], count)


@cache
def sequential_lut(count: int = 256) -> np.ndarray:
    """The canvas's gradient map (light = small, dark = large) as ``(count, 3)`` uint8."""
    return np.array([c.getRgb()[:3] for c in style.sequential_colors(count)], dtype=np.uint8)


def class_rgb(n_classes: int) -> np.ndarray:
    """One colour per class, ``(n, 3)`` uint8: orange/blue for two, categorical beyond."""
    if n_classes <= 2:
        return np.array([NEGATIVE_RGB, POSITIVE_RGB][: max(n_classes, 1)], dtype=np.uint8)
    base = np.array(CLASS_RGB, dtype=np.uint8)
    return base[np.arange(n_classes) % len(base)]


def to_qcolors(rgb: np.ndarray) -> list[QColor]:
    return [QColor(int(r), int(g), int(b)) for r, g, b in rgb]


def map_unit(values: np.ndarray, lut: np.ndarray) -> np.ndarray:
    """Values in [-1, 1] (clipped; NaN → centre) through ``lut``, shape ``(*values.shape, 3)``."""
    t = np.nan_to_num(np.asarray(values, dtype=np.float64), nan=0.0)
    index = np.rint((np.clip(t, -1.0, 1.0) + 1.0) * 0.5 * (len(lut) - 1)).astype(np.intp)
    return lut[index]


def lighten(rgb: np.ndarray, amount: float) -> np.ndarray:
    """Mix towards white by ``amount`` (0 = unchanged, 1 = white)."""
    return np.round(rgb * (1 - amount) + 255 * amount).astype(np.uint8)
