"""Opening a big ``.bpnet`` file off the GUI thread, with a progress dialog and Cancel.

A 1,000,000-neuron file takes seconds to read: the window must stay drawn and the user
must be able to give up. Small files (most) load directly: a thread and a dialog would
only add flicker. The loader itself (``formats.load``) refuses files past its size and
neuron limits with a message, reports its stages and polls ``should_stop``.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from PySide6.QtCore import QEventLoop, Qt, QThread, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from bpstudio.formats.bpnet import BpnetError, ProjectInfo, load
from bpstudio.model.network import Network
from bpstudio.progress import LoadCancelled, LoadProgress
from bpstudio.ui.i18n import translate

#: files from this size on load in a thread behind a progress dialog
THREADED_BYTES = 1 * 2**20
#: the dialog appears only when loading takes longer than this
DIALOG_DELAY_MS = 400
STEPS = 1000   # the progress bar's resolution



class LoadThread(QThread):
    """Runs ``formats.load`` once; the outcome is read after ``finished``."""

    progressed = Signal(object)    # LoadProgress, from the loading thread

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.stop = threading.Event()    # set by Cancel, polled by the loader
        self.result: tuple[Network, ProjectInfo] | None = None
        self.error = ""

    def run(self) -> None:
        try:
            self.result = load(self.path, report=self.progressed.emit,
                               should_stop=self.stop.is_set)
        except LoadCancelled:
            self.result = None
        except BpnetError as error:
            self.error = str(error)
        except (OSError, MemoryError) as error:   # the loader words most; a guard for the rest
            self.error = translate("FileLoader", "{path}: cannot open the file: {error}").format(
                path=self.path, error=error)


def load_with_progress(parent: QWidget, path: str | os.PathLike[str]
                       ) -> tuple[Network, ProjectInfo] | None:
    """Load ``path``; None if the user cancelled. BpnetError with one message otherwise.

    Big files load in a thread while a window-modal progress dialog (with Cancel) keeps
    the window drawn; the call returns when the load has ended either way."""
    path = Path(path)
    try:
        size = path.stat().st_size if path.is_file() else 0
    except OSError:
        size = 0
    if size < THREADED_BYTES:
        return load(path)        # the loader names a missing file, a folder, a FIFO
    thread = LoadThread(path)
    dialog = QProgressDialog(translate("FileLoader", "Opening {0}…").format(path.name),
                             translate("FileLoader", "Cancel"), 0, STEPS, parent)
    dialog.setObjectName("load_progress")
    dialog.setWindowTitle(translate("FileLoader", "Opening"))
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(DIALOG_DELAY_MS)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)

    def show(progress: LoadProgress) -> None:
        if thread.stop.is_set():
            return
        dialog.setLabelText(translate("FileLoader", "Opening {0}\n{1}: {2:,} of {3:,}").format(
            path.name, translate("Progress", progress.stage), progress.done, progress.total))
        dialog.setValue(min(STEPS - 1, round(progress.fraction * STEPS)))

    def cancel() -> None:
        thread.stop.set()
        dialog.setLabelText(translate("FileLoader", "Cancelling…"))

    thread.progressed.connect(show)
    dialog.canceled.connect(cancel)
    # QProgressDialog shows itself only from a setValue() past its delay; a loader stuck in
    # one long stage (parsing) calls none, so a timer shows it.
    shower = QTimer(dialog)
    shower.setSingleShot(True)
    shower.timeout.connect(lambda: None if thread.isFinished() else dialog.show())
    loop = QEventLoop()
    thread.finished.connect(loop.quit)
    thread.start()
    shower.start(DIALOG_DELAY_MS)
    if not thread.isFinished():
        loop.exec()
    thread.wait()
    shower.stop()
    dialog.canceled.disconnect(cancel)
    dialog.close()
    dialog.deleteLater()
    if thread.error:
        raise BpnetError(thread.error)
    return thread.result
