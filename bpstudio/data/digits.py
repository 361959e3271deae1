"""The 8×8 handwritten digits (1,797 images, 10 classes), shipped as a table.

The UCI "Optical Recognition of Handwritten Digits" test set as scikit-learn bundles it,
written to ``resources/datasets/digits.csv.gz`` by ``scripts/make_datasets.py``; the scans
store 17 grey levels, 0..16, which become inputs in [0, 1].
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from bpstudio.data.images import pixel_names
from bpstudio.data.tables import read_table

IMAGE_SHAPE = (8, 8)
N_CLASSES = 10
N_IMAGES = 1797
PIXEL_NAMES = pixel_names(*IMAGE_SHAPE)


@lru_cache(maxsize=1)
def digits_arrays() -> tuple[np.ndarray, np.ndarray]:
    """(1797, 64) float64 pixels in [0, 1] and (1797,) int64 labels, read-only and cached."""
    _, pixels, labels = read_table("digits")
    scaled = pixels / 16.0
    digits = labels.astype(np.int64)
    scaled.flags.writeable = False
    digits.flags.writeable = False
    return scaled, digits
