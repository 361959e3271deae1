"""Step mode's edge colours: grey until the pass reaches an edge, slate once w·a flowed
forward through it, then red by |∂L/∂w| (wider and darker = larger) once backprop did.

``EdgeColoring.buckets`` receives weights, not connection ids. The edge layer calls
``prepare`` first and, when it returns True, buckets every live row in row order; this
colouring always returns True and reads the live rows' connection ids itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
from PySide6.QtGui import QColor

from bpstudio.ui.canvas.edge_style import EdgeColoring, LegendEntry, PenSpec
from bpstudio.ui.i18n import translate
from bpstudio.xray.text import fmt

UNREACHED = QColor("#cbd5e1")
FORWARD = QColor("#64748b")
GRADIENT = QColor("#dc2626")
LEVELS = 6


class StepColoring(EdgeColoring):
    """Buckets: 0 not reached, 1 carried forward, 2 … 2+LEVELS−1 by |∂L/∂w|."""

    name = "xray-step"

    def __init__(self, layer: Any) -> None:
        self.layer = layer
        self.forward: set[int] = set()
        self.gradients: dict[int, float] = {}
        self.scale = 1.0
        self._live = np.zeros(0, dtype=np.int64)

    def set_values(self, forward: Iterable[int], gradients: Mapping[int, float]) -> None:
        """Edges the forward pass reached, and |∂L/∂w| of those backprop reached."""
        self.forward = set(forward)
        self.gradients = {cid: abs(g) for cid, g in gradients.items()}
        largest = max(self.gradients.values(), default=0.0)
        self.scale = largest if largest > 1e-300 else 1.0

    def prepare(self, weights: np.ndarray) -> bool:
        self._live = np.flatnonzero(self.layer.rows.alive)
        return True

    def specs(self) -> list[PenSpec]:
        specs = [PenSpec(UNREACHED, 0.8), PenSpec(FORWARD, 1.4)]
        for level in range(LEVELS):
            t = (level + 1) / LEVELS
            color = QColor(GRADIENT)
            color.setAlphaF(0.3 + 0.7 * t)
            specs.append(PenSpec(color, 0.8 + 3.4 * t))
        return specs

    def buckets(self, weights: np.ndarray, frozen: np.ndarray) -> np.ndarray:
        if len(weights) != len(self._live):      # not the whole layer: nothing to go by
            return np.zeros(len(weights), dtype=np.int16)
        cids = self.layer.rows.cid[self._live].tolist()
        grads = np.array([self.gradients.get(c, -1.0) for c in cids])
        reached = np.array([c in self.forward for c in cids], dtype=bool)
        level = np.minimum((grads / self.scale * LEVELS).astype(np.int16), LEVELS - 1)
        bucket = np.where(grads >= 0, 2 + np.maximum(level, 0), reached.astype(np.int16))
        return bucket.astype(np.int16)

    def legend(self) -> list[LegendEntry]:
        return [
            LegendEntry(UNREACHED, 1.5, translate("StepColoring", "not reached by this pass "
                                                                  "yet")),
            LegendEntry(FORWARD, 1.5, translate("StepColoring", "carried w·a forward")),
            LegendEntry(GRADIENT, 4.0, translate("StepColoring", "|∂L/∂w|: wider = larger") + (
                translate("StepColoring", " (widest {value})").format(value=fmt(self.scale))
                if self.gradients else "")),
        ]
