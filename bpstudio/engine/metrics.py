"""Accuracy, confusion matrix and R² from network outputs ``(n_samples, n_outputs)``."""

from __future__ import annotations

import numpy as np

Array = np.ndarray


def predicted_classes(outputs: Array, threshold: float = 0.5) -> Array:
    """Class per sample: argmax over several outputs, or output ≥ threshold for one."""
    if outputs.shape[1] == 1:
        return (outputs[:, 0] >= threshold).astype(np.int64)
    return np.asarray(np.argmax(outputs, axis=1))


def accuracy(predicted: Array, labels: Array) -> float:
    return float(np.mean(predicted == labels)) if len(labels) else float("nan")


def confusion_matrix(predicted: Array, labels: Array, n_classes: int) -> Array:
    """``m[true, predicted]`` counts; rows sum to the number of samples of each class."""
    matrix = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(matrix, (labels, np.clip(predicted, 0, n_classes - 1)), 1)
    return matrix


def r_squared(outputs: Array, targets: Array) -> float:
    """Coefficient of determination over all output columns (1 is perfect, 0 is the mean)."""
    residual = float(np.sum((targets - outputs) ** 2))
    total = float(np.sum((targets - targets.mean(axis=0)) ** 2))
    if total == 0.0:
        return float("nan")
    return 1.0 - residual / total
