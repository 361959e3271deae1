"""Editor canvas at scale: build 784-128-10 through the editor, then time painting.

Run: ``QT_QPA_PLATFORM=offscreen python -m bench.bench_canvas [--out DIR]``. Prints build
time, resident memory and frame paint times: a repeated frame, and the first frame after a
zoom step (every cache rebuilt), at fit to view (neurons batched), with live neuron fills,
between fit and 1:1, and at 1:1; with --out it also saves each frame as a PNG to look at.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SIZES = (784, 128, 10)


def rss_mib() -> float:
    """Resident memory of this process (Qt's C++ side included), in MiB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def build(window) -> dict[str, float]:
    """Three "layer of N" palette drops and two "fully connect" actions, as a user would."""
    from PySide6.QtCore import QPointF

    from bpstudio.ui.document import layout

    editor, scene = window.editor, window.scene
    timings: dict[str, float] = {}
    left = 0.0
    columns = []
    start = time.perf_counter()
    for role, count in zip(("input", "hidden", "output"), SIZES, strict=True):
        width = layout.block_width(count)
        # The palette's "layer of N" tile, set as a user sets it, dropped on the canvas
        # (the view's drop handler; only the mouse events of the drag are left out).
        window.palette.set_layer(role, count)
        window.view.drop_palette_entry(window.palette.layer_tile.entry(),
                                       QPointF(left + width / 2, 0.0))
        columns.append(scene.selected_neuron_ids())
        left += width + layout.LAYER_GAP
    timings["add layers"] = time.perf_counter() - start
    for a, b in zip(columns, columns[1:], strict=False):
        t = time.perf_counter()
        scene.select(a + b)
        assert editor.fully_connect_selection()
        timings[f"fully connect {len(a)}→{len(b)}"] = time.perf_counter() - t
    timings["build total"] = time.perf_counter() - start
    return timings


def _render_ms(view, before_each=None, repeats: int = 7) -> float:
    """Median time to paint the whole canvas once into an offscreen image, after calling
    ``before_each(i)`` (untimed) before paint ``i``."""
    from PySide6.QtGui import QImage, QPainter

    image = QImage(view.viewport().size(), QImage.Format.Format_ARGB32_Premultiplied)
    times = []
    for i in range(repeats):
        if before_each is not None:
            before_each(i)
        image.fill(0)
        painter = QPainter(image)
        start = time.perf_counter()
        view.render(painter)
        painter.end()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def zoomed_frame_ms(view, repeats: int = 7) -> float:
    """Median time of the first frame after a zoom step of 2 % (item caches and neuron
    sprites are rebuilt); the view ends at the zoom it started at."""
    start_transform = view.transform()

    def zoom_step(i: int) -> None:
        factor = 1.02 if i % 2 == 0 else 1 / 1.02
        view.scale(factor, factor)

    median = _render_ms(view, zoom_step, repeats)
    view.setTransform(start_transform)
    return median


def frame_ms(view, repeats: int = 7) -> tuple[float, list[str]]:
    """Median time to paint the whole canvas once (offscreen, into an image)."""
    groups = view.network_scene().edges.groups.values()
    for group in groups:
        group.last_mode = ""        # groups off screen keep no mode from an earlier frame
    median = _render_ms(view, repeats=repeats)
    modes = sorted({g.last_mode for g in groups if g.last_mode})
    return median, modes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="save the frames as PNGs here")
    args = parser.parse_args(argv)

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from bpstudio.formats.bpnet import ProjectInfo
    from bpstudio.model.network import Network
    from bpstudio.model.validate import validate
    from bpstudio.ui.document.file_actions import Document
    from bpstudio.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        settings = QSettings(str(Path(folder) / "s.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings)
        window.resize(1400, 880)
        window.set_document(Document(Network(), ProjectInfo()))
        window.show()
        app.processEvents()
        base = rss_mib()
        timings = build(window)
        app.processEvents()
        net = window.document.network
        print(f"network: {' - '.join(map(str, SIZES))}, {len(net.connections):,} connections, "
              f"{len(window.scene.edges.groups)} edge group items")
        for name, seconds in timings.items():
            print(f"  {name:<24} {seconds:7.2f} s")
        t = time.perf_counter()
        validate(net)
        print(f"  {'validate()':<24} {time.perf_counter() - t:7.2f} s")
        print(f"  memory (RSS) growth      {rss_mib() - base:7.0f} MiB "
              f"(process {rss_mib():.0f} MiB)")
        view, scene = window.view, window.scene
        print(f"viewport {view.viewport().width()}×{view.viewport().height()} px")
        for label, setup in (("fit to view", view.fit_to_view),
                             ("fit, fills", lambda: _fit_with_fills(window)),
                             ("0.6, centre", lambda: _one_to_one(view, zoom=0.6)),
                             ("1:1, centre", lambda: _one_to_one(view)),
                             ("1:1, inputs", lambda: _one_to_one(view, inputs=True))):
            setup()
            ms, modes = frame_ms(view)
            first = zoomed_frame_ms(view)
            neurons = "batched" if scene.neurons_batched else "one by one"
            print(f"  frame at {label:<12} {ms:6.1f} ms, after a zoom step {first:6.1f} ms  "
                  f"(zoom {view.zoom():.3f}, neurons {neurons}, "
                  f"edges drawn as {', '.join(modes)})")
            if args.out:
                args.out.mkdir(parents=True, exist_ok=True)
                name = label.replace(":", "-").replace(",", "").replace(" ", "_")
                window.grab().save(str(args.out / f"canvas_{name}.png"))
            for item in scene.items_by_id.values():
                item.set_fill(None)
        window.undo_stack.setClean()
        window.close()
    return 0


def _fit_with_fills(window) -> None:
    """Fit to view with every neuron filled as "mean activation" fills them in training
    (means spread over [-1, 1]: all 25 colours of the map, on each role)."""
    import numpy as np

    window.view.fit_to_view()
    items = window.scene.items_by_id
    means = np.random.default_rng(0).uniform(-1.0, 1.0, len(items))
    colors = window.visuals.overlay.activation_colors(means)
    for item, color in zip(items.values(), colors, strict=True):
        item.set_fill(color)


def _one_to_one(view, inputs: bool = False, zoom: float = 1.0) -> None:
    from PySide6.QtGui import QTransform

    view.setTransform(QTransform.fromScale(zoom, zoom))   # one step, not via 1:1
    rect = view.network_scene().drawing_rect()
    if inputs:
        view.centerOn(rect.left() + 500, rect.center().y())
    else:
        view.centerOn(rect.center())


if __name__ == "__main__":
    sys.exit(main())
