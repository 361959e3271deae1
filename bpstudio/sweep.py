"""A sweep: the same network trained over a small grid of settings, one run per point.

A plain function with a reporting hook and a stop check (DESIGN.md, style 7): the command
line runs it with a tqdm bar, the GUI on its worker thread with a progress bar and Cancel.
Every point starts from the document's own weights, so the runs differ only in the
settings swept (a blank drawing, every weight 0, gets fresh weights per point from that
point's init and seed). Imports no Qt.
"""

from __future__ import annotations

import difflib
import itertools
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from bpstudio.model.network import Network
from bpstudio.model.run_diff import SYMBOLS
from bpstudio.model.runs import Run, next_number
from bpstudio.model.settings import SettingsError, TrainingSettings
from bpstudio.words import translate

MAX_POINTS = 100   # runs one sweep may make: a grid is for a handful of values per setting
#: settings a sweep may vary: every training setting (the dataset stays the document's)
SWEEPABLE = tuple(f.name for f in fields(TrainingSettings))
_TYPES = {f.name: type(getattr(TrainingSettings(), f.name)) for f in fields(TrainingSettings)}


class SweepError(ValueError):
    """The grid asked for cannot be swept; the message names the setting and value."""


Grid = dict[str, tuple[Any, ...]]


def parse_assignment(text: str) -> tuple[str, tuple[Any, ...]]:
    """``learning_rate=0.01,0.1,1`` → ("learning_rate", (0.01, 0.1, 1.0)); SweepError."""
    key, sep, values = text.partition("=")
    key = key.strip().replace("-", "_")
    if not sep or not key:
        raise SweepError(f"{text!r} must look like SETTING=VALUE,VALUE (e.g. "
                         "learning_rate=0.01,0.1,1)")
    if key not in SWEEPABLE:
        close = difflib.get_close_matches(key, SWEEPABLE, n=1)
        hint = (translate("Sweep", " (did you mean {close}?)").format(close=close[0]) if close
                else "")
        raise SweepError(translate("Sweep", "{key!r} is not a training setting{hint}").format(
                             key=key, hint=hint))
    parts = [part.strip() for part in values.split(",")]
    if not values.strip() or "" in parts:
        raise SweepError(translate("Sweep", "{key}: give one or more values separated "
                                            "by commas, got {values!r}").format(
                             key=key, values=values))
    parsed = tuple(_convert(key, part) for part in parts)
    if len(set(parsed)) != len(parsed):
        raise SweepError(translate("Sweep", "{key}: a value is given twice in {values!r}").format(
                             key=key, values=values))
    return key, parsed


def _convert(key: str, text: str) -> Any:
    kind = _TYPES[key]
    try:
        if kind is bool:
            if text.lower() not in ("true", "false", "on", "off", "1", "0", "yes", "no"):
                raise ValueError(text)
            value: Any = text.lower() in ("true", "on", "1", "yes")
        elif kind is int:
            value = int(text)
        elif kind is float:
            value = float(text)
        else:
            value = text
    except ValueError:
        what = {bool: translate("Sweep", "true or false"),
                int: translate("Sweep", "a whole number"),
                float: translate("Sweep", "a number")}[kind]
        raise SweepError(translate("Sweep", "{key}: {text!r} is not {what}").format(
                             key=key, text=text, what=what)) from None
    try:
        TrainingSettings().with_changes(**{key: value})   # the settings' own range checks
    except SettingsError as error:
        raise SweepError(str(error)) from None
    return value


def make_grid(assignments: Sequence[tuple[str, tuple[Any, ...]]]) -> Grid:
    """The grid of ``assignments`` (each setting once); SweepError if too large."""
    grid: Grid = {}
    for key, values in assignments:
        if key in grid:
            raise SweepError(translate("Sweep", "{key} is swept twice; give all its "
                                                "values in one --set").format(
                                 key=key))
        grid[key] = values
    if not grid:
        raise SweepError(translate("Sweep", "give at least one setting to sweep (--set "
                                            "learning_rate=0.01,0.1)"))
    if count_points(grid) > MAX_POINTS:
        raise SweepError(translate("Sweep", "the grid has {count_points} points; a "
                                            "sweep makes at most {max_points} runs").format(
                             count_points=count_points(grid), max_points=MAX_POINTS))
    return grid


def count_points(grid: Mapping[str, Sequence[Any]]) -> int:
    total = 1
    for values in grid.values():
        total *= len(values)
    return total


def points(grid: Mapping[str, Sequence[Any]]) -> list[dict[str, Any]]:
    """Every combination, the last setting varying fastest."""
    keys = list(grid)
    return [dict(zip(keys, combo, strict=True))
            for combo in itertools.product(*(grid[k] for k in keys))]


def describe_point(point: Mapping[str, Any]) -> str:
    """``η 0.1, optimizer adam``."""
    return ", ".join(f"{SYMBOLS.get(k, k)} {v:g}" if isinstance(v, float)
                     else f"{SYMBOLS.get(k, k)} {v}" for k, v in point.items())


@dataclass
class SweepProgress:
    """What a report says: which point runs and how far it got."""

    index: int           # point being trained, from 0
    total: int           # points in the grid
    point: dict[str, Any]
    epoch: int           # epochs done in this point's run
    epochs: int          # epochs it runs at most
    train_loss: float
    finished: Run | None = None   # set once, when the point's run is recorded


def ranking_measure(runs: Sequence[Run]) -> str | None:
    """The measure that picks the best of ``runs``: the lowest validation loss if every run
    has one, else the lowest test loss, else the lowest training loss."""
    for key in ("validation_loss", "test_loss", "train_loss"):
        if runs and all(key in run.best for run in runs):
            return key
    return None


def best_index(runs: Sequence[Run]) -> int | None:
    """Index of the best of ``runs`` by :func:`ranking_measure` (the first on a tie)."""
    key = ranking_measure(runs)
    if key is None:
        return None
    values = [run.best[key].value for run in runs]
    return values.index(min(values))


def run_sweep(network: Network, grid: Grid, base_dir: Path | None, *,
              report: Callable[[SweepProgress], None] | None = None,
              should_stop: Callable[[], bool] | None = None) -> list[Run]:
    """Train a copy of ``network`` once per grid point, each from the document's weights;
    returns the runs recorded (fewer when stopped). The document itself is not changed.

    Raises what ``workflow.prepare_training`` raises (USER_ERRORS) for a point that cannot
    train."""
    from bpstudio.engine.init import all_weights_zero
    from bpstudio.engine.training import Trainer
    from bpstudio.run_record import now_iso, record_run
    from bpstudio.workflow import initialize, load_data_for, prepare_training

    dataset = load_data_for(network, base_dir)   # the same data for every point
    # A blank drawing (every weight 0) could never break its symmetry: each point then
    # starts from fresh weights of its own init and seed.
    blank = bool(network.connections) and all_weights_zero(network)
    grid_points = points(grid)
    runs: list[Run] = []
    number = next_number(network.runs)
    for index, point in enumerate(grid_points):
        if should_stop is not None and should_stop():
            break
        trial = network.copy()
        trial.set_settings(network.settings.with_changes(**point))
        if blank:
            initialize(trial)
        prepared = prepare_training(trial, base_dir, dataset=dataset)
        trainer = Trainer(prepared.plan, prepared.data, trial.settings)
        started = now_iso()

        def relay(progress: Any, index: int = index, point: dict[str, Any] = point,
                  settings: TrainingSettings = trial.settings) -> None:
            if report is not None:
                report(SweepProgress(index, len(grid_points), point, progress.epoch,
                                     settings.epochs, progress.train_loss))

        began = time.perf_counter()
        trainer.run(relay, should_stop)
        run = record_run(trial, prepared.plan, trainer, started=started,
                         seconds=time.perf_counter() - began,
                         name=f"Run {number + index} · {describe_point(point)}")
        runs.append(run)
        if report is not None:
            report(SweepProgress(index, len(grid_points), point, trainer.epoch,
                                 trial.settings.epochs, trainer.last_train_loss, run))
        if trainer.stop_reason == "stopped":
            break
    return runs
