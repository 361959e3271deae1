"""Compile the document with its data for training or for the views, loading data once.

Loading digits or a CSV file takes long enough to notice, and the views recompile after
every edit: the last dataset loaded is kept until its spec, the network's input/output
counts, the project folder, the drawn points (for ``"drawn"``) or the files change. A file
counts as changed when its size or nanosecond modification time does, and a small file
(≤ :data:`HASHED_BYTES`) also when its content does: a rewrite within the file system's
time resolution keeps both.

Image folders decode for seconds: when a :class:`~bpstudio.ui.training.data_loader.
DatasetLoader` is attached, they load on its thread (progress bar, Cancel) and meanwhile
:meth:`DocumentData.dataset` raises :class:`DatasetLoading`, a problem like any other that
the views and Train show until the data is in.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import TYPE_CHECKING

from bpstudio.data import DataError, Dataset, dataset_kind, resolve_path
from bpstudio.engine.plan import compile_network
from bpstudio.model.network import Network
from bpstudio.model.settings import DatasetSpec, SettingsError
from bpstudio.ui.i18n import translate
from bpstudio.ui.training.session import Generation
from bpstudio.workflow import USER_ERRORS, load_data_for, training_data

if TYPE_CHECKING:
    from bpstudio.ui.training.data_loader import DatasetLoader

#: what "the network, its settings or its data cannot be used" raises
PROBLEMS = (*USER_ERRORS, SettingsError)
HASHED_BYTES = 1 << 20     # files up to 1 MiB are also compared by content
#: dataset kinds that load on the loader's thread when one is attached
BACKGROUND_KINDS = ("image_folder",)

CacheKey = tuple[Hashable, ...]


class DatasetLoading(DataError):
    """The dataset is being loaded in the background; the views wait for it."""


def file_stamp(path: Path) -> tuple[Hashable, ...] | None:
    """What tells a changed data file from the one loaded: size and mtime in nanoseconds,
    plus a content hash for small files; for a folder its own and its subfolders'
    modification times (an image added to or removed from a class); None if it is gone."""
    try:
        info = path.stat()
    except OSError:
        return None
    if path.is_dir():
        try:
            with os.scandir(path) as entries:
                parts = sorted((e.name, e.stat().st_mtime_ns) for e in entries
                               if e.is_dir() and not e.name.startswith("."))
        except OSError:
            return None
        return (info.st_mtime_ns, tuple(parts))
    stamp: tuple[Hashable, ...] = (info.st_size, info.st_mtime_ns)
    if info.st_size <= HASHED_BYTES:
        try:
            stamp += (hashlib.blake2b(path.read_bytes(), digest_size=16).digest(),)
        except OSError:
            return None
    return stamp


class DocumentData:
    """``compile(network)`` → :class:`Generation`, with the dataset cached."""

    def __init__(self, base_dir: Callable[[], Path | None] = lambda: None) -> None:
        self.base_dir = base_dir
        self.loader: DatasetLoader | None = None
        self._cache: tuple[CacheKey, Dataset] | None = None
        self._failed: tuple[CacheKey, DataError] | None = None

    def compile(self, network: Network) -> Generation:
        """Plan, data and encoding; raises one of :data:`PROBLEMS` with a clear message."""
        dataset = self.dataset(network)
        plan = compile_network(network)
        return Generation(plan, dataset, training_data(plan, dataset), network.dataset)

    def key(self, network: Network, spec: DatasetSpec | None = None) -> CacheKey:
        """Everything the loaded dataset depends on."""
        base_dir = self.base_dir()
        spec = spec or network.dataset
        stamp: Hashable = None
        if spec.is_drawn:
            stamp = network.drawn_points
        elif not spec.is_builtin:
            path = resolve_path(spec.name, base_dir)
            stamp = file_stamp(path)
            if dataset_kind(spec, base_dir) == "idx":
                from bpstudio.data.idx import labels_path_for  # loads on first use

                with contextlib.suppress(DataError):   # the load names a missing one
                    stamp = (stamp, file_stamp(labels_path_for(path)))
        return (spec, str(base_dir), len(network.inputs()), len(network.outputs()), stamp)

    def cached(self, network: Network, spec: DatasetSpec | None = None) -> bool:
        """True when ``spec`` (or the network's dataset) is loaded for this network."""
        return self._cache is not None and self._cache[0] == self.key(network, spec)

    def dataset(self, network: Network) -> Dataset:
        key = self.key(network)
        if self._cache is not None and self._cache[0] == key:
            return self._cache[1]
        if self._failed is not None and self._failed[0] == key:
            raise self._failed[1]
        base_dir = self.base_dir()
        if self.loader is not None and dataset_kind(network.dataset, base_dir) in \
                BACKGROUND_KINDS:
            self.loader.request(network, base_dir, network.dataset, key)
            raise DatasetLoading(translate("DocumentData", "loading {name} (see the progress "
                                           "bar)…").format(name=network.dataset.name))
        dataset = load_data_for(network, base_dir)
        self.store(key, dataset)
        return dataset

    def store(self, key: CacheKey, dataset: Dataset) -> None:
        """Keep ``dataset`` (loaded elsewhere, for ``key``) for the compiles to come."""
        self._cache = (key, dataset)
        if self._failed is not None and self._failed[0] == key:
            self._failed = None

    def fail(self, key: CacheKey, error: DataError) -> None:
        """A background load of ``key`` failed or was cancelled: report ``error`` until
        :meth:`retry` (no endless reloading of a broken folder)."""
        self._failed = (key, error)

    def retry(self) -> None:
        """The user asked again (Train): a failed or cancelled load is tried anew."""
        self._failed = None
