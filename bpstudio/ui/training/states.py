"""The training controller's state machine: phases, events and the one table between them.

Plain Python (no Qt): the controller fires an event where something happened and acts
only if the table allows it; every phase a run can be in, and every way out of it, is a
row of :data:`TRANSITIONS`. Views see the phase's :attr:`Phase.shown` name.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum


class Phase(Enum):
    """Where the controller is; the value is the name views see (``state_changed``)."""

    IDLE = "idle"                  # no session: the document's own weights
    PAUSED = "paused"              # a session, not training
    RUNNING = "running"            # a session, training
    BLOCKED = "blocked"            # paused: an edit left a network that cannot train
    BLOCKED_RUNNING = "blocked_running"   # the same, and training resumes once fixed
    STOPPING = "stopping"          # the thread was asked to end; its weights come then
    FINISHED = "finished"          # the run ended and its weights were applied

    @property
    def shown(self) -> str:
        """"idle", "running", "paused", "stopping" or "finished"."""
        return "paused" if self in _BLOCKED else self.value

    @property
    def blocked(self) -> bool:
        return self in _BLOCKED

    @property
    def has_session(self) -> bool:
        """A training session (and its thread) belongs to this phase."""
        return self not in (Phase.IDLE, Phase.FINISHED)


_BLOCKED = frozenset({Phase.BLOCKED, Phase.BLOCKED_RUNNING})


class Event(Enum):
    START_SESSION = "a new session starts (paused)"
    RESUME = "Train or Resume"
    PAUSE = "Pause"
    STEP = "Step or Step Epoch"
    STOP = "Stop, or a stop condition ended the run"
    THREAD_ENDED = "the stopping session's thread ended: its weights are applied"
    DISCARD = "the session ends unapplied, or another document is shown"
    RESET = "fresh weights were applied without a session"
    WORKER_RUNNING = "the worker reports it trains"
    WORKER_PAUSED = "the worker reports it waits"
    DIVERGED = "the run diverged and rolled back"
    FAILED = "the worker hit an internal error"
    BREAK = "an edit left a network that cannot train"
    FIX = "an edit made the network trainable again"


P, E = Phase, Event
_SESSION_ENDS = {E.STOP: P.STOPPING, E.DISCARD: P.IDLE}
_NO_SESSION = {E.START_SESSION: P.PAUSED, E.DISCARD: P.IDLE, E.RESET: P.IDLE}
_TRAINING = {E.RESUME: P.RUNNING, E.STEP: P.PAUSED, E.WORKER_RUNNING: P.RUNNING,
             E.WORKER_PAUSED: P.PAUSED, E.DIVERGED: P.PAUSED, E.FAILED: P.PAUSED,
             **_SESSION_ENDS}


def _blocked(phase: Phase, fixed: Phase) -> dict[Event, Phase]:
    """A blocked session stays blocked (reports from before the edit change nothing)
    until a fix, a stop or a discard."""
    stays = dict.fromkeys((E.BREAK, E.DIVERGED, E.FAILED, E.WORKER_PAUSED), phase)
    return {**stays, E.FIX: fixed, **_SESSION_ENDS}


#: (phase, event) → next phase; a pair not listed is refused and changes nothing
TRANSITIONS: dict[tuple[Phase, Event], Phase] = {
    (phase, event): target for phase, row in {
        P.IDLE: _NO_SESSION,
        P.FINISHED: _NO_SESSION,
        P.PAUSED: {**_TRAINING, E.BREAK: P.BLOCKED},
        P.RUNNING: {**_TRAINING, E.PAUSE: P.PAUSED, E.BREAK: P.BLOCKED_RUNNING},
        P.BLOCKED: _blocked(P.BLOCKED, P.PAUSED),
        P.BLOCKED_RUNNING: _blocked(P.BLOCKED_RUNNING, P.RUNNING),
        P.STOPPING: {E.STOP: P.STOPPING, E.THREAD_ENDED: P.FINISHED, E.DISCARD: P.IDLE},
    }.items() for event, target in row.items()
}


class TrainingStates:
    """The current phase, changed only by :meth:`fire`, plus the data that belongs to
    it: why a blocked session cannot train, and what to do once stopping has ended."""

    def __init__(self) -> None:
        self.phase = Phase.IDLE
        self.reason = ""                                # why the session is blocked
        self._after_stop: list[Callable[[], object]] = []

    def can(self, event: Event) -> bool:
        return (self.phase, event) in TRANSITIONS

    def fire(self, event: Event, reason: str = "") -> bool:
        """Take the transition the table gives for ``event``; False (and no change) if
        there is none. ``reason`` says why, for :attr:`Event.BREAK`."""
        target = TRANSITIONS.get((self.phase, event))
        if target is None:
            return False
        if event is Event.BREAK:
            self.reason = reason
        elif not target.blocked:
            self.reason = ""
        if event is Event.DISCARD:
            self._after_stop.clear()           # nothing is applied: nothing follows
        self.phase = target
        return True

    def after_stop(self, action: Callable[[], object]) -> None:
        """Run ``action`` once the stopping session's weights are in."""
        if self.phase is not Phase.STOPPING:
            raise RuntimeError(f"nothing is stopping (the phase is {self.phase.name})")
        self._after_stop.append(action)

    def take_after_stop(self) -> list[Callable[[], object]]:
        """The actions queued while stopping (call after :attr:`Event.THREAD_ENDED`)."""
        actions, self._after_stop = self._after_stop, []
        return actions
