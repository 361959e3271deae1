"""Data as the network needs it: inputs checked against the plan, targets encoded.

How labels become targets (docs/file-format.md, "Targets"):

* several outputs: one-hot, 1 at the output of the sample's class and 0 at every other,
  whatever the activation (the largest output is the predicted class);
* a single output with two classes: the label itself, 0 or 1, with decision threshold 0.5;
  except a single **tanh** output, whose range is (−1, 1): class 0 → −1, class 1 → +1,
  threshold 0, so the two classes sit symmetrically on tanh's two tails;
* regression: the target columns as they are.

Cross-entropies take only targets their formula is a loss for: binary cross-entropy
0 ≤ y ≤ 1 (otherwise softplus(z) − y·z falls without bound as |z| grows), softmax
cross-entropy y ≥ 0. Rows need not sum to 1: −Σ y ln p is trained on its exact gradient.

The engine never imports ``bpstudio.data``; callers pass plain arrays.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from bpstudio.engine.plan import Plan
from bpstudio.words import QT_TRANSLATE_NOOP, translate

Array = np.ndarray


class ShapeMismatch(ValueError):
    """The data does not fit the drawn network; the message says how."""


RECURRENT_NEEDS_SEQUENCES = QT_TRANSLATE_NOOP(
    "Targets", "the network has recurrent connections, so it trains on sequences, but the "
    "data is not a sequence dataset: choose echo, parity, sine-next or adding, or a CSV file "
    "with a sequence column (docs/recurrent.md)")


@dataclass(frozen=True)
class TrainingData:
    """Samples in rows. ``y_*`` are encoded targets ``(n, n_outputs)`` in the plan's dtype."""

    x_train: Array
    y_train: Array
    x_test: Array
    y_test: Array
    task: str                    # "classification" or "regression"
    n_classes: int               # 0 for regression
    labels_train: Array | None   # class labels (classification only)
    labels_test: Array | None
    threshold: float             # single-output decision threshold (0.5, or 0 for tanh)
    #: the validation set, held out of the training split (see :func:`hold_out_validation`)
    x_val: Array | None = None
    y_val: Array | None = None
    #: "" for samples; for sequences (x ``(n, T, n_inputs)``, y ``(n, T, n_outputs)``,
    #: labels ``(n, T)``) which steps are scored: "every" or "last"
    steps: str = ""

    @property
    def n_train(self) -> int:
        return int(self.x_train.shape[0])

    @property
    def n_val(self) -> int:
        return 0 if self.x_val is None else int(self.x_val.shape[0])

    @property
    def n_test(self) -> int:
        return int(self.x_test.shape[0])

    @property
    def is_classification(self) -> bool:
        return self.task == "classification"

    @property
    def is_sequences(self) -> bool:
        return bool(self.steps)

    def scored(self, values: Array) -> Array:
        """``values`` laid out per sample (outputs, targets or labels of the sequences:
        one row per sequence and scored step; samples as they are): what the metrics
        compare."""
        return scored(values, self.steps)


def scored(values: Array, steps: str) -> Array:
    """Per-sequence arrays ``(n, T, …)`` → the scored steps' rows ``(n·T, …)`` ("every")
    or ``(n, …)`` ("last"); ``values`` itself for samples (``steps`` "")."""
    if not steps:
        return values
    if steps == "last":
        return values[:, -1]
    return values.reshape((values.shape[0] * values.shape[1],) + values.shape[2:])


def _targets_for_classes(labels: Array, plan: Plan) -> tuple[Array, float]:
    """One-hot over several outputs; 0/1 (or −1/+1 for a tanh output) for a single one."""
    if plan.n_outputs == 1:
        if plan.output_activation() == "tanh":
            return (2.0 * labels - 1.0).reshape(-1, 1), 0.0
        return labels.astype(float).reshape(-1, 1), 0.5
    onehot = np.zeros((labels.shape[0], plan.n_outputs))
    onehot[np.arange(labels.shape[0]), labels] = 1.0
    return onehot, 0.5


def target_encoding(n_outputs: int, output_activation: str | None, task: str | None) -> str:
    """How class labels become targets for these outputs, in a few words for the Training
    dock ("−1 / +1 for classes 0 / 1"); ``task`` None when the data is not known yet."""
    if task == "regression":
        return translate("Targets", "the data's target columns, as they are")
    if n_outputs > 1:
        classes = translate("Targets", "one-hot: 1 at the class's output, 0 at the others")
    elif output_activation == "tanh":
        classes = translate("Targets", "−1 / +1 for classes 0 / 1 (tanh output, threshold 0)")
    else:
        classes = translate("Targets", "0 / 1, the class label (threshold 0.5)")
    return classes if task == "classification" else translate(
        "Targets", "class labels become {classes}; numeric targets are used as they are"
    ).format(classes=classes)


def _check_target_range(plan: Plan, y: Array, names: Sequence[str]) -> None:
    """The cross-entropies are a loss (bounded below) only for targets in their range."""
    if plan.loss_name == "binary_cross_entropy":
        loss, low, high = translate("Targets", "binary cross-entropy"), 0.0, 1.0
    elif plan.loss_name == "softmax_cross_entropy":
        loss, low, high = translate("Targets", "softmax cross-entropy"), 0.0, math.inf
    else:
        return
    for k in range(y.shape[1]):
        column = y[:, k]
        bad = column[(column < low) | (column > high)]
        if bad.size:
            name = (repr(names[k]) if k < len(names)
                    else translate("Targets", "column {number}").format(number=k + 1))
            worst = bad[np.argmax(np.abs(bad - np.clip(bad, low, high)))]
            template = (translate("Targets", "{loss} needs targets from 0 to 1, but target "
                                             "{name} holds {worst}: rescale it to [0, 1], or "
                                             "use the L2 loss") if high == 1.0 else
                        translate("Targets", "{loss} needs targets ≥ 0, but target {name} "
                                             "holds {worst}: make it ≥ 0, or use the L2 loss"))
            raise ShapeMismatch(template.format(loss=loss, name=name, worst=f"{worst:g}"))


def prepare(plan: Plan, x_train: Array, y_train: Array, x_test: Array, y_test: Array,
            task: str, n_classes: int = 0, target_names: Sequence[str] = ()) -> TrainingData:
    """Check the arrays against the network and encode classification labels as targets.

    ``y_*`` are integer labels (classification) or ``(n, n_targets)`` floats (regression);
    ``target_names`` name regression target columns in messages.
    """
    if plan.has_recurrent:
        raise ShapeMismatch(translate("Targets", RECURRENT_NEEDS_SEQUENCES))
    return _encode(plan, x_train, y_train, x_test, y_test, task, n_classes, target_names)


def _encode(plan: Plan, x_train: Array, y_train: Array, x_test: Array, y_test: Array,
            task: str, n_classes: int, target_names: Sequence[str]) -> TrainingData:
    """:func:`prepare` for samples or the steps of sequences laid side by side."""
    x_train, x_test = np.asarray(x_train), np.asarray(x_test)
    n_in, n_out = plan.n_inputs, plan.n_outputs
    for template, x in ((translate("Targets", "the training data has {columns} input columns "
                                              "but the network has {inputs} input neurons"),
                         x_train),
                        (translate("Targets", "the test data has {columns} input columns but "
                                              "the network has {inputs} input neurons"),
                         x_test)):
        if x.ndim != 2 or x.shape[1] != n_in:
            cols = x.shape[1] if x.ndim == 2 else "?"
            raise ShapeMismatch(template.format(columns=cols, inputs=n_in))
    if x_train.shape[0] == 0:
        raise ShapeMismatch(translate("Targets", "the training set is empty"))
    dtype = plan.dtype
    if task == "classification":
        labels_train = np.asarray(y_train, dtype=np.int64).reshape(-1)
        labels_test = np.asarray(y_test, dtype=np.int64).reshape(-1)
        if n_out == 1 and n_classes > 2:
            raise ShapeMismatch(translate("Targets", "the data has {classes} classes but the "
                                                     "network has one output; draw {classes} "
                                                     "outputs (one per class)").format(
                                                         classes=n_classes))
        if n_out > 1 and n_out != n_classes:
            raise ShapeMismatch(translate("Targets", "the data has {classes} classes but the "
                                                     "network has {outputs} outputs; one "
                                                     "output per class is needed").format(
                                                         classes=n_classes, outputs=n_out))
        yt, threshold = _targets_for_classes(labels_train, plan)
        ys, _ = _targets_for_classes(labels_test, plan)
        return TrainingData(_as(x_train, dtype), yt.astype(dtype), _as(x_test, dtype),
                            ys.astype(dtype), task, n_classes, labels_train, labels_test,
                            threshold)
    y_train = np.asarray(y_train, dtype=float)
    y_test = np.asarray(y_test, dtype=float)
    y_train = y_train.reshape(-1, 1) if y_train.ndim == 1 else y_train
    y_test = y_test.reshape(-1, 1) if y_test.ndim == 1 else y_test
    if y_train.shape[1] != n_out:
        raise ShapeMismatch(translate("Targets", "the data has {columns} target columns but "
                                                 "the network has {outputs} output neurons")
                            .format(columns=y_train.shape[1], outputs=n_out))
    for y in (y_train, y_test.reshape(-1, n_out)):
        _check_target_range(plan, y, target_names)
    return TrainingData(_as(x_train, dtype), y_train.astype(dtype), _as(x_test, dtype),
                        y_test.reshape(-1, n_out).astype(dtype), task, 0, None, None, 0.5)


def prepare_sequences(plan: Plan, x_train: Array, y_train: Array, x_test: Array,
                      y_test: Array, task: str, steps: str, n_classes: int = 0,
                      target_names: Sequence[str] = ()) -> TrainingData:
    """:func:`prepare` for sequences: ``x (n, T, n_inputs)``; ``y`` labels ``(n, T)``
    (classification) or ``(n, T, n_targets)``; ``steps`` "every" or "last". Every
    sequence has the same length T (sequences of several lengths are refused earlier,
    when the data is read)."""
    flat = []
    for x, y in ((x_train, y_train), (x_test, y_test)):
        x = np.asarray(x)
        if x.ndim != 3:
            raise ShapeMismatch("sequences must be laid out as (sequences, steps, inputs)")
        n, length = x.shape[0], x.shape[1]
        y = np.asarray(y)
        flat.append((x.reshape(n * length, x.shape[2]),
                     y.reshape((n * length,) + y.shape[2:]), n, length))
    (xa, ya, n_train, length), (xb, yb, n_test, _) = flat
    if n_train == 0:
        raise ShapeMismatch("the training set is empty")
    # the checks and target encoding of samples, step by step, then back to sequences
    data = _encode(plan, xa, ya, xb, yb, task, n_classes, target_names)

    def back(values: Array, n: int) -> Array:
        return _as(values.reshape((n, length) + values.shape[1:]), values.dtype)

    labels_train, labels_test = data.labels_train, data.labels_test
    return replace(
        data, x_train=back(data.x_train, n_train), y_train=back(data.y_train, n_train),
        x_test=back(data.x_test, n_test), y_test=back(data.y_test, n_test),
        labels_train=None if labels_train is None else back(labels_train, n_train),
        labels_test=None if labels_test is None else back(labels_test, n_test), steps=steps)


def _as(x: Array, dtype: np.dtype) -> Array:
    """``x`` in ``dtype``, shared rather than copied when it already is (a million rows
    of inputs are tens of megabytes), and read-only either way: training never writes
    into its data."""
    converted = x.astype(dtype, copy=False)
    if converted is x:
        converted = x.view()
    converted.flags.writeable = False
    return converted


def validation_count(n_train: int, ratio: float) -> int:
    """How many training samples a validation share takes: at least one when the share is
    positive, and never the last training sample."""
    if ratio <= 0 or n_train < 2:
        return 0
    return min(max(round(n_train * ratio), 1), n_train - 1)


def hold_out_validation(data: TrainingData, ratio: float,
                        rng: np.random.Generator) -> TrainingData:
    """``data`` with a random ``ratio`` of its training samples moved to the validation set
    (per class for classification, so each class keeps its share). The test set is
    untouched. Returns ``data`` itself when nothing is held out."""
    n = data.n_train
    count = validation_count(n, ratio)
    if count == 0:
        return data
    order = rng.permutation(n)
    if data.labels_train is None or data.is_sequences:   # sequences: not by class
        held = order[:count]
    else:
        # Each class gives its rounded share; the rounding may move the total by a few.
        shuffled = data.labels_train[order]
        held = np.concatenate([order[shuffled == label][:round(int(share) * ratio)]
                               for label, share in zip(*np.unique(shuffled,
                                                                  return_counts=True),
                                                       strict=True)])
        if not 0 < len(held) < n:
            held = order[:count]
    keep = np.ones(n, dtype=bool)
    keep[held] = False
    held = np.sort(held)   # the training samples keep their order, as do the held-out ones
    labels = data.labels_train
    return replace(data, x_train=data.x_train[keep], y_train=data.y_train[keep],
                   labels_train=None if labels is None else labels[keep],
                   x_val=data.x_train[held], y_val=data.y_train[held])
