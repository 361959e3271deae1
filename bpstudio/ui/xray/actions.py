"""The X-ray's keys and menus: an "X-ray" menu before Help, two entries in Help.

Step keys only work while the canvas has focus and step mode is on, so they never take
a key from the editor (its keys are Ctrl+…, F, S, C, +, −, Delete and Space).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox

if TYPE_CHECKING:
    from bpstudio.ui.host import PluginHost

KEYS = (
    ("X", "step mode on / off"),
    ("→  or  .", "forward step: the next neuron, then the loss"),
    ("←  or  ,", "backward step: the next neuron from the loss back"),
    ("Shift+→", "run the whole pass"),
    ("U", "apply the update w ← w − η·∂L/∂w"),
    ("Home", "restart the pass"),
    ("Esc", "leave step mode"),
)
KEYS_HTML = "<br>".join(f"<b>{key}</b> &nbsp; {what}" for key, what in KEYS)
KEYS_LINE = " · ".join(f"{key.split()[0]} {what.split(':')[0]}" for key, what in KEYS)


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

        self.toggle = action("&Step Through a Pass", ["X"],
                             "Show every neuron's numbers on the canvas, one step at a time")
        self.toggle.setCheckable(True)
        self.forward = action("&Forward Step", ["Right", "."], "Compute the next neuron")
        self.backward = action("&Backward Step", ["Left", ","],
                               "Backpropagate through the next neuron")
        self.run_pass = action("Run the Whole &Pass", ["Shift+Right"])
        self.update = action("Apply the &Update", ["U"], "One gradient step, undoable")
        self.restart = action("&Restart the Pass", ["Home"])
        self.leave = action("&Leave Step Mode", ["Esc"])
        self.tour = QAction("Backprop X-ray &Tour…", window)
        self.keys = QAction("X-ray &Keys", window)
        self.keys.triggered.connect(self.show_keys)
        self.step_actions = [self.forward, self.backward, self.run_pass, self.update,
                             self.restart, self.leave]

    def bind(self, action: QAction, slot: Callable[[], object]) -> None:
        action.triggered.connect(lambda checked=False: slot())

    def build_menus(self, dock_actions: list[QAction]) -> QMenu:
        """The X-ray menu (inserted before Help) and the Help entries."""
        bar = self.window.menuBar()
        menu = QMenu("&X-ray", bar)
        menu.addAction(self.toggle)
        menu.addActions(self.step_actions)
        menu.addSeparator()
        menu.addActions(dock_actions)
        menu.addSeparator()
        menu.addActions([self.tour, self.keys])
        help_action = next((a for a in bar.actions() if a.text().replace("&", "") == "Help"),
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
        QMessageBox.information(self.window, "X-ray keys",
                                "With the canvas focused:<br><br>" + KEYS_HTML)
