"""What a plug-in (the visuals, the X-ray) may use of the window that hosts it.

The main window implements :class:`PluginHost` and hands itself to ``install_visuals``
and ``install_xray``, which return what they built; the window keeps that (it never gets
attributes patched on from outside), and the plug-ins never probe the window for what it
might have. Undo commands go through :attr:`PluginHost.editor`, the one pusher.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from PySide6.QtCore import Qt, SignalInstance
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDockWidget, QMenuBar, QWidget

if TYPE_CHECKING:
    from bpstudio.ui.canvas.scene import NetworkScene
    from bpstudio.ui.canvas.view import NetworkView
    from bpstudio.ui.document.editor import EditController
    from bpstudio.ui.document.file_actions import Document, FileActions
    from bpstudio.ui.settings_store import SettingsStore
    from bpstudio.ui.training.controller import TrainingController

#: objectName of the window's View menu, where plug-ins add their switches (its title is
#: translated, so they find it by this name)
VIEW_MENU = "view_menu"
HELP_MENU = "help_menu"


@runtime_checkable
class PluginHost(Protocol):
    """The main window as its plug-ins see it."""

    view: NetworkView                  # the canvas
    editor: EditController             # turns edits into undo steps: the only pusher
    training: TrainingController       # view_state(), state, state_changed
    files: FileActions                 # opening an example (the tour asks to save first)
    undo_stack: QUndoStack             # read and navigated (the tour), never pushed to
    store: SettingsStore               # where plug-ins remember the user's choices
    document_changed: SignalInstance   # after another document is shown
    properties_dock: QDockWidget       # docks plug-ins place theirs beside
    problems_dock: QDockWidget
    plots_dock: QDockWidget

    @property
    def document(self) -> Document | None: ...

    @property
    def scene(self) -> NetworkScene | None: ...

    def document_dir(self) -> Path | None:
        """Where the document's relative dataset paths start."""
        ...

    def add_dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea, *,
                 hidden: bool = False) -> QDockWidget: ...

    # QMainWindow's own, for menus and dock placement
    def menuBar(self) -> QMenuBar: ...

    def tabifyDockWidget(self, first: QDockWidget, second: QDockWidget) -> None: ...

    def splitDockWidget(self, first: QDockWidget, second: QDockWidget,
                        orientation: Qt.Orientation) -> None: ...

    def restoreDockWidget(self, dock: QDockWidget) -> bool: ...

    def dockWidgetArea(self, dock: QDockWidget) -> Qt.DockWidgetArea: ...


def check_host(window: object) -> PluginHost:
    """``window`` as a host, or TypeError naming what it lacks."""
    if not isinstance(window, PluginHost):
        members = [*PluginHost.__annotations__, *(
            name for name, value in vars(PluginHost).items()
            if not name.startswith("_") and (callable(value) or isinstance(value, property)))]
        missing = [name for name in members if not hasattr(window, name)]
        raise TypeError(f"{type(window).__name__} cannot host plug-ins: it lacks "
                        f"{', '.join(missing)}")
    return window
