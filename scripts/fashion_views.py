"""Render the fashion example's image views for the README: train it a few seconds in the
real window (offscreen), then draw the Digits dock's three tabs — test images with their
predicted and true class names, the confusion matrix, the first-layer weight pictures —
side by side into one PNG.

    QT_QPA_PLATFORM=offscreen python scripts/fashion_views.py docs/images/fashion-views.png
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication

PANEL_SIZE = (470, 560)     # each tab, in pixels
TRAIN_SECONDS = 8.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--train-for", type=float, default=TRAIN_SECONDS)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from bpstudio.ui.app import _train_in_window
    from bpstudio.ui.document.file_actions import read_example
    from bpstudio.ui.main_window import MainWindow
    from bpstudio.ui.theme import apply_theme

    apply_theme(app)
    with tempfile.TemporaryDirectory() as folder:
        window = MainWindow(QSettings(str(Path(folder) / "s.ini"), QSettings.Format.IniFormat))
        window.resize(1400, 880)
        window.set_document(read_example("fashion"))
        window.show()
        app.processEvents()
        if _train_in_window(window, args.train_for):
            return 2
        while window.training.state not in ("finished", "idle"):   # let the run land
            window.training.stop()
            app.processEvents()
        panel = window.visuals.digits
        panel.setParent(None)           # out of its dock, at the size the picture wants
        panel.resize(*PANEL_SIZE)
        panel.show()
        shots = []
        for tab in (panel.images_tab, panel.confusion_tab, panel.weights_tab):
            panel.tabs.setCurrentIndex(tab)
            window.visuals.redraw_now()
            app.processEvents()
            shots.append(panel.grab().toImage())
        width = sum(s.width() for s in shots)
        height = max(s.height() for s in shots)
        picture = QImage(width, height, QImage.Format.Format_RGB32)
        picture.fill(QColor("#ffffff"))
        painter = QPainter(picture)
        x = 0
        for shot in shots:
            painter.drawImage(x, 0, shot)
            x += shot.width()
        painter.end()
        window.files.maybe_save = lambda: True
        panel.close()
        window.close()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    if not picture.save(str(args.out), "PNG"):
        print(f"cannot write {args.out}", file=sys.stderr)
        return 2
    print(f"wrote {args.out} ({width}×{height})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
