"""Training settings, the dataset reference and the loss history: part of the document.

Frozen dataclasses: a change replaces the whole object, so an undo command can keep the
old one and a training thread can hold one without locks.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from bpstudio.words import translate

# The names the engine implements; the engine's tables are tested to cover exactly these.
ACTIVATIONS = ("identity", "sigmoid", "tanh", "relu", "leaky_relu", "softplus", "sine", "softmax")
LOSSES = ("l2", "binary_cross_entropy", "softmax_cross_entropy")
OPTIMIZERS = ("sgd", "momentum", "adam")
INITIALIZERS = ("uniform", "xavier", "he")
SCHEDULES = ("constant", "step", "cosine")
DTYPES = ("float64", "float32")

BUILTIN_DATASETS = (
    "xor", "circle", "gaussians", "spiral", "moons", "plane", "sine", "digits", "fashion",
    "iris", "wine", "breast_cancer", "diabetes",
) + ("echo", "parity", "sine-next", "adding")
#: the built-in datasets of sequences (for networks with recurrent connections)
SEQUENCE_DATASETS = ("echo", "parity", "sine-next", "adding")
#: where a sequence has targets: at every time step, or only at its last one
SEQUENCE_TARGETS = ("every", "last")
MAX_SEQUENCE_LENGTH = 10_000       # dataset.sequence_length and training.truncation
#: the dataset name meaning "the points drawn in this document" (stored in the file itself)
DRAWN_DATASET = "drawn"
#: how inputs are scaled before they reach the network (bpstudio/model/scaling.py)
SCALINGS = ("none", "minmax", "zscore")
MAX_IMAGE_SIDE = 1024   # image datasets: the largest width or height to resize to

# Upper bounds of the numeric settings. The editor's spin boxes hold signed 32-bit whole
# numbers (Qt's QSpinBox): a larger value in a file made opening it raise OverflowError, so
# every whole-number setting stays within SPIN_BOX_MAX, and the loader, the JSON schema,
# the command line and the editor's widgets all take their ranges from these names.
SPIN_BOX_MAX = 2**31 - 1
MAX_SEED = SPIN_BOX_MAX            # training.seed and dataset.seed
MAX_SAMPLES = 10_000_000           # dataset.samples (generated 2-D and regression sets)
MAX_BATCH_SIZE = 10_000_000        # training.batch_size
MAX_EPOCHS = 100_000_000           # training.epochs
MAX_PATIENCE = 10_000_000          # training.patience
MAX_STEP_EVERY = 100_000_000       # training.step_every
MAX_LEARNING_RATE = 1000.0         # training.learning_rate and min_learning_rate
MAX_TARGET_LOSS = 1e6              # training.target_loss


class SettingsError(ValueError):
    """A settings value is out of range or unknown; the message names the field."""


def _check_choice(name: str, value: object, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise SettingsError(translate("Settings", "{name} must be one of {choices}; got "
                                                  "{value!r}").format(
                                name=name, choices=', '.join(choices), value=value))


def _check_number(name: str, value: object, *, low: float | None = None,
                  high: float | None = None, low_open: bool = False,
                  integer: bool = False) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise SettingsError(translate("Settings", "{name} must be a number; got "
                                                  "{value!r}").format(
                                name=name, value=value))
    if integer and not isinstance(value, int):
        raise SettingsError(translate("Settings", "{name} must be a whole number; got "
                                                  "{value!r}").format(
                                name=name, value=value))
    if isinstance(value, float) and not math.isfinite(value):
        raise SettingsError(translate("Settings", "{name} must be finite; got {value!r}").format(
                                name=name, value=value))
    # (a whole number of any size compares exactly with the float bounds)
    if low is not None and (value <= low if low_open else value < low):
        relation = ">" if low_open else "≥"
        raise SettingsError(translate("Settings", "{name} must be {relation} {low}; "
                                                  "got {value}").format(
                                name=name, relation=relation, low=_bound(low),
                                value=_shown(value)))
    if high is not None and value > high:
        raise SettingsError(translate("Settings", "{name} must be ≤ {high}; got "
                                                  "{value}").format(
                                name=name, high=_bound(high), value=_shown(value)))


def _bound(limit: float) -> str:
    """2147483647 rather than 2.14748e+09: a limit is quoted exactly."""
    return str(int(limit)) if float(limit).is_integer() and abs(limit) < 1e16 else f"{limit:g}"


def _shown(value: float) -> str:
    """The offending value; a whole number of more than 20 digits by its length only (a
    file may hold thousands of digits, more than str() even converts)."""
    if isinstance(value, int) and abs(value) >= 10**20:
        digits = math.floor(math.log10(abs(value))) + 1
        return f"a {digits}-digit number"
    return repr(value)


def _check_bool(name: str, value: object) -> None:
    if not isinstance(value, bool):
        raise SettingsError(translate("Settings", "{name} must be true or false; got "
                                                  "{value!r}").format(
                                name=name, value=value))


@dataclass(frozen=True)
class DatasetSpec:
    """Which data the network trains on: a built-in, a file or folder, or the drawn points."""

    name: str = "xor"          # a built-in name, "drawn", or a path (CSV, IDX, image folder)
    samples: int = 200         # points drawn by the 2-D and regression generators
    noise: float = 0.0         # generator noise, in units of the data's own scale
    test_ratio: float = 0.2    # fraction of the samples held out as the test set
    seed: int = 0              # seeds the generator and the train/test split
    #: "none", "minmax" (to [0, 1]) or "zscore"; fitted on the training split only
    scale_inputs: str = "none"
    image_width: int = 0       # images: resize to this width; 0 = automatic (see docs)
    image_height: int = 0      # images: resize to this height; 0 = automatic
    grayscale: bool = True     # image folders: one value per pixel (False: R, G, B each)
    invert: bool = False       # images: value → 1 − value (dark strokes on light paper)
    #: sequences (docs/recurrent.md): the CSV column naming the sequence each row belongs to
    sequence_column: str = "sequence"
    #: "every": a target at every time step; "last": only the last step's target counts
    sequence_targets: str = "every"
    sequence_length: int = 20  # built-in sequence sets: time steps per sequence

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise SettingsError(translate("Settings", "dataset name must be a non-empty "
                                                      "string; got {name!r}").format(
                                    name=self.name))
        _check_number("samples", self.samples, low=4, high=MAX_SAMPLES, integer=True)
        _check_number("noise", self.noise, low=0, high=10)
        _check_number("test_ratio", self.test_ratio, low=0, high=0.9)
        _check_number("dataset seed", self.seed, low=0, high=MAX_SEED, integer=True)
        _check_choice("scale_inputs", self.scale_inputs, SCALINGS)
        _check_number("image_width", self.image_width, low=0, high=MAX_IMAGE_SIDE, integer=True)
        _check_number("image_height", self.image_height, low=0, high=MAX_IMAGE_SIDE,
                      integer=True)
        if (self.image_width == 0) != (self.image_height == 0):
            raise SettingsError(translate("Settings", "image_width and image_height are "
                                                      "both 0 (automatic) or both set; "
                                                      "got {image_width}×{image_height}").format(
                                    image_width=self.image_width,
                                    image_height=self.image_height))
        _check_bool("grayscale", self.grayscale)
        _check_bool("invert", self.invert)
        if not isinstance(self.sequence_column, str) or not self.sequence_column.strip():
            raise SettingsError(translate("Settings", "sequence_column must name a "
                                                      "column; got {sequence_column!r}").format(
                                    sequence_column=self.sequence_column))
        _check_choice("sequence_targets", self.sequence_targets, SEQUENCE_TARGETS)
        _check_number("sequence_length", self.sequence_length, low=2,
                      high=MAX_SEQUENCE_LENGTH, integer=True)

    @property
    def is_builtin(self) -> bool:
        return self.name in BUILTIN_DATASETS

    @property
    def is_sequence_builtin(self) -> bool:
        return self.name in SEQUENCE_DATASETS

    @property
    def is_drawn(self) -> bool:
        """True when the network trains on the points drawn in its own document."""
        return self.name == DRAWN_DATASET

    @property
    def image_size(self) -> tuple[int, int] | None:
        """(width, height) to resize images to, or None for automatic."""
        return (self.image_width, self.image_height) if self.image_width else None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


DEFAULT_VALIDATION_RATIO = 0.1   # held out for early stopping when no validation_ratio is set


@dataclass(frozen=True)
class TrainingSettings:
    """Hyper-parameters of one training run, as stored in the .bpnet file."""

    # L2 = squared Euclidean distance, the tutorial's loss; exact formulas of every loss:
    # docs/file-format.md, "Loss conventions" (code: bpstudio/engine/losses.py)
    loss: str = "l2"
    optimizer: str = "sgd"
    learning_rate: float = 0.5       # η in w ← w − η·∂L/∂w
    momentum: float = 0.9            # velocity decay for momentum/Nesterov
    nesterov: bool = False
    beta1: float = 0.9               # Adam: decay of the gradient's running mean
    beta2: float = 0.999             # Adam: decay of the squared gradient's running mean
    epsilon: float = 1e-8            # Adam: keeps the step finite when the variance is ~0
    batch_size: int = 0              # 0 = full batch, 1 = online, n = minibatches of n
    shuffle: bool = True             # reshuffle the training set every epoch
    epochs: int = 1000               # stop after this many passes over the training set
    target_loss: float = 0.0         # stop once the training loss is at or below this (0 = off)
    patience: int = 0                # early stopping: epochs without validation-loss gain (0 = off)
    #: fraction of the training split held out as the validation set (0 = none; see
    #: :attr:`effective_validation_ratio` for what early stopping uses then)
    validation_ratio: float = 0.0
    l1: float = 0.0                  # adds l1·sign(w) to ∂L/∂w (weights only)
    l2: float = 0.0                  # adds l2·w to ∂L/∂w (weights only)
    init: str = "xavier"
    init_scale: float = 0.5          # half-width a of the "uniform" initialiser U(−a, a)
    schedule: str = "constant"
    step_every: int = 100            # step decay: multiply η by step_gamma every this many epochs
    step_gamma: float = 0.5
    min_learning_rate: float = 0.0   # cosine schedule: η at the last epoch
    seed: int = 0                    # seeds initialisation and shuffling
    dtype: str = "float64"
    #: sequences: backpropagate through at most this many time steps (truncated BPTT in
    #: windows of this length, docs/recurrent.md); None = through the whole sequence
    truncation: int | None = None
    #: rescale the gradient to at most this Euclidean norm before each step (0 = off)
    clip_norm: float = 0.0

    def __post_init__(self) -> None:
        _check_choice("loss", self.loss, LOSSES)
        _check_choice("optimizer", self.optimizer, OPTIMIZERS)
        _check_choice("init", self.init, INITIALIZERS)
        _check_choice("schedule", self.schedule, SCHEDULES)
        _check_choice("dtype", self.dtype, DTYPES)
        _check_number("learning_rate", self.learning_rate, low=0, low_open=True,
                      high=MAX_LEARNING_RATE)
        _check_number("momentum", self.momentum, low=0, high=0.9999)
        _check_bool("nesterov", self.nesterov)
        _check_bool("shuffle", self.shuffle)
        _check_number("beta1", self.beta1, low=0, high=0.9999)
        _check_number("beta2", self.beta2, low=0, high=0.999999)
        _check_number("epsilon", self.epsilon, low=0, low_open=True, high=1)
        _check_number("batch_size", self.batch_size, low=0, high=MAX_BATCH_SIZE, integer=True)
        _check_number("epochs", self.epochs, low=1, high=MAX_EPOCHS, integer=True)
        _check_number("target_loss", self.target_loss, low=0, high=MAX_TARGET_LOSS)
        _check_number("patience", self.patience, low=0, high=MAX_PATIENCE, integer=True)
        _check_number("validation_ratio", self.validation_ratio, low=0, high=0.5)
        _check_number("l1", self.l1, low=0, high=100)
        _check_number("l2", self.l2, low=0, high=100)
        _check_number("init_scale", self.init_scale, low=0, low_open=True, high=100)
        _check_number("step_every", self.step_every, low=1, high=MAX_STEP_EVERY, integer=True)
        _check_number("step_gamma", self.step_gamma, low=0, low_open=True, high=1)
        _check_number("min_learning_rate", self.min_learning_rate, low=0,
                      high=MAX_LEARNING_RATE)
        _check_number("seed", self.seed, low=0, high=MAX_SEED, integer=True)
        if self.truncation is not None:
            if (isinstance(self.truncation, int) and not isinstance(self.truncation, bool)
                    and self.truncation <= 0):
                raise SettingsError(
                    translate("Settings", "truncation must be at least 1 time step; got "
                                          "{truncation} (leave it out to backpropagate "
                                          "through whole sequences)").format(
                        truncation=self.truncation))
            _check_number("truncation", self.truncation, low=1, high=MAX_SEQUENCE_LENGTH,
                          integer=True)
        _check_number("clip_norm", self.clip_norm, low=0, high=1e6)

    @property
    def effective_validation_ratio(self) -> float:
        """The validation share training uses: ``validation_ratio``, or, when early stopping
        is on and no share is set, DEFAULT_VALIDATION_RATIO; early stopping must watch data
        the network does not train on, and the test set stays for the final verdict."""
        if self.validation_ratio == 0 and self.patience:
            return DEFAULT_VALIDATION_RATIO
        return float(self.validation_ratio)

    def with_changes(self, **changes: Any) -> TrainingSettings:
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def settings_from_dict(cls: type, data: dict[str, Any], where: str) -> Any:
    """Build ``cls`` from a dict, rejecting unknown keys; errors name ``where``."""
    known = {f.name for f in fields(cls)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise SettingsError(translate("Settings", "{where}: unknown setting {unknown!r}").format(
                                where=where, unknown=unknown[0]))
    try:
        return cls(**data)
    except SettingsError as error:
        raise SettingsError(f"{where}: {error}") from None


@dataclass(frozen=True)
class LossHistory:
    """Per-epoch record of the last training run (``None`` where a value was not measured)."""

    epochs: tuple[int, ...] = ()
    train_loss: tuple[float, ...] = ()
    test_loss: tuple[float | None, ...] = ()
    test_metric: tuple[float | None, ...] = ()   # accuracy (classification) or R² (regression)
    learning_rate: tuple[float, ...] = ()
    metric_name: str = ""                         # "accuracy" or "r2"; "" when unknown

    def __post_init__(self) -> None:
        lengths = {len(self.epochs), len(self.train_loss), len(self.test_loss),
                   len(self.test_metric), len(self.learning_rate)}
        if len(lengths) != 1:
            raise SettingsError(translate("Settings", "history: all columns must have the same "
                                                      "length"))

    def __len__(self) -> int:
        return len(self.epochs)

    def to_dict(self) -> dict[str, Any]:
        return {key: list(value) if isinstance(value, tuple) else value
                for key, value in asdict(self).items()}


EMPTY_HISTORY = LossHistory()
