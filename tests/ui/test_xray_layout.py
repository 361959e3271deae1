"""The X-ray docks at the window sizes people have (1366×768, 1920×1080): every number
and button the panels print is on screen, not clipped or covered."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from bpstudio.ui.file_actions import read_example
from bpstudio.ui.main_window import MainWindow

SIZES = [(1366, 768), (1920, 1080)]


@pytest.fixture(params=SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def big_window(request, qtbot, settings, dialogs):
    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.resize(*request.param)
    win.show()
    qtbot.waitExposed(win)
    win.set_document(read_example("xor"))
    settle()
    return win


def settle() -> None:
    for _ in range(4):
        QApplication.processEvents()


def needed_height(label) -> int:
    """The height the label's text needs at its width (its own minimum aside)."""
    old = label.minimumHeight()
    label.setMinimumHeight(0)
    need = label.heightForWidth(label.width())
    label.setMinimumHeight(old)
    return need


@pytest.mark.parametrize("moved", [False, True])
def test_lens_numbers_are_all_visible(big_window, moved):
    xray = big_window.xray
    net = big_window.document.network
    xray.session.select_parameter("weight", sorted(net.connections)[0])
    xray.show_dock(xray.lens_dock)
    settle()
    lens = xray.lens_panel
    if moved:                       # the longest text: "(network: …)" after the trial value
        lens.slider.setValue(900)
        settle()
    label = lens.numbers
    assert "relative error" in label.text()
    assert label.isVisible() and label.height() >= needed_height(label)
    below = min(lens.slider.geometry().top(), lens.eps_slider.geometry().top())
    assert label.geometry().bottom() < below
    assert lens.plot.height() >= lens.plot.minimumHeight()
