"""Seeded train/test split: ``round(n × test_ratio)`` samples held out, stratified by class."""

from __future__ import annotations

import numpy as np


def held_out_count(n: int, test_ratio: float) -> int:
    """How many of ``n`` samples go to the test set; the training set always keeps one."""
    return max(0, min(round(n * test_ratio), n - 1))


def split_indices(n: int, test_ratio: float, rng: np.random.Generator,
                  labels: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Shuffled (train, test) index arrays; with ``labels`` each class keeps its share."""
    n_test = held_out_count(n, test_ratio)
    order = rng.permutation(n)
    if labels is None or n_test == 0:
        return order[n_test:], order[:n_test]
    shuffled = np.asarray(labels)[order]
    classes, counts = _class_counts(shuffled)
    # Largest-remainder quotas: each class gets its share and the total is exactly n_test.
    exact = counts * (n_test / n)
    quota = np.floor(exact).astype(np.int64)
    extra = n_test - int(quota.sum())
    quota[np.argsort(-(exact - quota), kind="stable")[:extra]] += 1
    in_test = np.zeros(n, dtype=bool)
    for label, share in zip(classes, quota, strict=True):
        # The class's first `share` positions in shuffled order: random, yet reproducible.
        in_test[np.flatnonzero(shuffled == label)[:share]] = True
    return order[~in_test], order[in_test]


def _class_counts(labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The classes present, sorted, and how many samples each has (``np.unique`` with
    counts, without sorting a copy of a million labels when they are class numbers)."""
    if labels.dtype.kind in "iu" and labels.size and labels.min() >= 0:
        counts = np.bincount(labels)
        classes = np.flatnonzero(counts)
        return classes, counts[classes]
    classes, counts = np.unique(labels, return_counts=True)
    return classes, counts
