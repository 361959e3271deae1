"""Datasets that take seconds to load (image folders) load on a thread of their own.

The thread runs :func:`bpstudio.workflow.load_data_sized` (the command line's loader) with
its ``report`` and ``should_stop`` hooks: ``report`` becomes :attr:`DatasetLoader.progress`
for a progress bar, Cancel sets the event ``should_stop`` reads. What the thread reads of
the document (input and output counts, drawn points) is taken on the GUI thread first.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal

from bpstudio.data import DataError, Dataset, LoadCancelled, LoadProgress
from bpstudio.model.network import Network
from bpstudio.model.points import DrawnPoints
from bpstudio.model.settings import DatasetSpec
from bpstudio.progress import Report, ShouldStop
from bpstudio.workflow import load_data_sized

CacheKey = tuple[Hashable, ...]


class LoadThread(QThread):
    """Loads one dataset; ``result`` is the Dataset, or the DataError / LoadCancelled."""

    #: a LoadProgress, emitted on this thread (queued to the GUI)
    reported = Signal(object)

    def __init__(self, spec: DatasetSpec, base_dir: Path | None, n_inputs: int,
                 n_outputs: int, points: DrawnPoints, sequences: bool = False,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._args = (spec, base_dir, n_inputs, n_outputs, points)
        self._sequences = sequences
        self._stop = threading.Event()
        self.result: Dataset | DataError | LoadCancelled | None = None

    def run(self) -> None:
        try:
            self.result = load_data_sized(*self._args, report=self.reported.emit,
                                          should_stop=self._stop.is_set,
                                          sequences=self._sequences)
        except (DataError, LoadCancelled) as error:
            self.result = error
        except Exception as error:  # noqa: BLE001 - a decoder's surprise must not kill the app
            self.result = DataError(self.tr("cannot load {name}: {error}").format(
                name=self._args[0].name, error=error))

    def cancel(self) -> None:
        self._stop.set()

    def shutdown(self, timeout_ms: int = 30_000) -> None:
        """Cancel and wait (closing the window: the thread must not outlive it)."""
        self.cancel()
        self.wait(timeout_ms)


class DatasetLoader(QObject):
    """One background load at a time; a new request for other data cancels the old one."""

    #: (dataset name, LoadProgress | None): a load started (None) or moved on
    progress = Signal(str, object)
    #: (key, Dataset)
    loaded = Signal(object, object)
    #: (key, DataError): it failed, or was cancelled (the message says so)
    failed = Signal(object, object)
    #: a load ended, whichever way (the progress bar closes)
    ended = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: LoadThread | None = None
        self._key: CacheKey | None = None
        self._name = ""

    @property
    def busy(self) -> bool:
        return self._thread is not None

    def request(self, network: Network, base_dir: Path | None, spec: DatasetSpec,
                key: CacheKey) -> None:
        """Load ``spec`` for ``network`` unless that very load is under way."""
        if self._thread is not None:
            if self._key == key:
                return
            self._drop_current()
        self._key, self._name = key, spec.name
        thread = LoadThread(spec, base_dir, len(network.inputs()), len(network.outputs()),
                            network.drawn_points, network.has_recurrent, self)
        thread.reported.connect(self._on_reported)
        thread.finished.connect(self._on_finished)
        self._thread = thread
        self.progress.emit(spec.name, None)
        thread.start()

    def cancel(self) -> None:
        """Cancel (the Cancel button); ``failed`` follows once the thread has stopped."""
        if self._thread is not None:
            self._thread.cancel()

    def shutdown(self) -> None:
        """End the thread, waiting for it; nothing is reported."""
        self._drop_current()

    def _drop_current(self) -> None:
        thread, self._thread, self._key = self._thread, None, None
        if thread is not None:
            thread.reported.disconnect(self._on_reported)
            thread.finished.disconnect(self._on_finished)
            thread.shutdown()
            thread.deleteLater()
            self.ended.emit()

    def _on_reported(self, report: LoadProgress) -> None:
        if self.sender() is self._thread:
            self.progress.emit(self._name, report)

    def _on_finished(self) -> None:
        thread = self.sender()
        if thread is not self._thread or self._thread is None:
            return
        key, result = self._key, self._thread.result
        self._thread, self._key = None, None
        thread.deleteLater()
        self.ended.emit()
        if isinstance(result, Dataset):
            self.loaded.emit(key, result)
        elif isinstance(result, LoadCancelled):
            self.failed.emit(key, DataError(
                self.tr("loading {name} was cancelled; press Train or choose the dataset "
                        "again to load it").format(name=self._name)))
        else:
            self.failed.emit(key, result if isinstance(result, DataError)
                             else DataError(self.tr("cannot load {name}").format(name=self._name)))


class CallThread(QThread):
    """Runs ``work(report, should_stop)`` once; ``result`` is what it returned or raised."""

    reported = Signal(object)

    def __init__(self, work: Callable[[Report, ShouldStop], object],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work
        self._stop = threading.Event()
        self.result: object = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.result = self._work(self.reported.emit, self._stop.is_set)
        except Exception as error:  # noqa: BLE001 - handed to the GUI thread to report
            self.error = error

    def cancel(self) -> None:
        self._stop.set()

    def shutdown(self, timeout_ms: int = 30_000) -> None:
        self.cancel()
        self.wait(timeout_ms)
