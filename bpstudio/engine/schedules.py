"""Learning-rate schedules: η as a function of the epoch (0-based)."""

from __future__ import annotations

import math

from bpstudio.model.settings import TrainingSettings


def learning_rate(settings: TrainingSettings, epoch: int) -> float:
    """η for ``epoch``: constant, step decay, or cosine annealing to ``min_learning_rate``."""
    lr = settings.learning_rate
    if settings.schedule == "constant":
        return lr
    if settings.schedule == "step":
        return lr * settings.step_gamma ** (epoch // settings.step_every)
    if settings.schedule == "cosine":
        progress = min(epoch / max(settings.epochs - 1, 1), 1.0)
        low = min(settings.min_learning_rate, lr)
        return low + 0.5 * (lr - low) * (1 + math.cos(math.pi * progress))
    raise ValueError(f"unknown schedule {settings.schedule!r}")
