"""The run's timeline as an animated GIF or APNG: canvas, loss curve and data view.

Each frame views one snapshot through the training controller (so the live drawing code
draws it), grabs the canvas with its edge colours, the loss plot with its cursor and the
decision boundary or digits panel when one is shown, and lays them out on one picture.
Pillow encodes the frames in memory; the file is written atomically once all are done,
so a cancelled (or failed) export leaves no file behind.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication, QWidget

from bpstudio.formats.atomic import write_atomically
from bpstudio.ui.i18n import translate

if TYPE_CHECKING:
    from bpstudio.engine.timeline import Snapshot
    from bpstudio.ui.main_window import MainWindow

DEFAULT_FRAMES = 60
DEFAULT_SIZE = (800, 500)
DEFAULT_SECONDS = 6.0
MAX_FRAMES = 1000
MIN_SIZE, MAX_SIZE = 160, 4000
FORMATS = {".gif": "GIF", ".png": "PNG", ".apng": "PNG"}


class AnimationCancelled(Exception):
    """The user cancelled the export: nothing was written."""


@dataclass(frozen=True)
class AnimationOptions:
    frames: int = DEFAULT_FRAMES
    size: tuple[int, int] = DEFAULT_SIZE
    seconds: float = DEFAULT_SECONDS

    def problem(self) -> str:
        """What is wrong with these options, in words ("" when nothing)."""
        if not 2 <= self.frames <= MAX_FRAMES:
            return f"the frame count must be between 2 and {MAX_FRAMES:,}; got {self.frames}"
        width, height = self.size
        if not (MIN_SIZE <= width <= MAX_SIZE and MIN_SIZE <= height <= MAX_SIZE):
            return (f"the size must be between {MIN_SIZE} and {MAX_SIZE} pixels each way; "
                    f"got {width}×{height}")
        if not 0.1 <= self.seconds <= 600:
            return f"the length must be between 0.1 and 600 seconds; got {self.seconds:g}"
        return ""


def format_of(path: Path) -> str:
    """"GIF" or "PNG" (APNG) from the file name; ValueError for anything else."""
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise ValueError(translate("Animation", "{name}: an animation is written as .gif, .png "
                                   "or .apng").format(name=path.name))
    return kind


def frame_snapshots(snapshots: list[Snapshot], frames: int) -> list[Snapshot]:
    """``frames`` snapshots spread evenly over the timeline's entries, which are dense
    early: the fast-changing start of the run gets its share of the animation."""
    if not snapshots:
        return []
    last = len(snapshots) - 1
    return [snapshots[round(i * last / max(frames - 1, 1))] for i in range(frames)]


def compose(window: MainWindow, size: tuple[int, int]) -> QImage:
    """One picture of the window's views as they are now: the canvas above the loss curve
    on the left, the decision boundary or digits panel on the right (when shown)."""
    width, height = size
    image = QImage(width, height, QImage.Format.Format_RGB888)
    image.fill(QColor("#ffffff"))
    side = _side_panel(window)
    plot_height = max(height * 2 // 5, 60)
    left = width * 3 // 5 if side is not None else width
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    try:
        _draw(painter, window.view, QRect(0, 0, left, height - plot_height))
        _draw(painter, window.training_plots.loss_plot,
              QRect(0, height - plot_height, left, plot_height))
        if side is not None:
            _draw(painter, side, QRect(left, 0, width - left, height))
    finally:
        painter.end()
    return image


def _side_panel(window: MainWindow) -> QWidget | None:
    visuals = window.visuals
    for dock, panel in ((visuals.boundary_dock, visuals.boundary),
                        (visuals.digits_dock, visuals.digits)):
        if dock is not None and dock.isVisible():
            return panel
    return None


def _draw(painter: QPainter, widget: QWidget, area: QRect) -> None:
    """``widget`` as drawn now, scaled to fit ``area`` keeping its proportions."""
    picture = widget.grab()
    if picture.isNull():
        return
    scaled = picture.scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio,
                            Qt.TransformationMode.SmoothTransformation)
    x = area.x() + (area.width() - scaled.width()) // 2
    y = area.y() + (area.height() - scaled.height()) // 2
    painter.drawPixmap(x, y, scaled)


def to_pillow(image: QImage) -> Image.Image:
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    data = bytes(image.constBits())[: image.sizeInBytes()]
    return Image.frombuffer("RGB", (image.width(), image.height()), data, "raw", "RGB",
                            image.bytesPerLine(), 1).copy()


def render_frames(window: MainWindow, options: AnimationOptions,
                  progress: Callable[[int, int], bool] | None = None) -> list[Image.Image]:
    """The animation's pictures. ``progress(done, total)`` is called after each; it
    returns False to cancel (AnimationCancelled). The views show the present again
    afterwards."""
    training = window.training
    snapshots = frame_snapshots(training.timeline.snapshots(), options.frames)
    if len(snapshots) < 1:
        raise ValueError("there is no timeline to animate: train the network first")
    was_viewing = training.viewing
    pictures = []
    try:
        for done, snapshot in enumerate(snapshots, start=1):
            training.view_snapshot(snapshot)
            window.visuals.redraw_now()
            QApplication.processEvents()
            pictures.append(to_pillow(compose(window, options.size)))
            if progress is not None and not progress(done, len(snapshots)):
                raise AnimationCancelled()
    finally:
        training.view_snapshot(was_viewing)
    return pictures


def encode(pictures: list[Image.Image], kind: str, seconds: float) -> bytes:
    """GIF or APNG bytes that play ``pictures`` in ``seconds`` and loop."""
    duration = max(20, round(seconds * 1000 / max(len(pictures), 1)))
    buffer = io.BytesIO()
    first, rest = pictures[0], pictures[1:]
    if kind == "GIF":   # one shared palette keeps the frames steady and the file small
        first = first.quantize(colors=255, method=Image.Quantize.MEDIANCUT)
        rest = [p.quantize(palette=first, dither=Image.Dither.NONE) for p in rest]
    first.save(buffer, format=kind, save_all=True, append_images=rest, duration=duration,
               loop=0, **({"optimize": True} if kind == "GIF" else {}))
    return buffer.getvalue()


def export_animation(window: MainWindow, path: Path, options: AnimationOptions,
                     progress: Callable[[int, int], bool] | None = None) -> int:
    """Render and write the animation; returns the bytes written. Raises ValueError for
    bad options or file names, AnimationCancelled, or OSError from the write."""
    kind = format_of(path)
    problem = options.problem()
    if problem:
        raise ValueError(problem)
    data = encode(render_frames(window, options, progress), kind, options.seconds)
    write_atomically(path, data)
    return len(data)
