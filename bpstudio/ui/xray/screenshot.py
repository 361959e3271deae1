"""The README's X-ray picture: XOR after a whole pass, the chain rule and the lens open.

``python -m bpstudio.ui.xray.screenshot docs/images/xray.png`` renders it offscreen.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

SIZE = (1680, 1000)
SAMPLE = 2            # x1 = 1, x2 = 0 → 1: the chain for x1 → h3 has a non-zero gradient


def show_xray_pass(window) -> None:
    """Show the X-ray of ``window``'s network after a whole pass on one sample, with the
    chain rule and the nudge lens of an input's weight open (the other docks hidden)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QDockWidget

    xray = window.xray
    mine = set(xray.docks)
    for dock in window.findChildren(QDockWidget):
        if dock not in mine:
            dock.hide()       # the picture is about the X-ray
    window.show()
    network = window.document.network
    xray.session.set_samples(min(SAMPLE, max(xray.session.n_samples() - 1, 0)), 1)
    xray.step.run_pass()
    edge = next((c.id for c in network.connections.values()
                 if network.neurons[c.source].role == "input"), None)
    if edge is not None:
        xray.session.select_parameter("weight", edge)
    for dock in (xray.chain_dock, xray.lens_dock):
        xray.show_dock(dock)
    width = window.width()
    window.resizeDocks([xray.step_dock], [round(width * 0.2)], Qt.Orientation.Horizontal)
    window.resizeDocks([xray.chain_dock, xray.lens_dock],
                       [round(width * 0.39), round(width * 0.41)], Qt.Orientation.Horizontal)
    window.resizeDocks([xray.chain_dock], [round(window.height() * 0.43)],
                       Qt.Orientation.Vertical)
    QApplication.processEvents()
    window.view.fit_to_view()
    window.view.zoom_by(1.3)           # labels are in pixels: spread the neurons out
    QApplication.processEvents()


def render_window_png(out: Path, size: tuple[int, int], document,
                      arrange: Callable[[Any], None]) -> Path:
    """Render a main window of ``size`` showing ``document`` to ``out`` (PNG), offscreen,
    after ``arrange(window)`` set up the picture; with throwaway settings, so a picture
    never depends on, or changes, the user's."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from bpstudio.ui.app import _application
    from bpstudio.ui.main_window import MainWindow

    _application()
    with tempfile.TemporaryDirectory() as folder:
        settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings)
        window.resize(*size)
        window.set_document(document)
        arrange(window)
        image = window.grab()
        window.files.maybe_save = lambda: True       # a picture: nothing to save
        window.close()
        window.deleteLater()
        QApplication.processEvents()
    out.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(out), "PNG"):
        raise OSError(f"cannot write {out}")
    return out


def render_xray_screenshot(out: Path, size: tuple[int, int] = SIZE) -> Path:
    """Render the window with the X-ray on the XOR example to ``out`` (PNG)."""
    from bpstudio.ui.document.file_actions import read_example

    return render_window_png(out, size, read_example("xor"), show_xray_pass)


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/images/xray.png")
    print(f"wrote {render_xray_screenshot(target)}")
