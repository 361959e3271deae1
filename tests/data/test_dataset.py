"""Dataset: validation, derived sizes, one-line description, plot range, targets."""

import numpy as np
import pytest

from bpstudio.data import DataError, Dataset, one_hot
from bpstudio.data.split import held_out_count, split_indices


def classification(n_classes: int = 3, n_test: int = 2) -> Dataset:
    rng = np.random.default_rng(0)
    return Dataset(name="toy", task="classification",
                   x_train=rng.normal(size=(6, 2)), y_train=np.array([0, 1, 2, 0, 1, 2]),
                   x_test=rng.normal(size=(n_test, 2)),
                   y_test=np.arange(n_test, dtype=np.int64) % n_classes,
                   n_classes=n_classes)


def regression() -> Dataset:
    return Dataset(name="reg", task="regression", x_train=np.zeros((5, 1)),
                   y_train=np.ones((5, 2)), x_test=np.zeros((0, 1)), y_test=np.zeros((0, 2)))


def test_sizes_and_default_names() -> None:
    data = classification()
    assert (data.n_features, data.n_targets, data.n_train, data.n_test) == (2, 3, 6, 2)
    assert data.feature_names == ("x1", "x2")
    assert data.class_names == ("0", "1", "2")
    assert data.x_all.shape == (8, 2) and data.y_all.shape == (8,)
    reg = regression()
    assert (reg.n_targets, reg.n_classes, reg.target_names) == (2, 0, ("y1", "y2"))


def test_arrays_are_read_only_views_that_leave_the_callers_array_writable() -> None:
    x = np.zeros((3, 1))
    data = Dataset(name="d", task="regression", x_train=x, y_train=np.zeros((3, 1)),
                   x_test=np.zeros((0, 1)), y_test=np.zeros((0, 1)))
    with pytest.raises(ValueError):
        data.x_train[0, 0] = 1.0
    x[0, 0] = 2.0          # the caller's own array is untouched by freezing
    assert x.flags.writeable


def test_labels_are_int64_even_from_int32() -> None:
    data = Dataset(name="d", task="classification", x_train=np.zeros((2, 1)),
                   y_train=np.array([0, 1], dtype=np.int32), x_test=np.zeros((0, 1)),
                   y_test=np.zeros(0), n_classes=2)
    assert data.y_train.dtype == np.int64 and data.y_test.dtype == np.int64


@pytest.mark.parametrize("changes, message", [
    ({"task": "clustering"}, "task must be"),
    ({"y_train": np.array([0, 1, 3, 0, 1, 2])}, "0..2"),
    ({"y_train": np.array([0.0, 1, 2, 0, 1, 2])}, "integer"),
    ({"y_train": np.array([0, 1, 2])}, "rows"),
    ({"x_test": np.zeros((2, 3))}, "equal widths"),
    ({"class_names": ("a", "b")}, "2 class names for 3 classes"),
    ({"feature_names": ("a",)}, "1 feature names"),
    ({"image_shape": (3, 3)}, "image_shape"),
    ({"x_train": np.zeros((0, 2)), "y_train": np.zeros(0, dtype=np.int64)}, "empty"),
])
def test_inconsistent_fields_are_refused(changes: dict, message: str) -> None:
    rng = np.random.default_rng(0)
    fields = dict(name="toy", task="classification", x_train=rng.normal(size=(6, 2)),
                  y_train=np.array([0, 1, 2, 0, 1, 2]), x_test=np.zeros((2, 2)),
                  y_test=np.array([0, 1]), n_classes=3)
    with pytest.raises(ValueError, match=message):
        Dataset(**(fields | changes))


def test_describe() -> None:
    assert classification().describe() == "toy: 2-D classification, 3 classes, 6 train / 2 test"
    assert regression().describe() == "reg: 1-D regression, 2 targets, 5 train / 0 test"
    # The repr is the summary, not thousands of array elements in a test report.
    assert repr(regression()) == "<Dataset reg: 1-D regression, 2 targets, 5 train / 0 test>"


def test_input_range_pads_the_extremes_of_train_and_test() -> None:
    data = Dataset(name="d", task="classification", x_train=np.array([[0.0, -1.0], [1.0, 1.0]]),
                   y_train=np.array([0, 1]), x_test=np.array([[2.0, 0.0]]),
                   y_test=np.array([0]), n_classes=2)
    (x0, x1), (y0, y1) = data.input_range()
    assert (x0, x1) == pytest.approx((-0.2, 2.2))
    assert (y0, y1) == pytest.approx((-1.2, 1.2))


def test_input_range_of_a_flat_axis_is_still_wide() -> None:
    data = Dataset(name="d", task="classification", x_train=np.array([[0.0, 3.0], [1.0, 3.0]]),
                   y_train=np.array([0, 1]), x_test=np.zeros((0, 2)),
                   y_test=np.zeros(0, dtype=np.int64), n_classes=2)
    assert data.input_range()[1] == (2.5, 3.5)


def test_input_range_needs_two_inputs() -> None:
    with pytest.raises(ValueError, match="1 inputs; a decision-boundary plot needs exactly 2"):
        regression().input_range()


def test_one_hot() -> None:
    encoded = one_hot(np.array([2, 0, 1]), 3)
    assert encoded.dtype == np.float64
    np.testing.assert_array_equal(encoded, [[0, 0, 1], [1, 0, 0], [0, 1, 0]])
    assert one_hot(np.zeros(0, dtype=np.int64), 4).shape == (0, 4)
    with pytest.raises(ValueError, match="0..1"):
        one_hot(np.array([2]), 2)


def test_targets_one_hot_and_binary_single_column() -> None:
    data = classification()
    np.testing.assert_array_equal(data.targets("train"), one_hot(data.y_train, 3))
    assert data.targets("test").shape == (2, 3)
    binary = Dataset(name="b", task="classification", x_train=np.zeros((2, 1)),
                     y_train=np.array([1, 0]), x_test=np.zeros((0, 1)),
                     y_test=np.zeros(0, dtype=np.int64), n_classes=2)
    np.testing.assert_array_equal(binary.targets(n_outputs=1), [[1.0], [0.0]])
    assert binary.targets(n_outputs=2).shape == (2, 2)
    np.testing.assert_array_equal(regression().targets(), np.ones((5, 2)))


def test_check_fits_names_both_sizes() -> None:
    data = classification()
    data.check_fits(2, 3)
    data.check_fits(None, None)
    with pytest.raises(DataError, match="toy has 2 inputs per sample but the network has "
                                        "3 input neurons"):
        data.check_fits(3, 3)
    with pytest.raises(DataError, match="toy has 3 classes, so the network needs 3 outputs "
                                        "but the network has 1 output neuron"):
        data.check_fits(2, 1)
    with pytest.raises(DataError, match="2 targets per sample but the network has 1 output"):
        regression().check_fits(1, 1)


def test_held_out_count_rounds_and_keeps_a_training_sample() -> None:
    assert held_out_count(200, 0.2) == 40
    assert held_out_count(1797, 0.2) == 359
    assert held_out_count(10, 0.0) == 0
    assert held_out_count(4, 0.9) == 3


def test_stratified_split_keeps_class_shares_and_covers_every_index() -> None:
    labels = np.repeat([0, 1, 2], [50, 30, 20])
    train, test = split_indices(100, 0.3, np.random.default_rng(1), labels)
    assert len(test) == 30
    assert sorted(np.concatenate([train, test])) == list(range(100))
    np.testing.assert_array_equal(np.bincount(labels[test]), [15, 9, 6])


def test_stratified_split_total_is_exact_when_shares_are_fractional() -> None:
    labels = np.repeat([0, 1, 2], [7, 7, 7])
    train, test = split_indices(21, 0.5, np.random.default_rng(0), labels)
    assert len(test) == round(21 * 0.5) and len(train) == 21 - len(test)
    assert np.bincount(labels[test], minlength=3).max() - np.bincount(labels[test]).min() <= 1
