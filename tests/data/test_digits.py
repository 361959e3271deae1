"""The digits built-in: the shipped 8×8 images (scikit-learn's copy), scaled and split."""

import hashlib
from collections.abc import Iterator

import numpy as np
import pytest

from bpstudio.data import BUILTINS, DataError, Dataset, load_dataset, tables
from bpstudio.data import digits as digits_module
from bpstudio.model.settings import DatasetSpec

# sha256 of load_digits().data / 16 and of load_digits().target (scikit-learn 1.9.1): the
# shipped file (scripts/make_datasets.py) must give exactly what scikit-learn gives.
PIXELS_SHA256 = "23a53393488b04f92efc45ebc92767e2dcfdf206ba37a928f497d261e42267d2"
LABELS_SHA256 = "a3c91c262eddcf7ba8f0e37507c30284493c9b20412ffe4af30d536401f7ba21"


@pytest.fixture(scope="module")
def digits() -> Dataset:
    return load_dataset(DatasetSpec(name="digits", test_ratio=0.2, seed=3))


def test_full_set_of_1797_images_in_ten_classes(digits: Dataset) -> None:
    assert digits.n_train + digits.n_test == 1797
    assert digits.n_test == 359                     # round(1797 × 0.2)
    assert digits.x_train.shape[1] == 64 and digits.x_train.dtype == np.float64
    assert digits.y_train.dtype == np.int64
    assert digits.n_classes == 10 and digits.n_targets == 10
    assert digits.class_names == tuple(str(i) for i in range(10))
    assert digits.image_shape == (8, 8) == BUILTINS["digits"].image_shape
    assert len(digits.feature_names) == 64
    # Every class is in both halves: the split is stratified.
    assert set(digits.y_train) == set(digits.y_test) == set(range(10))
    assert "digits: 64-D classification (8×8 images), 10 classes" in digits.describe()


def test_pixels_are_scaled_to_the_unit_interval(digits: Dataset) -> None:
    assert digits.x_all.min() == 0.0 and digits.x_all.max() == 1.0
    # 17 grey levels (0..16) survive the scaling as multiples of 1/16.
    np.testing.assert_array_equal(digits.x_all * 16, np.round(digits.x_all * 16))


def test_samples_and_noise_do_not_apply(digits: Dataset) -> None:
    other = load_dataset(DatasetSpec(name="digits", samples=50, noise=1.0, test_ratio=0.2,
                                     seed=3))
    assert other.x_train.tobytes() == digits.x_train.tobytes()
    assert other.y_test.tobytes() == digits.y_test.tobytes()


def test_the_split_follows_seed_and_ratio(digits: Dataset) -> None:
    reseeded = load_dataset(DatasetSpec(name="digits", test_ratio=0.2, seed=4))
    assert not np.array_equal(reseeded.y_test, digits.y_test)
    unsplit = load_dataset(DatasetSpec(name="digits", test_ratio=0.0))
    assert unsplit.n_test == 0 and unsplit.x_test.shape == (0, 64)


def test_images_look_like_their_labels(digits: Dataset) -> None:
    # A zero has a hole in the middle; a one is a vertical stroke through it.
    images = digits.x_all.reshape(-1, 8, 8)
    centre = images[:, 2:6, 3:5].mean(axis=(1, 2))
    assert centre[digits.y_all == 0].mean() < 0.25 < centre[digits.y_all == 1].mean()


def test_fits_a_64_10_network_only(digits: Dataset) -> None:
    digits.check_fits(64, 10)
    with pytest.raises(ValueError, match="digits has 10 classes, so the network needs 10 "
                                         "outputs but the network has 1 output neuron"):
        digits.check_fits(64, 1)


def test_shipped_arrays_match_scikit_learns_load_digits_exactly() -> None:
    pixels, labels = digits_module.digits_arrays()
    assert hashlib.sha256(np.ascontiguousarray(pixels).tobytes()).hexdigest() == PIXELS_SHA256
    assert hashlib.sha256(labels.tobytes()).hexdigest() == LABELS_SHA256
    np.testing.assert_array_equal(np.bincount(labels),
                                  [178, 182, 177, 183, 181, 182, 181, 179, 174, 180])


@pytest.fixture
def uncached() -> Iterator[None]:
    digits_module.digits_arrays.cache_clear()
    tables.read_table.cache_clear()
    yield
    digits_module.digits_arrays.cache_clear()
    tables.read_table.cache_clear()


def test_a_missing_shipped_file_says_to_reinstall(
        uncached: None, monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setattr(tables, "DATASETS_DIR", tmp_path)
    with pytest.raises(DataError, match=r"the built-in dataset digits is missing or damaged "
                                        r".*reinstall BP Studio"):
        digits_module.digits_arrays()
    (tmp_path / "digits.csv.gz").write_bytes(b"not gzip")
    with pytest.raises(DataError, match="missing or damaged"):
        digits_module.digits_arrays()
