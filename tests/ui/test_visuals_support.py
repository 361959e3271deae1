"""Helpers for the visuals tests: a stand-in training controller and hand-driven runs.

The stand-in has exactly the contract the visuals rely on (``view_changed``,
``state_changed``, ``view_state()``, ``problem()``); :class:`Run` trains the window's own
document with the engine's Trainer, step by step, and packs ViewStates as the real
controller does.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject, Signal

from bpstudio.data import Dataset
from bpstudio.engine.training import Trainer
from bpstudio.model.network import Network
from bpstudio.ui.document.file_actions import read_example
from bpstudio.ui.training.view_state import ViewState
from bpstudio.workflow import prepare_training


class FakeTraining(QObject):
    """Publishes whatever ViewState a test hands it."""

    view_changed = Signal()
    state_changed = Signal(str)

    def __init__(self, parent: QObject | None = None, visuals=None) -> None:
        super().__init__(parent)
        self.state: ViewState | None = None
        self.reason = ""
        self.visuals = visuals
        self.rate: float | None = None   # the pace's steps a second (None: full speed)
        self.viewing = None        # the present (no snapshot of the timeline viewed)
        self.scrubbing = False

    def view_state(self) -> ViewState | None:
        return self.state

    def problem(self) -> str:
        return self.reason

    def pace_rate(self) -> float | None:
        return self.rate


    def publish(self, state: ViewState, flush: bool = True) -> None:
        """Hand over ``state``; with ``flush`` the views drawn a moment ago and so held
        back by their throttles draw now too, so a test can look at them at once."""
        self.state, self.reason = state, ""
        self.view_changed.emit()
        if flush and self.visuals is not None:
            self.visuals.flush()

    def fail(self, reason: str) -> None:
        self.state, self.reason = None, reason
        self.view_changed.emit()


class Run:
    """A training run of ``network`` advanced by hand, producing ViewStates."""

    def __init__(self, network: Network, dataset: Dataset | None = None) -> None:
        prepared = prepare_training(network, dataset=dataset)
        self.plan, self.dataset, self.data = prepared.plan, prepared.dataset, prepared.data
        self.trainer = Trainer(self.plan, self.data, network.settings)
        self.trainer.enable_gradient_window()
        self.initial = self.trainer.params.copy()

    def train(self, steps: int) -> Run:
        for _ in range(steps):
            self.trainer.step()
        return self

    def state(self, name: str = "running", gradients: bool = True) -> ViewState:
        """A snapshot as the worker makes one (the gradient window restarts)."""
        grad = self.trainer.take_gradient_window() if gradients else None
        return ViewState(self.plan, self.trainer.params.copy(), self.initial, grad,
                         self.dataset, self.data, self.trainer.progress(), name)


def open_example(window, name: str) -> Network:
    window.set_document(read_example(name))
    window.view.fit_to_view()
    return window.document.network


def attach_fake(window) -> FakeTraining:
    fake = FakeTraining(window, window.visuals)
    window.visuals.attach(fake)
    return fake


def test_fake_training_follows_the_contract(qtbot, window):
    fake = attach_fake(window)
    run = Run(window.document.network)
    with qtbot.waitSignal(fake.view_changed):
        fake.publish(run.state("idle", gradients=False))
    assert window.visuals.frame is not None and window.visuals.frame.state is fake.state
    fake.fail("the network has no outputs")
    assert window.visuals.frame is None and "no outputs" in window.visuals.problem


def test_run_states_carry_the_gradient_window(window):
    run = Run(window.document.network).train(5)
    state = run.state()
    assert state.grad_mean is not None and state.grad_mean.shape == state.params.shape
    assert np.any(state.params != state.initial_params)
    assert run.state().grad_mean is None      # the window restarted: nothing since
