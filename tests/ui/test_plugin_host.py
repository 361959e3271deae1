"""Plug-ins find their host through the PluginHost protocol, and the window keeps them."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMainWindow

from bpstudio.ui.host import PluginHost, check_host
from bpstudio.ui.visuals import install_visuals
from bpstudio.ui.visuals.controller import VisualsController
from bpstudio.ui.xray import XRay, install_xray


def test_the_main_window_is_a_host_that_keeps_its_plugins(window):
    assert isinstance(window, PluginHost) and check_host(window) is window
    assert isinstance(window.visuals, VisualsController) and isinstance(window.xray, XRay)
    assert window.visuals.window is window and window.xray.session.window is window


def test_a_window_that_is_no_host_is_refused_with_what_it_lacks(qtbot):
    bare = QMainWindow()
    qtbot.addWidget(bare)
    for install in (install_visuals, install_xray):
        with pytest.raises(TypeError, match="QMainWindow cannot host plug-ins: it lacks "
                                            "view, editor, training"):
            install(bare)


def test_x_ray_edits_are_undo_steps_pushed_by_the_editor(window, monkeypatch):
    pushed = []
    original = window.editor.push
    monkeypatch.setattr(window.editor, "push",
                        lambda command: (pushed.append(command.text()), original(command))[1])
    window.xray.toggle_step_mode()
    assert window.xray.step.apply_update()
    assert pushed == ["X-ray: one gradient step"]
    assert window.undo_stack.undoText() == "X-ray: one gradient step"
