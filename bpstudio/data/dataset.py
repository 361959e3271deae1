"""The Dataset a network trains on: train/test arrays plus the names that label them.

NumPy only. Arrays are stored as read-only views so a frozen Dataset really is frozen:
a training thread and the GUI can share one without copying or locking.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from bpstudio.model.scaling import NO_SCALING, InputScaling
from bpstudio.words import QT_TRANSLATE_NOOP, translate

TASKS = ("classification", "regression")


class DataError(ValueError):
    """Data cannot be loaded or does not fit the network; the message says where and why."""


def one_hot(labels: np.ndarray, n_classes: int) -> np.ndarray:
    """(n,) int class labels → (n, n_classes) float64 rows with a single 1."""
    labels = np.asarray(labels)
    if labels.ndim != 1:
        raise ValueError(f"labels must be 1-D; got shape {labels.shape}")
    if n_classes < 1:
        raise ValueError(f"n_classes must be ≥ 1; got {n_classes}")
    if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        raise ValueError(f"labels must lie in 0..{n_classes - 1}")
    encoded = np.zeros((labels.shape[0], n_classes), dtype=np.float64)
    encoded[np.arange(labels.shape[0]), labels.astype(np.intp, copy=False)] = 1.0
    return encoded


def _frozen(array: np.ndarray) -> np.ndarray:
    # A view, so the caller's own array stays writable while ours cannot be changed.
    view = array.view()
    view.flags.writeable = False
    return view


#: word → its count's two English forms, translated where a message is written
COUNTED = {
    "input": (QT_TRANSLATE_NOOP("Counts", "{n} input"),
              QT_TRANSLATE_NOOP("Counts", "{n} inputs")),
    "input neuron": (QT_TRANSLATE_NOOP("Counts", "{n} input neuron"),
                     QT_TRANSLATE_NOOP("Counts", "{n} input neurons")),
    "output": (QT_TRANSLATE_NOOP("Counts", "{n} output"),
               QT_TRANSLATE_NOOP("Counts", "{n} outputs")),
    "output neuron": (QT_TRANSLATE_NOOP("Counts", "{n} output neuron"),
                      QT_TRANSLATE_NOOP("Counts", "{n} output neurons")),
    "class": (QT_TRANSLATE_NOOP("Counts", "{n} class"),
              QT_TRANSLATE_NOOP("Counts", "{n} classes")),
    "target": (QT_TRANSLATE_NOOP("Counts", "{n} target"),
               QT_TRANSLATE_NOOP("Counts", "{n} targets")),
    "column": (QT_TRANSLATE_NOOP("Counts", "{n} column"),
               QT_TRANSLATE_NOOP("Counts", "{n} columns")),
    "row": (QT_TRANSLATE_NOOP("Counts", "{n} row"),
            QT_TRANSLATE_NOOP("Counts", "{n} rows")),
    "data row": (QT_TRANSLATE_NOOP("Counts", "{n} data row"),
                 QT_TRANSLATE_NOOP("Counts", "{n} data rows")),
    "image": (QT_TRANSLATE_NOOP("Counts", "{n} image"),
              QT_TRANSLATE_NOOP("Counts", "{n} images")),
    "point": (QT_TRANSLATE_NOOP("Counts", "{n} point"),
              QT_TRANSLATE_NOOP("Counts", "{n} points")),
}


def plural(count: int, word: str) -> str:
    """'1 class', '2 classes', '3 inputs' (``word``: a key of COUNTED), in the user's
    language."""
    one, many = COUNTED[word]
    return translate("Counts", one if count == 1 else many).format(n=count)


@dataclass(frozen=True, eq=False, repr=False)
class Dataset:
    """Train and test arrays of one dataset; ``y`` holds labels or regression targets."""

    name: str
    task: str                                # "classification" or "regression"
    x_train: np.ndarray                      # (n_train, n_features) float64
    y_train: np.ndarray                      # (n_train,) int64 labels or (n_train, n_targets)
    x_test: np.ndarray                       # (n_test, n_features) float64; n_test may be 0
    y_test: np.ndarray                       # like y_train
    n_classes: int = 0                       # 0 for regression
    class_names: tuple[str, ...] = ()        # one per class; defaults to "0", "1", …
    feature_names: tuple[str, ...] = ()      # one per input column; defaults to "x1", "x2", …
    target_names: tuple[str, ...] = ()       # regression: one per target; defaults to "y", …
    image_shape: tuple[int, int] | None = None   # (rows, cols) when a sample is an image
    image_channels: int = 1                  # values per pixel: 1 (grey) or 3 (R, G, B)
    resizable: bool = False                  # the image size is a dataset setting
    #: what was applied to x_train and x_test: they hold what the network computes with;
    #: ``scaling.invert`` gives the data's own units back
    scaling: InputScaling = NO_SCALING
    #: "" for samples. Sequences (docs/recurrent.md): "every" or "last", the steps that
    #: have targets; then x is ``(n, T, n_features)``, labels ``(n, T)`` and regression
    #: targets ``(n, T, n_targets)``, one sequence per row, all of length T
    steps: str = ""

    def __post_init__(self) -> None:
        if self.task not in TASKS:
            raise ValueError(f"task must be one of {', '.join(TASKS)}; got {self.task!r}")
        if self.steps not in ("", "every", "last"):
            raise ValueError(f"steps must be '', 'every' or 'last'; got {self.steps!r}")
        x_train = np.asarray(self.x_train, dtype=np.float64)
        x_test = np.asarray(self.x_test, dtype=np.float64)
        dims = 3 if self.steps else 2
        if (x_train.ndim != dims or x_test.ndim != dims
                or x_train.shape[1:] != x_test.shape[1:] and dims == 3
                or x_train.shape[-1] != x_test.shape[-1]):
            raise ValueError(f"x_train and x_test must be {dims}-D with equal widths; got "
                             f"{x_train.shape} and {x_test.shape}")
        if x_train.shape[0] == 0:
            raise ValueError(translate("Data", "the training set is empty"))
        if self.task == "classification":
            y_train, y_test = self._check_labels()
        else:
            y_train, y_test = self._check_targets()
        for x, y, part in ((x_train, y_train, "train"), (x_test, y_test, "test")):
            if x.shape[:dims - 1] != y.shape[:dims - 1]:
                raise ValueError(f"x_{part} has {x.shape[0]} rows but y_{part} has {y.shape[0]}"
                                 if dims == 2 else f"x_{part} is {x.shape} but y_{part} is "
                                 f"{y.shape}: one target row per step is needed")
        n_features = x_train.shape[-1]
        if not self.feature_names:
            object.__setattr__(self, "feature_names",
                               tuple(f"x{i + 1}" for i in range(n_features)))
        if len(self.feature_names) != n_features:
            raise ValueError(f"{len(self.feature_names)} feature names for {n_features} features")
        if self.image_shape is not None:
            rows, cols = self.image_shape
            if rows * cols * self.image_channels != n_features:
                raise ValueError(f"image_shape {self.image_shape} does not hold {n_features} "
                                 "features")
        for field_name, array in (("x_train", x_train), ("x_test", x_test),
                                  ("y_train", y_train), ("y_test", y_test)):
            object.__setattr__(self, field_name, _frozen(array))

    def _check_labels(self) -> tuple[np.ndarray, np.ndarray]:
        if self.n_classes < 1:
            raise ValueError("a classification dataset needs n_classes ≥ 1")
        labels = []
        dims = 2 if self.steps else 1
        for y in (self.y_train, self.y_test):
            y = np.asarray(y)
            if y.ndim != dims or not (y.size == 0 or np.issubdtype(y.dtype, np.integer)):
                raise ValueError(f"class labels must be a {dims}-D integer array; got "
                                 f"{y.dtype} {y.shape}")
            if y.size and (y.min() < 0 or y.max() >= self.n_classes):
                raise ValueError(f"class labels must lie in 0..{self.n_classes - 1}")
            labels.append(y.astype(np.int64, copy=False))
        if not self.class_names:
            object.__setattr__(self, "class_names", tuple(str(i) for i in range(self.n_classes)))
        if len(self.class_names) != self.n_classes:
            raise ValueError(f"{len(self.class_names)} class names for {self.n_classes} classes")
        return labels[0], labels[1]

    def _check_targets(self) -> tuple[np.ndarray, np.ndarray]:
        if self.n_classes != 0:
            raise ValueError("a regression dataset has n_classes = 0")
        y_train = np.asarray(self.y_train, dtype=np.float64)
        y_test = np.asarray(self.y_test, dtype=np.float64)
        dims = 3 if self.steps else 2
        if y_train.ndim != dims or y_test.ndim != dims or y_train.shape[-1] != y_test.shape[-1]:
            raise ValueError(f"regression targets must be {dims}-D with equal widths; got "
                             f"{y_train.shape} and {y_test.shape}")
        n_targets = y_train.shape[-1]
        if not self.target_names:
            names = ("y",) if n_targets == 1 else tuple(f"y{i + 1}" for i in range(n_targets))
            object.__setattr__(self, "target_names", names)
        if len(self.target_names) != n_targets:
            raise ValueError(f"{len(self.target_names)} target names for {n_targets} targets")
        return y_train, y_test

    @property
    def is_classification(self) -> bool:
        """True when ``y`` holds class labels."""
        return self.task == "classification"

    @property
    def is_sequences(self) -> bool:
        """True when every sample is a sequence of time steps (docs/recurrent.md)."""
        return bool(self.steps)

    @property
    def sequence_length(self) -> int:
        """Time steps per sequence (1 for samples)."""
        return int(self.x_train.shape[1]) if self.steps else 1

    @property
    def n_features(self) -> int:
        """Inputs per sample (per time step): the network's input neurons."""
        return int(self.x_train.shape[-1])

    @property
    def n_targets(self) -> int:
        """Outputs per sample: ``n_classes`` for classification, target columns otherwise."""
        return self.n_classes if self.is_classification else int(self.y_train.shape[-1])

    @property
    def n_train(self) -> int:
        """Samples in the training set."""
        return int(self.x_train.shape[0])

    @property
    def n_test(self) -> int:
        """Samples in the test set (may be 0)."""
        return int(self.x_test.shape[0])

    @property
    def x_all(self) -> np.ndarray:
        """Train then test inputs, (n_train + n_test, n_features)."""
        return np.concatenate([self.x_train, self.x_test])

    @property
    def y_all(self) -> np.ndarray:
        """Train then test labels or targets."""
        return np.concatenate([self.y_train, self.y_test])

    def targets(self, which: Literal["train", "test"] = "train",
                n_outputs: int | None = None) -> np.ndarray:
        """(n, n_outputs) float64 rows the loss compares with the network's outputs.

        One-hot labels for classification, except that a two-class dataset fed to a
        one-output network gets the 0/1 label as its single column (the tutorial's XOR).
        """
        if which not in ("train", "test"):
            raise ValueError(f"which must be 'train' or 'test'; got {which!r}")
        if self.steps:
            raise ValueError("targets() lays out samples; sequences are encoded by "
                             "engine.targets.prepare_sequences")
        y = self.y_train if which == "train" else self.y_test
        if n_outputs is not None:
            self.check_fits(self.n_features, n_outputs)
        if not self.is_classification:
            return np.array(y, dtype=np.float64)
        if n_outputs == 1 and self.n_classes == 2:
            return y.astype(np.float64).reshape(-1, 1)
        return one_hot(y, self.n_classes)

    def check_fits(self, n_inputs: int | None, n_outputs: int | None) -> None:
        """Raise DataError unless a network with these sizes can train on this dataset."""
        if n_inputs is not None and n_inputs != self.n_features:
            if self.image_shape is not None:
                raise DataError(self._image_mismatch(n_inputs))
            raise DataError(translate("Data", "{name} has {inputs} per sample but the "
                                              "network has {neurons}").format(
                                name=self.name,
                                inputs=plural(self.n_features, 'input'),
                                neurons=plural(n_inputs, 'input neuron')))
        if n_outputs is None or n_outputs == self.n_targets:
            return
        if self.is_classification and self.n_classes == 2 and n_outputs == 1:
            return  # one sigmoid output can carry a two-class label
        if not self.is_classification:
            wanted = translate("Data", "{targets} per sample").format(
                targets=plural(self.n_targets, 'target'))
        else:
            wanted = (translate("Data", "{classes}, so the network needs {n} outputs (or 1)")
                      if self.n_classes == 2 else
                      translate("Data", "{classes}, so the network needs {n} outputs")).format(
                classes=plural(self.n_classes, 'class'), n=self.n_classes)
        raise DataError(translate("Data", "{name} has {wanted} but the network has "
                                          "{neurons}").format(
                            name=self.name, wanted=wanted,
                            neurons=plural(n_outputs, 'output neuron')))

    def _image_mismatch(self, n_inputs: int) -> str:
        """The pixel count differs from the network's inputs: say so, with both fixes."""
        assert self.image_shape is not None
        rows, cols = self.image_shape
        colour = "" if self.image_channels == 1 else " RGB"
        message = translate("Data", "{name}: the images are {size} pixels ({features:,} "
                            "inputs) but the network has {neurons}: ").format(
            name=self.name, size=f"{cols}×{rows}{colour}", features=self.n_features,
            neurons=plural(n_inputs, 'input neuron'))
        if not self.resizable:
            return message + translate("Data", "make a {n}-input network").format(
                n=self.n_features)
        per_pixel = n_inputs // self.image_channels
        side = round(per_pixel ** 0.5)
        if n_inputs % self.image_channels == 0 and side * side == per_pixel:
            fix = translate("Data", "resize to {side}×{side} in the dataset settings, or make "
                            "a {n}-input network")
        else:
            fix = translate("Data", "set the image size in the dataset settings to width × "
                            "height = {pixels:,}, or make a {n}-input network")
        return message + fix.format(side=side, pixels=per_pixel, n=self.n_features)

    def __repr__(self) -> str:
        # The arrays would flood tracebacks and test reports; the summary says what matters.
        return f"<Dataset {self.describe()}>"

    def describe(self) -> str:
        """One line such as "spiral: 2-D classification, 2 classes, 160 train / 40 test"."""
        kind = f"{self.n_features}-D {self.task}"
        if self.image_shape is not None:
            colour = "" if self.image_channels == 1 else " RGB"
            kind += f" ({self.image_shape[1]}×{self.image_shape[0]}{colour} images)"
        if not self.scaling.is_identity:
            kind += f", inputs scaled by {self.scaling.method}"
        size = (plural(self.n_classes, "class") if self.is_classification
                else plural(self.n_targets, "target"))
        if self.steps:
            where = "every step" if self.steps == "every" else "the last step"
            return (f"{self.name}: sequences of {self.sequence_length} steps, "
                    f"{plural(self.n_features, 'input')}, {size} at {where}, "
                    f"{self.n_train} train / {self.n_test} test")
        return f"{self.name}: {kind}, {size}, {self.n_train} train / {self.n_test} test"

    def input_range(self, padding: float = 0.1
                    ) -> tuple[tuple[float, float], tuple[float, float]]:
        """((xmin, xmax), (ymin, ymax)) of the 2-D inputs, widened by ``padding`` × span."""
        if self.n_features != 2 or self.steps:
            raise ValueError(translate("Data", "{name} has {n_features} inputs; a "
                                               "decision-boundary plot needs exactly 2, "
                                               "not sequences").format(
                                 name=self.name, n_features=self.n_features))
        points = self.x_all
        bounds = []
        for low, high in zip(points.min(axis=0), points.max(axis=0), strict=True):
            # A zero span (all points on a line) would give the plot an empty axis.
            margin = padding * (high - low) if high > low else 0.5
            bounds.append((float(low - margin), float(high + margin)))
        return bounds[0], bounds[1]
