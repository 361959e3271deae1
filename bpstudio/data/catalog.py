"""The built-in datasets: one table row per name, and ``make_builtin(spec)`` to build one.

Generated: the 2-D and regression sets. Shipped as files in ``resources/datasets`` (see
docs/datasets.md for sources and licences): digits, fashion (the Fashion-MNIST test set),
iris, wine, breast_cancer and diabetes.

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
from bpstudio.data.tables import DATASETS_DIR, read_table
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
    class_names: tuple[str, ...] = ()   # classification; empty = "0", "1", …
    source: str = ""                # where the data comes from: "generated" or a file's name
                                    # ("generated sequences": one sequence per sample)

    @property
    def is_table(self) -> bool:
        """A shipped table of measurements (iris, wine, …): z-score inputs by default."""
        return self.source.endswith(".csv.gz") and self.image_shape is None

    @property
    def default_scaling(self) -> str:
        """``scale_inputs`` for a new document on this dataset: z-score for tables."""
        return "zscore" if self.is_table else "none"

    @property
    def is_sequences(self) -> bool:
        return self.source == SEQUENCES

    @property
    def n_classes(self) -> int:
        """Classes, or 0 for regression."""
        return self.n_targets if self.task == "classification" else 0


def _info(name: str, description: str, task: str = "classification", n_features: int = 2,
          n_targets: int = 2, image_shape: tuple[int, int] | None = None,
          class_names: tuple[str, ...] = (), source: str = "generated") -> BuiltinInfo:
    return BuiltinInfo(name, description, task, n_features, n_targets, image_shape,
                       class_names, source)


#: the ``source`` of the generated sequence sets (data/sequences.py)
SEQUENCES = "generated sequences"
ECHO_DELAY = 2                   # the echo set's target is the input bit from this many steps ago

FASHION_CLASSES = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
                   "Sneaker", "Bag", "Ankle boot")
FASHION_IMAGES = DATASETS_DIR / "fashion-mnist" / "t10k-images-idx3-ubyte.gz"

# name → (info, generator); the shipped sets have no generator: they are fixed samples.
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
                     image_shape=digits.IMAGE_SHAPE, source="digits.csv.gz"), None),
    "fashion": (_info("fashion", "10,000 Fashion-MNIST clothing images (the test set), "
                                 "28×28 pixels in [0, 1], 10 classes",
                      n_features=784, n_targets=10, image_shape=(28, 28),
                      class_names=FASHION_CLASSES,
                      source="fashion-mnist/t10k-images-idx3-ubyte.gz"), None),
    "iris": (_info("iris", "150 iris flowers: 4 measurements in cm, 3 species",
                   n_features=4, n_targets=3, class_names=("setosa", "versicolor", "virginica"),
                   source="iris.csv.gz"), None),
    "wine": (_info("wine", "178 Italian wines: 13 chemical measurements, 3 cultivars",
                   n_features=13, n_targets=3,
                   class_names=("cultivar 1", "cultivar 2", "cultivar 3"),
                   source="wine.csv.gz"), None),
    "breast_cancer": (_info("breast_cancer", "569 breast tumour biopsies (Wisconsin): 30 cell "
                                             "measurements, malignant or benign",
                            n_features=30, n_targets=2, class_names=("malignant", "benign"),
                            source="breast_cancer.csv.gz"), None),
    "diabetes": (_info("diabetes", "442 diabetes patients: 10 baseline measurements, disease "
                                   "progression after a year (regression)",
                       task="regression", n_features=10, n_targets=1,
                       source="diabetes.csv.gz"), None),
    # sequences (data/sequences.py, docs/recurrent.md): for networks with recurrent edges
    "echo": (_info("echo", f"Sequences of random bits; the target is the bit from "
                           f"{ECHO_DELAY} steps ago", n_features=1, source=SEQUENCES), None),
    "parity": (_info("parity", "Sequences of random bits; the target is the running XOR "
                               "(parity) of the bits so far", n_features=1,
                      source=SEQUENCES), None),
    "sine-next": (_info("sine-next", "Noisy sines of random frequency and phase; the target "
                                     "is the next step's value", task="regression",
                        n_features=1, n_targets=1, source=SEQUENCES), None),
    "adding": (_info("adding", "A value and a marker per step; the target is the sum of "
                               "the marked values so far (the adding problem)",
                     task="regression", n_features=2, n_targets=1, source=SEQUENCES),
               None),
}

BUILTINS: Mapping[str, BuiltinInfo] = MappingProxyType(
    {name: info for name, (info, _) in _TABLE.items()})


def make_builtin(spec: DatasetSpec) -> Dataset:
    """Generate (or read, for the shipped sets) the built-in dataset ``spec.name``.

    ``samples`` and ``noise`` apply to generated sets only; the image options (size,
    invert) to fashion only: digits stays the 8×8 set it is.
    """
    info, generate = _TABLE[spec.name]
    if spec.is_sequence_builtin:
        # The sequence readers load with the CSV reader, only when a sequence set is chosen
        from bpstudio.data.sequences import make_sequences

        return make_sequences(spec)
    if spec.name == "fashion":
        # IDX reading loads only when fashion is chosen (start-up time)
        from bpstudio.data.idx import load_idx_dataset

        return load_idx_dataset(FASHION_IMAGES, spec, "fashion", FASHION_CLASSES)
    rng = np.random.default_rng(spec.seed)
    if spec.name == "xor" and spec.samples == len(synthetic.XOR_POINTS):
        x, y = synthetic.xor_classic(rng, spec.noise)
        return Dataset(name="xor", task="classification", x_train=x, y_train=y,
                       x_test=np.empty((0, 2)), y_test=np.empty(0, dtype=np.int64),
                       n_classes=2)
    feature_names: tuple[str, ...] = ()
    if generate is not None:
        x, y = generate(rng, spec.samples, spec.noise)
    elif spec.name == "digits":
        x, y = digits.digits_arrays()
        feature_names = digits.PIXEL_NAMES
    else:
        feature_names, x, targets = read_table(spec.name)
        y = targets.astype(np.int64) if info.task == "classification" else targets[:, None]
    is_classification = info.task == "classification"
    train, test = split_indices(len(x), spec.test_ratio, rng,
                                labels=y if is_classification else None)
    return Dataset(name=spec.name, task=info.task, x_train=x[train], y_train=y[train],
                   x_test=x[test], y_test=y[test], n_classes=info.n_classes,
                   class_names=info.class_names, feature_names=feature_names,
                   image_shape=info.image_shape)
