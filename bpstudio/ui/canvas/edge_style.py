"""Edge colouring modes: each maps per-edge values to a bucket in a small palette of pens.

Painting 100,000 edges is only fast when edges sharing a pen are drawn by one
``drawLines`` call, so a colouring never returns colours per edge: it returns a bucket
index per edge into a palette of a few dozen pre-built pens. "weight" colours by sign
and widens with |w|; "gradient" maps log10 |∂L/∂w| through a perceptually uniform colour
map; "change" colours by the sign of Δw since training started and widens with |Δw|.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QColor, QPen

from bpstudio.ui.canvas import style
from bpstudio.ui.i18n import translate


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


@dataclass(frozen=True)
class ColorBar:
    """A colour bar for the legend: cell ``k`` spans ``edges[k]`` to ``edges[k + 1]``."""

    title: str
    colors: tuple[QColor, ...]        # one per cell, left to right
    edges: tuple[float, ...]          # len(colors) + 1 values at the cell boundaries
    ticks: tuple[tuple[float, str], ...]  # (position in cells from the left, label)


def _blend(color: QColor, alpha: float) -> QColor:
    """``color`` at ``alpha`` over the background, as an opaque colour (opaque is faster)."""
    bg = style.BACKGROUND
    return QColor(round(color.red() * alpha + bg.red() * (1 - alpha)),
                  round(color.green() * alpha + bg.green() * (1 - alpha)),
                  round(color.blue() * alpha + bg.blue() * (1 - alpha)))


class EdgeColoring:
    """Base class: ``buckets`` picks a pen per edge; ``pens`` builds the palette."""

    name = "base"
    #: edges without a value of their own are coloured by the model's weight
    falls_back_to_weight = True

    def specs(self) -> list[PenSpec]:
        raise NotImplementedError

    def buckets(self, weights: np.ndarray, frozen: np.ndarray) -> np.ndarray:
        """Bucket index per edge, shape (n,), values in ``range(len(self.specs()))``."""
        raise NotImplementedError

    def legend(self) -> list[LegendEntry]:
        return []

    def colorbar(self) -> ColorBar | None:
        """The colour bar the legend shows for this mapping (None: line samples only)."""
        return None

    def paint_order(self) -> list[int]:
        """Buckets in the order they are painted: later ones end up on top."""
        return list(range(len(self.specs())))

    def bundle_color(self, values: np.ndarray) -> QColor:
        """One colour for a bundle of edges: blue/orange by the share of |positive| values."""
        values = values[np.isfinite(values)]
        total = float(np.abs(values).sum())
        if total <= 0:
            return style.ZERO
        return _mix(style.POSITIVE, style.NEGATIVE, float(values[values > 0].sum()) / total)

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
        known = np.isfinite(weights)
        weights = np.where(known, weights, 0.0)
        t = np.clip(np.abs(weights) / self.scale, 0.0, 1.0)
        level = np.minimum((t * self.LEVELS).astype(np.int16), self.LEVELS - 1)
        bucket = np.where(weights >= 0, 1 + level, 1 + self.LEVELS + level).astype(np.int16)
        bucket[np.abs(weights) < self.zero_below()] = 0
        return bucket + per_group * frozen.astype(np.int16)

    def zero_below(self) -> float:
        """Magnitudes under this get the grey "zero" pen."""
        return 1e-12

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
            LegendEntry(style.POSITIVE, strong, translate("EdgeStyle", "positive weight")),
            LegendEntry(style.NEGATIVE, strong, translate("EdgeStyle", "negative weight")),
            LegendEntry(style.MUTED_TEXT, 1.0,
                        translate("EdgeStyle", "width ∝ |w|, widest at {scale}")
                        .format(scale=f"{self.scale:.3g}")),
            LegendEntry(style.MUTED_TEXT, 1.0,
                        translate("EdgeStyle", "frozen (not trained)"), dashed=True),
        ]


class WeightChangeColoring(WeightColoring):
    """Colour = sign of Δw since training started; width grows with |Δw|."""

    name = "change"
    falls_back_to_weight = False    # an edge the run does not know has no change yet

    def prepare(self, weights: np.ndarray) -> bool:
        finite = np.abs(weights[np.isfinite(weights)])
        scale = float(np.quantile(finite, 0.99)) if len(finite) else 0.0
        if scale <= 1e-12:
            return False    # nothing moved yet: every edge is "unchanged" whatever the scale
        changed = not np.isclose(scale, self.scale, rtol=0.02)
        if changed:
            self.scale = scale
        return changed

    def zero_below(self) -> float:
        # A change of a thousandth of the largest change is "unchanged" at this scale.
        return max(1e-12, 1e-3 * self.scale)

    def legend(self) -> list[LegendEntry]:
        strong = 0.7 + 3.0
        return [
            LegendEntry(style.POSITIVE, strong,
                        translate("EdgeStyle", "weight grew since training started")),
            LegendEntry(style.NEGATIVE, strong, translate("EdgeStyle", "weight shrank")),
            LegendEntry(style.MUTED_TEXT, 1.0,
                        translate("EdgeStyle", "width ∝ |Δw|, widest at {scale}")
                        .format(scale=f"{self.scale:.3g}")),
            LegendEntry(_with_alpha(style.ZERO, 0.7), 1.0, translate("EdgeStyle", "unchanged")),
        ]


QUANTILE_SAMPLE = 20_000    # values a LogRange looks at to place its decades


class LogRange:
    """Whole decades 10**lo … 10**hi split into ``levels`` cells, following the values.

    The range spans the values' robust quantiles (5 % … 99 %) rounded out to whole
    decades, at most :attr:`MAX_DECADES` wide, and only moves when the bulk of the values
    leaves it or shrinks well inside it (so it does not flicker between two decades).
    """

    MIN_LEVELS = 24
    MAX_DECADES = 6

    def __init__(self, log_lo: int = -4, log_hi: int = -1) -> None:
        self.set(log_lo, log_hi)

    def set(self, log_lo: int, log_hi: int) -> None:
        """Fix the range to 10**log_lo … 10**log_hi (the next update may move it again)."""
        self.log_lo, self.log_hi = int(log_lo), int(log_hi)
        decades = self.log_hi - self.log_lo
        # A whole number of cells per decade, so every decade is a cell edge.
        self.levels = decades * math.ceil(self.MIN_LEVELS / decades)

    def update(self, values: np.ndarray) -> bool:
        """Follow ``values``; True if the range moved."""
        positive = values[np.isfinite(values) & (values > 0)]
        if not len(positive):
            return False
        if len(positive) > QUANTILE_SAMPLE:    # quantiles of a strided sample are as good
            positive = positive[:: len(positive) // QUANTILE_SAMPLE]
        q_lo, q_hi = np.quantile(np.log10(positive), [0.05, 0.99])
        lo, hi = self.log_lo, self.log_hi
        if lo <= q_lo < lo + 1.5 and hi - 1.5 < q_hi <= hi:
            return False
        hi = math.ceil(q_hi + 1e-9)
        lo = min(max(math.floor(q_lo), hi - self.MAX_DECADES), hi - 1)
        if (lo, hi) == (self.log_lo, self.log_hi):
            return False
        self.set(lo, hi)
        return True

    def level_of(self, values: np.ndarray) -> np.ndarray:
        """Cell of each value (below the range → 0, above → last); -1 where NaN."""
        values = np.asarray(values, dtype=np.float64)
        with np.errstate(divide="ignore", invalid="ignore"):
            t = np.log10(values)     # NaN stays NaN, 0 becomes -inf (clipped to cell 0)
        t -= self.log_lo
        t *= self.levels / (self.log_hi - self.log_lo)
        level = np.clip(np.floor(t), 0, self.levels - 1)
        level[np.isnan(t)] = 0                 # negative values: below the range
        level[np.isnan(values)] = -1
        return level.astype(np.int16)

    def edges(self) -> tuple[float, ...]:
        """The value at each cell boundary (levels + 1 values, log-spaced)."""
        step = (self.log_hi - self.log_lo) / self.levels
        return tuple(10.0 ** (self.log_lo + k * step) for k in range(self.levels + 1))

    def ticks(self) -> tuple[tuple[int, str], ...]:
        """(cell edge, label) at every whole decade."""
        per_decade = self.levels // (self.log_hi - self.log_lo)
        return tuple((k * per_decade, decade_label(self.log_lo + k))
                     for k in range(self.log_hi - self.log_lo + 1))


class GradientColoring(EdgeColoring):
    """Colour = log10 |∂L/∂w| through reversed viridis: dark and wide where gradients are
    big, light and thin where they are small; the range follows the values."""

    name = "gradient"
    falls_back_to_weight = False

    def __init__(self) -> None:
        self.range = LogRange()
        # says where the values came from
        self.title = QT_TRANSLATE_NOOP("EdgeStyle", "|∂L/∂w|, mean over the last report")

    @property
    def levels(self) -> int:
        return self.range.levels

    def prepare(self, values: np.ndarray) -> bool:
        return self.range.update(values)

    def colors(self) -> list[QColor]:
        """Colour of each level, from small gradients (light) to large ones (dark)."""
        return style.sequential_colors(self.levels)

    def specs(self) -> list[PenSpec]:
        specs = []
        colors = self.colors()
        for dashed in (False, True):
            specs.append(PenSpec(_with_alpha(style.ZERO, 0.45), 0.8, dashed))
            for level, color in enumerate(colors):
                t = level / max(self.levels - 1, 1)
                specs.append(PenSpec(color, 0.9 + 2.6 * t, dashed))
        return specs

    def level_of(self, values: np.ndarray) -> np.ndarray:
        return self.range.level_of(values)

    def buckets(self, weights: np.ndarray, frozen: np.ndarray) -> np.ndarray:
        return (1 + self.level_of(weights)
                + (1 + self.levels) * frozen.astype(np.int16)).astype(np.int16)

    def bundle_color(self, values: np.ndarray) -> QColor:
        """The colour of the bundle's median |∂L/∂w|."""
        known = values[np.isfinite(values)]
        if not len(known):
            return style.ZERO
        return self.colors()[int(self.level_of(np.array([np.median(known)]))[0])]

    def colorbar(self) -> ColorBar:
        return ColorBar(translate("EdgeStyle", self.title), tuple(self.colors()),
                        self.range.edges(),
                        self.range.ticks())

    def legend(self) -> list[LegendEntry]:
        return [
            LegendEntry(_with_alpha(style.ZERO, 0.45), 0.8,
                        translate("EdgeStyle", "no gradient yet")),
            LegendEntry(style.MUTED_TEXT, 1.0,
                        translate("EdgeStyle", "frozen (not trained)"), dashed=True),
        ]


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def decade_label(exponent: int) -> str:
    """10**exponent written for people: 10⁻⁵ … 10⁻¹, 1, 10, 10² …"""
    if exponent in (0, 1):
        return "1" if exponent == 0 else "10"
    return "10" + str(exponent).translate(_SUPERSCRIPT)


def _mix(a: QColor, b: QColor, share_a: float) -> QColor:
    return QColor(round(a.red() * share_a + b.red() * (1 - share_a)),
                  round(a.green() * share_a + b.green() * (1 - share_a)),
                  round(a.blue() * share_a + b.blue() * (1 - share_a)))


def _with_alpha(color: QColor, alpha: float) -> QColor:
    out = QColor(color)
    out.setAlphaF(alpha)
    return out
