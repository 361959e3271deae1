"""Render docs/images/runs.png: the README's "Compare runs" picture.

A sweep of the spiral example (learning rate × optimiser) is recorded as runs, three of
them are ticked in the Runs dock, and the plots with the dock beside them are grabbed
offscreen:

    .venv/bin/python scripts/make_runs_screenshot.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "docs" / "images" / "runs.png"


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QRect, QSettings, Qt
    from PySide6.QtWidgets import QApplication

    from bpstudio.examples import EXAMPLES_DIR
    from bpstudio.run_record import append_run
    from bpstudio.sweep import make_grid, parse_assignment, run_sweep
    from bpstudio.ui.document.file_actions import read_example
    from bpstudio.ui.main_window import MainWindow
    from bpstudio.ui.theme import apply_theme

    app = QApplication(sys.argv[:1])
    apply_theme(app)
    document = read_example("spiral")
    network = document.network
    network.set_settings(network.settings.with_changes(epochs=400))
    grid = make_grid([parse_assignment("learning_rate=0.003,0.03"),
                      parse_assignment("optimizer=sgd,adam")])
    for run in run_sweep(network, grid, EXAMPLES_DIR):
        append_run(network, run)
    with tempfile.TemporaryDirectory() as folder:
        window = MainWindow(QSettings(str(Path(folder) / "settings.ini"),
                                      QSettings.Format.IniFormat))
        window.set_document(document)
        window.resize(1500, 980)
        window.show()
        app.processEvents()
        window.resizeDocks([window.plots_dock], [330], Qt.Orientation.Vertical)
        window.resizeDocks([window.properties_dock], [560], Qt.Orientation.Horizontal)
        window.resizeDocks([window.properties_dock, window.runs_dock], [600, 330],
                           Qt.Orientation.Vertical)
        app.processEvents()
        window.runs_dock.raise_()
        window.runs_panel.tick([0, 1, 3])
        window.runs_panel.select_run(3)
        app.processEvents()
        shot = window.grab()
        top = min(window.plots_dock.geometry().top(), window.runs_dock.geometry().top())
        bottom = window.plots_dock.geometry().bottom()
        area = QRect(window.plots_dock.geometry().left(), top,
                     window.runs_dock.geometry().right() - window.plots_dock.geometry().left(),
                     bottom - top)
        shot.copy(area).save(str(OUT))
        window.close()
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
