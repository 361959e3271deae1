"""Ctrl+Z and Ctrl+Shift+Z reach the document's history from the docks' fields.

A focused line edit or spin box claims Ctrl+Z for its own text undo, so the window's Undo
never fired while a Properties or Training field had the focus, though every edit there is
a document command. This filter takes those keys from the field, commits the field (its
value becomes one undo step, as leaving the field would make it) and triggers the window's
Undo or Redo; the field gets the focus back afterwards.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDockWidget,
    QLineEdit,
    QWidget,
)

FIELDS = (QLineEdit, QAbstractSpinBox, QComboBox)


class DockUndoFilter(QObject):
    """Filters the focused field of one window's docks."""

    def __init__(self, window: QWidget, undo: QAction, redo: QAction) -> None:
        super().__init__(window)
        self.window = window
        self.undo, self.redo = undo, redo
        app = QApplication.instance()
        if isinstance(app, QApplication):
            # Filter only the field that has the focus, not every event of the application.
            app.focusChanged.connect(self._on_focus_changed)

    def _on_focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if isinstance(new, FIELDS) and self._in_a_dock(new):
            new.installEventFilter(self)     # installing twice keeps one filter

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) \
                or not isinstance(watched, FIELDS) or not isinstance(event, QKeyEvent):
            return False
        action = self._action_for(event)
        if action is None or not self._in_a_dock(watched):
            return False
        if kind == QEvent.Type.ShortcutOverride:
            event.accept()     # the key comes to the field (to us), not to a shortcut
            return True
        field = watched
        field.clearFocus()     # commits the field (editingFinished): one undo step
        action.trigger()
        QTimer.singleShot(0, lambda: field.setFocus() if field.isVisible() else None)
        return True

    def _action_for(self, event: QKeyEvent) -> QAction | None:
        if event.matches(QKeySequence.StandardKey.Undo):
            return self.undo
        if event.matches(QKeySequence.StandardKey.Redo) or \
                QKeySequence(event.keyCombination()).matches(QKeySequence("Ctrl+Y")) \
                == QKeySequence.SequenceMatch.ExactMatch:
            return self.redo
        return None

    def _in_a_dock(self, widget: QWidget) -> bool:
        parent = widget.parentWidget()
        while parent is not None:
            if isinstance(parent, QDockWidget):
                return parent.parentWidget() is self.window or parent.window() is self.window
            parent = parent.parentWidget()
        return False
