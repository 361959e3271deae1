"""Shared test set-up: Qt renders offscreen, so tests run on machines without a screen."""

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# pytest-qt reads its binding from here (when installed; the core's tests run without it)
os.environ.setdefault("PYTEST_QT_API", "pyside6")


@pytest.fixture(scope="session", autouse=True)
def _empty_clipboard_before_exit():
    """Qt deletes the clipboard's QMimeData in an exit handler, after Python has shut
    down; if a test copied neurons, that deletion reaches a dead interpreter and the
    process segfaults after the last test. Empty the clipboard while Python still runs."""
    yield
    import sys

    if "PySide6.QtWidgets" in sys.modules:
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        if app is not None:
            app.clipboard().clear()
            app.processEvents()
