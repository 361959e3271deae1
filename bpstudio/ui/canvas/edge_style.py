"""Edge colouring modes: each maps per-edge values to a bucket in a small palette of pens.

Painting 100,000 edges is only fast when edges sharing a pen are drawn by one
``drawLines`` call, so a colouring never returns colours per edge: it returns a bucket
index per edge into a palette of a few dozen pre-built pens. "weight" colours by sign
and widens with |w|; a later "gradient size" mode supplies its own buckets and palette.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPen

from bpstudio.ui.canvas import style


@dataclass(frozen=True)
class PenSpec:
    """One palette entry: colour, width in screen pixels, dashed (frozen) or not."""

    color: QColor
    width: float
    dashed: bool = False


@dataclass(frozen=True)
class LegendEntry:
    """One row of the legend: a line sample and its meaning."""

    color: QColor
    width: float
    text: str
    dashed: bool = False


def _blend(color: QColor, alpha: float) -> QColor:
    """``color`` at ``alpha`` over the background, as an opaque colour (opaque is faster)."""
    bg = style.BACKGROUND
    return QColor(round(color.red() * alpha + bg.red() * (1 - alpha)),
                  round(color.green() * alpha + bg.green() * (1 - alpha)),
                  round(color.blue() * alpha + bg.blue() * (1 - alpha)))


class EdgeColoring:
    """Base class: ``buckets`` picks a pen per edge; ``pens`` builds the palette."""

    name = "base"

    def specs(self) -> list[PenSpec]:
        raise NotImplementedError

    def buckets(self, weights: np.ndarray, frozen: np.ndarray) -> np.ndarray:
        """Bucket index per edge, shape (n,), values in ``range(len(self.specs()))``."""
        raise NotImplementedError

    def legend(self) -> list[LegendEntry]:
        return []

    def paint_order(self) -> list[int]:
        """Buckets in the order they are painted: later ones end up on top."""
        return list(range(len(self.specs())))

    def prepare(self, weights: np.ndarray) -> bool:
        """Look at every edge's value before bucketing; True if all buckets must change."""
        return False

    def pens(self, detailed: bool) -> list[QPen]:
        """Pens for the palette: antialiased widths when detailed, thin opaque otherwise."""
        pens = []
        for spec in self.specs():
            dash = Qt.PenStyle.DashLine if spec.dashed else Qt.PenStyle.SolidLine
            if detailed:
                pens.append(style.cosmetic_pen(spec.color, spec.width, dash))
            else:
                # Without antialiasing a width of 1.5 px takes Qt's span filler, which
                # measured ~10x faster than the 1 px line stepper for long lines.
                pens.append(style.cosmetic_pen(_blend(spec.color, spec.color.alphaF()),
                                               1.5 if spec.width > 1.5 else 1.0, dash))
        return pens


class WeightColoring(EdgeColoring):
    """Colour = sign of w (blue positive, orange negative); width grows with |w|."""

    name = "weight"
    LEVELS = 6        # magnitude steps per sign

    def __init__(self) -> None:
        self.scale = 1.0   # |w| that gets the widest pen (robust maximum of the network)

    def prepare(self, weights: np.ndarray) -> bool:
        magnitudes = np.abs(weights)
        scale = float(np.quantile(magnitudes, 0.99)) if len(magnitudes) else 1.0
        scale = scale if scale > 1e-12 else 1.0
        changed = not np.isclose(scale, self.scale, rtol=0.02)
        if changed:
            self.scale = scale
        return changed

    def specs(self) -> list[PenSpec]:
        specs = []
        for dashed in (False, True):
            specs.append(PenSpec(_with_alpha(style.ZERO, 0.7), 0.8, dashed))
            for color in (style.POSITIVE, style.NEGATIVE):
                for level in range(self.LEVELS):
                    t = (level + 1) / self.LEVELS
                    specs.append(PenSpec(_with_alpha(color, 0.35 + 0.6 * t),
                                         0.7 + 3.0 * t, dashed))
        return specs

    def buckets(self, weights: np.ndarray, frozen: np.ndarray) -> np.ndarray:
        per_group = 1 + 2 * self.LEVELS
        t = np.clip(np.abs(weights) / self.scale, 0.0, 1.0)
        level = np.minimum((t * self.LEVELS).astype(np.int16), self.LEVELS - 1)
        bucket = np.where(weights >= 0, 1 + level, 1 + self.LEVELS + level).astype(np.int16)
        bucket[np.abs(weights) < 1e-12] = 0
        return bucket + per_group * frozen.astype(np.int16)

    def paint_order(self) -> list[int]:
        # Weak edges first and strong ones on top, alternating signs, so neither colour
        # hides the other just because it was painted last.
        per_group = 1 + 2 * self.LEVELS
        order = []
        for frozen in (0, 1):
            base = frozen * per_group
            order.append(base)
            for level in range(self.LEVELS):
                order += [base + 1 + level, base + 1 + self.LEVELS + level]
        return order

    def legend(self) -> list[LegendEntry]:
        strong = 0.7 + 3.0
        return [
            LegendEntry(style.POSITIVE, strong, "positive weight"),
            LegendEntry(style.NEGATIVE, strong, "negative weight"),
            LegendEntry(style.MUTED_TEXT, 1.0, f"width ∝ |w|, widest at {self.scale:.3g}"),
            LegendEntry(style.MUTED_TEXT, 1.0, "frozen (not trained)", dashed=True),
        ]


def _with_alpha(color: QColor, alpha: float) -> QColor:
    out = QColor(color)
    out.setAlphaF(alpha)
    return out
