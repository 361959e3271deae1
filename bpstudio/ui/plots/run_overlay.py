"""Colours and curves of remembered runs drawn over the loss and metric plots.

A run's colour follows its place in the document (the oldest run gets the first colour),
so one run has one colour in every plot, the Runs dock's swatch and the
``bpstudio runs --compare --plot`` picture. The colours avoid the live run's own blue,
orange and green.
"""

from __future__ import annotations

import math

import numpy as np

from bpstudio.model.runs import Run

RUN_COLOURS = ("#db2777", "#0891b2", "#ca8a04", "#7c3aed", "#4d7c0f", "#be123c", "#0f766e",
               "#9333ea", "#a16207", "#475569")


def run_colour(index: int) -> str:
    """The colour of the run at ``index`` in the document's runs (oldest = 0)."""
    return RUN_COLOURS[index % len(RUN_COLOURS)]


def column(run: Run, name: str, scale: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """(epochs, values) of one curve column of ``run``, unmeasured rows left out."""
    values = getattr(run.curves, name)
    pairs = [(e, v * scale) for e, v in zip(run.curves.epochs, values, strict=True)
             if v is not None and math.isfinite(v)]
    if not pairs:
        return np.empty(0), np.empty(0)
    epochs, ys = zip(*pairs, strict=True)
    return np.asarray(epochs, dtype=float), np.asarray(ys, dtype=float)


def metric_scale(run: Run) -> float:
    """Accuracy is drawn in percent, R² as it is."""
    return 100.0 if run.metric_name != "r2" else 1.0
