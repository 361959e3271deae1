"""``install_visuals(host)``: the visual docks and View-menu switches, added from outside.

The main window calls this at the end of its constructor and keeps the controller it
returns; everything added reaches the window through the :class:`PluginHost` protocol,
so the window's own file needs no knowledge of the visuals.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu

from bpstudio.ui.host import VIEW_MENU, PluginHost, check_host
from bpstudio.ui.i18n import translate
from bpstudio.ui.visuals.canvas_overlay import EDGE_MODES, FILL_MODES
from bpstudio.ui.visuals.controller import VisualsController
from bpstudio.ui.visuals.draw_points import PointDrawing

SETTINGS_PREFIX = "visuals/"


def _view_menu(window: PluginHost) -> QMenu:
    # Found by name: its title is in the user's language.
    menu = window.menuBar().findChild(QMenu, VIEW_MENU)
    if menu is not None:
        return menu
    menu = window.menuBar().addMenu(translate("MainWindow", "&View"))
    menu.setObjectName(VIEW_MENU)
    return menu


class _Settings:
    """The user's choices, remembered in the window's QSettings."""

    def __init__(self, window: PluginHost) -> None:
        self.settings = window.store.settings

    def get(self, key: str, default: str) -> str:
        return str(self.settings.value(SETTINGS_PREFIX + key, default))

    def set(self, key: str, value: str) -> None:
        self.settings.setValue(SETTINGS_PREFIX + key, value)


def install_visuals(window: PluginHost) -> VisualsController:
    """Add the visual docks and View-menu switches to ``window`` and follow its training
    controller from now on; returns the visuals' controller (the window keeps it)."""
    window = check_host(window)
    controller = VisualsController(window)
    right = Qt.DockWidgetArea.RightDockWidgetArea
    controller.boundary_dock = window.add_dock(translate("Visuals", "Decision boundary"),
                                               "decision_boundary", controller.boundary, right)
    controller.digits_dock = window.add_dock(translate("Visuals", "Digits"), "digits",
                                             controller.digits, right)
    controller.sequence_dock = window.add_dock(
        QCoreApplication.translate("Visuals", "Sequence"), "sequence", controller.sequence,
        right)
    # Share the lower right with Problems and History; the panel that fits the data is
    # raised when the data arrives.
    window.tabifyDockWidget(window.problems_dock, controller.boundary_dock)
    window.tabifyDockWidget(window.problems_dock, controller.digits_dock)
    window.tabifyDockWidget(window.problems_dock, controller.sequence_dock)
    for dock in (controller.boundary_dock, controller.digits_dock, controller.sequence_dock):
        window.restoreDockWidget(dock)   # where the user left it, if the state knew it
        dock.hide()                      # shown when data of the right kind arrives
        dock.visibilityChanged.connect(controller.on_dock_shown)
    _build_menu(window, controller, _Settings(window))
    controller.drawing = PointDrawing(controller.boundary, window)
    controller.attach(window.training)
    return controller


def _build_menu(window: PluginHost, controller: VisualsController,
                settings: _Settings) -> None:
    view = _view_menu(window)
    view.addSeparator()
    edges = view.addMenu(translate("Visuals", "&Edge Colours"))
    fills = view.addMenu(translate("Visuals", "Neuron &Fill"))
    controller.edge_actions = _choices(window, edges, EDGE_MODES,
                                       settings.get("edge_mode", "weight"),
                                       lambda mode: (controller.set_edge_mode(mode),
                                                     settings.set("edge_mode", mode)))
    controller.fill_actions = _choices(window, fills, FILL_MODES,
                                       settings.get("fill_mode", "none"),
                                       lambda mode: (controller.set_fill_mode(mode),
                                                     controller.fills_throttle.run_now(),
                                                     settings.set("fill_mode", mode)))
    thumbs = QAction(translate("Visuals", "Hidden-Neuron &Thumbnails"), window)
    thumbs.setCheckable(True)
    thumbs.setStatusTip(translate("Visuals", "Show each hidden neuron's map of the input plane "
                                             "beside it (2-D data)"))
    thumbs.setChecked(settings.get("thumbnails", "true") == "true")
    thumbs.toggled.connect(lambda on: (controller.set_thumbnails(on),
                                       settings.set("thumbnails", "true" if on else "false")))
    controller.thumbnails.enabled = thumbs.isChecked()
    controller.thumbnails_action = thumbs
    view.addAction(thumbs)
    view.addSeparator()
    view.addAction(controller.boundary_dock.toggleViewAction())
    view.addAction(controller.digits_dock.toggleViewAction())
    view.addAction(controller.sequence_dock.toggleViewAction())


def _choices(window: QObject, menu: QMenu, modes: dict[str, str], current: str,
             choose: Callable[[str], object]) -> dict[str, QAction]:
    """Exclusive checkable actions, one per mode; triggering one calls ``choose(mode)``."""
    group = QActionGroup(window)
    actions = {}
    current = current if current in modes else next(iter(modes))
    for mode, text in modes.items():
        action = QAction(translate("Visuals", text), window)
        action.setCheckable(True)
        group.addAction(action)
        menu.addAction(action)
        action.triggered.connect(lambda checked=False, m=mode: choose(m))
        actions[mode] = action
    actions[current].setChecked(True)
    choose(current)
    return actions
