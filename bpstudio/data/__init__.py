"""Datasets and their loaders (built-ins, CSV, image folders, IDX, drawn points); NumPy and
Pillow only, never Qt or the engine.

Public API::

    load_dataset(spec, base_dir=None, *, n_inputs=None, n_outputs=None, task=None,
                 points=NO_POINTS, report=None, should_stop=None) -> Dataset
    load_inputs_csv(path, n_inputs) -> np.ndarray
    dataset_kind(spec, base_dir) / default_scaling(spec, base_dir) / missing_dataset(...)
    BUILTINS: Mapping[str, BuiltinInfo]
    Dataset, DataError, LoadProgress, LoadCancelled, one_hot
"""

from typing import Any

from bpstudio.data.catalog import BUILTINS, BuiltinInfo, make_builtin
from bpstudio.data.dataset import TASKS, DataError, Dataset, one_hot
from bpstudio.data.drawn import drawn_dataset, drawn_points_csv
from bpstudio.data.loading import (
    dataset_kind,
    default_scaling,
    load_dataset,
    missing_dataset,
    resolve_path,
    scale_dataset,
)
from bpstudio.progress import LoadCancelled, LoadProgress


def __getattr__(name: str) -> Any:
    """The CSV reader loads with its first use, not with the package (start-up time)."""
    if name in ("load_csv_dataset", "load_inputs_csv"):
        from bpstudio.data import csv_loader

        return getattr(csv_loader, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "BUILTINS",
    "TASKS",
    "BuiltinInfo",
    "DataError",
    "Dataset",
    "LoadCancelled",
    "LoadProgress",
    "dataset_kind",
    "default_scaling",
    "drawn_dataset",
    "drawn_points_csv",
    "load_csv_dataset",
    "load_dataset",
    "load_inputs_csv",
    "make_builtin",
    "missing_dataset",
    "one_hot",
    "resolve_path",
    "scale_dataset",
]
