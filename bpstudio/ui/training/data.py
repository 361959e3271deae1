"""Compile the document with its data for training or for the views, loading data once.

Loading digits or a CSV file takes long enough to notice, and the views recompile after
every edit: the last dataset loaded is kept until its spec, the network's input/output
counts, the project folder or (for a file) its modification time change.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bpstudio.data import Dataset, resolve_path
from bpstudio.engine.plan import compile_network
from bpstudio.model.network import Network
from bpstudio.model.settings import SettingsError
from bpstudio.ui.training.session import Generation
from bpstudio.workflow import USER_ERRORS, load_data_for, training_data

#: what "the network, its settings or its data cannot be used" raises
PROBLEMS = (*USER_ERRORS, SettingsError)


class DocumentData:
    """``compile(network)`` → :class:`Generation`, with the dataset cached."""

    def __init__(self, base_dir: Callable[[], Path | None] = lambda: None) -> None:
        self.base_dir = base_dir
        self._cache: tuple[tuple, Dataset] | None = None

    def compile(self, network: Network) -> Generation:
        """Plan, data and encoding; raises one of :data:`PROBLEMS` with a clear message."""
        dataset = self.dataset(network)
        plan = compile_network(network)
        return Generation(plan, dataset, training_data(plan, dataset), network.dataset)

    def dataset(self, network: Network) -> Dataset:
        base_dir = self.base_dir()
        spec = network.dataset
        stamp = None
        if not spec.is_builtin:
            path = resolve_path(spec.name, base_dir)
            stamp = path.stat().st_mtime_ns if path.is_file() else None
        key = (spec, str(base_dir), len(network.inputs()), len(network.outputs()), stamp)
        if self._cache is not None and self._cache[0] == key:
            return self._cache[1]
        dataset = load_data_for(network, base_dir)
        self._cache = (key, dataset)
        return dataset
