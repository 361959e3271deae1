"""The "Unrolled in Time" dock: step a recurrent network's pass through one sequence.

→ computes the next time step (its copy lights up yellow), then the loss; ← walks
backpropagation back through time, one copy per press (pink), while the recurrent curves
that carry δ from step t+1 into step t turn red. Clicking a neuron in any copy writes its
chain rule: δ at step t as what flows back from step t plus what flows back from t+1.
The numbers are the engine's (``bpstudio.xray.unrolled``), with the document's weights.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QKeySequence,
    QMouseEvent,
    QPainter,
    QResizeEvent,
    QShortcut,
    QShowEvent,
    QTransform,
)
from PySide6.QtWidgets import (
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from bpstudio.engine.plan import Plan, compile_network
from bpstudio.ui.xray.chain_panel import chain_html
from bpstudio.ui.xray.session import XRaySession
from bpstudio.ui.xray.unrolled_scene import UnrolledScene
from bpstudio.workflow import USER_ERRORS, Prepared, prepare_training
from bpstudio.xray.text import neuron_name
from bpstudio.xray.unrolled import UnrolledPass


def _button(text: str) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    return button


class _View(QGraphicsView):
    """The copies; a click on a neuron chooses it (and its time step) for the chain."""

    def __init__(self, scene: UnrolledScene, owner: UnrolledView) -> None:
        super().__init__(scene)
        self._owner = owner
        self.setRenderHints(QPainter.RenderHint.Antialiasing
                            | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)

    def fit_height(self) -> None:
        """Scale so a copy's full height shows (never above 1:1); time scrolls sideways."""
        rect = self.sceneRect()
        if rect.height() <= 0:
            return
        scale = min(1.0, max(0.2, (self.viewport().height() - 4) / rect.height()))
        self.setTransform(QTransform.fromScale(scale, scale))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_height()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        key = self.scene().neuron_at(self.mapToScene(event.position().toPoint()))
        if key is not None and event.button() == Qt.MouseButton.LeftButton:
            self._owner.choose(*key)
            event.accept()
            return
        super().mousePressEvent(event)


class UnrolledView(QWidget):
    """Controls, the unrolled drawing and the chain rule of the chosen neuron and step."""

    def __init__(self, session: XRaySession) -> None:
        super().__init__()
        self.session = session
        self.step = -1                      # script step shown; -1 = nothing computed
        self.unrolled: UnrolledPass | None = None
        self.chosen: tuple[int, int] | None = None     # (neuron id, time step)
        self._prepared: Prepared | None = None
        self._plan: Plan | None = None       # the document's current weights, compiled
        self._error = ""
        self._stale = True
        self.title = QLabel()
        self.title.setObjectName("panelHeading")
        self.title.setWordWrap(True)
        self.sequence = QSpinBox()
        self.sequence.setMinimum(1)
        self.sequence.setKeyboardTracking(False)
        self.sequence.setToolTip(self.tr("Which training sequence to unroll"))
        self.sequence.valueChanged.connect(self._on_sequence)
        # compact buttons: the dock shares the space under the canvas with the chain rule
        self.restart_button = _button(self.tr("Restart"))
        self.restart_button.setToolTip(self.tr("Back to before time step 0 (Home)"))
        self.back_button = _button("←")
        self.back_button.setToolTip(self.tr("Backward step: backpropagate through the next "
                                            "time step, from the last one back (←)"))
        self.forward_button = _button("→")
        self.forward_button.setToolTip(self.tr("Forward step: compute the next time step, "
                                               "then the loss (→)"))
        self.all_button = _button(self.tr("Run All"))
        self.all_button.setToolTip(self.tr("The whole pass, forward and back (Shift+→)"))
        self.restart_button.clicked.connect(self.restart)
        self.back_button.clicked.connect(self.backward)
        self.forward_button.clicked.connect(self.forward)
        self.all_button.clicked.connect(self.run_all)
        # two short rows: the dock shares the space under the canvas with the chain rule
        controls = QHBoxLayout()
        controls.addWidget(QLabel(self.tr("Sequence")))
        controls.addWidget(self.sequence)
        controls.addStretch(1)
        steps = QHBoxLayout()
        for button in (self.restart_button, self.back_button, self.forward_button,
                       self.all_button):
            steps.addWidget(button)
        steps.addStretch(1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.scene = UnrolledScene()
        self.view = _View(self.scene, self)
        self.view.setMinimumSize(120, 90)
        self.chain = QTextBrowser()
        self.chain.setOpenLinks(False)
        self.chain.setMinimumHeight(50)
        self.chain.setStyleSheet("QTextBrowser { border: 1px solid #e5e7eb; background: white; "
                                 "font-size: 10pt; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.title)
        layout.addLayout(controls)
        layout.addLayout(steps)
        layout.addWidget(self.status)
        layout.addWidget(self.view, 3)
        layout.addWidget(self.chain, 2)
        for keys, slot in ((("Right", "."), self.forward), (("Left", ","), self.backward),
                           (("Home",), self.restart), (("Shift+Right",), self.run_all)):
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), self)
                shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                shortcut.activated.connect(slot)
        session.values_changed.connect(self._on_values_changed)
        session.document_changed.connect(lambda: self._on_values_changed(True))

    # ---------------------------------------------------------------- data
    def _on_values_changed(self, structure: bool) -> None:
        if structure:
            self._prepared, self._error = None, ""
        self._plan = None           # the weights changed at least: compile them afresh
        self._stale = True
        if self.isVisible():
            self.refresh()

    def _on_sequence(self) -> None:
        self._stale = True
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def problem(self) -> str:
        """Why there is nothing to unroll ("" when there is)."""
        network = self.session.network
        if network is None:
            return self.tr("Open or draw a network.")
        if not network.has_recurrent:
            return self.tr("This network has no recurrent connection, so it has no time "
                           "steps to unroll: X-ray ▸ Step Through a Pass shows its pass.")
        if self._prepared is None and not self._error:
            try:
                self._prepared = prepare_training(network, self.session.window.document_dir(),
                                                  dtype="float64")
            except USER_ERRORS as error:
                self._error = str(error)
        return self.tr("The X-ray cannot unroll this network: {0}").format(self._error) \
            if self._error else ""

    def refresh(self) -> None:
        """Recompute the pass (weights or structure changed) and redraw."""
        self._stale = False
        problem = self.problem()
        network, prepared = self.session.network, self._prepared
        if problem or network is None or prepared is None:
            self.unrolled = None
            self.scene.reset()
            self.title.setText(self.tr("Unrolled in time"))
            self.status.setText(problem)
            self.chain.setHtml("")
            self._enable(False)
            return
        data = prepared.data
        count = data.x_train.shape[0]
        blocked = self.sequence.blockSignals(True)
        self.sequence.setMaximum(count)
        self.sequence.blockSignals(blocked)
        index = self.sequence.value() - 1
        if self._plan is None:
            self._plan = compile_network(network, dtype="float64")
        self.unrolled = UnrolledPass(network, self._plan, data.x_train[index],
                                     data.y_train[index], data.steps or "every")
        self.step = min(self.step, self.unrolled.n_steps - 1)
        self.scene.build(network, self.unrolled)
        self.view.fit_height()
        if self.chosen is None or self.chosen[0] not in self.unrolled.column \
                or self.chosen[1] >= self.unrolled.length:
            self.chosen = (self._default_neuron(), self.unrolled.length - 1)
        self.title.setText(self.tr("Unrolled in time: sequence {0} of {1}, {2} steps").format(
            index + 1, count, self.unrolled.length))
        self._enable(True)
        self._show()

    def _default_neuron(self) -> int:
        assert self.unrolled is not None
        plan = self.unrolled.plan
        hidden = [n for n in plan.neuron_ids if n not in self.unrolled.inputs
                  and n not in self.unrolled.outputs]
        return hidden[0] if hidden else plan.output_ids[0]

    def _enable(self, on: bool) -> None:
        for button in (self.restart_button, self.back_button, self.forward_button,
                       self.all_button, self.sequence):
            button.setEnabled(on)

    # --------------------------------------------------------------- steps
    def forward(self) -> None:
        if self.unrolled is not None and self.step < self.unrolled.length:
            self.step += 1
            self._show()

    def backward(self) -> None:
        """One step of backpropagation through time (after the forward pass and loss)."""
        unrolled = self.unrolled
        if unrolled is None:
            return
        if self.step < unrolled.length:
            self.status.setText(self.tr("Finish the forward pass first: → computes the "
                                        "next time step, then the loss."))
            return
        if self.step < unrolled.n_steps - 1:
            self.step += 1
            _, t = unrolled.phase(self.step)
            if self.chosen is not None:
                self.chosen = (self.chosen[0], t)     # the chain follows the walk back
            self._show()

    def run_all(self) -> None:
        if self.unrolled is not None:
            self.step = self.unrolled.n_steps - 1
            self._show()

    def restart(self) -> None:
        self.step = -1
        if self.unrolled is not None:
            self.chosen = (self.chosen[0] if self.chosen else self._default_neuron(),
                           self.unrolled.length - 1)
        self._show()

    def choose(self, nid: int, t: int) -> None:
        """Write the chain rule of neuron ``nid`` at time step ``t``."""
        self.chosen = (nid, t)
        self._show()

    # ------------------------------------------------------------- showing
    def _show(self) -> None:
        unrolled = self.unrolled
        if unrolled is None:
            return
        self.scene.show_step(self.step)
        self.scene.select(self.chosen)
        self.status.setText(self._status())
        self.chain.setHtml(self._chain_text())
        if self.step >= 0:
            _, t = unrolled.phase(self.step)
            self.view.ensureVisible(self.scene.copy_rect(t), 20, 10)

    def _status(self) -> str:
        unrolled = self.unrolled
        assert unrolled is not None
        if self.step < 0:
            return self.tr("→ runs time step 0; the state before it is 0.")
        phase, t = unrolled.phase(self.step)
        if phase == "forward":
            return self.tr("Forward through t = {0}: every neuron's a({0}) from the inputs "
                           "at {0} and, along the recurrent curves, a({1}).").format(t, t - 1)
        if phase == "loss":
            line = unrolled.loss_line()
            return self.tr("Loss L = {0}. ← backpropagates from the last step.").format(
                f"{line.value:.4g}")
        return self.tr("Backward at t = {0}: δ({0}) from the loss at {0} and, along the red "
                       "curves, δ({1}).").format(t, t + 1)

    def _chain_text(self) -> str:
        unrolled, chosen, network = self.unrolled, self.chosen, self.session.network
        if unrolled is None or chosen is None or network is None:
            return ""
        nid, t = chosen
        name = html.escape(neuron_name(network, nid))
        if not unrolled.backpropagated(self.step, t):
            waiting = self.tr("δ of {0} at t = {1} is not known yet: ← walks back to it.")
            return f"<p style='color:#6b7280'>{waiting.format(name, t)}</p>"
        heading = self.tr("δ of {0} at t = {1}: what flows back from step {1} plus what "
                          "flows back from step {2}").format(name, t, t + 1)
        return f"<p><b>{heading}</b></p>" + chain_html(unrolled.chain(nid, t))
