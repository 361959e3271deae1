"""Step mode: walks a pass neuron by neuron on the canvas and applies one update.

It owns the overlay item and the edge colouring while it is active and hands the canvas
back as it found it when it leaves. The document changes only through "apply update",
one undoable ``SetParametersCommand``.
"""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Signal

from bpstudio.engine.plan import compile_network
from bpstudio.model.network import Network
from bpstudio.ui.canvas.edge_style import EdgeColoring
from bpstudio.ui.document.commands import SetParametersCommand
from bpstudio.ui.i18n import translate
from bpstudio.ui.xray.coloring import StepColoring
from bpstudio.ui.xray.overlay import ValueOverlay
from bpstudio.ui.xray.session import XRaySession
from bpstudio.xray.chain import loss_lines
from bpstudio.xray.steps import StepSequence, Visible
from bpstudio.xray.text import fmt
from bpstudio.xray.update import UpdateResult, gradient_step, loss_with

TRAINING_HINT = QT_TRANSLATE_NOOP("StepMode", "Pause training to step through a pass.")
MAX_NEIGHBOURS = 8        # big networks: neighbour cards around the focus, strongest first
MAX_FOCUS_EDGES = 12      # … and edge labels


class StepMode(QObject):
    """Forward step, backward step, whole pass, apply update; the canvas shows the numbers."""

    #: anything the panel shows changed (step, values, hint, activity)
    changed = Signal()

    def __init__(self, session: XRaySession) -> None:
        super().__init__(session)
        self.session = session
        self.active = False
        self.index = 0
        self.hint = ""
        self.update_result: UpdateResult | None = None
        self.all_samples_loss: tuple[float, float] | None = None   # before, after an update
        self._sequence: StepSequence | None = None
        self._overlay: ValueOverlay | None = None
        self._coloring: StepColoring | None = None
        self._previous: EdgeColoring | None = None     # the colouring to hand back
        self._previous_legend: tuple[list[Any], list[Any]] = ([], [])
        self._applying = False
        session.values_changed.connect(self._on_values_changed)
        session.document_changed.connect(self._on_document_changed)
        session.selection_changed.connect(self._refresh_canvas)
        session.layout_changed.connect(self._refresh_canvas)
        session.training_changed.connect(self._on_training_changed)
        session.window.view.zoom_changed.connect(self._on_zoom)

    # ------------------------------------------------------------------ state
    def sequence(self) -> StepSequence | None:
        """The steps of the current pass (rebuilt when the values are)."""
        values = self.session.values()
        if values is None:
            self._sequence = None
        elif self._sequence is None or self._sequence.values is not values:
            self._sequence = StepSequence(values)
            self.index = min(self.index, self._sequence.last)   # a shorter pass
        return self._sequence

    def visible(self) -> Visible | None:
        sequence = self.sequence()
        return sequence.visible(self.index) if sequence is not None else None

    def description(self) -> str:
        sequence = self.sequence()
        if sequence is None:
            return self.session.error()
        if self.update_result is not None:
            u = self.update_result
            return self.tr("Applied w ← w − η·∂L/∂w with η = {rate} to every parameter: the "
                           "loss went {before} → {after}. Press → to step through the next "
                           "pass.").format(rate=fmt(u.learning_rate), before=fmt(u.loss_before),
                                           after=fmt(u.loss_after))
        return sequence.describe(self.index)

    # -------------------------------------------------------------- activity
    def enter(self) -> bool:
        """Show the numbers on the canvas (step 0: the inputs)."""
        if self.active:
            return True
        if self.sequence() is None:
            self.hint = self.tr("The X-ray cannot run this network: {problem}").format(
                problem=self.session.error())
            self.changed.emit()
            return False
        scene = self.session.scene
        assert scene is not None
        self.active, self.index, self.update_result = True, 0, None
        self._overlay = ValueOverlay()
        scene.addItem(self._overlay)
        self._previous = scene.edges.coloring
        legend = self.session.window.view.legend
        self._previous_legend = (legend.entries() if hasattr(legend, "entries") else
                                 self._previous.legend(),
                                 legend.colorbars() if hasattr(legend, "colorbars") else [])
        if hasattr(legend, "set_colorbars"):
            legend.set_colorbars([])      # a colour bar of another mode would mislead here
        self._coloring = StepColoring(scene.edges)
        scene.edges.set_coloring(self._coloring)
        self._refresh_canvas()
        return True

    def leave(self) -> None:
        """Hand the canvas back with its own colouring."""
        if not self.active:
            return
        self.active = False
        self.update_result = None
        scene = self.session.scene
        if self._overlay is not None and shiboken6.isValid(self._overlay):
            owner = self._overlay.scene()
            if owner is not None:
                owner.removeItem(self._overlay)
        self._overlay = None
        if scene is not None and self._previous is not None and \
                scene.edges.coloring is self._coloring:
            scene.edges.set_coloring(self._previous)
            legend = self.session.window.view.legend
            entries, bars = self._previous_legend
            legend.set_entries(entries)
            if hasattr(legend, "set_colorbars"):
                legend.set_colorbars(bars)
        self._previous, self._coloring = None, None
        self.hint = ""
        self.changed.emit()

    def toggle(self) -> None:
        if self.active:
            self.leave()
        else:
            self.enter()

    def _can_step(self) -> bool:
        if self.session.training_running():
            self.hint = translate("StepMode", TRAINING_HINT)
            self.changed.emit()
            return False
        return self.enter()

    # ------------------------------------------------------------------ steps
    def forward(self) -> None:
        """Reveal the next neuron of the forward pass (then the loss)."""
        if not self._can_step():
            return
        sequence = self.sequence()
        assert sequence is not None
        self.hint = ""
        if self.update_result is not None:
            self.update_result = None
            self.index = 0
        if self.index < sequence.loss_index:
            self.index += 1
        else:
            self.hint = self.tr("The forward pass is done: ← steps backward, Shift+→ runs it "
                                "all.")
        self._refresh_canvas()

    def backward(self) -> None:
        """Reveal the next neuron of the backward pass."""
        if not self._can_step():
            return
        sequence = self.sequence()
        assert sequence is not None
        self.hint = ""
        if self.update_result is not None or self.index < sequence.loss_index:
            self.hint = self.tr("Finish the forward pass first: → steps forward, Shift+→ runs "
                                "it all.")
        elif self.index < sequence.last:
            self.index += 1
        else:
            self.hint = self.tr("The backward pass is done: U applies the update.")
        self._refresh_canvas()

    def run_pass(self) -> None:
        """Forward, loss and backward at once: every gradient on the canvas."""
        if not self._can_step():
            return
        sequence = self.sequence()
        assert sequence is not None
        self.hint, self.update_result = "", None
        self.index = sequence.last
        self._refresh_canvas()

    def restart(self) -> None:
        if not self._can_step():
            return
        self.hint, self.update_result, self.index = "", None, 0
        self._refresh_canvas()

    def apply_update(self) -> bool:
        """One gradient step on the document (undoable); the canvas shows old → new."""
        if not self._can_step():
            return False
        sequence, batch = self.sequence(), self.session.batch()
        network = self.session.network
        assert sequence is not None and batch is not None and network is not None
        self.index = sequence.last      # the update needs every gradient: show them all
        values = sequence.values
        result = gradient_step(network, values.grad_w, values.grad_b, *batch,
                               network.settings.learning_rate, values.loss)
        everything = self.session.all_data()
        before = after = float("nan")
        if everything is not None:
            plan = compile_network(network, "float64")
            before = loss_with(network, None, *everything, plan=plan)
            after = loss_with(network, result.new_parameters(), *everything, plan=plan)
        command = SetParametersCommand(network, result.old_parameters(),
                                       result.new_parameters(),
                                       self.tr("X-ray: one gradient step"))
        self._applying = True
        try:
            refused = self.session.window.editor.push(command)
        finally:
            self._applying = False
        if refused:
            self.hint = self.tr("The update was refused: {problem}").format(problem=refused)
            self.changed.emit()
            return False
        self.update_result, self.all_samples_loss = result, (before, after)
        self.index = 0
        self.hint = ""
        self._refresh_canvas()
        return True

    # --------------------------------------------------------------- canvas
    def _focus(self, network: Network, visible: Visible) -> tuple[set[int], set[int]] | None:
        """Big networks: the selection's and the current neuron's neighbourhood only."""
        if not self.session.is_big():
            return None
        scene = self.session.scene
        assert scene is not None
        centre = set(scene.selected_neuron_ids())
        for cid in scene.selected_connection_ids():
            if cid in network.connections:
                c = network.connections[cid]
                centre |= {c.source, c.target}
        edges: list[tuple[float, int, int]] = []      # (−|value|, connection, neighbour)
        for nid in centre:
            for c in network.incoming(nid) + network.outgoing(nid):
                values = visible.edges.get(c.id, {})
                size = abs(values.get("grad_w", values.get("term", 0.0)))
                other = c.source if c.target == nid else c.target
                edges.append((-size, c.id, other))
        edges.sort()
        chosen = {cid for _, cid, _ in edges[:MAX_FOCUS_EDGES]}
        neighbours = [other for _, _, other in edges if other not in centre]
        focus = centre | set(list(dict.fromkeys(neighbours))[:MAX_NEIGHBOURS])
        current = visible.step.neuron
        if current is not None:
            focus.add(current)
        return focus, chosen | set(scene.selected_connection_ids())

    def _recent(self) -> list[int]:
        """Neurons revealed so far, the newest first (their labels get room first)."""
        sequence = self.sequence()
        if sequence is None:
            return []
        steps = sequence.steps[1:self.index + 1]
        return list(dict.fromkeys(s.neuron for s in reversed(steps) if s.neuron is not None))

    def _loss_text(self) -> str:
        sequence, network = self.sequence(), self.session.network
        if sequence is None or network is None:
            return ""
        values = sequence.values
        if values.batch > 1:
            return self.tr("L = mean of {batch} samples' losses = {loss}").format(
                batch=values.batch, loss=fmt(values.loss))
        line = loss_lines(network, values.sample_trace())[0]
        return f"L = {line.numbers} = {fmt(values.loss)}"

    def _refresh_canvas(self, *args: object) -> None:
        network, scene = self.session.network, self.session.scene
        if not self.active or network is None or scene is None or self._overlay is None:
            self.changed.emit()
            return
        visible = self.visible()
        if visible is not None and self._coloring is not None:
            if self.update_result is not None:    # the gradients the update just used
                grads = {r.id: r.grad for r in self.update_result.rows if r.kind == "weight"}
            else:
                grads = {c: v["grad_w"] for c, v in visible.edges.items() if "grad_w" in v}
            self._coloring.set_values(set(visible.edges) | set(grads), grads)
            scene.edges.restyle_all()
            self.session.window.view.legend.set_entries(self._coloring.legend())
        focus = self._focus(network, visible) if visible is not None else None
        extra = ""
        if self.update_result is not None and self.all_samples_loss is not None:
            n = self.session.n_samples()
            before, after = self.all_samples_loss
            extra = self.tr("all {n} training samples: {before} → {after}").format(
                n=n, before=fmt(before), after=fmt(after))
        self._overlay.set_content(network, visible, self.update_result, self._loss_text(),
                                  extra, self._recent(), focus,
                                  self.session.window.view.zoom())
        self.changed.emit()

    # ---------------------------------------------------------------- events
    def _on_values_changed(self, structure: bool) -> None:
        if not self._applying:
            self.update_result = None
        if structure:
            self.index = 0
        sequence = self.sequence() if self.active else None
        if self.active and sequence is None:
            self.leave()
            return
        if sequence is not None:
            self.index = min(self.index, sequence.last)
        self._refresh_canvas()

    def _on_document_changed(self) -> None:
        self._sequence = None
        if self.active:
            # the old scene (and the overlay in it) is on its way out: just forget it
            self.leave()

    def _on_training_changed(self, running: bool) -> None:
        self.hint = translate("StepMode", TRAINING_HINT) if running else ""
        self.changed.emit()

    def _on_zoom(self, zoom: float) -> None:
        if self._overlay is not None and shiboken6.isValid(self._overlay):
            self._overlay.refresh_geometry(zoom)
