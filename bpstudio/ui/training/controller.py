"""TrainingController: starts and steers training sessions and brings their results back.

The flow (DESIGN.md, "Training"): Train compiles the document on the GUI thread, a
:class:`TrainingSession` trains a copy in its worker thread, and Stop (or a stop condition)
lands the trained weights on the undo stack as one "Apply trained weights" step.

Edits while training arrive once per event-loop turn (:mod:`edits`):

* structure (neurons or connections added/removed, activation, role, frozen), the loss or
  the dtype: recompile and swap the worker's trainer between two minibatches, keeping the
  trained value and optimiser state of every parameter that still exists. New connections
  drawn with weight 0 start from the initialiser's values. If the edit leaves a network
  that cannot train, training pauses with the reason and resumes by itself once an edit
  fixes it;
* the dataset: the same swap onto the new data, with counters and curves started over;
* a weight or bias the user set: pushed into the running trainer (its optimiser state
  cleared), so what the user typed is what training continues from;
* other hyper-parameters: the worker applies them from the next minibatch.

Stop never waits on the GUI thread: a step of a big full batch can take seconds. It asks
the worker to end after its current minibatch ("stopping"), and the weights are applied
when the thread reports it has finished. Opening another document lets the old thread end
in the background; only closing the window (or quitting) waits, with a busy cursor.

Saving while training writes a copy of the document holding the latest weights; the
document itself keeps its pre-training weights until the run ends, so the undo history
stays one "Apply trained weights" step per run.

Visual panels draw from :meth:`view_state` whenever :attr:`view_changed` fires.

Pace: the worker waits between steps to keep the chosen :class:`Pace` (Auto stretches a
short run to ~15 s); "Finish now" goes at full speed until the run ends.

Looking back: the run's :attr:`timeline` keeps snapshots of the parameters. While the user
views one (:meth:`view_epoch`), :meth:`view_state` draws it; scrubbing pauses a running
session, and Train/Resume/Step return the views to the present. The timeline belongs to
the run: it survives pause and resume, edits (by id) and applying the weights, and starts
over with the next run, a reset, new data or another document.

Where the controller is (idle, paused, running, blocked by a broken edit, stopping,
finished) is one :class:`~bpstudio.ui.training.states.Phase`, changed only through the
transition table in :mod:`states`.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEventLoop, QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication

from bpstudio.data import DataError, Dataset
from bpstudio.engine.init import all_weights_zero
from bpstudio.engine.pace import Pace
from bpstudio.engine.plan import CompileError, compile_network
from bpstudio.engine.saturation import saturation_problem
from bpstudio.engine.timeline import Snapshot, Timeline
from bpstudio.engine.training import STOP_TEMPLATES, Progress, Trainer
from bpstudio.model.network import Network
from bpstudio.model.runs import DEFAULT_RUNS_WITH_PARAMETERS, Run, keep_parameters
from bpstudio.run_record import RunSegments
from bpstudio.ui.document.commands import Command
from bpstudio.ui.document.editor import EditController
from bpstudio.ui.i18n import translate, translate_filled
from bpstudio.ui.training import commands as training_commands
from bpstudio.ui.training.data import PROBLEMS, DatasetLoading, DocumentData
from bpstudio.ui.training.data_loader import DatasetLoader
from bpstudio.ui.training.edits import Edits, PendingEdits
from bpstudio.ui.training.history import HistoryArrays
from bpstudio.ui.training.looking_back import snapshot_progress, snapshot_view
from bpstudio.ui.training.replay import Replay
from bpstudio.ui.training.session import Generation, TrainingSession
from bpstudio.ui.training.states import Event, Phase, TrainingStates
from bpstudio.ui.training.view_state import ViewState
from bpstudio.ui.widgets.throttle import Throttle

SNAPSHOT_VIEWS = 64        # views of snapshots kept for scrubbing back and forth
PROGRESS_INTERVAL_S = 0.1   # status lines update 10 times a second, not with every report
PROGRESS_SLACK_MS = 30
DIVERGED = QT_TRANSLATE_NOOP("TrainingController",
                             "Training diverged: the loss blew up (learning rate η = {lr}). "
                             "Paused with the weights from before it did and momentum "
                             "cleared: lower the learning rate, then Resume.")


class TrainingController(QObject):
    """The training half of the main window: one session at a time, for one document."""

    #: view_state() changed: a new snapshot (≤ 20/s), a document edit (once per event-loop
    #: turn), a settings or dataset change, training start/stop
    view_changed = Signal()
    #: "idle" (no run since the document opened or the reset), "running", "paused",
    #: "stopping" (Stop asked the worker to end; its weights come when it has),
    #: "finished" (the run ended and its weights were applied)
    state_changed = Signal(str)
    #: the latest Progress (None when there is none), at most 10 times a second
    progress_changed = Signal(object)
    #: :attr:`history` (what the plots draw) changed
    history_changed = Signal()
    #: a problem the user should see until it is solved ("" clears it)
    message_changed = Signal(str)
    #: a passing report for the status bar
    status_message = Signal(str)
    #: the pace, Finish now, or the rate the pace works out to changed
    pace_changed = Signal()
    #: the timeline gained or lost snapshots, or another one (or the present) is viewed
    timeline_changed = Signal()

    def __init__(self, editor: EditController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.editor = editor            # pushes the undo steps training adds
        self.network: Network | None = None
        self.history = HistoryArrays()
        self.data = DocumentData()
        #: image folders load on its thread (progress bar and Cancel: ui/training/load_dialog)
        self.loader = DatasetLoader(self)
        self.data.loader = self.loader
        self.loader.loaded.connect(self._on_data_loaded)
        self.loader.failed.connect(self._on_data_failed)
        #: what Train or Step asked for while the data were loading, done once they are in
        self._when_loaded: Callable[[], object] | None = None
        self.edits = PendingEdits(self._on_edits, self)
        self._session: TrainingSession | None = None
        self._states = TrainingStates()
        self._retiring: list[TrainingSession] = []   # discarded, threads still ending
        self._message = ""
        self._cannot_train = False
        self._last_progress: Progress | None = None
        self._view: ViewState | None = None
        self._view_problem = ""
        self._view_valid = False
        #: how many of the newest runs keep their final weights (a preference)
        self.runs_with_weights = DEFAULT_RUNS_WITH_PARAMETERS
        self.pace = Pace()                 # the user's choice (the window remembers it)
        self._finish_now = False           # full speed until this run ends
        self.timeline = Timeline()         # the current (or last) run's snapshots
        self._viewing: Snapshot | None = None
        self._viewing_generation: Generation | None = None   # see _build_view
        self._snapshot_views: dict[tuple[int, int, int, str], tuple[Snapshot, ViewState]] = {}
        self._timeline_version = -1
        self.replay = Replay(self)         # plays the timeline; Space pauses it
        self.replay.playing_changed.connect(lambda playing: self.view_changed.emit())
        self._scrubbing = False
        #: when a list, the snapshot slot appends its duration in seconds (bench/ reads it)
        self.snapshot_timings: list[float] | None = None
        # At full speed a report comes every 0.1 s, give or take a step: the lines follow
        # each one at once (slack) rather than on a timer of their own a moment later.
        self._progress_throttle = Throttle(
            lambda: self.progress_changed.emit(self.progress),
            PROGRESS_INTERVAL_S * 1000, parent=self, slack_ms=PROGRESS_SLACK_MS)
        self._timeline_throttle = Throttle(self.timeline_changed.emit,
                                           PROGRESS_INTERVAL_S * 1000, parent=self,
                                           slack_ms=PROGRESS_SLACK_MS)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    # ------------------------------------------------------------- contract
    def view_state(self) -> ViewState | None:
        """What visual panels draw now: the latest snapshot while a session exists, else the
        document's own weights compiled fresh (cached until the document changes). None
        when the network cannot compile or its data cannot load; :meth:`problem` says why."""
        if not self._view_valid:
            self._view, self._view_problem = self._build_view()
            self._view_valid = True
        return self._view

    def problem(self) -> str:
        """Why :meth:`view_state` is None, in words ("" when it is not)."""
        self.view_state()
        return self._view_problem

    # ---------------------------------------------------------------- state
    @property
    def state(self) -> str:
        """The phase as views name it: "idle", "running", "paused", "stopping" or
        "finished"."""
        return self._states.phase.shown

    @property
    def phase(self) -> Phase:
        return self._states.phase

    @property
    def session(self) -> TrainingSession | None:
        return self._session

    @property
    def message(self) -> str:
        return self._message

    @property
    def progress(self) -> Progress | None:
        return self._session.progress if self._session is not None else self._last_progress

    def set_document(self, network: Network, base_dir: Callable[[], Path | None]) -> None:
        """Follow ``network``; a running session of the previous document ends unapplied
        (the window asked about saving before)."""
        self.discard()
        self.loader.shutdown()
        self._when_loaded = None
        self.network = network
        self.data.base_dir = base_dir
        self._new_timeline()
        self.edits.follow(network)
        self._last_progress = None
        self.history.load(network.history)
        self.history_changed.emit()
        self._set_message("")
        self._fire(Event.DISCARD)       # a document just shown has had no run
        self._invalidate_view()
        self._emit_progress()
        self.view_changed.emit()

    # -------------------------------------------------------------- controls
    def toggle(self) -> bool:
        """Space: pause a playing replay or a running session, otherwise start or resume
        one."""
        if self.replay.playing:
            self.replay.pause()
            return True
        if self._states.phase is Phase.RUNNING:
            self.pause()
            return True
        return self.start()

    def start(self) -> bool:
        """Train (a new session) or Resume (the paused one); False with a message if the
        network cannot train."""
        if self._refuse_while_stopping():
            return False
        session = self._session or self._new_session(self.start)
        if session is None:
            return False
        if self._states.phase.blocked:
            self._set_message(self.tr("Cannot resume: {reason}")
                              .format(reason=self._states.reason))
            return False
        self._set_message("")
        self.replay.pause()
        self.show_present()
        session.resume()
        self._fire(Event.RESUME)
        return True

    def pause(self) -> None:
        if self._session is not None and self._states.can(Event.PAUSE):
            self._session.pause()
            self._fire(Event.PAUSE)

    def step(self) -> bool:
        """One minibatch (starting a paused session if there is none)."""
        return self._step(TrainingSession.step)

    def step_epoch(self) -> bool:
        """Minibatches until the current epoch ends."""
        return self._step(TrainingSession.step_epoch)

    def _step(self, action: Callable[[TrainingSession], None]) -> bool:
        if self._refuse_while_stopping():
            return False
        session = self._session or self._new_session(lambda: self._step(action))
        if session is None:
            return False
        if self._states.phase.blocked:
            self._set_message(self.tr("Cannot step: {reason}").format(reason=self._states.reason))
            return False
        self._set_message("")
        self.replay.pause()
        self.show_present()
        action(session)
        self._fire(Event.STEP)
        return True

    def stop(self) -> bool:
        """End the session and apply its weights as one undoable step. Returns at once:
        the state is "stopping" until the worker has finished its current minibatch,
        then "finished" with the weights applied."""
        return self._end_session(announce=True)

    def _end_session(self, announce: bool) -> bool:
        """Ask the thread to end; its weights are applied when it has (``finished``).
        ``announce`` says so in the status bar: not for a run that ended by itself, whose
        thread has no step left to finish."""
        session = self._session
        if session is None:
            return False
        if self._states.phase is not Phase.STOPPING:
            session.request_stop()
            self._fire(Event.STOP)
            if announce:
                self.status_message.emit(self.tr("Stopping: the current training step ends "
                                                 "first…"))
        return True

    def _refuse_while_stopping(self) -> bool:
        stopping = self._states.phase is Phase.STOPPING
        if stopping:
            self.status_message.emit(self.tr("Training is stopping: wait for its weights"))
        return stopping

    def reset_weights(self) -> bool:
        """Fresh weights from the document's initialiser and seed, as one undoable step
        (stopping and applying a session first, so nothing is lost: with a session the
        reset follows once its weights are in)."""
        if self.network is None:
            return False
        if self._session is not None:
            stopping = self.stop()
            self._states.after_stop(self._reset_now)
            return stopping
        return self._reset_now()

    def _reset_now(self) -> bool:
        network = self.network
        if network is None:
            return False
        command = training_commands.reset_command(network)
        if command is None:
            self.status_message.emit(self.tr("Nothing to reset: draw some connections first"))
            return False
        if not self._push(command):
            return False
        self._last_progress = None
        self.history.clear()
        self.history_changed.emit()
        self._new_timeline()
        self._fire(Event.RESET)
        self._emit_progress()
        s = network.settings
        self.status_message.emit(self.tr("Reset the weights ({init}, seed {seed})")
                                 .format(init=s.init, seed=s.seed))
        return True

    def discard(self) -> None:
        """End the session without applying anything and without waiting (replacing the
        document): its thread finishes its current minibatch in the background."""
        session, self._session = self._session, None
        if session is None:
            return
        self._last_progress = session.progress
        self._retiring.append(session)
        session.request_stop()
        self._invalidate_view()
        self._emit_progress()
        self._fire(Event.DISCARD)

    def shutdown(self) -> None:
        """End every training thread without applying anything, and wait for them
        (closing the window, quitting: the thread must not outlive its window). The wait
        lasts at most one minibatch; a busy cursor and a status line say why."""
        self.discard()
        self.loader.shutdown()
        if all(session.ended for session in self._retiring):
            for session in list(self._retiring):
                self._release(session)
            return
        self.status_message.emit(self.tr("Stopping training: waiting for the current step to "
                                         "end…"))
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            # Let the cursor and the status line show before the thread is waited for.
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
            for session in list(self._retiring):
                self._release(session)
        finally:
            QGuiApplication.restoreOverrideCursor()

    def _release(self, session: TrainingSession) -> None:
        """Join a discarded session's (ending) thread and free it."""
        if session in self._retiring:
            self._retiring.remove(session)
            session.finish()
            session.worker.deleteLater()

    # --------------------------------------------------------------- saving
    def has_unsaved_progress(self) -> bool:
        """True if the session trained since it was last saved (or at all)."""
        return self._session is not None and self._session.trained_since_save

    def network_for_saving(self) -> Network:
        """The document, or while training a copy holding the latest weights and curves."""
        network, session = self.network, self._session
        if session is None:
            return network
        copy = network.copy()
        # frozen ones keep the file's own values
        weights, biases = session.current.plan.trained_parameters(session.snapshot.params)
        copy.set_parameters({c: w for c, w in weights.items() if c in copy.connections},
                            {n: b for n, b in biases.items() if n in copy.neurons})
        copy.set_history(self.history.to_loss_history())
        return copy

    def mark_saved(self) -> None:
        """The latest weights were written (a running session is unsaved again at once)."""
        session = self._session
        if session is not None:
            session.trained_since_save = self.state == "running"

    # ------------------------------------------------------------- sessions
    def _new_session(self, when_loaded: Callable[[], object]) -> TrainingSession | None:
        """A session on the document, or None with the reason shown; ``when_loaded`` is
        called once data loading in the background are in (if they are why it is None)."""
        network = self.network
        if network is None:
            return None
        self.data.retry()       # a cancelled or failed load is tried again
        try:
            generation = self.data.compile(network)
        except DatasetLoading as error:
            self._when_loaded = when_loaded
            self._set_message(self.tr("Training starts once the data are in: {problem}").format(
                problem=error))
            return None
        except PROBLEMS as error:
            self._set_message(self.tr("Cannot train: {problem}").format(problem=error),
                              cannot_train=True)
            return None
        if network.connections and all_weights_zero(network):
            # With all weights equal, hidden units get identical gradients and never differ.
            self._push(training_commands.initialise_command(network))
            s = network.settings
            self.status_message.emit(self.tr("All weights were 0: initialised them ({init}, "
                                             "seed {seed}) so hidden neurons can differ")
                                     .format(init=s.init, seed=s.seed))
            generation = replace(generation, plan=compile_network(network))
        self._finish_now = False
        self._new_timeline()
        session = TrainingSession(generation, network.settings, self, timeline=self.timeline,
                                  pace=self.effective_pace,
                                  segments=RunSegments(network, generation.plan,
                                                       network.settings))
        worker = session.worker
        worker.snapshot_ready.connect(self._on_snapshot_ready)
        worker.state_changed.connect(self._on_worker_state)
        worker.run_finished.connect(self._on_run_finished)
        worker.failed.connect(self._on_worker_failed)
        worker.finished.connect(self._on_worker_finished)   # the thread ended
        self._session = session
        self.history.clear()
        self.history.metric_name = session.progress.metric_name
        self.history_changed.emit()
        self._fire(Event.START_SESSION)
        session.start()
        return session

    def _on_worker_finished(self) -> None:
        """A thread ended: the stopping session's (apply its weights) or a discarded one."""
        worker, session = self.sender(), self._session
        if session is not None and worker is session.worker:
            if self._states.phase is Phase.STOPPING:
                self._apply_stopped_session(session)
            return
        for retired in self._retiring:
            if retired.worker is worker:
                self._release(retired)
                return

    def _apply_stopped_session(self, session: TrainingSession) -> None:
        self._session = None
        trainer = session.finish()     # the thread has ended: no wait
        session.worker.deleteLater()
        self._last_progress = trainer.progress()
        command = training_commands.apply_command(self.network, trainer,
                                                  session.current.dataset,
                                                  self._recorded_runs(session, trainer))
        stack = self.editor.stack
        redoable = stack.count() - stack.index()   # steps undone during the run
        if command is not None and self._push(command):
            lost = "" if not redoable else self.tr(
                "; the %n step(s) undone during training can no longer be redone", "",
                redoable)
            self.status_message.emit(
                self.tr("Applied the weights after %Ln epoch(s) ({steps}); Undo returns to "
                        "those before training", "", trainer.epoch)
                .format(steps=self.tr("%Ln step(s)", "", trainer.steps)) + lost)
        self._finish_now = False
        self.pace_changed.emit()
        self._invalidate_view()
        self._emit_progress()
        self._fire(Event.THREAD_ENDED)
        for action in self._states.take_after_stop():
            action()
        # The divergence guard never sees outputs stuck on their flat tails (the loss stays
        # bounded): say so as the command line does, until the next run or a fix.
        problem = saturation_problem(trainer.plan, trainer.data, trainer.params)
        if problem:
            self._set_message(self.tr("At the end of training the {problem}").format(
                problem=problem))

    def _recorded_runs(self, session: TrainingSession, trainer: Trainer
                       ) -> tuple[Run, ...] | None:
        """The document's runs with the session's runs added: one per drawing it trained
        (None if it took no step)."""
        network = self.network
        if network is None or trainer.steps == 0:
            return None
        try:
            runs = session.segments.runs(network, trainer.plan, trainer, network.runs)
        except Exception:   # noqa: BLE001 - the trained weights must land all the same
            traceback.print_exc()
            self.status_message.emit("Could not record this run (the weights are applied)")
            return None
        return keep_parameters((*network.runs, *runs), self.runs_with_weights)

    def _push(self, command: Command) -> bool:
        """Push one of our own commands (its parameter events are not user edits)."""
        self.edits.quiet = True
        try:
            problem = self.editor.push(command)
        finally:
            self.edits.quiet = False
        if problem:
            self._set_message(translate("EditController", "{action} refused: {problem}")
                              .format(action=command.text(), problem=problem))
        return problem is None

    # ----------------------------------------------------------- the worker
    def _current_sender(self) -> TrainingSession | None:
        """The session, if the signal being handled comes from its worker (not from one
        that ended while its signals were queued)."""
        session = self._session
        return session if session is not None and self.sender() is session.worker else None

    def _on_snapshot_ready(self) -> None:
        session = self._current_sender()
        if session is None:
            return
        if self.snapshot_timings is None:
            self._take_snapshot(session)
            return
        started = time.perf_counter()
        self._take_snapshot(session)
        self.snapshot_timings.append(time.perf_counter() - started)

    def _take_snapshot(self, session: TrainingSession) -> None:
        """Append new history rows, adopt the latest snapshot, tell the views."""
        reset, rows = session.worker.take_history()
        if reset or rows:
            (self.history.replace if reset else self.history.extend)(rows)
            self.history_changed.emit()
        if self.timeline.version != self._timeline_version:
            self._timeline_version = self.timeline.version
            self._timeline_throttle.request()   # the scrubber follows ≤ 10 times a second
        snapshot = session.worker.take_snapshot()
        if snapshot is None:    # several signals, one snapshot: already taken
            return
        session.accept(snapshot)
        self.history.metric_name = snapshot.progress.metric_name
        self._view_valid = False
        self._announce_progress()
        self.view_changed.emit()

    def _on_worker_state(self, state: str) -> None:
        # "finished" comes with run_finished, which says why; while stopping (and blocked)
        # the table ignores the worker's reports
        event = {"running": Event.WORKER_RUNNING, "paused": Event.WORKER_PAUSED}.get(state)
        if self._current_sender() is not None and event is not None:
            self._fire(event)

    def _on_run_finished(self, progress: Progress) -> None:
        if self._current_sender() is None or self._states.phase is Phase.STOPPING:
            return
        if progress.stop_reason == "diverged":
            self._fire(Event.DIVERGED)
            self._set_message(translate("TrainingController", DIVERGED)
                              .format(lr=f"{progress.learning_rate:g}"))
            return
        self._end_session(announce=False)
        self._states.after_stop(lambda: self.status_message.emit(
            self.tr("Training ended ({reason}): train loss {loss}").format(
                reason=translate_filled("Training", progress.message, STOP_TEMPLATES),
                loss=f"{progress.train_loss:.4g}")))

    def _on_worker_failed(self, message: str) -> None:
        # while stopping, the thread is ending anyway and its weights still get applied
        if self._current_sender() is not None and self._states.phase is not Phase.STOPPING:
            self._fire(Event.FAILED)
            self._set_message(message)

    # ------------------------------------------------------ document edits
    def _on_edits(self, edits: Edits) -> None:
        """Act on one event-loop turn's document changes (see the module docstring)."""
        self._viewing_generation = None
        self._snapshot_views.clear()
        session, network = self._session, self.network
        if self._states.phase is Phase.STOPPING:
            session = None   # the ending thread takes no more commands; its weights come
        if session is not None and network is not None:
            s = network.settings
            recompile = edits.structure or self._states.phase.blocked or (
                edits.points and network.dataset.is_drawn) or edits.settings and (
                network.dataset != session.current.spec or s.loss != session.settings.loss
                or s.dtype != session.settings.dtype)
            if recompile:
                self._switch(session, network)
            elif edits.settings and s != session.settings:
                session.apply_settings(s)
            if edits.parameters and not self._states.phase.blocked:
                self._override(session, network, edits)
        elif self._session is None and edits.history and network is not None:
            self.history.load(network.history)      # e.g. Undo of a training
            self.history_changed.emit()
        if self._session is None and self._cannot_train:
            self._invalidate_view()
            if self.problem() == "":
                self._set_message("")               # the edit fixed what stopped Train
        self._invalidate_view()
        self.view_changed.emit()

    def _switch(self, session: TrainingSession, network: Network) -> None:
        """Recompile after an edit and swap the worker's trainer."""
        try:
            generation = self.data.compile(network)
        except PROBLEMS as error:
            if not self._states.phase.blocked:
                session.pause()
            self._fire(Event.BREAK, str(error))   # resumes after the fix if it was running
            self._set_message(self.tr("Training paused: {problem}").format(problem=error))
            return
        fixed = self._states.phase.blocked
        if fixed:
            self._set_message("")
        training_commands.seed_new_connections(network, session.current.plan, generation.plan)
        fresh = generation.spec != session.current.spec
        if fresh:   # the curves start over, and so does the run
            session.segments = RunSegments(network, generation.plan, network.settings)
        else:       # a new drawing is a new run; the session goes on
            p = session.progress
            session.segments.drawing_changed(network, generation.plan, session.settings,
                                             p.epoch, p.step, p.elapsed)
        session.switch_to(generation, network.settings, fresh=fresh)
        if fresh:   # new data, new curves (the worker confirms with a history reset)
            self._viewing = None                    # and starts a new timeline
            self.timeline_changed.emit()
            self.history.clear()
            self.history_changed.emit()
            self._emit_progress()
        if fixed:
            if self._states.phase is Phase.BLOCKED_RUNNING:
                session.resume()
            self._fire(Event.FIX)

    @staticmethod
    def _override(session: TrainingSession, network: Network, edits: Edits) -> None:
        """Push weights and biases the user set into the run (by id; ids the run's plan
        does not have yet are left to the next recompile)."""
        weights = {c: network.connections[c].weight for c in edits.weights
                   if c in network.connections}
        biases = {n: network.neurons[n].bias for n in edits.biases if n in network.neurons}
        if weights or biases:
            session.override_parameters(weights, biases)

    # ----------------------------------------------------- background data
    def recheck_data(self) -> None:
        """The data files may have changed outside (the window was in the background):
        without a run, the views rebuild if the dataset's files are not what was loaded."""
        network = self.network
        if network is None or self._session is not None:
            return
        if self._view_problem or not self.data.cached(network):
            self._invalidate_view()
            self.view_changed.emit()

    def _on_data_loaded(self, key: tuple, dataset: Dataset) -> None:
        self.data.store(key, dataset)
        self._data_arrived()

    def _on_data_failed(self, key: tuple, error: DataError) -> None:
        self.data.fail(key, error)
        if self._when_loaded is not None:
            self._when_loaded = None
            self._set_message(self.tr("Cannot train: {problem}").format(problem=error))
        self._data_arrived()

    def _data_arrived(self) -> None:
        """A background load ended: the views redraw, a waiting Train or Step goes ahead,
        a run that paused for the new data goes on."""
        self._invalidate_view()
        self.view_changed.emit()
        session, network = self._session, self.network
        if session is not None and network is not None and self._states.phase.blocked:
            self._switch(session, network)
        elif self._when_loaded is not None:
            then, self._when_loaded = self._when_loaded, None
            self._set_message("")
            then()

    # ---------------------------------------------------------------- views
    def _build_view(self) -> tuple[ViewState | None, str]:
        network, session = self.network, self._session
        if network is None:
            return None, self.tr("no document")
        if session is not None:
            if self._states.phase.blocked:
                return None, self._states.reason
            snap, gen = session.snapshot, session.current
            if self._viewing is not None:
                return self._snapshot_view(gen.plan, gen.dataset, gen.data), ""
            return ViewState(gen.plan, snap.params, snap.initial_params, snap.grad_mean,
                             gen.dataset, gen.data, snap.progress, self.state), ""
        try:
            gen = self._viewing_generation if self._viewing is not None and \
                self._viewing_generation is not None else self.data.compile(network)
        except PROBLEMS as error:
            return None, str(error)
        if self._viewing is not None:
            # Scrubbing asks for a view every frame: compile once per document state
            # (the boundary redraws its points when the data object changes).
            self._viewing_generation = gen
            return self._snapshot_view(gen.plan, gen.dataset, gen.data), ""
        return ViewState(gen.plan, gen.plan.params, gen.plan.params, None, gen.dataset,
                         gen.data, self._last_progress, self.state), ""

    def _snapshot_view(self, plan, dataset, data) -> ViewState:
        """The view of the snapshot viewed; the same object when it is viewed again with
        the same network and state, so the views' frames (predictions, probes) are
        reused while the user drags back and forth."""
        snapshot = self._viewing
        assert snapshot is not None
        key = (id(snapshot), id(plan), id(data), self.state)
        cached = self._snapshot_views.get(key)
        if cached is not None and cached[0] is snapshot and cached[1].plan is plan \
                and cached[1].data is data:
            return cached[1]
        progress = snapshot_progress(snapshot, self.history, self.progress)
        view = snapshot_view(self.timeline, snapshot, plan, dataset, data, progress,
                             self.state)
        if len(self._snapshot_views) >= SNAPSHOT_VIEWS:
            self._snapshot_views.pop(next(iter(self._snapshot_views)))
        self._snapshot_views[key] = (snapshot, view)
        return view

    # ---------------------------------------------------------------- pace
    @property
    def effective_pace(self) -> Pace:
        """The pace in force: the user's, or full speed after Finish now."""
        return Pace("full") if self._finish_now else self.pace

    @property
    def finishing(self) -> bool:
        """Finish now was asked for this run."""
        return self._finish_now

    def pace_rate(self) -> float | None:
        """Steps per second the pace asks of the current run (None: full speed, or no
        run)."""
        return self._session.pace_rate if self._session is not None else None

    def set_pace(self, pace: Pace) -> None:
        """Train at ``pace`` from now on (the running session too)."""
        self.pace = pace
        self._finish_now = False
        if self._session is not None:
            self._session.set_pace(pace)
        self.pace_changed.emit()

    def finish_now(self) -> bool:
        """Full speed until this run ends, training (or resuming) if it was not."""
        self._finish_now = True
        if self._session is not None:
            self._session.set_pace(Pace("full"))
        started = self.state == "running" or self.start()
        if not started:
            self._finish_now = False
        self.pace_changed.emit()
        return started

    # ------------------------------------------------------------ timeline
    @property
    def viewing(self) -> Snapshot | None:
        """The snapshot the views show (None: the present)."""
        return self._viewing

    def view_epoch(self, epoch: float | None) -> Snapshot | None:
        """Show the snapshot nearest ``epoch`` on every view (None: the present)."""
        snapshot = self.timeline.nearest(epoch) if epoch is not None else None
        self.view_snapshot(snapshot)
        return snapshot

    def view_snapshot(self, snapshot: Snapshot | None) -> None:
        """Show ``snapshot`` (None: the present). Looking back pauses a running session:
        the past holds still while the user studies it."""
        if snapshot is self._viewing:
            return
        if snapshot is not None and self._states.phase is Phase.RUNNING:
            self.pause()
        self._viewing = snapshot
        if snapshot is None:
            self._viewing_generation = None
        self._invalidate_view()
        self.timeline_changed.emit()
        self._emit_progress()
        self.view_changed.emit()

    def show_present(self) -> None:
        self.view_snapshot(None)

    @property
    def scrubbing(self) -> bool:
        """The views are moving through the timeline (a drag or a replay): the canvas
        prefers cheap strokes, as while training."""
        return self._scrubbing or self.replay.playing

    def set_scrubbing(self, on: bool) -> None:
        """The user holds the scrubber (True) or let go (False: detailed strokes)."""
        if on != self._scrubbing:
            self._scrubbing = on
            if not on:
                self.view_changed.emit()

    def view_best(self) -> Snapshot | None:
        """Show the snapshot with the lowest validation (else test, else training) loss."""
        best = self.timeline.best()
        if best is not None:
            self.view_snapshot(best)
        return best

    def use_viewed_weights(self) -> bool:
        """Apply the viewed snapshot's weights to the document as one undoable step (a
        session is stopped and its weights applied first, so nothing is lost)."""
        snapshot = self._viewing
        if snapshot is None or self.network is None:
            return False
        if self._session is not None:
            stopping = self.stop()
            self._states.after_stop(lambda: self._apply_snapshot(snapshot))
            return stopping
        return self._apply_snapshot(snapshot)

    def _apply_snapshot(self, snapshot: Snapshot) -> bool:
        network = self.network
        if network is None:
            return False
        try:
            weights, biases = self.snapshot_parameters(snapshot)
        except CompileError as error:
            self._set_message(self.tr("Cannot use those weights: {problem}").format(problem=error))
            return False
        command = training_commands.parameters_command(
            network, weights, biases,
            self.tr("Use the weights of epoch {epoch}").format(epoch=f"{snapshot.epoch:,}"))
        if not self._push(command):
            return False
        self.show_present()    # the present now holds them
        self.status_message.emit(self.tr("Applied the weights of epoch {epoch}; Undo returns "
                                         "to those before").format(epoch=f"{snapshot.epoch:,}"))
        return True

    def snapshot_parameters(self, snapshot: Snapshot
                            ) -> tuple[dict[int, float], dict[int, float]]:
        """(weights by connection id, biases by neuron id) of ``snapshot`` for the
        document's trainable parameters it has (those drawn since keep their values).
        CompileError when the document cannot compile."""
        assert self.network is not None
        plan = compile_network(self.network)
        weights, biases = plan.trained_parameters(self.timeline.params_for(snapshot, plan))
        had_w, had_b = set(snapshot.layout.connection_ids), set(snapshot.layout.bias_ids)
        return ({c: w for c, w in weights.items() if c in had_w},
                {n: b for n, b in biases.items() if n in had_b})

    def _new_timeline(self) -> None:
        self.replay.pause()
        self._viewing_generation = None
        self._snapshot_views.clear()
        self.timeline = Timeline()
        self._timeline_version = -1
        self._viewing = None
        self.timeline_changed.emit()

    def _invalidate_view(self) -> None:
        self._view_valid = False
        self._view = None

    def _fire(self, event: Event, reason: str = "") -> bool:
        """Take ``event``'s transition (False if the table has none); views hear of a
        change of the state they see."""
        shown = self.state
        if not self._states.fire(event, reason):
            return False
        if self.state != shown:
            self._view_valid = False
            self.state_changed.emit(self.state)
            self._emit_progress()
            self.view_changed.emit()
        return True

    def _set_message(self, text: str, cannot_train: bool = False) -> None:
        """Show ``text``; ``cannot_train`` when it says why Train was refused (an edit that
        fixes the problem clears it)."""
        self._cannot_train = cannot_train
        if text != self._message:
            self._message = text
            self.message_changed.emit(text)

    def _announce_progress(self) -> None:
        """progress_changed now, or when :data:`PROGRESS_INTERVAL_S` has passed."""
        self._progress_throttle.request()

    def _emit_progress(self) -> None:
        """progress_changed now (a pending one is done with)."""
        self._progress_throttle.run_now()
