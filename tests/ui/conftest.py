"""Fixtures for the editor tests: a main window on a temporary settings file."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, QSettings, Qt, QThread
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from bpstudio.formats.bpnet import ProjectInfo
from bpstudio.model.builders import layered
from bpstudio.model.network import Network
from bpstudio.ui.document.file_actions import Document, read_example
from bpstudio.ui.main_window import MainWindow
from tests.ui.threads import StartedThreads, alive


def xor_network() -> Network:
    """The tutorial's 2-2-1 network with distinct, non-zero weights."""
    network = layered([2, 2, 1])
    network.set_parameters({cid: 0.5 + 0.25 * i for i, cid in enumerate(sorted(
        network.connections))}, {})
    return network


@pytest.fixture(scope="session", autouse=True)
def themed(qapp):
    """Every UI test sees the look users see (style, palette, font), not Qt's default: the
    app applies it at start, and a test that renders like the app would otherwise change
    it for the tests after it."""
    from bpstudio.ui.i18n import install_language
    from bpstudio.ui.theme import apply_theme

    apply_theme(qapp)
    install_language("en")       # as the app does: English, with its plural forms


@pytest.fixture(scope="package", autouse=True)
def gui_thread_collection(qapp):
    """As the app does: garbage (Qt objects among it) collected on the GUI thread only; back
    to automatic collection for the Qt-free tests after these."""
    from bpstudio.ui.main_thread_gc import collect_on_gui_thread

    collector = collect_on_gui_thread(qapp)
    yield collector
    collector.stop()


@pytest.fixture(autouse=True)
def workers(monkeypatch):
    """Every QThread (training workers above all) a UI test starts; all must have ended
    when the test's widgets have been closed, or the test fails."""
    started = StartedThreads()
    original = QThread.start

    def start(self, *args):
        started.append(self)
        original(self, *args)

    monkeypatch.setattr(QThread, "start", start)
    yield started
    survivors = started.running()
    started.end_all()
    assert not survivors, f"{len(survivors)} thread(s) survived the test: {survivors}"


@pytest.fixture
def settings(tmp_path) -> QSettings:
    """A fresh settings file; training goes at full speed (tests of the pace choose
    theirs), so runs end as fast as before the Speed control existed."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("view/training_pace", "full")
    return settings


class Dialogs:
    """Answers modal dialogs instead of a user, and records what they said."""

    def __init__(self) -> None:
        self.answer = QMessageBox.StandardButton.Discard
        self.questions: list[str] = []
        self.warnings: list[str] = []

    def question(self, parent, title, text, *args, **kwargs):
        self.questions.append(text)
        return self.answer

    def warning(self, parent, title, text, *args, **kwargs):
        self.warnings.append(text)
        return QMessageBox.StandardButton.Ok


@pytest.fixture
def dialogs(monkeypatch) -> Dialogs:
    answers = Dialogs()
    monkeypatch.setattr(QMessageBox, "question", answers.question)
    monkeypatch.setattr(QMessageBox, "warning", answers.warning)
    return answers


@pytest.fixture
def window(qtbot, settings, dialogs):
    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.resize(1200, 800)
    win.set_document(Document(xor_network(), ProjectInfo("XOR")))
    win.show()
    qtbot.waitExposed(win)
    win.view.fit_to_view()
    win.dialogs = dialogs
    yield win
    # pytest-qt closes the window after the test: the Dialogs answer its prompt (Discard).
    win.view.cancel_gesture()


@pytest.fixture
def win(qtbot, settings, dialogs, workers):
    """A main window on the XOR example; closed (and checked thread-free) afterwards."""
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.set_document(read_example("xor"))
    window.show()
    qtbot.waitExposed(window)
    window.dialogs = dialogs
    yield window
    window.close()
    assert window.training.session is None
    assert not any(alive(w) for w in workers)


def viewport_point(view, scene_pos: QPointF) -> QPoint:
    return view.mapFromScene(scene_pos)


def drag(view, start: QPointF, end: QPointF, steps: int = 6,
         button=Qt.MouseButton.LeftButton,
         modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    """Press at ``start``, move in steps, release at ``end`` (scene coordinates)."""
    viewport = view.viewport()
    a, b = viewport_point(view, start), viewport_point(view, end)
    QTest.mousePress(viewport, button, modifiers, a)
    for i in range(1, steps + 1):
        p = a + (b - a) * (i / steps)
        QTest.mouseMove(viewport, p)
    QTest.mouseRelease(viewport, button, modifiers, b)


def neuron_pos(window, neuron_id: int) -> QPointF:
    return window.scene.neuron_item(neuron_id).pos()


def port_pos(window, neuron_id: int) -> QPointF:
    item = window.scene.neuron_item(neuron_id)
    return item.mapToScene(item.port_center())
