"""Puts the X-ray into a main window from outside: docks, the X-ray menu, keys, the tour.

The window is a :class:`~bpstudio.ui.host.PluginHost`; it keeps the :class:`XRay` that
:func:`install_xray` returns.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QFrame, QScrollArea, QWidget

from bpstudio.ui.host import PluginHost, check_host
from bpstudio.ui.xray.actions import XRayActions
from bpstudio.ui.xray.chain_panel import ChainPanel
from bpstudio.ui.xray.cost_panel import CostPanel
from bpstudio.ui.xray.gradient_checker import GradientCheckPanel
from bpstudio.ui.xray.lens import LensPanel
from bpstudio.ui.xray.session import XRaySession
from bpstudio.ui.xray.step_mode import StepMode
from bpstudio.ui.xray.step_panel import StepPanel
from bpstudio.ui.xray.tour import TourDialog
from bpstudio.ui.xray.unrolled_view import UnrolledView

RIGHT = Qt.DockWidgetArea.RightDockWidgetArea
BOTTOM = Qt.DockWidgetArea.BottomDockWidgetArea


class XRay(QObject):
    """Everything the X-ray adds to one window (the window keeps it as ``xray``)."""

    def __init__(self, window: PluginHost) -> None:
        super().__init__(window)
        self.window = window
        self.session = XRaySession(window)
        self.actions = XRayActions(window)
        self.step = StepMode(self.session)
        self.step_panel = StepPanel(self.session, self.step, self.actions)
        self.chain_panel = ChainPanel(self.session)
        self.lens_panel = LensPanel(self.session)
        self.checker = GradientCheckPanel(self.session)
        self.cost_panel = CostPanel(self.session)
        self.unrolled = UnrolledView(self.session)
        self.step_dock = self._dock(self.tr("Backprop X-ray"), "xray_steps",
                                    _scrolling(self.step_panel), RIGHT)
        self.chain_dock = self._dock(self.tr("Chain Rule"), "xray_chain", self.chain_panel,
                                     BOTTOM)
        self.lens_dock = self._dock(self.tr("Nudge Lens"), "xray_lens", self.lens_panel, BOTTOM)
        self.checker_dock = self._dock(self.tr("Gradient Check"), "xray_gradcheck",
                                       self.checker, BOTTOM)
        self.cost_dock = self._dock(self.tr("Cost of Gradients"), "xray_cost",
                                    _scrolling(self.cost_panel), BOTTOM)
        self.unrolled_dock = self._dock(
            QCoreApplication.translate("XRay", "Unrolled in Time"), "xray_unrolled",
            self.unrolled, BOTTOM)
        self.tour: TourDialog | None = None
        self._was_active = False
        self._arranged = False     # the docks start hidden each session; placed when shown
        self._unrolled_placed = False
        self._toggles: list[tuple[QDockWidget, QAction]] = []
        self._wire_actions()
        self.menu = self.actions.build_menus([self._toggle_action(d) for d in self.docks])
        self._follow_documents()
        self._on_step_changed()             # step keys stay off until step mode is on

    @property
    def docks(self) -> list[QDockWidget]:
        return [self.step_dock, self.chain_dock, self.lens_dock, self.checker_dock,
                self.cost_dock, self.unrolled_dock]

    def _dock(self, title: str, name: str, widget: QWidget,
              area: Qt.DockWidgetArea) -> QDockWidget:
        return self.window.add_dock(title, name, widget, area, hidden=True)

    def _arrange(self) -> None:
        """Put the docks in their places the first time one is shown.

        Not at install: tabifying docks the user may never open reshuffled the current
        tab of the window's other dock groups (the decision boundary lost its place).
        """
        if self._arranged:
            return
        self._arranged = True
        window = self.window
        window.tabifyDockWidget(window.properties_dock, self.step_dock)
        window.splitDockWidget(self.chain_dock, self.lens_dock, Qt.Orientation.Horizontal)
        window.tabifyDockWidget(self.lens_dock, self.checker_dock)
        window.tabifyDockWidget(self.checker_dock, self.cost_dock)
        plots = window.plots_dock
        if window.dockWidgetArea(plots) == BOTTOM:
            # Training plots and the chain rule share the space under the canvas as tabs;
            # the lens sits beside them, so nothing squeezes the canvas sideways.
            window.tabifyDockWidget(self.chain_dock, plots)

    def show_dock(self, dock: QDockWidget) -> None:
        self._arrange()
        if dock is self.unrolled_dock and not self._unrolled_placed:
            # joins the chain rule's tabs only when first wanted: a hidden tab there
            # would still take its minimum size from the docks beside it
            self._unrolled_placed = True
            self.window.tabifyDockWidget(self.chain_dock, self.unrolled_dock)
        dock.show()
        dock.raise_()

    def _toggle_action(self, dock: QDockWidget) -> QAction:
        """A View-style check item for ``dock`` that places it properly when shown."""
        action = QAction(dock.windowTitle(), self.window)
        action.setCheckable(True)
        action.toggled.connect(lambda on, d=dock: self._set_dock_shown(d, on))
        self._toggles.append((dock, action))
        # a bound method: Qt drops it when this object goes, before the docks do
        dock.visibilityChanged.connect(self._sync_toggles)
        return action

    def _sync_toggles(self, visible: bool) -> None:
        for dock, action in self._toggles:
            if shiboken6.isValid(dock) and shiboken6.isValid(action):
                action.setChecked(not dock.isHidden())

    def _set_dock_shown(self, dock: QDockWidget, on: bool) -> None:
        if on and dock.isHidden():
            self.show_dock(dock)
        elif not on and not dock.isHidden():
            dock.hide()

    def _wire_actions(self) -> None:
        a, step = self.actions, self.step
        a.bind(a.toggle, self.toggle_step_mode)
        a.bind(a.forward, step.forward)
        a.bind(a.backward, step.backward)
        a.bind(a.run_pass, step.run_pass)
        a.bind(a.update, step.apply_update)
        a.bind(a.restart, step.restart)
        a.bind(a.leave, self._leave_by_key)
        a.bind(a.tour, self.open_tour)
        step.changed.connect(self._on_step_changed)

    def toggle_step_mode(self) -> None:
        self.step.toggle()
        if self.step.active:
            self.window.view.setFocus()      # the step keys work on the canvas
        elif self.step.hint:
            self.show_dock(self.step_dock)   # it could not start: the panel says why

    def _leave_by_key(self) -> None:
        """Esc: the canvas would have cancelled a drag with it, so do that too."""
        self.window.view.cancel_gesture()
        self.step.leave()

    def _on_step_changed(self) -> None:
        if self.step.active and not self._was_active:
            self.show_dock(self.step_dock)      # step mode just began: show its controls
        self._was_active = self.step.active
        self.actions.set_stepping(self.step.active, not self.session.training_running())

    def open_tour(self) -> TourDialog:
        if self.tour is None:
            self.tour = TourDialog(self, self.window)
        # The page first: it may ask about unsaved changes, and that question comes before
        # any page of the tour is seen.
        self.tour.go_to(0 if self.tour.page < 0 else self.tour.page)
        self.tour.show()
        # again once shown (its frame, the title bar, is known) and laid out
        QTimer.singleShot(0, self.tour, lambda: self.tour.place(again=True))
        self.tour.raise_()
        return self.tour

    def _follow_documents(self) -> None:
        """Follow every document the window shows from now on."""
        self.window.document_changed.connect(self.session.follow_document)
        if self.window.document is not None:
            self.session.follow_document()


def _scrolling(widget: QWidget) -> QScrollArea:
    """``widget`` in a frameless scroll area, so a short dock never cuts it off."""
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    # with no horizontal scrolling, a dock narrower than the panel's own minimum would
    # cut off its right edge (the step buttons): never let it get that narrow
    area.setMinimumWidth(widget.minimumSizeHint().width()
                         + area.verticalScrollBar().sizeHint().width())
    return area


def install_xray(window: PluginHost) -> XRay:
    """Add the backprop X-ray (docks, X-ray menu, canvas keys, Help ▸ tour) to ``window``;
    returns it (the window keeps it)."""
    return XRay(check_host(window))
