"""MNIST-format (IDX) files: ``*-images-idx3-ubyte[.gz]`` with ``*-labels-idx1-ubyte[.gz]``.

The format (LeCun's MNIST page): a big-endian header ``0, 0, type, dims`` (type 0x08 =
unsigned bytes), one 4-byte big-endian size per dimension, then the values row by row.
Images are idx3 (count, rows, cols), labels idx1 (count). MNIST, Fashion-MNIST, Kuzushiji
and EMNIST all ship this way (EMNIST's images are stored transposed; they train the same).

The user points at the images file; the labels file is found beside it by the same name
with ``images`` → ``labels`` and ``idx3`` → ``idx1``, compressed or not. Every problem is a
DataError naming the file: bad magic number, truncated data, counts that disagree.
"""

from __future__ import annotations

import gzip
import re
import zlib
from collections import Counter
from pathlib import Path

import numpy as np

from bpstudio.data.dataset import DataError, Dataset
from bpstudio.data.images import automatic_size, check_volume, image_dataset, resize_stack
from bpstudio.model.settings import DatasetSpec

MAX_IDX_BYTES = 2 * 2**30          # 2 GB of pixels, as for image folders
UNSIGNED_BYTE = 0x08


def is_idx_images(path: Path) -> bool:
    """True for a name like ``t10k-images-idx3-ubyte`` or ``…images.idx3-ubyte.gz``."""
    name = path.name.lower().removesuffix(".gz")
    return "idx3" in name and name.endswith("ubyte")


def labels_path_for(images: Path) -> Path:
    """The labels file beside ``images``; DataError listing what was tried if none exists."""
    name = images.name
    stem = re.sub("idx3", "idx1", re.sub("images", "labels", name.removesuffix(".gz"),
                                         flags=re.IGNORECASE), flags=re.IGNORECASE)
    candidates = [images.with_name(stem), images.with_name(stem + ".gz")]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    tried = " or ".join(c.name for c in candidates)
    raise DataError(f"{name}: no labels file beside it (looked for {tried} in "
                    f"{images.parent.resolve()})")


def _read_bytes(path: Path) -> bytes:
    """The file's content, decompressed when it ends in .gz."""
    try:
        size = path.stat().st_size
        if size > MAX_IDX_BYTES:
            raise DataError(f"{path.name} is {size / 2**30:.1f} GB; the limit is "
                            f"{MAX_IDX_BYTES // 2**30} GB")
        raw = path.read_bytes()
    except OSError as error:
        raise DataError(f"{path.name}: cannot read the file "
                        f"({error.strerror or error})") from None
    if path.suffix.lower() != ".gz":
        return raw
    try:
        return gzip.decompress(raw)
    except (OSError, EOFError, zlib.error) as error:
        raise DataError(f"{path.name}: not a complete gzip file ({error}); download it "
                        "again") from None


def read_idx(path: Path, dims: int) -> np.ndarray:
    """The uint8 array of an IDX file with ``dims`` dimensions (3 images, 1 labels)."""
    data = _read_bytes(path)
    kind = "images" if dims == 3 else "labels"
    if len(data) < 4:
        raise DataError(f"{path.name}: too short to be an IDX file ({len(data)} bytes)")
    zero, dtype, found_dims = int.from_bytes(data[:2], "big"), data[2], data[3]
    magic = int.from_bytes(data[:4], "big")
    expected = (UNSIGNED_BYTE << 8) | dims
    if zero != 0 or dtype != UNSIGNED_BYTE or found_dims != dims:
        raise DataError(f"{path.name}: not an IDX {kind} file: magic number 0x{magic:08X}, "
                        f"expected 0x{expected:08X} (unsigned bytes, {dims} dimension"
                        f"{'s' if dims > 1 else ''})")
    header = 4 + 4 * dims
    if len(data) < header:
        raise DataError(f"{path.name}: the header is cut short ({len(data)} bytes)")
    shape = tuple(int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims))
    needed = int(np.prod(shape, dtype=np.int64))
    if len(data) - header < needed:
        raise DataError(f"{path.name}: truncated: the header promises "
                        f"{'×'.join(map(str, shape))} values but the file holds "
                        f"{len(data) - header}")
    if len(data) - header > needed:
        raise DataError(f"{path.name}: {len(data) - header - needed} bytes more than the "
                        f"header's {'×'.join(map(str, shape))} values")
    return np.frombuffer(data, dtype=np.uint8, count=needed, offset=header).reshape(shape)


def read_idx_pair(images_path: Path) -> tuple[np.ndarray, np.ndarray, Path]:
    """(images (n, rows, cols) uint8, labels (n,) int64, labels path), checked."""
    labels_path = labels_path_for(images_path)
    images = read_idx(images_path, 3)
    labels = read_idx(labels_path, 1).astype(np.int64)
    if images.shape[0] != labels.shape[0]:
        raise DataError(f"{images_path.name} holds {images.shape[0]:,} images but "
                        f"{labels_path.name} holds {labels.shape[0]:,} labels")
    if images.shape[0] == 0:
        raise DataError(f"{images_path.name} holds no images")
    if min(images.shape[1:]) == 0:
        raise DataError(f"{images_path.name}: the images are {images.shape[1]}×"
                        f"{images.shape[2]} pixels")
    return images, labels, labels_path


def load_idx_dataset(images_path: Path, spec: DatasetSpec, display: str | None = None,
                     class_names: tuple[str, ...] | None = None) -> Dataset:
    """An IDX images file (and its labels beside it) as a split classification Dataset."""
    display = display or images_path.name
    if not images_path.is_file():
        raise DataError(f"{display}: file not found (looked for {images_path.resolve()})")
    images, labels, _ = read_idx_pair(images_path)
    size = spec.image_size or automatic_size(Counter({(images.shape[2], images.shape[1]): 1}))
    check_volume(display, images.shape[0], size, 1)
    images = resize_stack(images, size)
    n_classes = int(labels.max()) + 1
    if class_names is None:
        class_names = tuple(str(i) for i in range(n_classes))
    elif n_classes > len(class_names):
        raise DataError(f"{display}: label {n_classes - 1} is beyond the "
                        f"{len(class_names)} classes of this dataset")
    if len(class_names) < 2:
        raise DataError(f"{display}: every label is 0; a classifier needs at least two classes")
    return image_dataset(display, images, labels, class_names, spec)
