"""The training loop: forward, backward, update, repeated until a stop condition holds.

Plain Python with a reporting hook and a stop check between minibatches, so the GUI can
run it in a thread and tests can run it without one.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from bpstudio.engine import blas, metrics
from bpstudio.engine.backprop import Engine
from bpstudio.engine.optimizers import Adam, make_optimizer
from bpstudio.engine.plan import Plan
from bpstudio.engine.remap import transfer
from bpstudio.engine.schedules import learning_rate
from bpstudio.engine.sequence import SequenceEngine
from bpstudio.engine.targets import TrainingData, hold_out_validation
from bpstudio.model.settings import LossHistory, TrainingSettings
from bpstudio.words import QT_TRANSLATE_NOOP

#: why a run stopped, in words (Progress.message). Always English: runs keep it in the
#: .bpnet file; the GUI translates it where it shows it (i18n.translate_filled).
STOP_TEMPLATES = (
    QT_TRANSLATE_NOOP("Training", "training loss {loss} reached the target {target}"),
    QT_TRANSLATE_NOOP("Training", "finished {epochs} epochs"),
    QT_TRANSLATE_NOOP("Training", "validation loss stopped improving; kept the weights of "
                                  "epoch {epoch} (validation loss {loss})"),
    QT_TRANSLATE_NOOP("Training", "training loss stopped improving; kept the weights of "
                                  "epoch {epoch} (training loss {loss})"),
    QT_TRANSLATE_NOOP("Training", "stopped by the user"),
    QT_TRANSLATE_NOOP("Training", "the loss exploded to {loss} (best {best}) at step {step}: "
                                  "training paused with the weights of step {checkpoint} and "
                                  "the optimiser's momentum cleared; try a lower learning rate"),
    QT_TRANSLATE_NOOP("Training", "the loss became infinite or NaN at step {step}: training "
                                  "paused with the weights of step {checkpoint} and the "
                                  "optimiser's momentum cleared; try a lower learning rate"),
)

Array = np.ndarray
#: Seconds between reports. The GUI redraws its curves and status lines ≤ 10 times a
#: second; each report costs the GUI thread GIL time that training waits for (30 a
#: second trained the digits example about 6 points of headless speed slower).
REPORT_INTERVAL = 1 / 20
# Saturating exp/log in a diverging run are handled (NaN checks), not warned about.
def _quiet() -> np.errstate:
    return np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore")


HISTORY_CAPACITY = 20_000  # recorded epochs before the record is thinned
#: The gradient window (the live views' mean |∂L/∂param|) adds every step while a window
#: holds fewer than this many, else every 2nd, 4th, … step, evenly spread: accumulating
#: costs a few % of a small network's step, and the mean of ~32 minibatch gradients draws
#: the same edges as that of ~700 (the digits example between two reports).
GRADIENT_SAMPLES = 32
VALIDATION_STREAM = 1   # with the seed, seeds the validation split apart from the shuffling

# Divergence. A too-large learning rate grows the loss geometrically; by the time it
# overflows, the weights are ~1e150 and useless. So the trainer keeps a checkpoint of the
# parameters taken at a *safe* step and rolls back to it once the loss is non-finite or
# *explodes*: above EXPLODE_RATIO × the reference loss and above EXPLODE_FLOOR. The
# reference is the lowest epoch-mean training loss (the first batch's loss until the first
# epoch ends). A batch is safe when its loss is at most SAFE_RATIO × the reference, so no
# checkpoint is taken while a blow-up builds; minibatch noise rarely exceeds it. The floor
# keeps a near-perfect fit (loss ~1e-9) from calling a still-small loss an explosion: 10 is
# large for normalised targets and for cross-entropies alike (a uniform guess over 10
# classes costs 2.3). The checkpoint is one copy of the flat parameters every
# CHECKPOINT_STEPS steps; the optimiser state is not kept, since a rollback clears it: the
# velocity or moments that drove the blow-up would drive the next one.
EXPLODE_RATIO = 1e6
EXPLODE_FLOOR = 10.0
SAFE_RATIO = 100.0
CHECKPOINT_STEPS = 10


@dataclass
class Progress:
    """What a report says: numbers after the last finished epoch plus live counters."""

    epoch: int                      # epochs completed
    step: int                       # minibatch updates taken
    train_loss: float               # mean minibatch loss of the last completed epoch
    test_loss: float | None         # loss on the test set after that epoch
    test_metric: float | None       # accuracy (classification) or R² (regression)
    metric_name: str
    learning_rate: float
    elapsed: float                  # seconds spent inside run()
    steps_per_second: float
    stop_reason: str | None = None  # set on the final report
    message: str = ""               # the stop reason in words
    validation_loss: float | None = None   # loss on the validation set after that epoch


@dataclass
class _History:
    """Per-epoch record, thinned (about every other point dropped) when it gets long."""

    stride: int = 1
    rows: list[tuple[int, float, float | None, float | None, float]] = field(
        default_factory=list)
    #: validation loss of each row (None without a validation set); apart from ``rows``,
    #: whose shape the GUI's history feed reads
    validation: list[float | None] = field(default_factory=list)

    def add(self, epoch: int, train: float, test: float | None, metric: float | None,
            lr: float, validation: float | None = None) -> None:
        if epoch % self.stride:
            return
        self.rows.append((epoch, train, test, metric, lr))
        self.validation.append(validation)
        if len(self.rows) >= HISTORY_CAPACITY:
            # The first epoch and the multiples of the new stride stay, as `add` keeps
            # from now on (every other row would keep odd epochs, then even ones).
            self.stride *= 2
            keep = [i for i, row in enumerate(self.rows) if i == 0 or row[0] % self.stride == 0]
            self.rows = [self.rows[i] for i in keep]
            self.validation = [self.validation[i] for i in keep]


class Trainer:
    """Resumable training state: call :meth:`step`, :meth:`run_epoch` or :meth:`run`."""

    def __init__(self, plan: Plan, data: TrainingData, settings: TrainingSettings) -> None:
        self.plan, self.settings = plan, settings
        self.all_data = data        # as given; :attr:`data` lacks the validation samples
        #: sequences run through time (engine/sequence.py), samples one pass each
        self.engine: Engine | SequenceEngine = (
            SequenceEngine(plan, data.steps, settings.truncation) if data.is_sequences
            else Engine(plan))
        self.params = plan.params                      # trained in place
        self.optimizer = make_optimizer(settings, plan.n_params, plan.dtype)
        self.rng = np.random.default_rng(settings.seed)
        self._split_validation(settings)
        self._checkpoint = plan.params.copy()   # parameters of a safe step (see above)
        self._checkpoint_step = 0
        self._reference_loss = math.inf        # see EXPLODE_RATIO; inf until the first batch
        self._reference_from_epochs = False
        self._reg_scratch = np.zeros(plan.n_params, dtype=plan.dtype)
        self.epoch = 0                 # epochs completed
        self.steps = 0                 # updates taken
        self._position = 0             # next sample of the current epoch
        self._epoch_loss = 0.0         # Σ batch loss × batch size in this epoch
        self.last_train_loss = math.nan
        self.last_test_loss: float | None = None
        self.last_validation_loss: float | None = None
        self.last_metric: float | None = None
        self.history = _History()
        self._best: tuple[float, int, Array] | None = None   # (watched loss, epoch, params)
        self.stop_reason: str | None = None
        self.stop_message = ""
        self.elapsed = 0.0
        #: Σ |∂L/∂w| since the last :meth:`take_gradient_window` (None until enabled)
        self.grad_window: Array | None = None
        self.grad_window_steps = 0                # steps added to it
        self._grad_stride_mask = 0                # adds steps ≡ 0 mod (mask + 1), and the first

    def _split_validation(self, settings: TrainingSettings) -> None:
        """Hold out the validation share of the training split (its own seeded stream, so
        the minibatch order does not depend on it) and lay out the rest for the steps."""
        stream = np.random.default_rng([settings.seed, VALIDATION_STREAM])
        self.data = data = hold_out_validation(
            self.all_data, settings.effective_validation_ratio, stream)
        # features first: (n_inputs, n_train), or (n_inputs, n_train, T) for sequences
        self._x_t = _features_first(data.x_train)
        self._y_t = _features_first(data.y_train)
        self._order: Array | None = None   # this epoch's sample order; None: as stored
        self.shuffle = False
        self._lay_out_batches(settings)

    def _lay_out_batches(self, settings: TrainingSettings) -> None:
        """The minibatch size and, when shuffling, the samples as rows and the buffers a
        minibatch is gathered into. Switched on mid-epoch, the epoch ends in order; off,
        it ends in order too."""
        n = self.data.n_train
        self.batch_size = n if settings.batch_size == 0 else min(settings.batch_size, n)
        shuffle = settings.shuffle and self.batch_size < n
        if not shuffle:
            self._order = None
        elif not self.shuffle:
            # Gathering a minibatch reads whole rows (one sample's inputs, contiguous)
            # instead of one element per sample from every row of the features × samples
            # layout: half the time of permuting the whole epoch's columns.
            # samples first: (n_train, n_inputs), or (n_train, T, n_inputs) for sequences
            self._x_rows = np.ascontiguousarray(self.data.x_train, dtype=self._x_t.dtype)
            self._y_rows = np.ascontiguousarray(self.data.y_train, dtype=self._y_t.dtype)
            self._order = None
        if shuffle:
            self._x_batch = np.empty((self.batch_size, *self._x_rows.shape[1:]),
                                     self._x_rows.dtype)
            self._y_batch = np.empty((self.batch_size, *self._y_rows.shape[1:]),
                                     self._y_rows.dtype)
        self.shuffle = shuffle

    # ----------------------------------------------------------------- steps
    @property
    def metric_name(self) -> str:
        return "accuracy" if self.data.is_classification else "r2"

    def current_learning_rate(self) -> float:
        return learning_rate(self.settings, self.epoch)

    def step(self) -> float:
        """One minibatch: forward, backward, update. Returns the batch loss."""
        with _quiet():
            return self._step()

    def _step(self) -> float:
        """:meth:`step` without its floating-point error context (callers hold one)."""
        if self._position == 0 and self.shuffle:
            self._order = self.rng.permutation(self.data.n_train)
        start = self._position
        stop = min(start + self.batch_size, self.data.n_train)
        if self._order is None:
            x_t, y_t = self._x_t[:, start:stop], self._y_t[:, start:stop]
        else:   # gathered as rows; the workspace's copy lays them out features first
            rows = self._order[start:stop]
            x_t = _features_first_view(np.take(self._x_rows, rows, axis=0, mode="clip",
                                               out=self._x_batch[:stop - start]))
            y_t = _features_first_view(np.take(self._y_rows, rows, axis=0, mode="clip",
                                               out=self._y_batch[:stop - start]))
        loss, grad = self.engine.batch_gradient(x_t, y_t)
        if self._reference_loss == math.inf and math.isfinite(loss):
            self._reference_loss = loss
        if not math.isfinite(loss) or (loss > EXPLODE_RATIO * self._reference_loss
                                       and loss > EXPLODE_FLOOR):
            self._roll_back(loss)
            return loss
        if (self.steps >= self._checkpoint_step + CHECKPOINT_STEPS
                and loss <= SAFE_RATIO * self._reference_loss):
            np.copyto(self._checkpoint, self.params)
            self._checkpoint_step = self.steps
        self._update(grad)
        self.steps += 1
        self._position = stop
        self._epoch_loss += loss * (stop - start)
        if stop == self.data.n_train:
            self._finish_epoch()
        return loss

    def _roll_back(self, loss: float) -> None:
        """Divergence: back to the checkpoint, optimiser state cleared, epoch restarted."""
        template = STOP_TEMPLATES[5] if math.isfinite(loss) else STOP_TEMPLATES[6]
        np.copyto(self.params, self._checkpoint)
        self.optimizer.clear_state()
        # The interrupted epoch starts over: its partial mean holds the blow-up's losses.
        self._position, self._epoch_loss = 0, 0.0
        # What is reported describes the weights kept, not the blow-up (train loss 310 and
        # test loss 6.7e10 were shown for weights that scored 0.52 and 0.49).
        self.last_train_loss = self.engine.loss(self.data.x_train, self.data.y_train)
        self.last_test_loss, self.last_metric = self.evaluate()
        self.last_validation_loss = self.validation_loss()
        self._stop("diverged", template.format(loss=f"{loss:.3g}",
                                               best=f"{self._reference_loss:.3g}",
                                               step=self.steps,
                                               checkpoint=self._checkpoint_step))

    def override(self, weights: Mapping[int, float], biases: Mapping[int, float]) -> None:
        """Set weights (by connection id) and biases (by neuron id) from outside, e.g.
        values the user typed in: their optimiser state is cleared, so old momentum does
        not drag them back, and the divergence guard takes the result as its checkpoint
        (a typed-in value is no blow-up to undo). Ids the plan lacks are skipped."""
        written = self.plan.write_parameters(weights, biases, self.params)
        self.optimizer.clear_state(written)
        self.reset_divergence_guard()

    def reset_divergence_guard(self) -> None:
        """The parameters were changed from outside (a user edit, a new layout): take them
        as the checkpoint and measure the reference loss afresh."""
        np.copyto(self._checkpoint, self.params)
        self._checkpoint_step = self.steps
        self._reference_loss = math.inf
        self._reference_from_epochs = False

    def _update(self, grad: Array) -> None:
        """Regularise, mask frozen/structural parameters, and let the optimiser step."""
        s, plan = self.settings, self.plan
        if self.grad_window is not None and (
                not self.grad_window_steps or not self.steps & self._grad_stride_mask):
            self.grad_window += np.abs(grad)
            self.grad_window_steps += 1
        if s.l2:   # ∂(½·l2·w²)/∂w = l2·w on weights only
            np.multiply(self.params, plan.weight_mask, out=self._reg_scratch)
            self._reg_scratch *= s.l2
            grad += self._reg_scratch
        if s.l1:   # ∂(l1·|w|)/∂w = l1·sign(w)
            np.sign(self.params, out=self._reg_scratch)
            self._reg_scratch *= plan.weight_mask
            self._reg_scratch *= s.l1
            grad += self._reg_scratch
        if plan.trainable_mask is not None:
            grad *= plan.trainable_mask
        if s.clip_norm:   # exploding gradients: keep the direction, cap the length
            norm = float(np.linalg.norm(grad))
            if norm > s.clip_norm:
                grad *= s.clip_norm / norm
        # A Python float: a NumPy float64 would make a float32 step run through float64.
        self.optimizer.step(self.params, grad, float(self.current_learning_rate()))

    def _finish_epoch(self) -> None:
        lr = self.current_learning_rate()
        self.epoch += 1
        self._position = 0
        self.last_train_loss = self._epoch_loss / self.data.n_train
        self._epoch_loss = 0.0
        if math.isfinite(self.last_train_loss):
            self._reference_loss = (min(self._reference_loss, self.last_train_loss)
                                    if self._reference_from_epochs else self.last_train_loss)
            self._reference_from_epochs = True
        self.last_test_loss, self.last_metric = self.evaluate()
        self.last_validation_loss = self.validation_loss()
        self.history.add(self.epoch, self.last_train_loss, self.last_test_loss,
                         self.last_metric, lr, self.last_validation_loss)
        self._check_stop_conditions()

    def run_epoch(self) -> None:
        """Steps until the current epoch ends (or training stops)."""
        epoch = self.epoch
        with _quiet(), blas.LIMITS.for_training(self.plan, self.batch_size):
            while self.epoch == epoch and self.stop_reason is None:
                self._step()

    # ------------------------------------------------------------ evaluation
    def evaluate(self) -> tuple[float | None, float | None]:
        """(test loss, test accuracy or R²); (None, None) without a test set."""
        data = self.data
        if data.n_test == 0:
            return None, None
        outputs = data.scored(self.engine.predict(data.x_test))
        loss = self.engine.loss(data.x_test, data.y_test)
        if data.is_classification:
            predicted = metrics.predicted_classes(outputs, data.threshold)
            assert data.labels_test is not None
            return loss, metrics.accuracy(predicted, data.scored(data.labels_test))
        return loss, metrics.r_squared(outputs, data.scored(data.y_test))

    def validation_loss(self) -> float | None:
        """Loss on the validation set; None without one."""
        data = self.data
        if data.n_val == 0:
            return None
        assert data.x_val is not None and data.y_val is not None
        return self.engine.loss(data.x_val, data.y_val)

    def training_metric(self, sample: Array | None = None) -> float:
        """Accuracy or R² on the training set (or the rows ``sample`` of it) with the
        current weights."""
        data = self.data
        rows = slice(None) if sample is None else sample
        outputs = data.scored(self.engine.predict(data.x_train[rows]))
        if data.is_classification:
            predicted = metrics.predicted_classes(outputs, data.threshold)
            assert data.labels_train is not None
            return metrics.accuracy(predicted, data.scored(data.labels_train[rows]))
        return metrics.r_squared(outputs, data.scored(data.y_train[rows]))

    def confusion_matrix(self) -> Array | None:
        data = self.data
        if not data.is_classification or data.n_test == 0:
            return None
        predicted = metrics.predicted_classes(data.scored(self.engine.predict(data.x_test)),
                                              data.threshold)
        assert data.labels_test is not None
        return metrics.confusion_matrix(predicted, data.scored(data.labels_test),
                                        max(data.n_classes, 2))

    # --------------------------------------------------------------- stopping
    def _stop(self, reason: str, message: str) -> None:
        self.stop_reason = reason
        self.stop_message = message

    def _check_stop_conditions(self) -> None:
        s = self.settings
        # (every batch loss passed the divergence guard in _step: the mean is finite)
        if s.target_loss > 0 and self.last_train_loss <= s.target_loss:
            self._stop("target", STOP_TEMPLATES[0].format(loss=f"{self.last_train_loss:.4g}",
                                                          target=f"{s.target_loss:g}"))
        elif s.patience and self._early_stop():
            return
        elif self.epoch >= s.epochs:
            self._stop("epochs", STOP_TEMPLATES[1].format(epochs=s.epochs))

    def _early_stop(self) -> bool:
        """Keep the best validation-loss weights; stop after ``patience`` epochs without
        gain. The test set is never looked at, so its numbers stay an honest verdict.
        A training split too small to hold anything out (one sample) watches the
        training loss instead."""
        template, loss = STOP_TEMPLATES[2], self.last_validation_loss
        if loss is None:
            template, loss = STOP_TEMPLATES[3], self.last_train_loss
        if self._best is None or loss < self._best[0]:
            self._best = (loss, self.epoch, self.params.copy())
            return False
        best_loss, best_epoch, best_params = self._best
        if self.epoch - best_epoch >= self.settings.patience:
            np.copyto(self.params, best_params)
            # The reported numbers describe the weights kept, not the last epoch's.
            self.last_test_loss, self.last_metric = self.evaluate()
            self.last_validation_loss = self.validation_loss()
            self._stop("early_stopping", template.format(epoch=best_epoch,
                                                         loss=f"{best_loss:.4g}"))
            return True
        return False

    def resume(self, settings: TrainingSettings | None = None) -> None:
        """Clear a stop so :meth:`run` continues (optionally with new settings)."""
        if settings is not None:
            self.apply_settings(settings)
        self.stop_reason, self.stop_message = None, ""

    def apply_settings(self, settings: TrainingSettings) -> None:
        """New hyper-parameters from the next step on. The optimiser keeps its state unless
        its kind changed; the batch size applies from the next minibatch."""
        old = self.settings
        self.settings = settings
        if settings.effective_validation_ratio != old.effective_validation_ratio:
            # Another split: the interrupted epoch starts over on the new training samples.
            self._split_validation(settings)
            self._position, self._epoch_loss, self._best = 0, 0.0, None
        if isinstance(self.engine, SequenceEngine):
            self.engine.truncation = settings.truncation
        if settings.optimizer != old.optimizer:
            self.optimizer = make_optimizer(settings, self.plan.n_params, self.plan.dtype)
        else:
            for name in ("momentum", "nesterov", "beta1", "beta2", "epsilon"):
                if hasattr(self.optimizer, name):
                    setattr(self.optimizer, name, getattr(settings, name))
        self._lay_out_batches(settings)

    def continue_from(self, old: Trainer) -> int:
        """Adopt a previous run after the network was edited: trained values and optimiser
        state of every parameter that still exists, counters and history. Returns how many
        parameters were carried over."""
        carried = transfer(old.plan, old.params, self.plan, self.params)
        if type(old.optimizer) is type(self.optimizer):
            new_state = self.optimizer.state()
            for key, values in old.optimizer.state().items():
                transfer(old.plan, values, self.plan, new_state[key])
            if isinstance(old.optimizer, Adam):
                self.optimizer.t = old.optimizer.t  # type: ignore[attr-defined]
            if self.plan.trainable_mask is not None:
                # Parameters frozen since the old run keep no momentum or moments.
                self.optimizer.clear_state(self.plan.trainable_mask == 0)
        self.epoch, self.steps, self.elapsed = old.epoch, old.steps, old.elapsed
        self.reset_divergence_guard()   # another network: its losses start a new reference
        self.history = old.history
        self.rng = old.rng
        self.last_train_loss, self.last_test_loss = old.last_train_loss, old.last_test_loss
        self.last_validation_loss = old.last_validation_loss
        self.last_metric = old.last_metric
        if old.grad_window is not None:
            self.enable_gradient_window()
        return carried

    # ------------------------------------------------------------------ loop
    def progress(self, steps_per_second: float = 0.0) -> Progress:
        return Progress(self.epoch, self.steps, self.last_train_loss, self.last_test_loss,
                        self.last_metric, self.metric_name, self.current_learning_rate(),
                        self.elapsed, steps_per_second, self.stop_reason, self.stop_message,
                        self.last_validation_loss)

    def run(self, report: Callable[[Progress], None] | None = None,
            should_stop: Callable[[], bool] | None = None,
            report_interval: float = REPORT_INTERVAL) -> Progress:
        """Train until a stop condition or ``should_stop()``; reports at most every
        ``report_interval`` seconds and once at the end. Returns the final progress."""
        started = time.perf_counter()
        base_elapsed, first_step = self.elapsed, self.steps
        next_report = started + report_interval
        with _quiet(), blas.LIMITS.for_training(self.plan, self.batch_size):
            while self.stop_reason is None:
                if should_stop is not None and should_stop():
                    self._stop("stopped", STOP_TEMPLATES[4])
                    break
                self._step()
                now = time.perf_counter()
                if report is not None and now >= next_report:
                    self.elapsed = base_elapsed + now - started
                    report(self.progress((self.steps - first_step) / (now - started)))
                    next_report = now + report_interval
        now = time.perf_counter()
        self.elapsed = base_elapsed + now - started
        final = self.progress((self.steps - first_step) / max(now - started, 1e-9))
        if report is not None:
            report(final)
        return final

    # ------------------------------------------------------------- exports
    def loss_history(self, max_points: int = 2000) -> LossHistory:
        """The recorded epochs as a LossHistory of at most ``max_points`` rows."""
        rows = [(epoch, train, _finite_or_none(test), _finite_or_none(metric), lr)
                for epoch, train, test, metric, lr in self.history.rows
                if math.isfinite(train)]
        if len(rows) > max_points:
            keep = np.unique(np.linspace(0, len(rows) - 1, max_points).round().astype(int))
            rows = [rows[i] for i in keep]
        columns = list(zip(*rows, strict=True)) if rows else [(), (), (), (), ()]
        return LossHistory(tuple(columns[0]), tuple(columns[1]), tuple(columns[2]),
                           tuple(columns[3]), tuple(columns[4]), self.metric_name)

    def enable_gradient_window(self) -> None:
        if self.grad_window is None:
            self.grad_window = np.zeros(self.plan.n_params, dtype=self.plan.dtype)

    def take_gradient_window(self) -> Array | None:
        """Mean |∂L/∂param| since the last call (flat; over every step, or evenly spread
        ones when many steps fill a window: :data:`GRADIENT_SAMPLES`), then start a new
        window."""
        if self.grad_window is None or self.grad_window_steps == 0:
            return None
        added = self.grad_window_steps
        if added > 2 * GRADIENT_SAMPLES:
            self._grad_stride_mask = self._grad_stride_mask * 2 + 1
        elif added < GRADIENT_SAMPLES // 2:
            self._grad_stride_mask //= 2
        mean = self.grad_window / added
        self.grad_window = np.zeros_like(self.grad_window)
        self.grad_window_steps = 0
        return mean


def _features_first_view(values: Array) -> Array:
    """Samples ``(n, features)`` → ``(features, n)``; sequences ``(n, T, features)`` →
    ``(features, n, T)``: a minibatch is then a slice of axis 1 either way."""
    return values.transpose(2, 0, 1) if values.ndim == 3 else values.T


def _features_first(values: Array) -> Array:
    """:func:`_features_first_view`, copied contiguous."""
    return np.ascontiguousarray(_features_first_view(values))


def _finite_or_none(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def train(plan: Plan, data: TrainingData, settings: TrainingSettings,
          report: Callable[[Progress], None] | None = None,
          should_stop: Callable[[], bool] | None = None) -> Trainer:
    """Train ``plan.params`` in place on ``data``; returns the finished trainer (history,
    stop reason, metrics)."""
    trainer = Trainer(plan, data, settings)
    trainer.run(report, should_stop)
    return trainer
