"""Crash recovery in the window: a copy of unsaved work now and then, offered back at start.

The copies live in ``QStandardPaths.AppDataLocation``/recovery and go through
:class:`bpstudio.formats.recovery.RecoveryStore`, which writes them atomically and never
over the user's own file. A copy is written about once a minute while the document has
unsaved changes (edits, or training progress not yet saved) and right after training
stops; it is removed when the document is saved, closed cleanly, undone back to its saved
state, or replaced after the save prompt. What is left after a crash is offered at the next
start: "Restore unsaved work from HH:MM?" with Restore / Discard / Later.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QStandardPaths, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from bpstudio.formats.bpnet import BpnetError
from bpstudio.formats.recovery import Recovery, RecoveryStore, new_untitled_id
from bpstudio.ui.document.file_actions import Document
from bpstudio.ui.i18n import translate

if TYPE_CHECKING:
    from bpstudio.ui.main_window import MainWindow

AUTOSAVE_INTERVAL_MS = 60_000
RESTORE, DISCARD, LATER = "restore", "discard", "later"


def default_recovery_folder() -> Path:
    """Where the application keeps its recovery copies (the user's data folder)."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base) / "recovery"



class AutoSaver(QObject):
    """Keeps the window's recovery copy up to date; disabled when ``store`` is None
    (tests, screenshots)."""

    #: a copy was written to this path
    saved = Signal(Path)
    #: a passing report for the status bar
    message = Signal(str)

    def __init__(self, window: MainWindow, store: RecoveryStore | None,
                 interval_ms: int = AUTOSAVE_INTERVAL_MS) -> None:
        super().__init__(window)
        self.window = window
        self.store = store
        self.untitled_id = new_untitled_id()   # names the copy while there is no file
        self._written: tuple[Path | None, str] | None = None   # the copy on disk, if any
        self._changed = False                  # something changed since the last copy
        self._failed = False                   # the last write failed (said once)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._on_tick)
        if store is not None:
            self.timer.start()

    # -------------------------------------------------------------- triggers
    def note_change(self, *_: object) -> None:
        """The document or its training progress changed: the next tick writes a copy."""
        self._changed = True

    def training_state_changed(self, state: str) -> None:
        """Training paused or ended: write the copy now (after the weights are applied)."""
        if state in ("paused", "finished", "idle"):
            self._changed = True
            QTimer.singleShot(0, self._on_tick)

    def _on_tick(self) -> None:
        if self._changed:
            self.autosave_now()

    # -------------------------------------------------------------- writing
    def has_unsaved_work(self) -> bool:
        window = self.window
        return (not window.undo_stack.isClean()
                or window.training.has_unsaved_progress())

    def autosave_now(self) -> Path | None:
        """Write the copy if there is unsaved work, else remove it; the copy's path."""
        self._changed = False
        document = self.window.document
        if self.store is None or document is None:
            return None
        if not self.has_unsaved_work():
            self.discard()
            return None
        key = (document.path, "" if document.path is not None else self.untitled_id)
        try:
            path = self.store.write(self.window.training.network_for_saving(),
                                    document.info, *key)
        except (BpnetError, ValueError) as error:
            if not self._failed:    # once, not every minute
                self.message.emit(translate("AutoSaver", "Cannot keep a recovery copy: {0}")
                                  .format(error))
            self._failed = True
            return None
        self._failed = False
        if self._written is not None and self._written != key:
            self.store.discard(*self._written)    # Save As moved it to a new name
        self._written = key
        self.saved.emit(path)
        return path

    # -------------------------------------------------------------- cleaning up
    def discard(self) -> None:
        """Remove the copy of the shown document (saved, closed cleanly, replaced)."""
        if self.store is not None and self._written is not None:
            self.store.discard(*self._written)
        self._written = None

    def document_saved(self) -> None:
        self._changed = False
        self.discard()

    def document_replaced(self) -> None:
        """Another document is about to be shown: the user already answered the prompt
        about this one, so its copy goes."""
        self.discard()
        self._changed = False
        self.untitled_id = new_untitled_id()

    def adopt(self, recovery: Recovery, document: Document) -> None:
        """``document`` was restored from ``recovery``: later copies replace that one."""
        if document.path is None:
            self.untitled_id = recovery.untitled_id or self.untitled_id
        self._written = (document.path, "" if document.path is not None else self.untitled_id)
        if self.store is not None and self.store.path_for(*self._written) != recovery.path:
            self.store.remove(recovery)     # the document moved: its next copy is elsewhere
            self._written = None
        self._changed = True

    # -------------------------------------------------------------- at start
    def offer_recovery(self) -> bool:
        """Offer the copies a crash left behind, newest first; True if one was restored.

        Discard removes a copy, Later keeps it for the next start; once one is restored
        the rest wait for the next start too (one document per window)."""
        if self.store is None:
            return False
        self.store.remove_stale()
        for recovery in self.store.pending():
            answer = ask_restore(self.window, recovery)
            if answer == DISCARD:
                self.store.remove(recovery)
            elif answer == RESTORE:
                return self._restore(recovery)
        return False

    def _restore(self, recovery: Recovery) -> bool:
        window = self.window
        try:
            network, info = self.store.restore(recovery)   # type: ignore[union-attr]
        except BpnetError as error:
            QMessageBox.warning(window, translate("AutoSaver", "Cannot restore"),
                                translate("AutoSaver", "{0}\n\nThe copy was left where it "
                                                       "is.").format(error))
            return False
        path = recovery.document if recovery.document is not None else None
        document = Document(network, info, path.resolve() if path is not None else None)
        window.set_document(document)
        window.undo_stack.resetClean()     # restored work is unsaved until the user saves
        window.update_title()
        self.adopt(recovery, document)
        window.show_message(translate("AutoSaver", "Restored the unsaved work on {0} from {1}; "
                                                   "save it to keep "
                                "it").format(document.display_name,
                                             _when(recovery.saved_at)))
        return True


def _when(timestamp: float) -> str:
    """HH:MM for today's copies, with the date for older ones."""
    moment = datetime.datetime.fromtimestamp(timestamp)
    if moment.date() == datetime.date.today():
        return moment.strftime("%H:%M")
    return moment.strftime("%Y-%m-%d %H:%M")


def ask_restore(parent: QWidget, recovery: Recovery) -> str:
    """Restore / Discard / Later for one copy (tests replace this function)."""
    name = (recovery.document.name if recovery.document is not None
            else recovery.title or translate("AutoSaver", "an unsaved network"))
    box = QMessageBox(QMessageBox.Icon.Question, translate("AutoSaver", "Restore unsaved work"),
                      translate("AutoSaver", "Restore unsaved work from {0}?")
                      .format(_when(recovery.saved_at)),
                      QMessageBox.StandardButton.NoButton, parent)
    if recovery.document is not None and recovery.document_exists:
        detail = translate("AutoSaver", "BP Studio ended without saving the changes to {0}. A "
                                        "copy of them "
                     "was kept; {0} itself is as it was last saved.").format(name)
    elif recovery.document is not None:
        detail = translate("AutoSaver", "BP Studio ended without saving the changes to {0}, which "
                                        "no longer "
                     "exists. A copy of them was kept.").format(name)
    else:
        detail = translate("AutoSaver", "BP Studio ended before {0} was ever saved. A copy was "
                                        "kept."
                     ).format(name)
    box.setInformativeText(detail + "\n\n" + translate("AutoSaver", "Later keeps the copy for the "
                                                                    "next start."))
    restore = box.addButton(translate("AutoSaver", "Restore"), QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(translate("AutoSaver", "Discard"),
                            QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(translate("AutoSaver", "Later"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore)
    box.exec()
    clicked = box.clickedButton()
    return RESTORE if clicked is restore else DISCARD if clicked is discard else LATER
