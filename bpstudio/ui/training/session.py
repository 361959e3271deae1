"""One training run: its worker thread, the data it trains on, and how edits reach it.

The GUI never touches a trainer while its thread lives. Everything it wants done (new
settings, a recompiled network after an edit, a weight the user typed in) is a command of
plain data that the worker carries out between two minibatches (replacement trainers are
even *built* there, because only there may the old trainer's parameters be read). The
session keeps the GUI's side: the latest snapshot in the current layout.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace

from PySide6.QtCore import QObject

from bpstudio.data import Dataset
from bpstudio.engine import blas
from bpstudio.engine.pace import FULL_SPEED, Pace
from bpstudio.engine.plan import Plan
from bpstudio.engine.remap import transfer
from bpstudio.engine.schedules import learning_rate
from bpstudio.engine.targets import TrainingData
from bpstudio.engine.timeline import Timeline
from bpstudio.engine.training import Progress, Trainer
from bpstudio.model.settings import DatasetSpec, TrainingSettings
from bpstudio.run_record import RunSegments
from bpstudio.ui.training.worker import TrainingSnapshot, TrainingWorker

SHUTDOWN_POLL_MS = 1000


@dataclass(frozen=True)
class Generation:
    """A compiled network and its data. Once handed to a trainer, the worker owns
    ``plan.params``: the GUI reads only the layout."""

    plan: Plan
    dataset: Dataset
    data: TrainingData
    spec: DatasetSpec          # what ``dataset`` was loaded from


class TrainingSession:
    """A :class:`TrainingWorker` plus what the GUI knows about it: the latest snapshot in
    the current layout, the settings the worker trains with."""

    def __init__(self, generation: Generation, settings: TrainingSettings,
                 parent: QObject, *, timeline: Timeline | None = None,
                 pace: Pace = FULL_SPEED, segments: RunSegments) -> None:
        self.current = generation
        self.settings = settings
        trainer = Trainer(generation.plan, generation.data, settings)
        self.worker = TrainingWorker(trainer, parent, timeline=timeline, pace=pace)
        params = generation.plan.params.copy()
        #: the newest state in the *current* layout (provisional right after an edit)
        self.snapshot = TrainingSnapshot(trainer.progress(), generation.plan, params,
                                         params.copy(), None)
        self.trained_since_save = False   # set by any training command, cleared by saving
        #: where its runs begin and end: a structural edit while training begins a new one
        self.segments = segments
        self._holds_blas_limit = False

    # ------------------------------------------------------------ controls
    def start(self) -> None:
        blas.LIMITS.reserve_gui_core()
        self._holds_blas_limit = True
        self.worker.start()

    def resume(self) -> None:
        self.trained_since_save = True
        self.worker.resume_training()

    def pause(self) -> None:
        self.worker.pause_training()

    def step(self) -> None:
        self.trained_since_save = True
        self.worker.step_once()

    def step_epoch(self) -> None:
        self.trained_since_save = True
        self.worker.step_epoch()

    def apply_settings(self, settings: TrainingSettings) -> None:
        self.settings = settings
        self.worker.apply_settings(settings)

    def set_pace(self, pace: Pace) -> None:
        self.worker.set_pace(pace)

    @property
    def pace_rate(self) -> float | None:
        """Steps per second the pace asks of this run (None: full speed)."""
        return self.worker.pace_rate

    def request_stop(self) -> None:
        """Ask the thread to end after the current minibatch; returns at once. The
        worker's ``finished`` signal says when :meth:`finish` no longer waits."""
        self.worker.request_quit()

    @property
    def ended(self) -> bool:
        """The thread has ended (or never ran): :meth:`finish` returns at once."""
        return not self.worker.isRunning()

    def finish(self) -> Trainer:
        """End the thread (after at most the current minibatch) and hand back the trainer.
        Blocks until then: call it after ``finished``, or where waiting is acceptable."""
        while not self.worker.shutdown(SHUTDOWN_POLL_MS):
            pass
        if self._holds_blas_limit:
            blas.LIMITS.release_gui_core()
            self._holds_blas_limit = False
        return self.worker.trainer()

    # ----------------------------------------------------------- snapshots
    def accept(self, snapshot: TrainingSnapshot) -> bool:
        """Adopt ``snapshot`` if it has the current layout; one reported before an edit's
        swap only updates the progress. True if the parameters changed."""
        if snapshot.plan is self.current.plan:
            self.snapshot = snapshot
            return True
        self.snapshot = replace(self.snapshot, progress=snapshot.progress)
        return False

    @property
    def progress(self) -> Progress:
        return self.snapshot.progress

    # --------------------------------------------------------------- edits
    def switch_to(self, generation: Generation, settings: TrainingSettings, *,
                  fresh: bool) -> None:
        """Train ``generation`` (a recompile after an edit, or new data) from the next
        minibatch on, keeping the trained value of every parameter both layouts share.

        ``fresh=False`` continues the run: optimiser state, counters and history carry
        over. ``fresh=True`` (new data) starts counters and history over, since losses on
        different data do not belong on one curve.
        """
        old = self.snapshot
        plan, data = generation.plan, generation.data
        params, initial = plan.params.copy(), plan.params.copy()
        transfer(old.plan, old.params, plan, params)
        transfer(old.plan, old.initial_params, plan, initial)
        progress = old.progress
        if fresh:
            progress = Progress(0, 0, math.nan, None, None, progress.metric_name,
                                learning_rate(settings, 0), 0.0, 0.0)
        # Until the worker reports, views show the trained values in the new layout.
        self.snapshot = TrainingSnapshot(progress, plan, params, initial, None)
        self.current, self.settings = generation, settings
        self.worker.switch_to(plan, data, settings, fresh=fresh)

    def override_parameters(self, weights: Mapping[int, float],
                            biases: Mapping[int, float]) -> None:
        """Set weights and biases (by id) the user typed in; the trainer clears their
        optimiser state so old momentum does not drag them back."""
        params = self.snapshot.params.copy()   # views may hold the old array: never mutate
        self.current.plan.write_parameters(weights, biases, params)
        self.snapshot = replace(self.snapshot, params=params)
        self.worker.override(weights, biases)
