"""The points drawn in a document as a Dataset, and as CSV text for exporting them.

The exported CSV (``x1,x2,label`` or ``x1,x2,target``) loads back through the CSV loader
as the same samples, so drawn data can be shared or edited in a spreadsheet.
"""

from __future__ import annotations

import numpy as np

from bpstudio.data.dataset import DataError, Dataset, plural
from bpstudio.data.split import split_indices
from bpstudio.model.points import DrawnPoints
from bpstudio.model.settings import DatasetSpec
from bpstudio.words import translate

MIN_POINTS = 2
DRAWN_NAME = "drawn points"


def drawn_arrays(drawn: DrawnPoints) -> tuple[np.ndarray, np.ndarray]:
    """((n, 2) float64 inputs, (n,) int64 labels or (n, 1) float64 targets)."""
    x = np.array([(p.x1, p.x2) for p in drawn.points], dtype=np.float64).reshape(-1, 2)
    values = [p.value for p in drawn.points]
    if drawn.is_classification:
        return x, np.array(values, dtype=np.int64)
    return x, np.array(values, dtype=np.float64).reshape(-1, 1)


def drawn_dataset(drawn: DrawnPoints, spec: DatasetSpec) -> Dataset:
    """The drawn points, split by ``spec.test_ratio`` and ``spec.seed`` like any dataset."""
    if len(drawn) < MIN_POINTS:
        raise DataError(translate("Data", "the drawing has {points}; draw at least {min_points} "
                                  "on the decision-boundary plane (Draw data) to train on "
                                  "them").format(points=plural(len(drawn), "point"),
                                                 min_points=MIN_POINTS))
    x, y = drawn_arrays(drawn)
    rng = np.random.default_rng(spec.seed)
    train, test = split_indices(len(x), spec.test_ratio, rng,
                                labels=y if drawn.is_classification else None)
    return Dataset(name=DRAWN_NAME, task=drawn.task, x_train=x[train], y_train=y[train],
                   x_test=x[test], y_test=y[test], n_classes=drawn.n_classes)


def drawn_points_csv(drawn: DrawnPoints) -> str:
    """The points as CSV text with a header, one row per point in drawing order."""
    value = "label" if drawn.is_classification else "target"
    rows = [f"x1,x2,{value}"]
    for p in drawn.points:
        shown = str(int(p.value)) if drawn.is_classification else repr(float(p.value))
        rows.append(f"{float(p.x1)!r},{float(p.x2)!r},{shown}")
    return "\n".join(rows) + "\n"
