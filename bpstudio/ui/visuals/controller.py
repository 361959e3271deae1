"""Turns the training controller's ViewState into every visual, at a pace the GUI affords.

On each ``view_changed`` it wraps the new state in a :class:`Frame` and asks each view
to redraw through a :class:`Throttle`: edge colours and the decision boundary follow every
report on small networks, neuron fills, thumbnails and the digits panel a few times a
second, and each view at most a fixed share of the GUI thread's time. Hidden docks are
skipped and redrawn when they show.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDockWidget

from bpstudio.engine.pace import at_full_speed
from bpstudio.ui.canvas.scene import NetworkScene
from bpstudio.ui.host import PluginHost
from bpstudio.ui.i18n import translate
from bpstudio.ui.training.view_state import ViewState
from bpstudio.ui.visuals.boundary import BoundaryPanel, plane_kind
from bpstudio.ui.visuals.canvas_overlay import CanvasOverlay
from bpstudio.ui.visuals.digits import DigitsPanel
from bpstudio.ui.visuals.frame import EngineCache, Frame
from bpstudio.ui.visuals.sequence_view import SequencePanel
from bpstudio.ui.visuals.thumbnails import Thumbnails
from bpstudio.ui.widgets.throttle import Budget, Throttle

if TYPE_CHECKING:
    from bpstudio.ui.visuals.draw_points import PointDrawing

PAST_FRAMES = 32           # frames of the timeline kept while scrubbing back and forth
SMALL_NETWORK = 5_000      # connections re-coloured on every report below this
HUGE_NETWORK = 50_000


def data_kind(state: ViewState) -> str:
    """"sequence", "plane", "line", "image" or "table" (anything else): which docks
    apply."""
    if state.data.is_sequences:
        return "sequence"
    if state.dataset.image_shape is not None:
        return "image"
    kind = plane_kind(state.dataset)
    return "table" if kind == "none" else kind


class VisualsController(QObject):
    """Owns the visual views and feeds them from the host's training controller."""

    def __init__(self, window: PluginHost) -> None:
        super().__init__(window)
        self.window = window
        self.training: Any = None
        self.engines = EngineCache()
        self.frame: Frame | None = None
        self.problem = ""
        self.kind: str | None = None
        self.overlay = CanvasOverlay(window.view)
        self.thumbnails = Thumbnails()
        self.boundary = BoundaryPanel()
        self.digits = DigitsPanel()
        self.sequence = SequencePanel()
        self.boundary.neuron_name = self.neuron_name
        self.digits.neuron_name = self.neuron_name
        self.sequence.neuron_name = self.neuron_name
        self.boundary_dock: QDockWidget | None = None      # set by install_visuals
        self.drawing: PointDrawing | None = None           # Draw data; set by install_visuals
        self.digits_dock: QDockWidget | None = None
        self.sequence_dock: QDockWidget | None = None
        self._scene: NetworkScene | None = None
        self._past_frames: dict[int, Frame] = {}   # by ViewState, while looking back
        # (initial_params, connection ids, w per connection) of the current or last run
        self._run_start: tuple[np.ndarray, tuple[int, ...], np.ndarray] | None = None
        # One budget for all views (their shares add up to 1), tightened while training.
        self.budget = Budget()
        self.edges_throttle = Throttle(self._draw_edges, 0, 0.3, self.budget, self,
                                       paint_cost=self._edges_paint_cost)
        self.fills_throttle = Throttle(self._draw_fills, 100, 0.15, self.budget, self)
        self.boundary_throttle = Throttle(self._draw_boundary, 30, 0.3, self.budget, self)
        self.thumbnails_throttle = Throttle(self._draw_thumbnails, 200, 0.1, self.budget,
                                            self)
        self.digits_throttle = Throttle(self._draw_digits, 250, 0.15, self.budget, self)
        self.sequence_throttle = Throttle(self._draw_sequence, 100, 0.15, self.budget, self)

    # -------------------------------------------------------------- wiring
    def attach(self, training: Any) -> None:
        """Follow ``training`` (anything with ``view_changed``, ``view_state()``,
        ``problem()``, ``pace_rate()`` (steps a second the pace asks, None: full speed),
        ``viewing`` (the timeline's snapshot shown, or None) and ``scrubbing``)."""
        if self.training is not None:
            self.training.view_changed.disconnect(self.refresh)
        self.training = training
        training.view_changed.connect(self.refresh)
        for throttle in self.throttles():
            throttle.reset()       # a new source draws at once
        self.refresh()

    def detach(self) -> None:
        """Stop following the training controller and all pending redraws."""
        if self.training is not None:
            self.training.view_changed.disconnect(self.refresh)
            self.training = None
        for throttle in self.throttles():
            throttle.cancel()

    def throttles(self) -> list[Throttle]:
        return [self.edges_throttle, self.fills_throttle, self.boundary_throttle,
                self.thumbnails_throttle, self.digits_throttle, self.sequence_throttle]

    def _follow_scene(self) -> None:
        """A new document brings a new scene: hook the canvas views onto it."""
        scene = self.window.scene
        if scene is self._scene:
            return
        if self._scene is not None:
            with contextlib.suppress(RuntimeError, TypeError):   # the old scene is gone
                self._scene.hovered_neuron_changed.disconnect(self._on_hovered)
        self._scene = scene
        # The last frame belongs to the old document (its ids may mean other neurons).
        self.frame = self.overlay.frame = None
        self.boundary.set_hovered(None)
        self.overlay.attach(scene)
        self.thumbnails.attach(scene)
        if scene is not None:
            scene.hovered_neuron_changed.connect(self._on_hovered)

    # ------------------------------------------------------------- updates
    def refresh(self) -> None:
        """Take the controller's newest state and schedule every view."""
        self._follow_scene()
        state = self.training.view_state() if self.training is not None else None
        if state is None:
            self._show_problem(self.training.problem() if self.training is not None
                               else self.tr("Training is not available in this build."))
            return
        self.problem = ""
        running = state.state == "running"
        if not running:
            fraction = Budget.IDLE
        elif at_full_speed(self.training.pace_rate(), state.progress.steps_per_second
                           if state.progress is not None else 0.0):
            fraction = Budget.FULL_SPEED
        else:
            fraction = Budget.TRAINING
        if fraction != self.budget.fraction:
            self.budget.fraction = fraction
            for throttle in self.throttles():
                throttle.rebudget()
        if self._scene is not None:   # moving pictures: cheap strokes
            self._scene.edges.set_live(running or bool(self.training.scrubbing))
        if self.frame is None or self.frame.state is not state:
            self.frame = self._frame_for(state)
        self.overlay.frame = self.frame
        self._follow_kind(state)
        edges = len(state.plan.connection_ids)
        self.edges_throttle.interval = (0.0 if edges < SMALL_NETWORK
                                        else 0.1 if edges < HUGE_NETWORK else 0.25)
        for throttle in self._throttles_with_work():
            throttle.request()

    def _throttles_with_work(self) -> list[Throttle]:
        """The throttles whose views would draw something now. The others' redraws would
        find nothing to do, but each still woke the GUI thread and took the GIL from
        training: 25 times a second while the digits example trained (neuron fills off,
        no sequence or decision-boundary dock, no neuron maps). A view turned on or shown
        asks for its redraw itself (``on_dock_shown``, the fills and maps switches)."""
        wanted = [self.edges_throttle]
        if self.overlay.fill_mode != "none":
            wanted.append(self.fills_throttle)
        if self.thumbnails.applies(self.frame) or self.thumbnails.items:
            wanted.append(self.thumbnails_throttle)     # (or its maps to take away)
        for throttle, dock in ((self.boundary_throttle, self.boundary_dock),
                               (self.digits_throttle, self.digits_dock),
                               (self.sequence_throttle, self.sequence_dock)):
            if self._dock_shows(dock):
                wanted.append(throttle)
        return wanted

    def _frame_for(self, state: ViewState) -> Frame:
        """A new frame, or while the user looks back at the timeline the one already
        built for that state (its predictions and probes are kept)."""
        looking_back = self.training is not None and self.training.viewing is not None
        if not looking_back:
            self._past_frames.clear()
            return Frame(state, self.engines, self._follow_run(state))
        frame = self._past_frames.get(id(state))
        if frame is None or frame.state is not state:
            frame = Frame(state, self.engines, self._follow_run(state))
            if len(self._past_frames) >= PAST_FRAMES:
                self._past_frames.pop(next(iter(self._past_frames)))
            self._past_frames[id(state)] = frame
        return frame

    def _follow_run(self, state: ViewState) -> np.ndarray | None:
        """Weights at the start of the run that just finished, aligned with this plan.

        A finished run's weights are applied to the document, whose state then starts
        from them (Δw = 0); "weight change since training started" should still show
        what the run changed until the next start, reset or edit ("idle").
        """
        plan = state.plan
        if state.state in ("running", "paused", "stopping"):
            if self._run_start is None or self._run_start[0] is not state.initial_params:
                self._run_start = (state.initial_params, plan.connection_ids,
                                   plan.weights_of(state.initial_params))
            return None
        if state.state != "finished" or self._run_start is None:
            self._run_start = None
            return None
        _, ids, start = self._run_start
        if ids == plan.connection_ids:
            return start
        known = dict(zip(ids, start.tolist(), strict=True))
        return np.array([known.get(cid, np.nan) for cid in plan.connection_ids])

    def _show_problem(self, problem: str) -> None:
        self.problem = problem
        self.frame = None
        for throttle in self.throttles():
            throttle.cancel()
        self.overlay.update_edges(None)
        self.overlay.update_fills(None)
        self.thumbnails.update(None)
        text = (self.tr("Cannot show the network: {problem}").format(problem=problem)
                if problem else self.tr("Nothing to show."))
        self.boundary.show_problem(text)
        self.digits.show_problem(text)
        self.sequence.show_problem(text)

    def _follow_kind(self, state: ViewState) -> None:
        """Show the docks that apply to this kind of data when the kind changes."""
        kind = data_kind(state)
        if self.boundary_dock is not None:
            self.boundary_dock.setWindowTitle(translate("Visuals", "Decision boundary")
                                              if state.dataset.is_classification
                                              else translate("Visuals", "Output map"))
        if kind == self.kind:
            return
        self.kind = kind
        if self.digits_dock is not None:
            self.digits_dock.setWindowTitle(translate("Visuals", "Digits") if kind == "image"
                                            else translate("Visuals", "Confusion matrix"))
        if self.boundary_dock is not None:
            self.boundary_dock.setVisible(kind in ("plane", "line"))
            if kind in ("plane", "line"):
                self.boundary_dock.raise_()
        if self.digits_dock is not None:
            # sequences of classes: the confusion matrix counts their scored steps
            wanted = kind == "image" or (kind in ("table", "sequence")
                                         and state.dataset.is_classification)
            self.digits_dock.setVisible(wanted)
            if wanted:
                self.digits_dock.raise_()
        if self.sequence_dock is not None:
            self.sequence_dock.setVisible(kind == "sequence")
            if kind == "sequence":
                self.sequence_dock.raise_()

    def flush(self) -> None:
        """Draw every view that has a redraw scheduled, now (before a screenshot)."""
        for throttle in self.throttles():
            throttle.flush()

    def redraw_now(self) -> None:
        """Draw every view from the current state immediately (a switch was flipped)."""
        if self.frame is None:
            return
        for throttle in self.throttles():
            throttle.run_now()

    # --------------------------------------------------------------- views
    def _edges_paint_cost(self) -> float:
        return self._scene.edges.paint_cost() if self._scene is not None else 0.0

    def _draw_edges(self) -> None:
        self.overlay.update_edges(self.frame)

    def _draw_fills(self) -> None:
        if self.frame is not None and self.overlay.fill_mode != "none":
            self.overlay.update_fills(self.frame)

    def _draw_boundary(self) -> None:
        if self.frame is not None and self._dock_shows(self.boundary_dock):
            self.boundary.show_frame(self.frame)

    def _draw_sequence(self) -> None:
        if self.frame is not None and self._dock_shows(self.sequence_dock):
            self.sequence.show_frame(self.frame)

    def _draw_thumbnails(self) -> None:
        self.thumbnails.update(self.frame)

    def _draw_digits(self) -> None:
        if self.frame is not None and self._dock_shows(self.digits_dock):
            self.digits.show_frame(self.frame)

    @staticmethod
    def _dock_shows(dock: QDockWidget | None) -> bool:
        # A dock behind another tab is hidden: skip it until it is raised.
        return dock is None or dock.isVisible()

    def on_dock_shown(self, visible: bool) -> None:
        if visible and self.frame is not None:
            self.boundary_throttle.request()
            self.digits_throttle.request()
            self.sequence_throttle.request()

    def _on_hovered(self, neuron_id: int | None) -> None:
        self.boundary.set_hovered(neuron_id)
        if self.frame is not None and self.kind in ("plane", "line"):
            self.boundary_throttle.run_now()

    def neuron_name(self, neuron_id: int) -> str:
        """The document's name for a neuron (its label, or h3, x1, …)."""
        document = self.window.document
        neuron = document.network.neurons.get(neuron_id) if document is not None else None
        return (neuron.name if neuron is not None
                else translate("BoundaryPanel", "neuron #{id}").format(id=neuron_id))

    # ------------------------------------------------------------ switches
    def set_edge_mode(self, mode: str) -> None:
        self.overlay.set_edge_mode(mode)

    def set_fill_mode(self, mode: str) -> None:
        self.overlay.set_fill_mode(mode)

    def set_thumbnails(self, on: bool) -> None:
        self.thumbnails.set_enabled(on)
        if on:
            self.thumbnails_throttle.run_now()
