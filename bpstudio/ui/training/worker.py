"""The only bridge between threads: runs the engine's plain training loop in a QThread.

This module is the only code that runs on the training thread (besides the engine it
calls). The GUI never calls the trainer while the thread lives. It sends commands, plain
data, through a queue (a busy worker never processes queued slots, so control must not be
a slot) and the loop handles them between minibatches, so pause and stop take effect
after at most one step. The worker reports at most 20 times a second (the engine
throttles at the source), 10 at full speed (see :data:`FAST_REPORT_INTERVAL`); each report
leaves one snapshot, and the GUI takes only the latest.
"""

from __future__ import annotations

import math
import queue
import sys
import threading
import time
import traceback
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, QThread, Signal

from bpstudio.engine.history_feed import HistoryFeed, HistoryRow
from bpstudio.engine.pace import FULL_SPEED, Pace, Pacer, at_full_speed, steps_per_second
from bpstudio.engine.plan import Plan
from bpstudio.engine.remap import transfer
from bpstudio.engine.targets import TrainingData
from bpstudio.engine.timeline import Timeline
from bpstudio.engine.training import REPORT_INTERVAL, Progress, Trainer
from bpstudio.model.settings import TrainingSettings

#: Seconds between reports of a run at full speed (``pace.at_full_speed``): the views
#: redraw at most about ten times a second, so twice as many reports only cost the GUI
#: thread (and, through the GIL, training) their handling. A run that keeps its pace has
#: time to spare and keeps the engine's 20 a second, so single steps show.
FAST_REPORT_INTERVAL = 0.1


@dataclass(frozen=True)
class TrainingSnapshot:
    """The state of a run at one report, safe to read on the GUI thread."""

    progress: Progress
    plan: Plan                    # layout only: never read plan.params (the worker owns it)
    params: np.ndarray            # copy of the parameters, laid out like plan.params
    initial_params: np.ndarray    # the parameters when training started, same layout
    grad_mean: np.ndarray | None  # mean |∂L/∂param| since the previous snapshot


class _Command:
    RUN, PAUSE, STEP, EPOCH, SETTINGS, SWITCH, OVERRIDE, QUIT = range(8)


@dataclass(frozen=True)
class _Switch:
    """Train another compiled network (after an edit) or other data from the next step."""

    plan: Plan
    data: TrainingData
    settings: TrainingSettings
    fresh: bool          # new data: counters and history start over


class TrainingWorker(QThread):
    """Owns a :class:`Trainer` in its own thread; every public method is thread-safe."""

    snapshot_ready = Signal()       # a new snapshot waits in take_snapshot()
    state_changed = Signal(str)     # "running", "paused" or "finished"
    run_finished = Signal(object)   # Progress: a stop condition (epochs, target, …) ended it
    failed = Signal(str)            # an unexpected error; the loop paused, the thread lives

    def __init__(self, trainer: Trainer, parent: QObject | None = None, *,
                 timeline: Timeline | None = None, pace: Pace = FULL_SPEED) -> None:
        super().__init__(parent)
        self._trainer = trainer
        self._commands: queue.Queue[tuple[int, Any]] = queue.Queue()
        #: the run's snapshots: recorded on this thread, read by the GUI (thread-safe)
        self.timeline = timeline if timeline is not None else Timeline()
        self._recorded = (-1, -1)          # (epoch, step) last offered to the timeline
        self._tail_at = (-1, -1)           # (epoch, step) last kept as its newest state
        self._next_snapshot = 0            # the next epoch the timeline wants
        #: the stop check must look beyond the timeline and the train metric: a command
        #: waits, the pace changed, or the run is paced. Raised by the GUI thread after it
        #: queues a command (a plain attribute: one load per step, where the queue's
        #: ``empty()`` takes a lock), lowered by the training thread before it looks.
        self._attention = True
        #: the step before which a paced run looks at its pace again (maxsize: full speed)
        self._next_paced = sys.maxsize
        self._pacer = Pacer()
        self._pace = pace
        self._pace_stale = True            # the rate must be worked out again
        #: the steps per second the pace asks of this run (None: full speed); GUI reads it
        self.pace_rate: float | None = None
        self._lock = threading.Lock()
        self._snapshot: TrainingSnapshot | None = None
        self._reported_at = -math.inf      # perf_counter() of the last report
        #: the record's rows not yet taken by the GUI, with train metrics (engine code;
        #: publish/adopt/take under the lock, measuring on this thread only)
        self._feed = HistoryFeed(trainer.history)
        self._initial = trainer.params.copy()
        self._want_running = False
        self._quit_requested = False
        self.state = "paused"
        trainer.enable_gradient_window()

    # ------------------------------------------------------- GUI-thread API
    def _send(self, kind: int, payload: Any = None) -> None:
        self._commands.put((kind, payload))
        self._attention = True        # after the put: the loop then finds it
        self._pacer.interrupt()       # a paced loop waiting for its next step looks now

    def resume_training(self) -> None:
        self._send(_Command.RUN)

    def pause_training(self) -> None:
        self._send(_Command.PAUSE)

    def step_once(self) -> None:
        self._send(_Command.STEP)

    def step_epoch(self) -> None:
        self._send(_Command.EPOCH)

    def apply_settings(self, settings: TrainingSettings) -> None:
        """New hyper-parameters from the next step; a running loop keeps running."""
        self._send(_Command.SETTINGS, settings)

    def set_pace(self, pace: Pace) -> None:
        """Train at ``pace`` from the next step on (a waiting loop is woken)."""
        self._pace = pace
        self._pace_stale = True
        self._attention = True        # after the flag: the loop then finds it
        self._pacer.interrupt()

    def switch_to(self, plan: Plan, data: TrainingData, settings: TrainingSettings, *,
                  fresh: bool) -> None:
        """Train ``plan`` on ``data`` from the next minibatch on, keeping the trained value
        of every parameter both layouts share. ``fresh=False`` continues the run (optimiser
        state, counters and history carry over); ``fresh=True`` (new data) starts counters
        and history over. The GUI must not touch ``plan.params`` from now on."""
        self._send(_Command.SWITCH, _Switch(plan, data, settings, fresh))

    def override(self, weights: Mapping[int, float], biases: Mapping[int, float]) -> None:
        """Set weights and biases (by id) the user typed in, from the next step on; their
        optimiser state is cleared so old momentum does not drag them back."""
        self._send(_Command.OVERRIDE, (dict(weights), dict(biases)))

    def request_quit(self) -> None:
        """Ask the loop to end after the current minibatch, without waiting: ``finished``
        (QThread's signal) comes once it has. A step of a big full batch takes seconds."""
        if self.isRunning() and not self._quit_requested:
            self._quit_requested = True
            self._send(_Command.QUIT)

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Stop the loop and the thread; True once the thread has ended."""
        if not self.isRunning():
            return True
        self.request_quit()
        return self.wait(timeout_ms)

    def trainer(self) -> Trainer:
        """The current trainer: read it only once the thread has ended (after shutdown)."""
        if self.isRunning():
            raise RuntimeError("the trainer belongs to the running training thread")
        return self._trainer

    def take_snapshot(self) -> TrainingSnapshot | None:
        with self._lock:
            snapshot, self._snapshot = self._snapshot, None
        return snapshot

    def take_history(self) -> tuple[bool, list[HistoryRow]]:
        """(replace everything, rows) recorded since the last call. ``True`` means the
        history was thinned and ``rows`` is the whole record."""
        with self._lock:
            return self._feed.take()

    # ----------------------------------------------------- worker thread
    def run(self) -> None:   # QThread entry point
        self._record(self._trainer)       # where the run starts (epoch 0 for a new one)
        while True:
            try:
                if self._loop_once():
                    return
            except Exception as error:   # noqa: BLE001 - keep the thread (and the GUI) alive
                traceback.print_exc()
                self._want_running = False
                self._set_state("paused")
                self.failed.emit(self.tr("training stopped by an internal error: {error}")
                                 .format(error=error))

    def _loop_once(self) -> bool:
        """Train until a command arrives, or handle one command; True on QUIT."""
        trainer = self._trainer
        if self._want_running and trainer.stop_reason is None and self._commands.empty():
            self._set_state("running")
            progress = trainer.run(self._report_while_running,
                                   should_stop=self._between_steps)
            if trainer.stop_reason == "stopped":   # interrupted by a command
                trainer.resume()
            else:
                self._want_running = False
                self._set_state("finished")
                self.run_finished.emit(progress)
            return False
        if not self._want_running and self.state == "running":
            self._set_state("paused")
        kind, payload = self._commands.get()
        if kind == _Command.QUIT:
            return True
        self._handle(kind, payload)
        return False

    def _between_steps(self) -> bool:
        """Trainer.run's stop check (before every step): a command ends the run; a new
        epoch may get its train metric measured, within its share of the time, and a
        snapshot on the timeline; a paced run waits here for its next step. At full
        speed this runs before every one of XOR's 50,000 steps a second, so it does less
        than the check before the pace and timeline existed: one epoch compared with the
        next the timeline wants, the train metric's clock, one flag instead of the
        command queue's lock, and the step count with the next one a paced run looks at
        its pace (``bench/bench_pace.py``). Auto asks a long run for more steps a second
        than it reaches: it looks at the clock at most ten times a second, not every step
        (that cost the digits example in the window 14 % of its steps)."""
        trainer = self._trainer
        if trainer.epoch >= self._next_snapshot:
            self._next_snapshot = self._keep_epoch(trainer)
        if self._feed.due(trainer.epoch):
            self._feed.measure(trainer)
        if self._attention and self._attend():
            return True
        return trainer.steps >= self._next_paced and self._wait_for_pace(trainer)

    def _keep_epoch(self, trainer: Trainer) -> int:
        """Offer the end of an epoch to the timeline; the next epoch it wants. One call
        into the timeline: each costs at full speed (see Timeline.keep_epoch)."""
        steps = trainer.grad_window_steps
        grad = trainer.grad_window / steps if steps and trainer.grad_window is not None \
            else None
        return self.timeline.keep_epoch(trainer.plan, trainer.epoch, trainer.steps,
                                        trainer.params, grad, _score(trainer))

    def _attend(self) -> bool:
        """The stop check's slow path: work out a changed pace; True when a command
        waits."""
        self._attention = False           # before looking: what is sent later raises it
        if self._pace_stale:
            self._update_pace()
        return self._has_commands()

    def _wait_for_pace(self, trainer: Trainer) -> bool:
        """Wait for the next step of a paced run; True when a command arrived meanwhile.
        Steps already due (a run slower than its rate) are taken without looking again."""
        while self._pacer.wait(self._has_commands):
            if self._has_commands():
                return True
            if self._pace_stale:
                self._update_pace()
        self._next_paced = (sys.maxsize if self.pace_rate is None
                            else trainer.steps + 1 + self._pacer.due_steps())
        return False

    def _has_commands(self) -> bool:
        return not self._commands.empty()

    def _update_pace(self) -> None:
        """The rate the pace asks of the current trainer (Auto depends on its size), and
        the timeline's spacing for the run's planned length."""
        self._pace_stale = False
        trainer = self._trainer
        steps_per_epoch = math.ceil(trainer.data.n_train / max(trainer.batch_size, 1))
        self.pace_rate = steps_per_second(self._pace, steps_per_epoch, trainer.settings.epochs)
        self._pacer.set_rate(self.pace_rate)
        self._next_paced = 0 if self.pace_rate is not None else sys.maxsize
        self.timeline.plan_for(trainer.settings.epochs)
        self._next_snapshot = min(self._next_snapshot,
                                  self.timeline.next_wanted(trainer.epoch - 1))

    def _record(self, trainer: Trainer, *, tail: bool = False) -> None:
        """Offer the trainer's state to the timeline (at an epoch's end, or as the newest
        state with ``tail``)."""
        now = (trainer.epoch, trainer.steps)
        if now == (self._tail_at if tail else self._recorded):
            return
        if tail:
            self._tail_at = now
        else:
            self._recorded = now
        if not (tail or self.timeline.wants(trainer.epoch)):
            return
        grad = None
        if trainer.grad_window is not None and trainer.grad_window_steps:
            grad = trainer.grad_window / trainer.grad_window_steps
        self.timeline.record(trainer.plan, trainer.epoch, trainer.steps, trainer.params,
                             grad, _score(trainer), tail=tail)

    def _handle(self, kind: int, payload: Any) -> None:
        trainer = self._trainer
        if kind == _Command.RUN:
            if trainer.stop_reason is not None:   # a finished run continues past its goal
                trainer.resume()
            self._want_running = True
        elif kind == _Command.PAUSE:
            self._want_running = False
        elif kind in (_Command.STEP, _Command.EPOCH):
            self._want_running = False
            trainer.resume()
            if kind == _Command.STEP:
                trainer.step()
            else:
                self._run_epoch(trainer)
            self._report(trainer.progress())
            if self.state != "paused":
                self._set_state("paused")
        elif kind == _Command.SETTINGS:
            trainer.apply_settings(payload)
            self._pace_stale = self._attention = True   # Auto follows epochs and batches
        elif kind == _Command.SWITCH:
            if payload.fresh:              # new data: a new run, a new timeline
                self.timeline.clear()
                self._recorded = self._tail_at = (-1, -1)
                self._next_snapshot = 0
            self._adopt(self._successor(trainer, payload))
        elif kind == _Command.OVERRIDE:
            trainer.override(*payload)
            self._adopt(trainer)

    @staticmethod
    def _successor(old: Trainer, switch: _Switch) -> Trainer:
        """The trainer that takes over from ``old``; built here, because only this thread
        may read the old trainer's parameters."""
        if switch.fresh:
            transfer(old.plan, old.params, switch.plan, switch.plan.params)
            return Trainer(switch.plan, switch.data, switch.settings)
        new = Trainer(switch.plan, switch.data, switch.settings)
        new.continue_from(old)
        return new

    def _adopt(self, new: Trainer) -> None:
        """Train ``new`` from now on and publish its state at once, so views never draw a
        plan that no longer matches the document (a paused worker would not report
        otherwise)."""
        old = self._trainer
        if new is not old:
            initial = new.params.copy()   # parameters new to the run start where they are
            transfer(old.plan, self._initial, new.plan, initial)
            self._initial = initial
        self._trainer = new
        self._pace_stale = self._attention = True
        new.enable_gradient_window()
        with self._lock:   # a fresh run (another record): the GUI starts over
            self._feed.adopt(new.history, fresh=new.history is not old.history)
        self._report(new.progress())

    def _run_epoch(self, trainer: Trainer) -> None:
        """Minibatches to the end of the epoch, unless a command (Pause, Stop) comes first:
        an epoch of a big dataset in minibatches may take far longer than a step."""
        epoch = trainer.epoch
        while trainer.epoch == epoch and trainer.stop_reason is None and self._commands.empty():
            trainer.step()

    def _set_state(self, state: str) -> None:
        self.state = state
        self.state_changed.emit(state)

    def _report_while_running(self, progress: Progress) -> None:
        """Trainer.run's report: every one while the run keeps its pace, and the run's
        last; at full speed one in :data:`FAST_REPORT_INTERVAL` (the engine's come every
        :data:`REPORT_INTERVAL`: half an interval's slack keeps to every other one)."""
        if (progress.stop_reason is None
                and at_full_speed(self.pace_rate, progress.steps_per_second)
                and time.perf_counter() - self._reported_at
                < FAST_REPORT_INTERVAL - REPORT_INTERVAL / 2):
            return
        self._report(progress)

    def _report(self, progress: Progress) -> None:
        """Leave a snapshot for the GUI."""
        self._reported_at = time.perf_counter()
        trainer = self._trainer
        # within its share of the time, as between steps; always for a new last epoch of
        # a run that ends or pauses here, so the chart ends where training did
        measure = progress.stop_reason is not None or self._feed.due(trainer.epoch)
        if progress.stop_reason == "stopped":   # only a command interrupting the loop
            progress = replace(progress, stop_reason=None, message="")
        snapshot = TrainingSnapshot(progress, trainer.plan, trainer.params.copy(),
                                    self._initial, trainer.take_gradient_window())
        if measure:
            self._feed.measure(trainer, last=progress.stop_reason is not None)
        self._record(trainer, tail=True)
        with self._lock:
            self._snapshot = snapshot
            self._feed.publish(trainer.history)
        self.snapshot_ready.emit()


def _score(trainer: Trainer) -> float:
    """The loss the timeline's best snapshot is chosen by: validation, else test, else
    training (NaN before the first epoch's)."""
    score = trainer.last_validation_loss
    if score is None:
        score = trainer.last_test_loss
    return trainer.last_train_loss if score is None else score
