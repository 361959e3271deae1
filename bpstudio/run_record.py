"""Turns a training that stopped into a :class:`~bpstudio.model.runs.Run` of the document.

Joins the document (settings, dataset, structure), the engine's trainer (its per-epoch
record, counters and final numbers) and the plan (the trained parameters by id); used by
``bpstudio train``, ``bpstudio sweep`` and the GUI. Imports no Qt.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from bpstudio.model.network import Network
from bpstudio.model.runs import (
    DEFAULT_RUNS_WITH_PARAMETERS,
    EXACT_PARAMETERS_LIMIT,
    STOP_REASONS,
    Best,
    Run,
    RunCurves,
    RunParameters,
    activation_groups,
    default_name,
    keep_parameters,
    next_number,
    structure_fingerprint,
    thin_rows,
)
from bpstudio.model.settings import TrainingSettings
from bpstudio.words import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from bpstudio.engine.plan import Plan
    from bpstudio.engine.training import Trainer


def now_iso() -> str:
    """The current time as the file writes it (UTC, whole seconds)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


#: why a run ended when its drawing changed (kept in English in the file, like its shape)
DRAWING_CHANGED = QT_TRANSLATE_NOOP("Training", "the drawing changed while training; the rest "
                                                "is the next run")
#: a run's shape (kept in English in the file; the GUI translates it where it shows it)
SHAPE_TEMPLATES = (QT_TRANSLATE_NOOP("RunsTable", "{sizes}, {count} parameter"),
                   QT_TRANSLATE_NOOP("RunsTable", "{sizes}, {count} parameters"))


def shape_of(plan: Plan) -> str:
    """``2-4-1, 17 parameters``: neurons per level and the parameter count."""
    sizes = "-".join(str(n) for n in [plan.n_inputs, *(level.size for level in plan.levels)])
    count = plan.n_weights + plan.n_biases
    return SHAPE_TEMPLATES[count != 1].format(sizes=sizes, count=f"{count:,}")


def _finite(value: float | None) -> float | None:
    return float(value) if value is not None and math.isfinite(value) else None


@dataclass(frozen=True)
class Segment:
    """The part of a training session before a structural edit: a run of its own (the
    drawing it trained is gone, so it keeps no parameters). Epochs are the session's."""

    start_epoch: int                 # its rows are those after this epoch …
    end_epoch: int                   # … up to this one
    started: str
    seconds: float                   # the session's training time when it ended
    steps: int                       # the session's minibatch updates when it ended
    shape: str
    fingerprint: str
    activations: Mapping[str, tuple[int, ...]]
    settings: TrainingSettings


def _within(epoch: int, since: int, until: int | None) -> bool:
    return since < epoch and (until is None or epoch <= until)


def _curves(trainer: Trainer, since: int = 0, until: int | None = None) -> RunCurves:
    history = trainer.history
    rows = [(epoch, float(train), _finite(test), _finite(metric), float(lr), _finite(val))
            for (epoch, train, test, metric, lr), val
            in zip(history.rows, history.validation, strict=True)
            if math.isfinite(train) and _within(epoch, since, until)]
    kept = thin_rows(rows)
    if not kept:
        return RunCurves()
    epochs, train, test, metric, lr, val = zip(*kept, strict=True)
    return RunCurves(epochs=epochs, train_loss=train, validation_loss=val, test_loss=test,
                     test_metric=metric, learning_rate=lr)


def _best(trainer: Trainer, since: int = 0, until: int | None = None) -> dict[str, Best]:
    """Lowest losses and highest test metric over every recorded epoch in the range."""
    history = trainer.history
    rows = [(row, v) for row, v in zip(history.rows, history.validation, strict=True)
            if _within(row[0], since, until)]
    columns: dict[str, list[tuple[float | None, int]]] = {
        "train_loss": [(row[1], row[0]) for row, _ in rows],
        "validation_loss": [(v, row[0]) for row, v in rows],
        "test_loss": [(row[2], row[0]) for row, _ in rows],
        "test_metric": [(row[3], row[0]) for row, _ in rows],
    }
    best = {}
    for key, pairs in columns.items():
        values = [(float(v), e) for v, e in pairs if v is not None and math.isfinite(v)]
        if not values:
            continue
        # the earliest epoch wins a tie: it got there first
        pick = (max(values, key=lambda p: (p[0], -p[1])) if key == "test_metric"
                else min(values, key=lambda p: (p[0], p[1])))
        best[key] = Best(pick[0], pick[1])
    return best


def _parameters(network: Network, plan: Plan, trainer: Trainer) -> RunParameters:
    """The trained values of every parameter, in the run order (ascending ids)."""
    weights, biases = plan.parameters(trainer.params)
    ordered_w = [weights.get(c, network.connections[c].weight)
                 for c in sorted(network.connections)]
    ordered_b = [biases.get(i, n.bias) for i, n in sorted(network.neurons.items())
                 if n.role != "input"]
    total = len(ordered_w) + len(ordered_b)
    dtype = "float64" if total <= EXACT_PARAMETERS_LIMIT else "float32"
    return RunParameters(dtype, tuple(ordered_w), tuple(ordered_b))


def record_run(network: Network, plan: Plan, trainer: Trainer, *, started: str,
               seconds: float | None = None, name: str = "",
               earlier: Sequence[Run] = (), since: Segment | None = None) -> Run:
    """The run ``trainer`` made on ``network`` (the document it was compiled from).

    ``started``: ISO time of the start; ``seconds``: the time it took (default the
    trainer's own count); ``name``: empty for the default (``Run 3 · Adam η 0.01``,
    numbered after ``earlier``, the document's runs so far); ``since``: the segment
    before the structural edit this run began with (its epochs, steps and time are not
    this run's).
    """
    settings = trainer.settings
    # A trainer without a stop reason was stopped from outside its loop (the GUI's Stop,
    # a reset, closing the document).
    reason = trainer.stop_reason or "stopped"
    if reason not in STOP_REASONS:
        reason = "unknown"
    message = trainer.stop_message or ("stopped by the user" if reason == "stopped" else "")
    metric = trainer.training_metric() if trainer.data.n_train else None
    final = {
        "train_loss": _finite(trainer.last_train_loss),
        "validation_loss": _finite(trainer.last_validation_loss),
        "test_loss": _finite(trainer.last_test_loss),
        "test_metric": _finite(trainer.last_metric),
        "train_metric": _finite(metric),
    }
    epoch0, steps0 = (since.end_epoch, since.steps) if since else (0, 0)
    seconds = trainer.elapsed if seconds is None else seconds
    return Run(
        name=name or default_name(next_number(earlier), settings),
        started=started, shape=shape_of(plan), fingerprint=structure_fingerprint(network),
        activations=activation_groups(network), settings=settings, dataset=network.dataset,
        curves=_curves(trainer, epoch0), metric_name=trainer.metric_name,
        epochs=trainer.epoch - epoch0, steps=trainer.steps - steps0,
        seconds=round(max(seconds - (since.seconds if since else 0.0), 0.0), 3),
        stop_reason=reason, stop_message=message,
        final={k: v for k, v in final.items() if v is not None}, best=_best(trainer, epoch0),
        parameters=_parameters(network, plan, trainer))


def record_segment(segment: Segment, trainer: Trainer, network: Network, *,
                   earlier: Sequence[Run] = (), previous: Segment | None = None) -> Run:
    """The run of one ``segment`` of ``trainer``'s session, which ended when the drawing
    changed (``previous``: the segment before it, if any)."""
    curves = _curves(trainer, segment.start_epoch, segment.end_epoch)
    last = len(curves.epochs) - 1
    final = {} if last < 0 else {
        "train_loss": curves.train_loss[last], "validation_loss": curves.validation_loss[last],
        "test_loss": curves.test_loss[last], "test_metric": curves.test_metric[last]}
    steps0, seconds0 = (previous.steps, previous.seconds) if previous else (0, 0.0)
    return Run(
        name=default_name(next_number(earlier), segment.settings), started=segment.started,
        shape=segment.shape, fingerprint=segment.fingerprint,
        activations=segment.activations, settings=segment.settings, dataset=network.dataset,
        curves=curves, metric_name=trainer.metric_name,
        epochs=segment.end_epoch - segment.start_epoch, steps=segment.steps - steps0,
        seconds=round(max(segment.seconds - seconds0, 0.0), 3), stop_reason="stopped",
        stop_message=DRAWING_CHANGED,
        final={k: v for k, v in final.items() if v is not None},
        best=_best(trainer, segment.start_epoch, segment.end_epoch))


def append_run(network: Network, run: Run,
               keep: int = DEFAULT_RUNS_WITH_PARAMETERS) -> None:
    """Add ``run`` as the newest of the document's runs; only the ``keep`` newest keep
    their final parameters."""
    network.set_runs(keep_parameters((*network.runs, run), keep))


class RunSegments:
    """Where the runs of one training session begin and end. Pause/resume stays one run;
    a structural edit while it trains ends the run of the old drawing and begins the next
    (issue 12), though the session (its optimiser state, its curves) goes on."""

    def __init__(self, network: Network, plan: Plan, settings: TrainingSettings) -> None:
        self.closed: list[Segment] = []
        self._begin(network, plan, settings, 0, now_iso())

    def _begin(self, network: Network, plan: Plan, settings: TrainingSettings, epoch: int,
               started: str) -> None:
        self._start_epoch, self.started, self._settings = epoch, started, settings
        self._fingerprint = structure_fingerprint(network)
        self._shape, self._activations = shape_of(plan), activation_groups(network)

    def drawing_changed(self, network: Network, plan: Plan, settings: TrainingSettings,
                        epoch: int, steps: int, seconds: float) -> bool:
        """After a recompile onto ``plan``: end the open run if the structure differs from
        the one it trained (``epoch``, ``steps``, ``seconds``: the session's counts now).
        True if a new run began."""
        if structure_fingerprint(network) == self._fingerprint:
            return False
        self.closed.append(Segment(
            start_epoch=self._start_epoch, end_epoch=max(epoch, self._start_epoch),
            started=self.started, seconds=seconds, steps=steps, shape=self._shape,
            fingerprint=self._fingerprint, activations=self._activations,
            settings=self._settings))
        self._begin(network, plan, settings, max(epoch, self._start_epoch), now_iso())
        return True

    def runs(self, network: Network, plan: Plan, trainer: Trainer,
             earlier: Sequence[Run] = ()) -> list[Run]:
        """The session's runs, oldest first: one per drawing it trained (a segment that
        ended before its first epoch leaves none), the last with its final parameters."""
        runs: list[Run] = []
        previous: Segment | None = None
        for segment in self.closed:
            if segment.end_epoch > segment.start_epoch:
                runs.append(record_segment(segment, trainer, network,
                                           earlier=(*earlier, *runs), previous=previous))
            previous = segment
        runs.append(record_run(network, plan, trainer, started=self.started,
                               earlier=(*earlier, *runs), since=previous))
        return runs
