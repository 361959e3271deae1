"""The built-in datasets: one table row per name, and ``make_builtin(spec)`` to build one.

Determinism: ``numpy.random.default_rng(spec.seed)`` first draws the points, then the
train/test split, so the same spec always gives bit-identical arrays.

The tutorial's XOR: ``xor`` with ``samples == 4`` is exactly the four classic points
(0,0)→0, (0,1)→1, (1,0)→1, (1,1)→0 in that order, all used for training (no test split,
whatever ``test_ratio`` says: holding out one of four points would make XOR unlearnable).
Any other sample count gives quadrant clusters scaled to [-1, 1].
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from bpstudio.data import digits, synthetic
from bpstudio.data.dataset import Dataset
from bpstudio.data.split import split_indices
from bpstudio.model.settings import DatasetSpec

PointGenerator = Callable[[np.random.Generator, int, float], tuple[np.ndarray, np.ndarray]]


@dataclass(frozen=True)
class BuiltinInfo:
    """What the CLI and GUI show about a built-in dataset before generating it."""

    name: str
    description: str                # one line, for lists and tooltips
    task: str                       # "classification" or "regression"
    n_features: int                 # inputs per sample
    n_targets: int                  # classes (classification) or target columns (regression)
    image_shape: tuple[int, int] | None = None

    @property
    def n_classes(self) -> int:
        """Classes, or 0 for regression."""
        return self.n_targets if self.task == "classification" else 0


def _info(name: str, description: str, task: str = "classification", n_features: int = 2,
          n_targets: int = 2, image_shape: tuple[int, int] | None = None) -> BuiltinInfo:
    return BuiltinInfo(name, description, task, n_features, n_targets, image_shape)


# name → (info, generator); digits has no generator because it is a fixed set of images.
_TABLE: dict[str, tuple[BuiltinInfo, PointGenerator | None]] = {
    "xor": (_info("xor", "Four quadrant clusters, label 1 where x1 and x2 differ in sign "
                         "(4 samples: the classic XOR truth table)"), synthetic.xor),
    "circle": (_info("circle", "A disc of one class inside a ring of the other"),
               synthetic.circle),
    "gaussians": (_info("gaussians", "Two Gaussian blobs: linearly separable"),
                  synthetic.gaussians),
    "spiral": (_info("spiral", "Two interleaved spiral arms: hard but learnable"),
               synthetic.spiral),
    "moons": (_info("moons", "Two interleaving half circles"), synthetic.moons),
    "plane": (_info("plane", "y = 0.5·x1 − 0.3·x2 + 0.1 plus noise", task="regression",
                    n_targets=1), synthetic.plane),
    "sine": (_info("sine", "y = sin(π·x) plus noise, x in [−1, 1]", task="regression",
                   n_features=1, n_targets=1), synthetic.sine),
    "digits": (_info("digits", "1,797 handwritten digits, 8×8 pixels in [0, 1], 10 classes",
                     n_features=64, n_targets=digits.N_CLASSES,
                     image_shape=digits.IMAGE_SHAPE), None),
}

BUILTINS: Mapping[str, BuiltinInfo] = MappingProxyType(
    {name: info for name, (info, _) in _TABLE.items()})


def make_builtin(spec: DatasetSpec) -> Dataset:
    """Generate (or load, for digits) the built-in dataset ``spec.name``."""
    info, generate = _TABLE[spec.name]
    rng = np.random.default_rng(spec.seed)
    if spec.name == "xor" and spec.samples == len(synthetic.XOR_POINTS):
        x, y = synthetic.xor_classic(rng, spec.noise)
        return Dataset(name="xor", task="classification", x_train=x, y_train=y,
                       x_test=np.empty((0, 2)), y_test=np.empty(0, dtype=np.int64),
                       n_classes=2)
    if generate is None:
        x, y = digits.digits_arrays()    # `samples` and `noise` do not apply to images
        feature_names: tuple[str, ...] = digits.PIXEL_NAMES
    else:
        x, y = generate(rng, spec.samples, spec.noise)
        feature_names = ()
    is_classification = info.task == "classification"
    train, test = split_indices(len(x), spec.test_ratio, rng,
                                labels=y if is_classification else None)
    return Dataset(name=spec.name, task=info.task, x_train=x[train], y_train=y[train],
                   x_test=x[test], y_test=y[test], n_classes=info.n_classes,
                   feature_names=feature_names, image_shape=info.image_shape)
