"""Editor canvas at scale: build 784-128-10 through the editor, then time painting.

Run: ``QT_QPA_PLATFORM=offscreen python -m bench.bench_canvas [--out DIR]``. Prints build
time, frame paint times (fit to view and 1:1) and resident memory; with --out it also
saves the two frames as PNGs to look at.
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
    """Three "layer of N" drops and two "fully connect" actions, as a user would."""
    from PySide6.QtCore import QPointF

    from bpstudio.ui import layout

    editor, scene = window.editor, window.scene
    timings: dict[str, float] = {}
    left = 0.0
    columns = []
    start = time.perf_counter()
    for role, count in zip(("input", "hidden", "output"), SIZES, strict=True):
        width = layout.block_width(count)
        columns.append(editor.add_neurons(role, count, QPointF(left + width / 2, 0.0)))
        left += width + layout.LAYER_GAP
    timings["add layers"] = time.perf_counter() - start
    for a, b in zip(columns, columns[1:], strict=False):
        t = time.perf_counter()
        scene.select(a + b)
        assert editor.fully_connect_selection()
        timings[f"fully connect {len(a)}→{len(b)}"] = time.perf_counter() - t
    timings["build total"] = time.perf_counter() - start
    return timings


def frame_ms(view, repeats: int = 7) -> tuple[float, list[str]]:
    """Median time to paint the whole canvas once (offscreen, into an image)."""
    from PySide6.QtGui import QImage, QPainter

    image = QImage(view.viewport().size(), QImage.Format.Format_ARGB32_Premultiplied)
    times = []
    for _ in range(repeats):
        image.fill(0)
        painter = QPainter(image)
        start = time.perf_counter()
        view.render(painter)
        painter.end()
        times.append((time.perf_counter() - start) * 1000)
    modes = sorted({g.last_mode for g in view.network_scene().edges.groups.values()})
    return statistics.median(times), modes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="save the frames as PNGs here")
    args = parser.parse_args(argv)

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from bpstudio.formats.bpnet import ProjectInfo
    from bpstudio.model.network import Network
    from bpstudio.model.validate import validate
    from bpstudio.ui.file_actions import Document
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
        view = window.view
        print(f"viewport {view.viewport().width()}×{view.viewport().height()} px")
        for label, setup in (("fit to view", view.fit_to_view),
                             ("1:1, centre", lambda: _one_to_one(view)),
                             ("1:1, inputs", lambda: _one_to_one(view, inputs=True))):
            setup()
            ms, modes = frame_ms(view)
            print(f"  frame at {label:<12} {ms:7.1f} ms  (zoom {view.zoom():.3f}, "
                  f"edges drawn as {', '.join(modes)})")
            if args.out:
                args.out.mkdir(parents=True, exist_ok=True)
                view.grab().save(str(args.out / f"canvas_{label.split(',')[0].replace(' ', '_')}"
                                               f"{label.split(',')[-1].strip()}.png"))
        window.undo_stack.setClean()
        window.close()
    return 0


def _one_to_one(view, inputs: bool = False) -> None:
    view.resetTransform()
    rect = view.network_scene().drawing_rect()
    if inputs:
        view.centerOn(rect.left() + 500, rect.center().y())
    else:
        view.centerOn(rect.center())


if __name__ == "__main__":
    sys.exit(main())
