"""The status bar: the welcome line fits at the default window size."""

from __future__ import annotations

import pytest

from bpstudio.formats.bpnet import ProjectInfo
from bpstudio.model.network import Network
from bpstudio.ui import i18n
from bpstudio.ui.document.file_actions import Document
from bpstudio.ui.main_window import MainWindow, welcome
from tests.ui.conftest import xor_network


def _message_room(window) -> int:
    """Pixels left of the leftmost visible permanent widget: where messages are drawn."""
    permanent = (window.training_label, window.counts_label, window.zoom_label)
    return min(w.geometry().left() for w in permanent if w.isVisible())


@pytest.fixture(params=["en", "zh_CN"])
def language(request, qapp):
    i18n.install_language(request.param)
    yield request.param
    i18n.install_language("en")


def test_the_welcome_line_fits_at_the_default_size(qtbot, settings, dialogs, language):
    WELCOME = welcome()                      # noqa: N806  (in the language under test)
    window = MainWindow(settings)            # its own default size, not a test's
    qtbot.addWidget(window)
    window.set_document(Document(xor_network(), ProjectInfo("XOR")))
    window.show()
    qtbot.waitExposed(window)
    window.show_message(WELCOME, timeout_ms=0)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == WELCOME)
    assert window.training_label.isHidden()              # nothing to say yet: no room taken
    text_width = window.statusBar().fontMetrics().horizontalAdvance(WELCOME)
    assert text_width + 12 < _message_room(window)
    window.training_label.setText("Training · epoch 12 · step 48 · 900 steps/s · 0:01.2")
    assert window.training_label.isVisibleTo(window)
    window.training_label.setText("")
    assert window.training_label.isHidden()


def test_counts_are_singular_for_one(window):
    """"1 neurons", "1 connections" (issue 10 §4)."""
    from PySide6.QtCore import QPointF

    window.set_document(Document(Network(), ProjectInfo("empty")))
    assert window.counts_label.text() == "0 neurons · 0 connections"
    window.editor.add_neurons("input", 1, QPointF(0, 0))
    window.editor.add_neurons("output", 1, QPointF(200, 0))
    assert window.counts_label.text() == "2 neurons · 0 connections"
    first, second = sorted(window.document.network.neurons)
    window.editor.connect(first, second)
    assert window.counts_label.text() == "2 neurons · 1 connection"
    window.undo_stack.undo()
    window.undo_stack.undo()
    assert window.counts_label.text() == "1 neuron · 0 connections"
