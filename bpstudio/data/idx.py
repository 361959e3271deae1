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
import io
import re
import zlib
from collections import Counter
from pathlib import Path

import numpy as np

from bpstudio.data.dataset import DataError, Dataset
from bpstudio.data.images import automatic_size, check_volume, image_dataset, resize_stack
from bpstudio.files import NotARegularFile, TooLarge, read_regular_file
from bpstudio.model.settings import DatasetSpec
from bpstudio.words import translate

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
    raise DataError(translate("Data", "{name}: no labels file beside it (looked for "
                                      "{tried} in {parent})").format(
                        name=name, tried=tried, parent=images.parent.resolve()))


def _read_bytes(path: Path) -> bytes | bytearray:
    """The file's content, decompressed when it ends in .gz; never more than
    MAX_IDX_BYTES, also when a small .gz file unpacks to more."""
    try:
        raw = read_regular_file(path, MAX_IDX_BYTES)
    except NotARegularFile as error:
        raise DataError(translate("Data", "{name} is {what}, not an IDX file").format(
                            name=path.name, what=error.what)) from None
    except TooLarge as error:
        raise DataError(translate("Data", "{name} is {size:.1f} GB; the limit is "
                                          "{max_idx_bytes} GB").format(
                            name=path.name, size=error.size / 2**30,
                            max_idx_bytes=MAX_IDX_BYTES // 2**30)) from None
    except OSError as error:
        raise DataError(translate("Data", "{name}: cannot read the file ({reason})").format(
                            name=path.name, reason=error.strerror or error)) from None
    if path.suffix.lower() != ".gz":
        return raw
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(raw)) as unpacked:
            data = unpacked.read(MAX_IDX_BYTES + 1)
    except (OSError, EOFError, zlib.error) as error:
        raise DataError(translate("Data", "{name}: not a complete gzip file ({error}); "
                                          "download it again").format(
                            name=path.name, error=error)) from None
    if len(data) > MAX_IDX_BYTES:
        raise DataError(translate("Data", "{name} unpacks to more than {max_idx_bytes} "
                                          "GB, the limit").format(
                            name=path.name, max_idx_bytes=MAX_IDX_BYTES // 2**30))
    return data


def read_idx(path: Path, dims: int) -> np.ndarray:
    """The uint8 array of an IDX file with ``dims`` dimensions (3 images, 1 labels)."""
    data = _read_bytes(path)
    if len(data) < 4:
        raise DataError(translate("Data", "{name}: too short to be an IDX file ({count} "
                                          "bytes)").format(name=path.name,
                                                           count=len(data)))
    zero, dtype, found_dims = int.from_bytes(data[:2], "big"), data[2], data[3]
    magic = int.from_bytes(data[:4], "big")
    expected = (UNSIGNED_BYTE << 8) | dims
    if zero != 0 or dtype != UNSIGNED_BYTE or found_dims != dims:
        template = (translate("Data", "{name}: not an IDX images file: magic number "
                              "0x{magic:08X}, expected 0x{expected:08X} (unsigned bytes, "
                              "{dims} dimensions)") if dims == 3 else
                    translate("Data", "{name}: not an IDX labels file: magic number "
                              "0x{magic:08X}, expected 0x{expected:08X} (unsigned bytes, "
                              "{dims} dimension)"))
        raise DataError(template.format(name=path.name, magic=magic, expected=expected,
                                        dims=dims))
    header = 4 + 4 * dims
    if len(data) < header:
        raise DataError(translate("Data", "{name}: the header is cut short ({count} "
                                          "bytes)").format(name=path.name,
                                                           count=len(data)))
    shape = tuple(int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims))
    needed = int(np.prod(shape, dtype=np.int64))
    if len(data) - header < needed:
        raise DataError(translate("Data", "{name}: truncated: the header promises {shape} "
                                          "values but the file holds {count}").format(
                            name=path.name, shape='×'.join(map(str, shape)),
                            count=len(data) - header))
    if len(data) - header > needed:
        raise DataError(translate("Data", "{name}: {count} bytes more than the header's "
                                          "{shape} values").format(
                            name=path.name, count=len(data) - header - needed,
                            shape='×'.join(map(str, shape))))
    return np.frombuffer(data, dtype=np.uint8, count=needed, offset=header).reshape(shape)


def read_idx_pair(images_path: Path) -> tuple[np.ndarray, np.ndarray, Path]:
    """(images (n, rows, cols) uint8, labels (n,) int64, labels path), checked."""
    labels_path = labels_path_for(images_path)
    images = read_idx(images_path, 3)
    labels = read_idx(labels_path, 1).astype(np.int64)
    if images.shape[0] != labels.shape[0]:
        raise DataError(translate("Data", "{name} holds {images:,} images but {labels_name} "
                                          "holds {labels:,} labels").format(
                            name=images_path.name, images=images.shape[0],
                            labels_name=labels_path.name, labels=labels.shape[0]))
    if images.shape[0] == 0:
        raise DataError(translate("Data", "{name} holds no images").format(
                            name=images_path.name))
    if min(images.shape[1:]) == 0:
        raise DataError(translate("Data", "{name}: the images are {rows}×{cols} "
                                          "pixels").format(name=images_path.name,
                                                           rows=images.shape[1],
                                                           cols=images.shape[2]))
    return images, labels, labels_path


def load_idx_dataset(images_path: Path, spec: DatasetSpec, display: str | None = None,
                     class_names: tuple[str, ...] | None = None) -> Dataset:
    """An IDX images file (and its labels beside it) as a split classification Dataset."""
    display = display or images_path.name
    if not images_path.exists():   # (a pipe or device by that name is refused by what it is)
        raise DataError(translate("Data", "{display}: file not found (looked for "
                                          "{images_path})").format(
                            display=display, images_path=images_path.resolve()))
    images, labels, _ = read_idx_pair(images_path)
    size = spec.image_size or automatic_size(Counter({(images.shape[2], images.shape[1]): 1}))
    check_volume(display, images.shape[0], size, 1)
    images = resize_stack(images, size)
    n_classes = int(labels.max()) + 1
    if class_names is None:
        class_names = tuple(str(i) for i in range(n_classes))
    elif n_classes > len(class_names):
        raise DataError(translate("Data", "{display}: label {n_classes} is beyond the "
                                          "{count} classes of this dataset").format(
                            display=display, n_classes=n_classes - 1,
                            count=len(class_names)))
    if len(class_names) < 2:
        raise DataError(translate("Data", "{display}: every label is 0; a classifier "
                                          "needs at least two classes").format(
                            display=display))
    return image_dataset(display, images, labels, class_names, spec)
