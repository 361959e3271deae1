"""The window's module imports only what its first frame needs; the rest loads on first use.

Start-up time is measured in bench/bench_startup.py; this test keeps the lazy imports lazy.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

# Loaded on first use: exporting, the CSV / image-folder / IDX readers, Pillow, the CLI.
NOT_AT_START = ("bpstudio.formats.exports", "bpstudio.formats.export_onnx",
                "bpstudio.formats.export_torch", "bpstudio.formats.export_c",
                "bpstudio.formats.export_npz", "bpstudio.formats.torch_pt",
                "bpstudio.formats.imports", "bpstudio.formats.import_onnx",
                "bpstudio.data.csv_loader", "bpstudio.data.image_folder",
                "bpstudio.data.image_cache", "bpstudio.data.idx", "PIL", "bpstudio.headless",
                *(PLOTTING := ("pyqtgraph", "bpstudio.ui.plots.loss_plot",
                               "bpstudio.ui.plots.boundary_plot")))

SCRIPT = f"""
import json, sys
import bpstudio.ui.main_window
print(json.dumps([m for m in {NOT_AT_START!r} if m in sys.modules]))
import bpstudio.data, bpstudio.data.csv_loader as csv_loader
from bpstudio.ui.document.file_actions import import_filter
assert bpstudio.data.load_csv_dataset is csv_loader.load_csv_dataset
assert bpstudio.data.load_inputs_csv is csv_loader.load_inputs_csv
assert "*.onnx" in import_filter()
"""


@pytest.mark.slow
def test_importing_the_main_window_leaves_what_the_first_frame_does_not_need() -> None:
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                            check=False, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


# Opens the window as `bpstudio` does (the XOR example, shown): pyqtgraph and the plots
# wait until the first frame has painted, then build by themselves in the plots' places.
FIRST_FRAME = f"""
import json, sys, tempfile
from pathlib import Path
from PySide6.QtCore import QEvent, QObject, QSettings
from PySide6.QtWidgets import QApplication
app = QApplication([])
from bpstudio.formats.bpnet import ProjectInfo
from bpstudio.model.builders import layered
from bpstudio.ui.document.file_actions import Document
from bpstudio.ui.main_window import MainWindow
settings = QSettings(str(Path(tempfile.mkdtemp()) / "s.ini"), QSettings.Format.IniFormat)
window = MainWindow(settings)
window.set_document(Document(layered([2, 2, 1], "tanh", "sigmoid"), ProjectInfo("t")))
seen = {{}}


class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and "at first paint" not in seen:
            seen["at first paint"] = [m for m in {PLOTTING!r} if m in sys.modules]
        return False


spy = FirstPaint()
app.installEventFilter(spy)
seen["before show"] = [m for m in {PLOTTING!r} if m in sys.modules]
window.show()
plots, boundary = window.training_plots, window.visuals.boundary
for _ in range(1000):
    if plots.is_built() and boundary.is_plot_built():
        break
    app.processEvents()
seen["built"] = plots.is_built() and boundary.is_plot_built()
seen["after"] = [m for m in {PLOTTING!r} if m in sys.modules]
print(json.dumps(seen))
"""


@pytest.mark.slow
def test_the_plots_load_after_the_first_frame() -> None:
    result = subprocess.run([sys.executable, "-c", FIRST_FRAME], capture_output=True,
                            text=True, check=False, timeout=120,
                            env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.splitlines()[-1])
    assert seen["before show"] == [] and seen["at first paint"] == []
    assert seen["built"] and seen["after"] == list(PLOTTING)
