"""``bpstudio runs --compare A B --plot OUT.png``: two runs' curves overlaid, in a PNG.

Drawn with pyqtgraph offscreen and written with its image exporter; only this command
of the headless ones imports Qt, and it needs no display.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from bpstudio.model.runs import Run

WIDTH, HEIGHT = 1100, 420


def _application() -> object:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def write_comparison(runs: Sequence[tuple[Run, int]], path: str) -> None:
    """Loss (train dashed, test solid, log scale) and test metric of ``runs`` — (run, its
    index in the document) — side by side, each run in its colour, with a legend.
    OSError if the file cannot be written."""
    app = _application()
    import pyqtgraph as pg
    from pyqtgraph.exporters import ImageExporter
    from PySide6.QtCore import Qt

    from bpstudio.ui.plots.run_overlay import column, metric_scale, run_colour

    pg.setConfigOptions(antialias=True, background="w", foreground="#374151")
    layout = pg.GraphicsLayoutWidget()
    layout.resize(WIDTH, HEIGHT)
    loss = layout.addPlot(title="Loss (train dashed, test solid)")
    loss.setLogMode(y=True)
    metric_name = next((r.metric_name for r, _ in runs if r.metric_name), "")
    metric = layout.addPlot(title="R²" if metric_name == "r2" else "Test accuracy (%)")
    legend = loss.addLegend(offset=(-10, 10))
    for plot in (loss, metric):
        plot.setLabel("bottom", "epoch")
        plot.showGrid(x=True, y=True, alpha=0.15)
    for run, index in runs:
        colour = run_colour(index)
        solid = pg.mkPen(colour, width=2)
        dashed = pg.mkPen(colour, width=1.5, style=Qt.PenStyle.DashLine)
        x, y = column(run, "train_loss")
        positive = y > 0
        loss.plot(x[positive], y[positive], pen=dashed)
        x, y = column(run, "test_loss")
        test_line = loss.plot(x[y > 0], y[y > 0], pen=solid)
        legend.addItem(test_line, f"{index + 1}: {run.name}")   # room for whole names
        x, y = column(run, "test_metric", metric_scale(run))
        metric.plot(x, y, pen=solid)
    layout.show()   # offscreen: lays the items out so the exporter sees their sizes
    app.processEvents()   # type: ignore[attr-defined]
    exporter = ImageExporter(layout.scene())
    exporter.parameters()["width"] = WIDTH
    image = exporter.export(toBytes=True)
    layout.close()
    if not image.save(path, "PNG"):
        raise OSError(0, "Qt could not write the PNG")
