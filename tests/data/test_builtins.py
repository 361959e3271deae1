"""The built-in generators: shapes, determinism, noise, splits, and the shapes they draw."""

import numpy as np
import pytest

from bpstudio.data import BUILTINS, load_dataset, make_builtin
from bpstudio.model.settings import BUILTIN_DATASETS, DatasetSpec

SYNTHETIC = [name for name, info in BUILTINS.items() if info.source == "generated"]
TWO_D_CLASSIFICATION = ["xor", "circle", "gaussians", "spiral", "moons"]


def make(name: str, **changes: object) -> object:
    return make_builtin(DatasetSpec(name=name, **changes))


def loo_1nn_accuracy(x: np.ndarray, y: np.ndarray) -> float:
    """Leave-one-out accuracy of the nearest-neighbour rule: high when classes are apart."""
    distances = ((x[:, None, :] - x[None, :, :]) ** 2).sum(axis=2)
    np.fill_diagonal(distances, np.inf)
    return float((y[distances.argmin(axis=1)] == y).mean())


def linear_accuracy(x: np.ndarray, y: np.ndarray) -> float:
    """Training accuracy of a least-squares linear classifier: ~0.5 when no line separates."""
    design = np.column_stack([x, np.ones(len(x))])
    weights, *_ = np.linalg.lstsq(design, 2.0 * y - 1.0, rcond=None)
    return float(((design @ weights > 0) == (y == 1)).mean())


def test_builtins_cover_exactly_the_settings_names_in_order() -> None:
    assert tuple(BUILTINS) == BUILTIN_DATASETS
    for name, info in BUILTINS.items():
        assert info.name == name and info.description and "\n" not in info.description
        assert info.task in ("classification", "regression")


@pytest.mark.parametrize("name", SYNTHETIC)
def test_shapes_dtypes_and_label_ranges_match_the_catalogue(name: str) -> None:
    info = BUILTINS[name]
    data = make(name, samples=120, noise=0.1, test_ratio=0.25)
    assert data.name == name and data.task == info.task
    assert data.x_train.shape == (90, info.n_features) and data.x_test.shape == (30,
                                                                              info.n_features)
    assert data.x_train.dtype == np.float64 and data.x_test.dtype == np.float64
    assert data.n_targets == info.n_targets and data.image_shape is None
    if info.task == "classification":
        assert data.y_train.shape == (90,) and data.y_test.shape == (30,)
        assert data.y_train.dtype == np.int64
        assert set(np.unique(data.y_all)) == set(range(info.n_classes))
        assert data.class_names == ("0", "1")
    else:
        assert data.y_train.shape == (90, info.n_targets) and data.y_train.dtype == np.float64
        assert data.n_classes == 0


@pytest.mark.parametrize("name", SYNTHETIC)
def test_clean_data_lies_within_the_unit_square(name: str) -> None:
    data = make(name, samples=400)
    if name == "gaussians":   # Gaussian tails: roughly, not strictly, inside
        assert (np.abs(data.x_all) <= 1.0).mean() > 0.99 and np.abs(data.x_all).max() < 1.5
    else:
        assert np.abs(data.x_all).max() <= 1.0
    if data.task == "regression":
        assert np.abs(data.y_all).max() <= 1.0


@pytest.mark.parametrize("name", TWO_D_CLASSIFICATION)
def test_two_class_generators_are_balanced(name: str) -> None:
    data = make(name, samples=200, test_ratio=0.2)
    np.testing.assert_array_equal(np.bincount(data.y_all), [100, 100])
    # The stratified split keeps the balance in the test set as well.
    np.testing.assert_array_equal(np.bincount(data.y_test), [20, 20])


@pytest.mark.parametrize("name", SYNTHETIC)
def test_same_spec_gives_bit_identical_arrays(name: str) -> None:
    first, second = make(name, noise=0.2, seed=7), make(name, noise=0.2, seed=7)
    for field in ("x_train", "y_train", "x_test", "y_test"):
        a, b = getattr(first, field), getattr(second, field)
        assert a.dtype == b.dtype and a.tobytes() == b.tobytes()


@pytest.mark.parametrize("name", SYNTHETIC)
def test_another_seed_gives_other_arrays(name: str) -> None:
    first, second = make(name, noise=0.1, seed=1), make(name, noise=0.1, seed=2)
    assert not np.array_equal(first.x_train, second.x_train)


@pytest.mark.parametrize("name", SYNTHETIC)
def test_noise_moves_the_points(name: str) -> None:
    clean, noisy = make(name, noise=0.0), make(name, noise=0.3)
    varied = "x_all" if clean.task == "classification" else "y_all"
    difference = getattr(noisy, varied) - getattr(clean, varied)
    # Same seed, same clean points: the difference is the jitter alone, σ ≈ 0.3.
    np.testing.assert_array_equal(noisy.y_all if varied == "x_all" else noisy.x_all,
                                  clean.y_all if varied == "x_all" else clean.x_all)
    assert 0.2 < difference.std() < 0.4


@pytest.mark.parametrize("ratio, n_test", [(0.0, 0), (0.1, 10), (0.25, 25), (0.9, 90)])
def test_test_ratio_sets_the_test_size(ratio: float, n_test: int) -> None:
    data = make("moons", samples=100, test_ratio=ratio)
    assert data.n_test == n_test and data.n_train == 100 - n_test
    assert data.x_test.shape == (n_test, 2) and data.y_test.shape == (n_test,)


def test_an_empty_regression_test_set_keeps_its_columns() -> None:
    data = make("sine", test_ratio=0.0)
    assert data.x_test.shape == (0, 1) and data.y_test.shape == (0, 1)


def test_train_and_test_together_are_the_generated_points() -> None:
    # Splitting must not lose or repeat a sample: the split only reorders.
    split, whole = make("spiral", samples=50, test_ratio=0.4), make("spiral", samples=50,
                                                                  test_ratio=0.0)
    assert sorted(map(tuple, split.x_all)) == sorted(map(tuple, whole.x_all))


@pytest.mark.parametrize("ratio", [0.0, 0.5, 0.9])
def test_four_sample_xor_is_the_classic_truth_table(ratio: float) -> None:
    data = make("xor", samples=4, noise=0.0, test_ratio=ratio)
    np.testing.assert_array_equal(data.x_train, [[0, 0], [0, 1], [1, 0], [1, 1]])
    np.testing.assert_array_equal(data.y_train, [0, 1, 1, 0])
    assert data.n_test == 0 and data.x_test.shape == (0, 2)
    np.testing.assert_array_equal(data.targets("train", n_outputs=1), [[0], [1], [1], [0]])


def test_four_sample_xor_with_noise_jitters_the_classic_points() -> None:
    data = make("xor", samples=4, noise=0.05)
    offsets = data.x_train - np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    assert 0 < np.abs(offsets).max() < 0.3


def test_xor_quadrants_label_opposite_signs_as_one() -> None:
    data = make("xor", samples=400)
    x, y = data.x_all, data.y_all
    np.testing.assert_array_equal(y, (x[:, 0] * x[:, 1] < 0).astype(np.int64))
    assert np.abs(x).min() >= 0.1            # the gap around the axes
    assert linear_accuracy(x, y) < 0.7        # XOR is the classic non-linear problem


def test_circle_disc_inside_ring() -> None:
    data = make("circle", samples=400)
    radius = np.linalg.norm(data.x_all, axis=1)
    assert radius[data.y_all == 0].max() <= 0.5
    assert radius[data.y_all == 1].min() >= 0.7


def test_gaussian_blobs_sit_on_the_diagonal_and_a_line_separates_them() -> None:
    data = make("gaussians", samples=400)
    x, y = data.x_all, data.y_all
    np.testing.assert_allclose(x[y == 0].mean(axis=0), [-0.5, -0.5], atol=0.05)
    np.testing.assert_allclose(x[y == 1].mean(axis=0), [0.5, 0.5], atol=0.05)
    assert linear_accuracy(x, y) > 0.97


def test_spiral_is_hard_for_a_line_but_learnable() -> None:
    data = make("spiral", samples=400)
    x, y = data.x_all, data.y_all
    assert linear_accuracy(x, y) < 0.7
    assert loo_1nn_accuracy(x, y) > 0.97
    # Both arms start at the centre and reach the rim.
    for label in (0, 1):
        radius = np.linalg.norm(x[y == label], axis=1)
        assert radius.min() < 0.05 and radius.max() > 0.95


def test_spiral_arms_are_point_reflections_of_each_other() -> None:
    data = make("spiral", samples=100, test_ratio=0.0)
    x, y = data.x_all, data.y_all
    arm0 = np.array(sorted(map(tuple, x[y == 0].round(12))))
    arm1 = np.array(sorted(map(tuple, (-x[y == 1]).round(12))))
    np.testing.assert_allclose(arm0, arm1, atol=1e-12)


def test_moons_interleave_but_stay_apart() -> None:
    data = make("moons", samples=400)
    x, y = data.x_all, data.y_all
    assert x[y == 0, 1].mean() > x[y == 1, 1].mean()       # upper arch vs lower arch
    assert x[y == 0, 0].mean() < x[y == 1, 0].mean()       # shifted left vs right
    assert loo_1nn_accuracy(x, y) == 1.0
    assert linear_accuracy(x, y) < 0.95


def test_plane_is_the_documented_linear_function() -> None:
    data = make("plane", samples=100)
    np.testing.assert_allclose(data.y_all[:, 0],
                               0.5 * data.x_all[:, 0] - 0.3 * data.x_all[:, 1] + 0.1)


def test_sine_is_one_period_of_sin_pi_x() -> None:
    data = make("sine", samples=300)
    assert data.x_all.min() >= -1 and data.x_all.max() <= 1
    np.testing.assert_allclose(data.y_all, np.sin(np.pi * data.x_all))
    assert data.y_all.max() > 0.99 and data.y_all.min() < -0.99


def test_describe_a_builtin() -> None:
    assert make("spiral", samples=200).describe() == ("spiral: 2-D classification, 2 classes, "
                                                      "160 train / 40 test")


def test_input_range_contains_every_point() -> None:
    data = make("moons", noise=0.2)
    (x0, x1), (y0, y1) = data.input_range()
    assert x0 < data.x_all[:, 0].min() and x1 > data.x_all[:, 0].max()
    assert y0 < data.x_all[:, 1].min() and y1 > data.x_all[:, 1].max()


def test_load_dataset_checks_a_builtin_against_the_network() -> None:
    spec = DatasetSpec(name="spiral")
    assert load_dataset(spec, n_inputs=2, n_outputs=1).name == "spiral"
    assert load_dataset(spec, n_inputs=2, n_outputs=2).name == "spiral"
    with pytest.raises(ValueError, match="spiral has 2 inputs per sample but the network "
                                         "has 3 input neurons"):
        load_dataset(spec, n_inputs=3, n_outputs=1)
    with pytest.raises(ValueError, match="needs 2 outputs \\(or 1\\) but the network has 3"):
        load_dataset(spec, n_inputs=2, n_outputs=3)


def test_load_dataset_refuses_a_task_the_builtin_is_not() -> None:
    with pytest.raises(ValueError, match="sine is a regression dataset, not classification"):
        load_dataset(DatasetSpec(name="sine"), task="classification")
    assert load_dataset(DatasetSpec(name="sine"), task="regression").task == "regression"
