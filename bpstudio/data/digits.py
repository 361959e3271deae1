"""scikit-learn's bundled 8×8 handwritten digits (1,797 images, 10 classes), offline.

``sklearn.datasets.load_digits`` reads ``sklearn/datasets/data/digits.csv.gz``, but
importing scikit-learn first costs 2–3 s (a frozen GUI, a slow test run). So we read that
same bundled file directly, found without importing the package, and fall back to
``load_digits`` itself if the file has moved or changed shape in some release.
"""

from __future__ import annotations

import gzip
import importlib.util
from functools import lru_cache
from pathlib import Path

import numpy as np

from bpstudio.data.dataset import DataError

IMAGE_SHAPE = (8, 8)
N_CLASSES = 10
N_IMAGES = 1797
PIXEL_NAMES = tuple(f"pixel_{row}_{col}" for row in range(8) for col in range(8))


def bundled_csv() -> Path | None:
    """scikit-learn's digits.csv.gz, located without importing scikit-learn, or None."""
    spec = importlib.util.find_spec("sklearn")
    for root in (spec.submodule_search_locations or []) if spec else []:
        path = Path(root) / "datasets" / "data" / "digits.csv.gz"
        if path.is_file():
            return path
    return None


def _read_bundled(path: Path) -> tuple[np.ndarray, np.ndarray] | None:
    """(pixels 0..16, labels) from the bundled file, or None if it is not what we expect."""
    try:
        with gzip.open(path, "rt", encoding="ascii") as handle:
            table = np.loadtxt(handle, delimiter=",")
    except (OSError, ValueError, EOFError):
        return None
    if table.shape != (N_IMAGES, 64 + 1):
        return None
    return table[:, :-1], table[:, -1].astype(np.int64)


def _load_with_sklearn() -> tuple[np.ndarray, np.ndarray]:
    try:
        from sklearn.datasets import load_digits  # type: ignore[import-untyped]
    except ImportError:
        raise DataError("the digits dataset needs scikit-learn: pip install scikit-learn") from None
    bunch = load_digits()
    return np.asarray(bunch.data, dtype=np.float64), np.asarray(bunch.target, dtype=np.int64)


@lru_cache(maxsize=1)
def digits_arrays() -> tuple[np.ndarray, np.ndarray]:
    """(1797, 64) float64 pixels in [0, 1] and (1797,) int64 labels, read-only and cached."""
    path = bundled_csv()
    arrays = _read_bundled(path) if path is not None else None
    pixels, labels = arrays if arrays is not None else _load_with_sklearn()
    # The scans store 17 grey levels, 0..16.
    pixels = pixels / 16.0
    pixels.flags.writeable = False
    labels.flags.writeable = False
    return pixels, labels
