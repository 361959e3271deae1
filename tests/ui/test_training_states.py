"""The training controller's state machine, one transition at a time: first the table
(plain Python), then each transition a blocked run takes through the real controller."""

from __future__ import annotations

import itertools

import pytest

from bpstudio.formats.bpnet import ProjectInfo
from bpstudio.ui.document.commands import DeleteItemsCommand, apply_and_push
from bpstudio.ui.document.file_actions import Document, read_example
from bpstudio.ui.main_window import MainWindow
from bpstudio.ui.training.states import TRANSITIONS, Event, Phase, TrainingStates

P, E = Phase, Event
TRAINING = (E.RESUME, E.STEP, E.WORKER_RUNNING, E.WORKER_PAUSED, E.DIVERGED, E.FAILED)
#: written out by hand: a change of the table must be a change of this list too
EXPECTED = {
    **{(p, e): P.PAUSED if e is E.START_SESSION else P.IDLE
       for p in (P.IDLE, P.FINISHED) for e in (E.START_SESSION, E.DISCARD, E.RESET)},
    **{(p, e): P.RUNNING if e in (E.RESUME, E.WORKER_RUNNING) else P.PAUSED
       for p in (P.PAUSED, P.RUNNING) for e in TRAINING},
    (P.RUNNING, E.PAUSE): P.PAUSED,
    (P.PAUSED, E.BREAK): P.BLOCKED, (P.RUNNING, E.BREAK): P.BLOCKED_RUNNING,
    **{(p, e): p for p in (P.BLOCKED, P.BLOCKED_RUNNING)
       for e in (E.BREAK, E.DIVERGED, E.FAILED, E.WORKER_PAUSED)},
    (P.BLOCKED, E.FIX): P.PAUSED, (P.BLOCKED_RUNNING, E.FIX): P.RUNNING,
    **{(p, E.STOP): P.STOPPING for p in (P.PAUSED, P.RUNNING, P.BLOCKED,
                                         P.BLOCKED_RUNNING, P.STOPPING)},
    **{(p, E.DISCARD): P.IDLE for p in (P.PAUSED, P.RUNNING, P.BLOCKED,
                                        P.BLOCKED_RUNNING, P.STOPPING)},
    (P.STOPPING, E.THREAD_ENDED): P.FINISHED,
}


def states_in(phase: Phase) -> TrainingStates:
    states = TrainingStates()
    states.phase = phase
    return states


def test_the_table_is_the_one_written_out():
    assert TRANSITIONS == EXPECTED


@pytest.mark.parametrize(("phase", "event"), list(itertools.product(Phase, Event)),
                         ids=lambda v: v.name)
def test_each_event_in_each_phase(phase: Phase, event: Event):
    states = states_in(phase)
    allowed = states.can(event)
    assert states.fire(event) is allowed is ((phase, event) in EXPECTED)
    assert states.phase is EXPECTED.get((phase, event), phase)   # refused: unchanged


def test_views_see_five_states_and_a_session_belongs_to_four_phases():
    assert {p.shown for p in Phase} == {"idle", "paused", "running", "stopping", "finished"}
    assert P.BLOCKED.shown == P.BLOCKED_RUNNING.shown == "paused"
    assert {p for p in Phase if p.has_session} == {
        P.PAUSED, P.RUNNING, P.BLOCKED, P.BLOCKED_RUNNING, P.STOPPING}
    # a session starts only from a phase without one, and leaves only by stop or discard
    for (phase, event), target in EXPECTED.items():
        if target.has_session and not phase.has_session:
            assert event is E.START_SESSION
        if phase.has_session and not target.has_session:
            assert event in (E.THREAD_ENDED, E.DISCARD)


def test_the_reason_belongs_to_the_blocked_phases():
    states = states_in(P.RUNNING)
    states.fire(E.BREAK, "no output neuron")
    assert (states.phase, states.reason) == (P.BLOCKED_RUNNING, "no output neuron")
    states.fire(E.FAILED)
    assert states.reason == "no output neuron"
    states.fire(E.BREAK, "a cycle")
    assert states.reason == "a cycle"
    states.fire(E.FIX)
    assert (states.phase, states.reason) == (P.RUNNING, "")
    states.fire(E.BREAK, "a cycle")
    states.fire(E.STOP)
    assert (states.phase, states.reason) == (P.STOPPING, "")


def test_actions_after_stop_run_once_the_weights_are_in_or_never():
    states = states_in(P.PAUSED)
    with pytest.raises(RuntimeError):
        states.after_stop(lambda: None)          # nothing is stopping
    states.fire(E.STOP)
    states.after_stop(print)
    states.fire(E.THREAD_ENDED)
    assert states.take_after_stop() == [print] and states.take_after_stop() == []
    states = states_in(P.STOPPING)
    states.after_stop(print)
    states.fire(E.DISCARD)                       # discarded: nothing applied, nothing follows
    assert states.take_after_stop() == []


# ----------------------------------------------------- through the controller
@pytest.fixture
def win(qtbot, settings, dialogs, workers):
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.set_document(read_example("xor"))
    network = window.document.network
    network.set_settings(network.settings.with_changes(epochs=10_000_000))
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()


def phase_becomes(qtbot, window: MainWindow, phase: Phase) -> None:
    qtbot.waitUntil(lambda: window.training.phase is phase, timeout=15_000)


def break_network(qtbot, window: MainWindow) -> None:
    network = window.document.network
    apply_and_push(window.undo_stack, DeleteItemsCommand(network, [network.outputs()[0].id]))


def test_paused_then_broken_stays_paused_once_fixed(qtbot, win):
    training = win.training
    assert training.step()
    assert training.phase is P.PAUSED
    break_network(qtbot, win)
    phase_becomes(qtbot, win, P.BLOCKED)
    assert training.state == "paused" and training.view_state() is None
    assert not training.start() and training.message.startswith("Cannot resume: ")
    assert not training.step() and training.message.startswith("Cannot step: ")
    win.undo_stack.undo()
    phase_becomes(qtbot, win, P.PAUSED)         # fixed, and not resumed: it was paused
    assert training.view_state() is not None


def test_running_then_broken_resumes_once_fixed(qtbot, win):
    training = win.training
    assert training.start()
    break_network(qtbot, win)
    phase_becomes(qtbot, win, P.BLOCKED_RUNNING)
    assert training.state == "paused"
    training.pause()                             # nothing runs that could pause
    assert training.phase is P.BLOCKED_RUNNING
    win.undo_stack.undo()
    phase_becomes(qtbot, win, P.RUNNING)


def test_stopping_a_blocked_run_applies_what_it_trained(qtbot, win):
    training = win.training
    before = win.document.network.parameters()
    training.step_epoch()
    qtbot.waitUntil(lambda: training.progress.epoch == 1, timeout=15_000)
    break_network(qtbot, win)
    phase_becomes(qtbot, win, P.BLOCKED)
    with qtbot.waitSignal(training.state_changed, timeout=15_000,
                          check_params_cb=lambda s: s == "finished"):
        assert training.stop()
        assert training.phase is P.STOPPING
    assert training.phase is P.FINISHED and training.session is None
    assert win.undo_stack.undoText() == "Apply trained weights"
    weights = win.document.network.parameters()[0]
    assert any(weights[c] != w for c, w in before[0].items() if c in weights)


def test_a_new_document_discards_a_blocked_run(qtbot, win):
    training = win.training
    assert training.start()
    break_network(qtbot, win)
    phase_becomes(qtbot, win, P.BLOCKED_RUNNING)
    win.set_document(Document(read_example("xor").network, ProjectInfo("again")))
    assert training.phase is P.IDLE and training.session is None and not training.message
