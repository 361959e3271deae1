"""Turns a training that stopped into a :class:`~bpstudio.model.runs.Run` of the document.

Joins the document (settings, dataset, structure), the engine's trainer (its per-epoch
record, counters and final numbers) and the plan (the trained parameters by id); used by
``bpstudio train``, ``bpstudio sweep`` and the GUI. Imports no Qt.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
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
from bpstudio.words import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from bpstudio.engine.plan import Plan
    from bpstudio.engine.training import Trainer


def now_iso() -> str:
    """The current time as the file writes it (UTC, whole seconds)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


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


def _curves(trainer: Trainer) -> RunCurves:
    history = trainer.history
    rows = [(epoch, float(train), _finite(test), _finite(metric), float(lr), _finite(val))
            for (epoch, train, test, metric, lr), val
            in zip(history.rows, history.validation, strict=True)
            if math.isfinite(train)]
    kept = thin_rows(rows)
    if not kept:
        return RunCurves()
    epochs, train, test, metric, lr, val = zip(*kept, strict=True)
    return RunCurves(epochs=epochs, train_loss=train, validation_loss=val, test_loss=test,
                     test_metric=metric, learning_rate=lr)


def _best(trainer: Trainer) -> dict[str, Best]:
    """Lowest losses and highest test metric over every recorded epoch."""
    history = trainer.history
    columns: dict[str, list[tuple[float | None, int]]] = {
        "train_loss": [(row[1], row[0]) for row in history.rows],
        "validation_loss": [(v, row[0]) for row, v in zip(history.rows, history.validation,
                                                          strict=True)],
        "test_loss": [(row[2], row[0]) for row in history.rows],
        "test_metric": [(row[3], row[0]) for row in history.rows],
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
               earlier: Sequence[Run] = ()) -> Run:
    """The run ``trainer`` made on ``network`` (the document it was compiled from).

    ``started``: ISO time of the start; ``seconds``: the time it took (default the
    trainer's own count); ``name``: empty for the default (``Run 3 · Adam η 0.01``,
    numbered after ``earlier``, the document's runs so far).
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
    return Run(
        name=name or default_name(next_number(earlier), settings),
        started=started, shape=shape_of(plan), fingerprint=structure_fingerprint(network),
        activations=activation_groups(network), settings=settings, dataset=network.dataset,
        curves=_curves(trainer), metric_name=trainer.metric_name,
        epochs=trainer.epoch, steps=trainer.steps,
        seconds=round(trainer.elapsed if seconds is None else seconds, 3),
        stop_reason=reason, stop_message=message,
        final={k: v for k, v in final.items() if v is not None}, best=_best(trainer),
        parameters=_parameters(network, plan, trainer))


def append_run(network: Network, run: Run,
               keep: int = DEFAULT_RUNS_WITH_PARAMETERS) -> None:
    """Add ``run`` as the newest of the document's runs; only the ``keep`` newest keep
    their final parameters."""
    network.set_runs(keep_parameters((*network.runs, run), keep))
