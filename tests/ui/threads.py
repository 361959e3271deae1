"""Tracks the QThreads a test starts, so a test that leaves one running fails."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QThread


def alive(thread: QThread) -> bool:
    """A thread still runs (a deleted QThread had ended: Qt aborts the process when a
    running QThread is destroyed)."""
    return shiboken6.isValid(thread) and thread.isRunning()


class StartedThreads(list):
    """Every QThread started while installed (QThread.start is patched by the fixture)."""

    def running(self) -> list[QThread]:
        return [t for t in self if alive(t)]

    def end_all(self, timeout_ms: int = 30_000) -> None:
        """Stop survivors so the process does not abort when Qt destroys them."""
        for thread in self.running():
            shutdown = getattr(thread, "shutdown", None)
            if shutdown is not None:
                shutdown(timeout_ms)
            else:
                thread.quit()
                thread.wait(timeout_ms)
