"""The X-ray's keys and menus: an "X-ray" menu before Help, two entries in Help.

Step keys only work while the canvas has focus and step mode is on, so they never take
a key from the editor (its keys are Ctrl+…, F, S, C, +, −, Delete and Space).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox

from bpstudio.ui.host import HELP_MENU
from bpstudio.ui.i18n import translate

if TYPE_CHECKING:
    from bpstudio.ui.host import PluginHost

#: (keys, what they do); translate both with the "XRayActions" context
KEYS = (
    ("X", QT_TRANSLATE_NOOP("XRayActions", "step mode on / off")),
    (QT_TRANSLATE_NOOP("XRayActions", "→  or  ."),
     QT_TRANSLATE_NOOP("XRayActions", "forward step: the next neuron, then the loss")),
    (QT_TRANSLATE_NOOP("XRayActions", "←  or  ,"),
     QT_TRANSLATE_NOOP("XRayActions", "backward step: the next neuron from the loss back")),
    ("Shift+→", QT_TRANSLATE_NOOP("XRayActions", "run the whole pass")),
    ("U", QT_TRANSLATE_NOOP("XRayActions", "apply the update w ← w − η·∂L/∂w")),
    ("Home", QT_TRANSLATE_NOOP("XRayActions", "restart the pass")),
    ("Esc", QT_TRANSLATE_NOOP("XRayActions", "leave step mode")),
)


def keys_html() -> str:
    return "<br>".join(f"<b>{translate('XRayActions', key)}</b> &nbsp; "
                       f"{translate('XRayActions', what)}" for key, what in KEYS)


class XRayActions(QObject):
    """Every X-ray action; step keys are bound to the canvas only."""

    def __init__(self, window: PluginHost) -> None:
        super().__init__(window)
        self.window = window
        view = window.view
        canvas = Qt.ShortcutContext.WidgetWithChildrenShortcut

        def action(text: str, keys: list[str], tip: str = "") -> QAction:
            item = QAction(text, window)
            item.setShortcuts([QKeySequence(k) for k in keys])
            item.setShortcutContext(canvas)
            item.setStatusTip(tip)
            view.addAction(item)
            return item

        self.toggle = action(self.tr("&Step Through a Pass"), ["X"],
                             self.tr("Show every neuron's numbers on the canvas, one step at a "
                                     "time"))
        self.toggle.setCheckable(True)
        self.forward = action(self.tr("&Forward Step"), ["Right", "."],
                              self.tr("Compute the next neuron"))
        self.backward = action(self.tr("&Backward Step"), ["Left", ","],
                               self.tr("Backpropagate through the next neuron"))
        self.run_pass = action(self.tr("Run the Whole &Pass"), ["Shift+Right"])
        self.update = action(self.tr("Apply the &Update"), ["U"],
                             self.tr("One gradient step, undoable"))
        self.restart = action(self.tr("&Restart the Pass"), ["Home"])
        self.leave = action(self.tr("&Leave Step Mode"), ["Esc"])
        self.tour = QAction(self.tr("Backprop X-ray &Tour…"), window)
        self.keys = QAction(self.tr("X-ray &Keys"), window)
        self.keys.triggered.connect(self.show_keys)
        self.step_actions = [self.forward, self.backward, self.run_pass, self.update,
                             self.restart, self.leave]

    def bind(self, action: QAction, slot: Callable[[], object]) -> None:
        action.triggered.connect(lambda checked=False: slot())

    def build_menus(self, dock_actions: list[QAction]) -> QMenu:
        """The X-ray menu (inserted before Help) and the Help entries."""
        bar = self.window.menuBar()
        menu = QMenu(self.tr("&X-ray"), bar)
        menu.addAction(self.toggle)
        menu.addActions(self.step_actions)
        menu.addSeparator()
        menu.addActions(dock_actions)
        menu.addSeparator()
        menu.addActions([self.tour, self.keys])
        # Found by name: its title is in the user's language.
        help_action = next((a for a in bar.actions()
                            if a.menu() is not None and a.menu().objectName() == HELP_MENU),
                           None)
        if help_action is not None:
            bar.insertMenu(help_action, menu)
            help_menu = help_action.menu()
            first = help_menu.actions()[0] if help_menu.actions() else None
            help_menu.insertActions(first, [self.tour, self.keys])
            help_menu.insertSeparator(first)
        else:
            bar.addMenu(menu)
        return menu

    def set_stepping(self, active: bool, allowed: bool) -> None:
        """Step keys work only in step mode, and not while training runs."""
        self.toggle.setChecked(active)
        for item in self.step_actions:
            item.setEnabled(active and (allowed or item is self.leave))

    def show_keys(self) -> None:
        QMessageBox.information(self.window, self.tr("X-ray keys"),
                                self.tr("With the canvas focused:") + "<br><br>" + keys_html())
