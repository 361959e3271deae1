"""Start the GUI: the application object, its look, the first document, screenshots."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

SCREENSHOT_SIZE = (1400, 880)


def _application():
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setApplicationName("BP Studio")
        app.setOrganizationName("BP Studio")
        app.setOrganizationDomain("bpstudio.invalid")
        # Qt frees the clipboard's mime data in an exit handler, after Python is gone:
        # copied neurons would turn a clean quit into a segfault. Free it while we can.
        app.aboutToQuit.connect(lambda: app.clipboard().clear())
        from bpstudio.ui.i18n import current_language, install_language
        from bpstudio.ui.main_thread_gc import collect_on_gui_thread

        install_language(current_language())    # English plurals until a language is chosen
        collect_on_gui_thread(app)     # never delete Qt objects on the training thread
    from bpstudio.ui.theme import apply_theme

    apply_theme(app)
    return app


def _first_document(path: str | None):
    """(document, error message) for the command line's FILE or the default example."""
    from bpstudio.examples import DEFAULT_EXAMPLE
    from bpstudio.formats.bpnet import BpnetError
    from bpstudio.ui.document.file_actions import read_document, read_example

    error = ""
    if path:
        try:
            return read_document(path), ""
        except BpnetError as failure:
            error = str(failure)
    try:
        return read_example(DEFAULT_EXAMPLE), error
    except BpnetError as failure:
        return None, error or str(failure)


# Libraries Qt's X11 plugin needs that desktop Linux systems do not always have, with
# the Debian/Ubuntu packages that provide them. Without them Qt aborts the process.
XCB_LIBRARIES = {
    "xcb-cursor": "libxcb-cursor0", "xcb-icccm": "libxcb-icccm4",
    "xcb-keysyms": "libxcb-keysyms1", "xcb-image": "libxcb-image0",
    "xcb-render-util": "libxcb-render-util0", "xkbcommon-x11": "libxkbcommon-x11-0",
}


def display_problem() -> str | None:
    """Why a window cannot open here, in words (Qt would abort instead); None if it can."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if os.environ.get("WAYLAND_DISPLAY"):
        return None
    if not os.environ.get("DISPLAY"):
        return ("there is no display to open a window on (DISPLAY is not set); render one "
                "with `bpstudio --screenshot OUT.png`, or use the headless commands "
                "(`bpstudio train FILE`, see `bpstudio --help`)")
    import ctypes.util

    missing = [package for name, package in XCB_LIBRARIES.items()
               if ctypes.util.find_library(name) is None]
    if missing:
        return ("Qt needs system libraries that are not installed to open a window: "
                f"{', '.join(missing)} (Debian/Ubuntu: sudo apt install {' '.join(missing)})")
    return None


def run_gui(options: argparse.Namespace) -> int:
    """Open the main window (or render it to a PNG with --screenshot); exit status."""
    screenshot = getattr(options, "screenshot", None)
    if screenshot and "QT_QPA_PLATFORM" not in os.environ:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"   # no screen needed for a picture
    problem = display_problem()
    if problem:
        print(f"bpstudio: {problem}", file=sys.stderr)
        return 2
    app = _application()
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMessageBox

    from bpstudio.ui.document.file_actions import Document
    from bpstudio.ui.i18n import (
        choose_language,
        current_language,
        font_hint_once,
        install_language,
        translate,
    )
    from bpstudio.ui.main_window import MainWindow, welcome

    override = getattr(options, "lang", None)
    document, error = _first_document(getattr(options, "file", None))
    if screenshot:
        if error and (document is None or getattr(options, "file", None)):
            print(f"bpstudio: {error}", file=sys.stderr)
            return 2
        # Screenshots never read the user's settings: --lang, else the system's language.
        previous = current_language()
        install_language(choose_language(override, None))
        try:
            return _screenshot(document, Path(screenshot),
                               getattr(options, "train_for", 0.0) or 0.0,
                               getattr(options, "edges", None), getattr(options, "scrub", None),
                               bool(getattr(options, "xray", False)))
        finally:
            install_language(previous)     # (for a caller that goes on: tests, scripts)
    from bpstudio.formats.recovery import RecoveryStore
    from bpstudio.ui.document.autosave import default_recovery_folder

    settings = QSettings()
    language = install_language(choose_language(override, settings))
    window = MainWindow(settings, recovery=RecoveryStore(default_recovery_folder()))
    if document is None:
        from bpstudio.formats.bpnet import ProjectInfo
        from bpstudio.model.network import Network

        document = Document(Network(), ProjectInfo())
    window.set_document(document)
    window.show()
    window.view.fit_to_view()
    # Stays until the next message; a missing Chinese font matters more than the welcome
    # (and is said at one start only: the settings remember it).
    window.show_message(font_hint_once(settings, language) or welcome(), timeout_ms=0)
    if error:
        QMessageBox.warning(window, translate("App", "Cannot open the file"),
                            translate("App", "{error}\n\nBP Studio opened the XOR example instead.")
                            .format(error=error))
    window.autosaver.offer_recovery()    # what a crash left behind
    return app.exec()


def _screenshot(document, out: Path, train_for: float = 0.0, edges: str | None = None,
                scrub: float | None = None, xray: bool = False) -> int:
    """Render the main window with ``document`` offscreen to ``out`` (PNG), after training
    for ``train_for`` seconds with live plots when that is positive (at full speed), with
    the edges coloured by ``edges`` (View ▸ Edge Colours; None: the default, by weight),
    with the run's timeline viewed at ``scrub`` (0 = start, 1 = end) if given, and with
    the X-ray's whole pass shown when ``xray``."""
    from PySide6.QtCore import QEvent, QSettings
    from PySide6.QtWidgets import QApplication

    from bpstudio.ui.main_window import MainWindow, welcome

    with tempfile.TemporaryDirectory() as folder:
        # A throwaway settings file: screenshots never depend on, or change, the user's.
        settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
        settings.setValue("view/training_pace", "full")   # a picture of the trained state
        window = MainWindow(settings)
        window.resize(*SCREENSHOT_SIZE)
        window.set_document(document)
        if edges is not None:
            window.visuals.edge_actions[edges].trigger()   # as if chosen in the View menu
        window.show()
        QApplication.processEvents()
        window.view.fit_to_view()
        window.show_message(welcome())
        QApplication.processEvents()
        _wait_for_data(window)
        status = 0
        if train_for > 0:
            status = _train_in_window(window, train_for)
        if scrub is not None and status == 0:
            status = _scrub_in_window(window, scrub)
        if xray and status == 0:
            from bpstudio.ui.xray.screenshot import show_xray_pass

            if window.training.state == "running":
                window.training.pause()       # the X-ray steps through paused weights
                QApplication.processEvents()
            show_xray_pass(window)
        window.build_deferred()       # the plots, as they stand a moment after the start
        # Views redraw on timers the event loop has not reached yet: draw them now.
        window.visuals.redraw_now()
        window.training_plots.refresh()   # its throttle may hold the run's last epochs back
        # A redraw may change a label's text (a plot title gains "— no test set"): its new
        # size arrives by layout requests that each pass of the event loop may post anew.
        for _ in range(3):
            QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            QApplication.processEvents()
        image = window.grab()
        window.files.maybe_save = lambda: True       # nothing to ask: this is a picture
        window.close()
        window.deleteLater()
        # Delete it now, not at some later event loop: a closed window that lingers would
        # be restyled by the next _application() call along with the live ones.
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QApplication.processEvents()
    if status:
        return status
    out.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(out), "PNG"):
        print(f"bpstudio: cannot write the screenshot to {out}", file=sys.stderr)
        return 2
    print(f"bpstudio: wrote {out} ({image.width()}×{image.height()})")
    return 0


def _scrub_in_window(window, fraction: float) -> int:
    """View the timeline's snapshot at ``fraction`` of the run (training pauses)."""
    from PySide6.QtWidgets import QApplication

    training = window.training
    snapshots = training.timeline.snapshots()
    if len(snapshots) < 2:
        print("bpstudio: --scrub needs a timeline: train first (--train-for SECONDS)",
              file=sys.stderr)
        return 2
    first, last = snapshots[0].epoch, snapshots[-1].epoch
    shown = training.view_epoch(first + fraction * (last - first))
    QApplication.processEvents()
    if shown is not None:
        print(f"bpstudio: viewing epoch {shown.epoch:,} of {last:,}")
    return 0


def _wait_for_data(window) -> None:
    """Let an image folder finish loading on its thread (a picture of "loading…" or a
    Train that waits for the data would not be what was asked for)."""
    from PySide6.QtCore import QEventLoop

    window.training.view_state()          # starts the load if nothing has yet
    loader = window.training.loader
    if loader.busy:
        loop = QEventLoop()
        loader.ended.connect(loop.quit)
        loop.exec()
        loader.ended.disconnect(loop.quit)


def _train_in_window(window, seconds: float) -> int:
    """Press Train and let the event loop run ``seconds`` (training may finish sooner)."""
    from PySide6.QtCore import QEventLoop, QTimer

    training = window.training
    if not training.start():
        print(f"bpstudio: cannot train: {training.message}", file=sys.stderr)
        return 2
    loop = QEventLoop()
    QTimer.singleShot(round(seconds * 1000), loop.quit)
    loop.exec()
    progress = training.progress
    if progress is not None:
        print(f"bpstudio: trained {seconds:g} s: epoch {progress.epoch:,}, "
              f"{progress.step:,} steps, train loss {progress.train_loss:.4g}")
    return 0
