"""``bpstudio animate FILE OUT.gif``: train a document offscreen and write its animation.

It trains with the document's saved settings at full speed in an offscreen window (no
display needed), then renders the run's timeline as File ▸ Export Animation… does. Bad
arguments exit with status 2 and one line on standard error.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from bpstudio.errors import UserError
from bpstudio.headless_checks import check_output

EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """Errors in one line (argparse prints the usage first)."""

    def error(self, message: str) -> NoReturn:
        print(f"bpstudio animate: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def parser() -> argparse.ArgumentParser:
    from bpstudio.ui.animation import DEFAULT_FRAMES, DEFAULT_SECONDS, DEFAULT_SIZE

    p = _Parser(prog="bpstudio animate",
                description="Train a .bpnet file with its saved settings (offscreen) and "
                            "write how it learned as an animated GIF or PNG.")
    p.add_argument("file", metavar="FILE", help="the .bpnet file to train")
    p.add_argument("out", metavar="OUT.gif", help="the animation to write (.gif, .png or "
                                                  ".apng)")
    p.add_argument("--frames", type=int, default=DEFAULT_FRAMES,
                   help=f"frames in the animation (default {DEFAULT_FRAMES})")
    p.add_argument("--size", default="{}x{}".format(*DEFAULT_SIZE), metavar="WxH",
                   help="picture size in pixels (default {}x{})".format(*DEFAULT_SIZE))
    p.add_argument("--seconds", type=float, default=DEFAULT_SECONDS,
                   help=f"how long the animation plays (default {DEFAULT_SECONDS:g})")
    return p


def parse_size(text: str) -> tuple[int, int]:
    parts = text.lower().replace("×", "x").split("x")
    try:
        width, height = (int(p) for p in parts)
    except ValueError:
        raise UserError(f"--size {text}: give the size as WIDTHxHEIGHT, e.g. 800x500") \
            from None
    return width, height


def run_animate(argv: Sequence[str]) -> int:
    args = parser().parse_args(list(argv))
    try:
        from bpstudio.ui.animation import AnimationOptions, format_of

        options = AnimationOptions(args.frames, parse_size(args.size), args.seconds)
        problem = options.problem()
        if problem:
            raise UserError(problem)
        try:
            format_of(Path(args.out))
        except ValueError as error:
            raise UserError(str(error)) from None
        if not args.file.strip() or not args.out.strip():
            raise UserError("FILE and OUT must not be empty")
        check_output(args.out, "OUT")
        return _animate(Path(args.file), Path(args.out), options)
    except UserError as error:
        print(f"bpstudio animate: {error}", file=sys.stderr)
        return EXIT_USAGE


def _animate(path: Path, out: Path, options) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, QSettings
    from PySide6.QtWidgets import QApplication

    from bpstudio.formats.bpnet import BpnetError
    from bpstudio.ui.animation import export_animation
    from bpstudio.ui.app import _application
    from bpstudio.ui.document.file_actions import read_document
    from bpstudio.ui.main_window import MainWindow

    try:
        document = read_document(str(path))
    except BpnetError as error:
        raise UserError(str(error)) from None
    _application()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
        settings.setValue("view/training_pace", "full")   # the timeline keeps the pace
        window = MainWindow(settings)
        window.resize(1400, 880)
        window.set_document(document)
        window.show()
        QApplication.processEvents()
        window.view.fit_to_view()
        try:
            status = _train_to_the_end(window)
            if status == 0:
                written = export_animation(window, out, options)
                print(f"bpstudio: wrote {out} ({options.frames} frames, "
                      f"{options.size[0]}×{options.size[1]}, {written / 1024:,.0f} KB, "
                      f"{time.perf_counter() - started:.1f} s)")
        except (ValueError, OSError) as error:
            print(f"bpstudio animate: {error}", file=sys.stderr)
            status = EXIT_USAGE
        finally:
            window.files.maybe_save = lambda: True      # nothing to ask: no user here
            window.close()
            window.deleteLater()
            QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            QApplication.processEvents()
    return status


def _train_to_the_end(window) -> int:
    """Train until the run ends by its own settings (epochs, target, early stopping)."""
    from PySide6.QtCore import QEventLoop

    training = window.training
    loop = QEventLoop()
    training.state_changed.connect(lambda state: state == "finished" and loop.quit())
    training.message_changed.connect(lambda text: text and loop.quit())
    if not training.start():
        print(f"bpstudio animate: cannot train: {training.message}", file=sys.stderr)
        return EXIT_USAGE
    loop.exec()
    if training.state != "finished":            # paused by a divergence or an error
        print(f"bpstudio animate: training stopped: {training.message}", file=sys.stderr)
        training.stop()
        loop.exec()
    progress = training.progress
    if progress is not None:
        print(f"bpstudio: trained {progress.epoch:,} epochs ({progress.step:,} steps), "
              f"train loss {progress.train_loss:.4g}")
    return 0
