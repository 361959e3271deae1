"""The Train menu: Train/Pause/Resume, Step, Step Epoch, Finish Now, Stop, Reset Weights.

Space toggles training anywhere in the window except on a control that uses Space itself
(check boxes and buttons toggle, combo boxes open, lists select, text fields type): the
Train shortcut is lifted while such a control has focus (QApplication.focusChanged). On the
canvas, holding Space while dragging pans; a quick tap without a drag toggles training, so
both keep working there.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from bpstudio.ui.icons import icon
from bpstudio.ui.training.controller import TrainingController

TAP_SECONDS = 0.4    # a Space press shorter than this, without a drag, is a tap
# Controls whose own Space behaviour beats the window's Train shortcut when they have focus.
SPACE_USERS = (QAbstractButton, QComboBox, QAbstractItemView, QLineEdit, QAbstractSpinBox,
               QTextEdit, QPlainTextEdit, QAbstractSlider)


class TrainingActions(QObject):
    """The training actions of one window, enabled and labelled by the controller's state."""

    def __init__(self, window: QMainWindow, controller: TrainingController) -> None:
        super().__init__(window)
        self.window = window
        self.controller = controller
        c = controller
        self.train = self._action(self.tr("&Train"), c.toggle, "Space", "train",
                                  self.tr("Train the network (Space starts, pauses and "
                                          "resumes)"))
        self.step = self._action(self.tr("&Step"), c.step, "F10", "step",
                                 self.tr("One minibatch: forward pass, backward pass, one "
                                         "update"))
        self.step_epoch = self._action(self.tr("Step &Epoch"), c.step_epoch, "Shift+F10",
                                       "step-epoch",
                                       self.tr("Minibatches until the current epoch ends"))
        self.finish = self._action(self.tr("&Finish Now"), c.finish_now, "F9", "finish",
                                   self.tr("Train the rest of the run at full speed, whatever "
                                           "the chosen speed"))
        self.stop = self._action(self.tr("S&top"), c.stop, "Shift+F5", "stop",
                                 self.tr("End training and apply the trained weights (Undo "
                                         "returns to the weights before)"))
        self.reset = self._action(self.tr("&Reset Weights"), c.reset_weights, "Ctrl+Shift+R",
                                  "reset", self.tr("Fresh random weights from the initialiser "
                                                   "and seed (undoable)"))
        controller.state_changed.connect(self._on_state_changed)
        self._on_state_changed(controller.state)
        # A focused control that uses Space itself (check box, list, text field…) gets the
        # key: the shortcut is lifted while it has focus. Following focus changes costs one
        # call per focus change; an application-wide event filter would see every event.
        QApplication.instance().focusChanged.connect(self._on_focus_changed)

    def _action(self, text: str, slot: Callable[[], object], shortcut: str, icon_name: str,
                tip: str) -> QAction:
        action = QAction(icon(icon_name), text, self.window)
        action.setShortcut(QKeySequence(shortcut))
        keys = QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip} ({keys})")
        action.setStatusTip(tip)
        action.triggered.connect(lambda checked=False: slot())
        self.window.addAction(action)     # shortcuts work while the menu bar is hidden
        return action

    def actions(self) -> list[QAction]:
        return [self.train, self.step, self.step_epoch, self.finish, self.stop, self.reset]

    def menu(self, parent: QWidget) -> QMenu:
        menu = QMenu(self.tr("&Train"), parent)
        menu.addActions([self.train, self.step, self.step_epoch, self.finish, self.stop])
        menu.addSeparator()
        menu.addAction(self.reset)
        return menu

    def _on_state_changed(self, state: str) -> None:
        text, tip, icon_name = {
            "running": (self.tr("&Pause"), self.tr("Pause training (Space)"), "pause"),
            "paused": (self.tr("&Resume"), self.tr("Resume training (Space)"), "train"),
        }.get(state, (self.tr("&Train"), self.tr("Start training (Space)"), "train"))
        self.train.setText(text)
        self.train.setIcon(icon(icon_name))
        self.train.setToolTip(tip)
        stopping = state == "stopping"   # the worker ends its step; nothing to do but wait
        self.stop.setText(self.tr("Stopping…") if stopping else self.tr("S&top"))
        self.stop.setEnabled(state in ("running", "paused"))
        for action in (self.train, self.step, self.step_epoch, self.finish, self.reset):
            action.setEnabled(not stopping)

    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        wanted = QKeySequence() if isinstance(new, SPACE_USERS) else QKeySequence("Space")
        if self.train.shortcut() != wanted:
            self.train.setShortcut(wanted)

    def install_space_tap(self, view: QWidget) -> None:
        """Let ``view`` keep Space for panning while a tap still toggles training."""
        tap = SpaceTap(self.train.trigger, self)
        view.installEventFilter(tap)
        if hasattr(view, "viewport"):
            view.viewport().installEventFilter(tap)


class SpaceTap(QObject):
    """Event filter: Space goes to the widget (hold to pan); a short tap with no mouse
    press in between calls ``on_tap``."""

    def __init__(self, on_tap: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._on_tap = on_tap
        self._pressed_at: float | None = None
        self._dragged = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.ShortcutOverride and _is_plain_space(event):
            event.accept()       # the widget gets the key press, the window shortcut does not
            return True
        if kind == QEvent.Type.KeyPress and _is_plain_space(event):
            if not event.isAutoRepeat():
                self._pressed_at, self._dragged = time.monotonic(), False
        elif kind == QEvent.Type.MouseButtonPress and self._pressed_at is not None:
            self._dragged = True
        elif (kind == QEvent.Type.KeyRelease and _is_plain_space(event)
              and not event.isAutoRepeat() and self._pressed_at is not None):
            held = time.monotonic() - self._pressed_at
            self._pressed_at = None
            if not self._dragged and held < TAP_SECONDS:
                self._on_tap()
        return False


def _is_plain_space(event: QEvent) -> bool:
    return (isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Space
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier)
