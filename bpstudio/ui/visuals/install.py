"""``install_visuals(window)``: the visual docks and View-menu switches, added from outside.

The main window calls this at the end of its constructor (a guarded import); everything
it adds reaches the window only through public Qt API, so the window's own file needs no
knowledge of the visuals.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMainWindow, QMenu

from bpstudio.ui.visuals.canvas_overlay import EDGE_MODES, FILL_MODES
from bpstudio.ui.visuals.controller import VisualsController

SETTINGS_PREFIX = "visuals/"


def _view_menu(window: QMainWindow) -> QMenu:
    for action in window.menuBar().actions():
        menu = action.menu()
        if menu is not None and action.text().replace("&", "") == "View":
            return menu
    return window.menuBar().addMenu("&View")


class _Settings:
    """The user's choices, remembered in the window's QSettings when it has one."""

    def __init__(self, window: Any) -> None:
        store = getattr(window, "store", None)
        self.settings = getattr(store, "settings", None)

    def get(self, key: str, default: str) -> str:
        if self.settings is None:
            return default
        return str(self.settings.value(SETTINGS_PREFIX + key, default))

    def set(self, key: str, value: str) -> None:
        if self.settings is not None:
            self.settings.setValue(SETTINGS_PREFIX + key, value)


def install_visuals(window: Any) -> None:
    """Add the visual docks and View-menu switches to ``window`` and follow
    ``window.training`` (if present) from now on; ``window.visuals`` is the controller."""
    if getattr(window, "visuals", None) is not None:
        return
    controller = VisualsController(window)
    window.visuals = controller
    right = Qt.DockWidgetArea.RightDockWidgetArea
    controller.boundary_dock = window.add_dock("Decision boundary", "decision_boundary",
                                     controller.boundary, right)
    controller.digits_dock = window.add_dock("Digits", "digits", controller.digits, right)
    problems = getattr(window, "problems_dock", None)
    if problems is not None:
        # Share the lower right with Problems and History; the panel that fits the data
        # is raised when the data arrives.
        window.tabifyDockWidget(problems, controller.boundary_dock)
        window.tabifyDockWidget(problems, controller.digits_dock)
    for dock in (controller.boundary_dock, controller.digits_dock):
        window.restoreDockWidget(dock)   # where the user left it, if the state knew it
        dock.hide()                      # shown when data of the right kind arrives
        dock.visibilityChanged.connect(controller.on_dock_shown)
    _build_menu(window, controller, _Settings(window))
    training = getattr(window, "training", None)
    if training is not None:
        controller.attach(training)


def _build_menu(window: Any, controller: VisualsController, settings: _Settings) -> None:
    view = _view_menu(window)
    view.addSeparator()
    edges = view.addMenu("&Edge Colours")
    fills = view.addMenu("Neuron &Fill")
    controller.edge_actions = _choices(window, edges, EDGE_MODES,
                                       settings.get("edge_mode", "weight"),
                                       lambda mode: (controller.set_edge_mode(mode),
                                                     settings.set("edge_mode", mode)))
    controller.fill_actions = _choices(window, fills, FILL_MODES,
                                       settings.get("fill_mode", "none"),
                                       lambda mode: (controller.set_fill_mode(mode),
                                                     controller.fills_throttle.run_now(),
                                                     settings.set("fill_mode", mode)))
    thumbs = QAction("Hidden-Neuron &Thumbnails", window)
    thumbs.setCheckable(True)
    thumbs.setStatusTip("Show each hidden neuron's map of the input plane beside it "
                        "(2-D data)")
    thumbs.setChecked(settings.get("thumbnails", "true") == "true")
    thumbs.toggled.connect(lambda on: (controller.set_thumbnails(on),
                                       settings.set("thumbnails", "true" if on else "false")))
    controller.thumbnails.enabled = thumbs.isChecked()
    controller.thumbnails_action = thumbs
    view.addAction(thumbs)
    view.addSeparator()
    view.addAction(controller.boundary_dock.toggleViewAction())
    view.addAction(controller.digits_dock.toggleViewAction())


def _choices(window: Any, menu: QMenu, modes: dict[str, str], current: str,
             choose: Any) -> dict[str, QAction]:
    """Exclusive checkable actions, one per mode; triggering one calls ``choose(mode)``."""
    group = QActionGroup(window)
    actions = {}
    current = current if current in modes else next(iter(modes))
    for mode, text in modes.items():
        action = QAction(text, window)
        action.setCheckable(True)
        group.addAction(action)
        menu.addAction(action)
        action.triggered.connect(lambda checked=False, m=mode: choose(m))
        actions[mode] = action
    actions[current].setChecked(True)
    choose(current)
    return actions
