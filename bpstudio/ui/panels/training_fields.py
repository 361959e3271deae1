"""The training panel's fields: what each setting is, its range, its one-line tooltip.

Ranges are the named maxima of ``bpstudio.model.settings`` (the loader's and the schema's),
so the spin boxes hold every value a file may carry and produce none the document would
refuse. Each tooltip says what the setting does to the gradient
or to the update.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QSpinBox, QWidget

from bpstudio.data import BUILTINS
from bpstudio.model.settings import (
    MAX_BATCH_SIZE,
    MAX_EPOCHS,
    MAX_LEARNING_RATE,
    MAX_PATIENCE,
    MAX_SAMPLES,
    MAX_SEED,
    MAX_STEP_EVERY,
    MAX_TARGET_LOSS,
    DatasetSpec,
    TrainingSettings,
)
from bpstudio.ui.i18n import translate

MIN_EDITOR_WIDTH = 72
# Learning-rate-like values step along 1, 2, 5, 10, 20, 50, …: equal ratios per click.
_GRID = [m * 10.0 ** e for e in range(-9, 8) for m in (1.0, 2.0, 5.0)]

Visible = Callable[[TrainingSettings, DatasetSpec], bool]
#: (value, shown text) of every input scaling, for the panel and the image options
SCALE_CHOICES = (("none", QT_TRANSLATE_NOOP("TrainingFields", "None (raw inputs)")),
                 ("minmax", QT_TRANSLATE_NOOP("TrainingFields", "Min–max to [0, 1]")),
                 ("zscore", QT_TRANSLATE_NOOP("TrainingFields", "Z-score")))


@dataclass(frozen=True)
class Field:
    """One editable setting of TrainingSettings (``target="settings"``) or DatasetSpec."""

    name: str
    label: str
    tip: str
    kind: str                      # "choice", "int", "float", "log" or "bool"
    target: str = "settings"
    low: float = 0.0
    high: float = 1.0
    step: float = 0.1
    decimals: int = 3
    special: str = ""              # shown instead of the minimum ("off", "full batch")
    choices: tuple[tuple[str, str], ...] = ()   # (value, shown text)
    visible: Visible | None = None
    none_at_minimum: bool = False  # the minimum (its ``special`` text) stands for None


def _sequences(s: TrainingSettings, d: DatasetSpec) -> bool:
    """Time-step settings matter for the built-in sequence sets and for CSV files, which
    may hold sequences (docs/recurrent.md)."""
    return d.is_sequence_builtin or not (d.is_builtin or d.is_drawn)


def _generated(s: TrainingSettings, d: DatasetSpec) -> bool:
    """Samples and noise only mean something for the 2-D and regression generators (not
    for the shipped sets: digits, fashion, iris, …)."""
    return (d.is_builtin and BUILTINS[d.name].source == "generated"
            and not (d.name == "xor" and d.samples == 4))


GROUPS: tuple[tuple[str, tuple[Field, ...]], ...] = (
    (QT_TRANSLATE_NOOP("TrainingFields", "Data"), (
        Field("samples",
              QT_TRANSLATE_NOOP("TrainingFields", "Samples"),
              QT_TRANSLATE_NOOP("TrainingFields", "Points the generator draws; more points "
                                                  "give a smoother average gradient per epoch"),
              "int", "dataset", 4, MAX_SAMPLES, 10),
        Field("noise",
              QT_TRANSLATE_NOOP("TrainingFields", "Noise"),
              QT_TRANSLATE_NOOP("TrainingFields", "Gaussian jitter added to the points: a "
                                                  "harder target the gradient cannot fit "
                                                  "exactly, which shows overfitting"),
              "float", "dataset", 0, 10, 0.05, 3),
        Field("scale_inputs",
              QT_TRANSLATE_NOOP("TrainingFields", "Scale inputs"),
              QT_TRANSLATE_NOOP("TrainingFields", "How raw inputs are scaled before the first "
                                                  "neuron, fitted on the training split only "
                                                  "and stored with the trained weights: "
                                                  "predict and every export apply it too"),
              "choice", "dataset", choices=SCALE_CHOICES),
        Field("test_ratio",
              QT_TRANSLATE_NOOP("TrainingFields", "Test ratio"),
              QT_TRANSLATE_NOOP("TrainingFields", "Share of samples held out: they never "
                                                  "enter a gradient, they only measure test "
                                                  "loss and accuracy"),
              "float", "dataset", 0, 0.9, 0.05, 2),
        Field("validation_ratio",
              QT_TRANSLATE_NOOP("TrainingFields", "Validation ratio"),
              QT_TRANSLATE_NOOP("TrainingFields", "Share of the training samples kept out of "
                                                  "every gradient to measure validation loss "
                                                  "for early stopping (with patience on, 0 "
                                                  "means 10 %)"),
              "float", "settings", 0, 0.5, 0.05, 2),
        Field("seed",
              QT_TRANSLATE_NOOP("TrainingFields", "Data seed"),
              QT_TRANSLATE_NOOP("TrainingFields", "Fixes which samples are drawn and which "
                                                  "are held out, so the same data gives the "
                                                  "same gradients"),
              "int", "dataset", 0, MAX_SEED, 1),
    )),
    (QT_TRANSLATE_NOOP("TrainingFields", "Loss and optimiser"), (
        Field("loss",
              QT_TRANSLATE_NOOP("TrainingFields", "Loss"),
              QT_TRANSLATE_NOOP("TrainingFields", "What backprop differentiates. L2: ∂L/∂a = "
                                                  "2(a − y). Cross-entropy (sigmoid or "
                                                  "softmax outputs only): ∂L/∂z = a − y"),
              "choice",
              choices=(("l2", QT_TRANSLATE_NOOP("TrainingFields", "L2 (squared distance)")),
                       ("binary_cross_entropy",
                        QT_TRANSLATE_NOOP("TrainingFields", "Binary cross-entropy")),
                       ("softmax_cross_entropy",
                        QT_TRANSLATE_NOOP("TrainingFields", "Softmax cross-entropy")))),
        Field("optimizer",
              QT_TRANSLATE_NOOP("TrainingFields", "Optimiser"),
              QT_TRANSLATE_NOOP("TrainingFields", "How a gradient g becomes an update: SGD w "
                                                  "← w − η·g; momentum adds a running "
                                                  "velocity; Adam divides by g's running RMS"),
              "choice",
              choices=(("sgd", QT_TRANSLATE_NOOP("TrainingFields", "SGD")),
                       ("momentum", QT_TRANSLATE_NOOP("TrainingFields", "Momentum")),
                       ("adam", QT_TRANSLATE_NOOP("TrainingFields", "Adam")))),
        Field("learning_rate",
              QT_TRANSLATE_NOOP("TrainingFields", "Learning rate η"),
              QT_TRANSLATE_NOOP("TrainingFields", "η in w ← w − η·∂L/∂w: the size of every "
                                                  "step; too large and the loss diverges"),
              "log", low=1e-6, high=MAX_LEARNING_RATE),
        Field("momentum",
              QT_TRANSLATE_NOOP("TrainingFields", "Momentum μ"),
              QT_TRANSLATE_NOOP("TrainingFields", "μ in v ← μ·v − η·g: the share of the "
                                                  "previous update carried into this one"),
              "float", low=0, high=0.9999, step=0.05, decimals=4,
              visible=lambda s, d: s.optimizer == "momentum"),
        Field("nesterov",
              QT_TRANSLATE_NOOP("TrainingFields", "Nesterov"),
              QT_TRANSLATE_NOOP("TrainingFields", "Take the gradient's step from the "
                                                  "look-ahead point: w ← w + μ·v − η·g"),
              "bool", visible=lambda s, d: s.optimizer == "momentum"),
        Field("beta1", "β₁",
              QT_TRANSLATE_NOOP("TrainingFields", "Adam: decay of the running mean of g, the "
                                                  "step's direction"),
              "float", low=0, high=0.9999, step=0.01, decimals=4,
              visible=lambda s, d: s.optimizer == "adam"),
        Field("beta2", "β₂",
              QT_TRANSLATE_NOOP("TrainingFields", "Adam: decay of the running mean of g², "
                                                  "which scales each weight's step"),
              "float", low=0, high=0.999999, step=0.001, decimals=6,
              visible=lambda s, d: s.optimizer == "adam"),
        Field("epsilon", "ε",
              QT_TRANSLATE_NOOP("TrainingFields", "Adam: added to √v̂ so steps stay finite "
                                                  "where the gradient is ~0"),
              "log", low=1e-12, high=1, visible=lambda s, d: s.optimizer == "adam"),
        Field("clip_norm",
              QT_TRANSLATE_NOOP("TrainingFields", "Clip gradient norm"),
              QT_TRANSLATE_NOOP("TrainingFields", "A gradient longer than this (Euclidean "
                                                  "norm) is scaled down to it before each "
                                                  "step: the cure for exploding gradients"),
              "log", low=0, high=1e6,
              special=QT_TRANSLATE_NOOP("TrainingFields", "off")),
    )),
    (QT_TRANSLATE_NOOP("TrainingFields", "Time steps"), (
        Field("sequence_length",
              QT_TRANSLATE_NOOP("TrainingFields", "Steps per sequence"),
              QT_TRANSLATE_NOOP("TrainingFields", "Built-in sequence sets: time steps in each "
                                                  "sequence, the depth backpropagation "
                                                  "through time unrolls to"),
              "int", "dataset", 2, 10_000, 1, visible=lambda s, d: d.is_sequence_builtin),
        Field("sequence_targets",
              QT_TRANSLATE_NOOP("TrainingFields", "Targets at"),
              QT_TRANSLATE_NOOP("TrainingFields", "Which steps the loss compares with a "
                                                  "target: every step, or only each "
                                                  "sequence's last"),
              "choice", "dataset",
              choices=(("every", QT_TRANSLATE_NOOP("TrainingFields", "every step")),
                       ("last", QT_TRANSLATE_NOOP("TrainingFields", "the last step"))),
              visible=_sequences),
        Field("truncation",
              QT_TRANSLATE_NOOP("TrainingFields", "Truncate BPTT at"),
              QT_TRANSLATE_NOOP("TrainingFields", "Backpropagate through at most this many "
                                                  "steps (windows; the state carries over, "
                                                  "gradients do not)"),
              "int", low=0, high=10_000, step=1,
              special=QT_TRANSLATE_NOOP("TrainingFields", "whole sequence"),
              none_at_minimum=True, visible=_sequences),
    )),
    (QT_TRANSLATE_NOOP("TrainingFields", "Minibatches and stopping"), (
        Field("batch_size",
              QT_TRANSLATE_NOOP("TrainingFields", "Batch size"),
              QT_TRANSLATE_NOOP("TrainingFields", "Samples averaged into each gradient: full "
                                                  "batch is the exact gradient, 1 is online "
                                                  "(noisy) learning"),
              "int", low=0, high=MAX_BATCH_SIZE, step=1,
              special=QT_TRANSLATE_NOOP("TrainingFields", "full batch")),
        Field("shuffle",
              QT_TRANSLATE_NOOP("TrainingFields", "Shuffle"),
              QT_TRANSLATE_NOOP("TrainingFields", "Reshuffle the samples every epoch, so "
                                                  "minibatch gradients do not repeat in the "
                                                  "same order"),
              "bool", visible=lambda s, d: s.batch_size != 0),
        Field("epochs",
              QT_TRANSLATE_NOOP("TrainingFields", "Epochs"),
              QT_TRANSLATE_NOOP("TrainingFields", "Passes over the training set: each sample "
                                                  "feeds one gradient per epoch; updates stop "
                                                  "after this many"),
              "int", low=1, high=MAX_EPOCHS, step=100),
        Field("target_loss",
              QT_TRANSLATE_NOOP("TrainingFields", "Target loss"),
              QT_TRANSLATE_NOOP("TrainingFields", "Updates stop once an epoch's training loss "
                                                  "is at or below this; it never changes a "
                                                  "gradient"),
              "log", low=0, high=MAX_TARGET_LOSS,
              special=QT_TRANSLATE_NOOP("TrainingFields", "off")),
        Field("patience",
              QT_TRANSLATE_NOOP("TrainingFields", "Patience"),
              QT_TRANSLATE_NOOP("TrainingFields", "Updates stop after this many epochs "
                                                  "without a lower validation loss, and the "
                                                  "best epoch's weights are restored"),
              "int", low=0, high=MAX_PATIENCE, step=10,
              special=QT_TRANSLATE_NOOP("TrainingFields", "off")),
    )),
    (QT_TRANSLATE_NOOP("TrainingFields", "Regularisation"), (
        Field("l1",
              QT_TRANSLATE_NOOP("TrainingFields", "L1"),
              QT_TRANSLATE_NOOP("TrainingFields", "Adds l1·sign(w) to ∂L/∂w: pushes weights "
                                                  "to exactly 0 (weights only, not biases)"),
              "log", low=0, high=100,
              special=QT_TRANSLATE_NOOP("TrainingFields", "off")),
        Field("l2",
              QT_TRANSLATE_NOOP("TrainingFields", "L2 (weight decay)"),
              QT_TRANSLATE_NOOP("TrainingFields", "Adds l2·w to ∂L/∂w: shrinks every weight "
                                                  "towards 0 in proportion to its size"),
              "log", low=0, high=100,
              special=QT_TRANSLATE_NOOP("TrainingFields", "off")),
    )),
    (QT_TRANSLATE_NOOP("TrainingFields", "Learning-rate schedule"), (
        Field("schedule",
              QT_TRANSLATE_NOOP("TrainingFields", "Schedule"),
              QT_TRANSLATE_NOOP("TrainingFields", "How η changes with the epoch: constant, "
                                                  "step decay, or a cosine down to a minimum"),
              "choice",
              choices=(("constant", QT_TRANSLATE_NOOP("TrainingFields", "Constant")),
                       ("step", QT_TRANSLATE_NOOP("TrainingFields", "Step decay")),
                       ("cosine", QT_TRANSLATE_NOOP("TrainingFields", "Cosine")))),
        Field("step_every",
              QT_TRANSLATE_NOOP("TrainingFields", "Every (epochs)"),
              QT_TRANSLATE_NOOP("TrainingFields", "Step decay: η is multiplied by γ every "
                                                  "this many epochs"),
              "int", low=1, high=MAX_STEP_EVERY, step=10,
              visible=lambda s, d: s.schedule == "step"),
        Field("step_gamma",
              QT_TRANSLATE_NOOP("TrainingFields", "Decay γ"),
              QT_TRANSLATE_NOOP("TrainingFields", "Step decay: the factor applied to η at "
                                                  "each step"),
              "float", low=0.01, high=1, step=0.05, decimals=3,
              visible=lambda s, d: s.schedule == "step"),
        Field("min_learning_rate",
              QT_TRANSLATE_NOOP("TrainingFields", "Minimum η"),
              QT_TRANSLATE_NOOP("TrainingFields", "Cosine: η at the last epoch"),
              "log", low=0, high=MAX_LEARNING_RATE, special="0",
              visible=lambda s, d: s.schedule == "cosine"),
    )),
    (QT_TRANSLATE_NOOP("TrainingFields", "Initialisation"), (
        Field("init",
              QT_TRANSLATE_NOOP("TrainingFields", "Initialiser"),
              QT_TRANSLATE_NOOP("TrainingFields", "Starting weights for Reset and for a blank "
                                                  "drawing: Xavier suits sigmoid/tanh, He "
                                                  "suits ReLU"),
              "choice",
              choices=(("xavier", QT_TRANSLATE_NOOP("TrainingFields", "Xavier (Glorot)")),
                       ("he", QT_TRANSLATE_NOOP("TrainingFields", "He")),
                       ("uniform", QT_TRANSLATE_NOOP("TrainingFields", "Uniform ±a")))),
        Field("init_scale",
              QT_TRANSLATE_NOOP("TrainingFields", "Scale a"),
              QT_TRANSLATE_NOOP("TrainingFields", "Uniform initialiser: weights drawn from "
                                                  "U(−a, a)"),
              "log", low=1e-6, high=100, visible=lambda s, d: s.init == "uniform"),
        Field("seed",
              QT_TRANSLATE_NOOP("TrainingFields", "Seed"),
              QT_TRANSLATE_NOOP("TrainingFields", "Fixes the initial weights and the "
                                                  "minibatch order, so the same run gives the "
                                                  "same gradients"),
              "int", low=0, high=MAX_SEED, step=1),
        Field("dtype",
              QT_TRANSLATE_NOOP("TrainingFields", "Precision"),
              QT_TRANSLATE_NOOP("TrainingFields", "Number format of weights, gradients and "
                                                  "updates: float64 keeps ~16 digits per "
                                                  "step; float32 ~7, faster on big networks"),
              "choice", choices=(("float64", "float64"), ("float32", "float32"))),
    )),
)

DATASET_TIP = QT_TRANSLATE_NOOP("TrainingFields", "Which samples the loss averages over; every "
                                                  "gradient is a mean over a minibatch of them")


def field_visible(field: Field, settings: TrainingSettings, dataset: DatasetSpec) -> bool:
    if field.target == "dataset" and field.name in ("samples", "noise"):
        return _generated(settings, dataset)
    return field.visible is None or field.visible(settings, dataset)


# ----------------------------------------------------------------- editors
class LogSpinBox(QDoubleSpinBox):
    """A positive number typed freely (1e-3 works) whose arrows step 1-2-5 per decade."""

    #: a typed number outside the range, which Qt then reverts (the editor says why)
    out_of_range = Signal(float)

    def __init__(self, low: float, high: float, zero_text: str = "") -> None:
        super().__init__()
        self.setDecimals(12)
        self.setRange(low, high)
        if zero_text and low == 0:
            self.setSpecialValueText(zero_text)

    def textFromValue(self, value: float) -> str:
        return f"{value:.6g}"

    def valueFromText(self, text: str) -> float:
        if self.specialValueText() and text == self.specialValueText():
            return self.minimum()
        try:
            return float(text.strip().replace(",", "."))
        except ValueError:
            return self.value()

    def validate(self, text: str, pos: int) -> QValidator.State:
        stripped = text.strip().replace(",", ".")
        if self.specialValueText() and text == self.specialValueText():
            return QValidator.State.Acceptable
        try:
            value = float(stripped)
        except ValueError:
            partial = stripped == "" or stripped[-1] in "eE.+-"
            return QValidator.State.Intermediate if partial else QValidator.State.Invalid
        if not math.isfinite(value):
            return QValidator.State.Invalid
        if self.minimum() <= value <= self.maximum():
            return QValidator.State.Acceptable
        return QValidator.State.Intermediate

    def fixup(self, text: str) -> str:
        """Called before Qt reverts a finished edit it cannot accept: say so if the number
        was out of range (η typed above its maximum used to vanish without a word)."""
        try:
            value = float(text.strip().replace(",", "."))
        except ValueError:
            return text
        if math.isfinite(value) and not self.minimum() <= value <= self.maximum():
            self.out_of_range.emit(value)
        return text

    def stepBy(self, steps: int) -> None:
        value = self.value()
        for _ in range(abs(steps)):
            value = _grid_up(value) if steps > 0 else _grid_down(value, self.minimum())
        self.setValue(min(max(value, self.minimum()), self.maximum()))


def _grid_up(value: float) -> float:
    return next((g for g in _GRID if g > value * (1 + 1e-9)), _GRID[-1])


def _grid_down(value: float, low: float) -> float:
    below = [g for g in _GRID if g < value * (1 - 1e-9) and g >= low]
    return below[-1] if below else low


class FieldEditor(QObject):
    """The widget of one field; ``edited`` carries a new value the user chose."""

    edited = Signal(object)
    #: why a typed value was not applied ("Learning rate η is at most 1000; …")
    refused = Signal(str)

    def __init__(self, field: Field) -> None:
        super().__init__()
        self.field = field
        self.widget = self._make()
        self.widget.setToolTip(translate("TrainingFields", field.tip))
        # A spin box's size hint fits its largest value (2,147,483,647 for a seed): let
        # the narrow dock decide the width instead.
        self.widget.setMinimumWidth(MIN_EDITOR_WIDTH)

    def _make(self) -> QWidget:
        f = self.field
        if f.kind == "choice":
            combo = QComboBox()
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(6)
            for value, text in f.choices:
                combo.addItem(translate("TrainingFields", text), value)
            combo.activated.connect(lambda i: self.edited.emit(combo.itemData(i)))
            return combo
        if f.kind == "bool":
            box = QCheckBox()
            box.toggled.connect(self.edited.emit)
            return box
        if f.kind == "int":
            spin = QSpinBox()
            spin.setRange(int(f.low), int(f.high))
            spin.setSingleStep(int(f.step))
            spin.setGroupSeparatorShown(True)
        elif f.kind == "log":
            spin = LogSpinBox(f.low, f.high, translate("TrainingFields", f.special))
            spin.out_of_range.connect(self._on_out_of_range)
        else:
            spin = QDoubleSpinBox()
            spin.setDecimals(f.decimals)
            spin.setRange(f.low, f.high)
            spin.setSingleStep(f.step)
        if f.special and f.kind != "log":
            spin.setSpecialValueText(translate("TrainingFields", f.special))
        spin.setKeyboardTracking(False)     # one value per finished edit, not per keystroke
        spin.setAccelerated(True)
        if f.none_at_minimum:
            spin.valueChanged.connect(
                lambda value: self.edited.emit(None if value == f.low else value))
        else:
            spin.valueChanged.connect(self.edited.emit)
        return spin

    def _on_out_of_range(self, value: float) -> None:
        f = self.field
        limit = (self.tr("at most {0:g}").format(f.high) if value > f.high
                 else self.tr("at least {0:g}").format(f.low))
        self.refused.emit(self.tr("{0} is {1}; {2:g} was not applied").format(
            translate("TrainingFields", f.label), limit, value))

    def show(self, value: object) -> None:
        """Display ``value`` without emitting ``edited``."""
        w = self.widget
        blocked = w.blockSignals(True)
        try:
            if isinstance(w, QComboBox):
                w.setCurrentIndex(max(w.findData(value), 0))
            elif isinstance(w, QCheckBox):
                w.setChecked(bool(value))
            elif value is None and self.field.none_at_minimum:
                w.setValue(w.minimum())
            else:
                w.setValue(value)
        finally:
            w.blockSignals(blocked)
