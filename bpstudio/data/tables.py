"""The tables BP Studio ships in ``resources/datasets`` (gzip'd CSV, see docs/datasets.md).

Each file has a header (feature names, then the target's name) and one row per sample,
the target last: a class number 0..k−1 or a regression value. Written once by
``scripts/make_datasets.py``; read here with NumPy alone.
"""

from __future__ import annotations

import gzip
import importlib
from functools import lru_cache
from pathlib import Path

import numpy as np

from bpstudio.data.dataset import DataError
from bpstudio.words import translate

# bpstudio.resources is the top-level resources/ folder, mapped in by pyproject.toml (so the
# type checker, which reads the source tree, cannot see it as a module).
DATASETS_DIR = Path(importlib.import_module("bpstudio.resources").RESOURCES_DIR) / "datasets"


@lru_cache(maxsize=8)
def read_table(name: str) -> tuple[tuple[str, ...], np.ndarray, np.ndarray]:
    """(feature names, (n, n_features) float64, (n,) float64 targets), read-only, cached."""
    path = DATASETS_DIR / f"{name}.csv.gz"
    try:
        with gzip.open(path, "rt", encoding="ascii") as handle:
            header = handle.readline().strip().split(",")
            table = np.loadtxt(handle, delimiter=",", ndmin=2)
    except (OSError, EOFError, ValueError) as error:
        raise DataError(translate("Data", "the built-in dataset {name} is missing or "
                                          "damaged ({path}: {error}); reinstall BP "
                                          "Studio").format(name=name, path=path,
                                                           error=error)) from None
    if table.shape[1] != len(header):
        raise DataError(translate("Data", "the built-in dataset {name} is damaged "
                                          "({path}: {count} names for {shape} columns); "
                                          "reinstall BP Studio").format(
                            name=name, path=path, count=len(header),
                            shape=table.shape[1]))
    features, target = table[:, :-1], table[:, -1]
    features.flags.writeable = False
    target.flags.writeable = False
    return tuple(header[:-1]), features, target
