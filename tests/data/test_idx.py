"""IDX (MNIST-format) files written by the tests, the shipped Fashion-MNIST, and bad files."""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pytest

from bpstudio.data import BUILTINS, DataError, load_dataset
from bpstudio.data.idx import is_idx_images, labels_path_for, read_idx
from bpstudio.model.settings import DatasetSpec


def idx_bytes(array: np.ndarray) -> bytes:
    header = bytes([0, 0, 0x08, array.ndim]) + b"".join(
        int(n).to_bytes(4, "big") for n in array.shape)
    return header + np.ascontiguousarray(array, dtype=np.uint8).tobytes()


def write_pair(folder: Path, images: np.ndarray, labels: np.ndarray, prefix: str = "t10k",
               compress: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    suffix = ".gz" if compress else ""
    pack = gzip.compress if compress else (lambda data: data)
    image_path = folder / f"{prefix}-images-idx3-ubyte{suffix}"
    image_path.write_bytes(pack(idx_bytes(images)))
    (folder / f"{prefix}-labels-idx1-ubyte{suffix}").write_bytes(pack(idx_bytes(labels)))
    return image_path


def stripes(n: int = 40) -> tuple[np.ndarray, np.ndarray]:
    """Class 0: a bright row; class 1: a bright column. 6×5 images."""
    labels = np.arange(n) % 2
    images = np.zeros((n, 6, 5), dtype=np.uint8)
    images[labels == 0, 2, :] = 255
    images[labels == 1, :, 3] = 200
    return images, labels


@pytest.mark.parametrize("compress", [True, False])
def test_an_idx_pair_loads_beside_each_other(tmp_path: Path, compress: bool) -> None:
    images, labels = stripes()
    path = write_pair(tmp_path / "mnist", images, labels, compress=compress)
    assert is_idx_images(path) and labels_path_for(path).name.startswith("t10k-labels-idx1")
    data = load_dataset(DatasetSpec(str(path), test_ratio=0.25))
    assert data.image_shape == (6, 5) and data.n_features == 30 and data.n_classes == 2
    assert data.n_train == 30 and data.n_test == 10 and data.class_names == ("0", "1")
    rows = data.x_all.reshape(-1, 6, 5)
    assert np.all(rows[data.y_all == 0][:, 2, :] == 1.0)
    assert np.allclose(rows[data.y_all == 1][:, :, 3], 200 / 255)


def test_labels_may_be_compressed_differently_and_sizes_resized(tmp_path: Path) -> None:
    images, labels = stripes()
    folder = tmp_path / "emnist"
    folder.mkdir()
    path = folder / "emnist-test-images-idx3-ubyte"
    path.write_bytes(idx_bytes(images))
    (folder / "emnist-test-labels-idx1-ubyte.gz").write_bytes(gzip.compress(idx_bytes(labels)))
    data = load_dataset(DatasetSpec(str(path), image_width=3, image_height=3, invert=True))
    assert data.image_shape == (3, 3) and data.x_all.max() <= 1.0


@pytest.mark.parametrize(("damage", "message"), [
    (lambda b: b"\x00\x00\x08\x01" + b[4:], r"t10k-images-idx3-ubyte: not an IDX images file: "
                                            r"magic number 0x00000801, expected 0x00000803"),
    (lambda b: b"PK\x03\x04" + b[4:], r"magic number 0x504B0304"),
    (lambda b: b[:-7], r"truncated: the header promises 40×6×5 values but the file holds 1193"),
    (lambda b: b[:10], r"the header is cut short \(10 bytes\)"),
    (lambda b: b + b"xx", r"2 bytes more than the header's 40×6×5 values"),
])
def test_malformed_images_files_are_refused_clearly(tmp_path: Path, damage, message) -> None:
    images, labels = stripes()
    path = write_pair(tmp_path, images, labels, compress=False)
    path.write_bytes(damage(path.read_bytes()))
    with pytest.raises(DataError, match=message):
        load_dataset(DatasetSpec(str(path)))


def test_counts_that_disagree_and_a_missing_labels_file(tmp_path: Path) -> None:
    images, labels = stripes()
    path = write_pair(tmp_path, images, labels[:39])
    with pytest.raises(DataError, match=r"t10k-images-idx3-ubyte\.gz holds 40 images but "
                                        r"t10k-labels-idx1-ubyte\.gz holds 39 labels"):
        load_dataset(DatasetSpec(str(path)))
    (tmp_path / "t10k-labels-idx1-ubyte.gz").unlink()
    with pytest.raises(DataError, match=r"no labels file beside it \(looked for "
                                        r"t10k-labels-idx1-ubyte or t10k-labels-idx1-ubyte\.gz"):
        load_dataset(DatasetSpec(str(path)))


def test_a_damaged_gzip_is_named(tmp_path: Path) -> None:
    images, labels = stripes()
    path = write_pair(tmp_path, images, labels)
    path.write_bytes(path.read_bytes()[:50])
    with pytest.raises(DataError, match=r"t10k-images-idx3-ubyte\.gz: not a complete gzip "
                                        r"file .*download it again"):
        load_dataset(DatasetSpec(str(path)))


def test_read_idx_reads_the_labels_dimension(tmp_path: Path) -> None:
    path = tmp_path / "x-labels-idx1-ubyte"
    path.write_bytes(idx_bytes(np.array([3, 1, 4], dtype=np.uint8)))
    np.testing.assert_array_equal(read_idx(path, 1), [3, 1, 4])


def test_the_shipped_fashion_mnist_test_set() -> None:
    data = load_dataset(DatasetSpec("fashion", test_ratio=0.2))
    info = BUILTINS["fashion"]
    assert data.n_train + data.n_test == 10_000 and data.n_test == 2000
    assert data.image_shape == (28, 28) == info.image_shape and data.n_features == 784
    assert data.class_names[0] == "T-shirt/top" and data.class_names[9] == "Ankle boot"
    assert np.bincount(data.y_all).tolist() == [1000] * 10
    assert data.x_all.min() == 0.0 and data.x_all.max() == 1.0
    # Trousers are two legs: darker down the middle than at either side of it.
    trousers = data.x_all[data.y_all == 1].reshape(-1, 28, 28).mean(axis=0)
    assert trousers[14:26, 13:15].mean() < trousers[14:26, 9:11].mean()
