"""The tables shipped in resources/datasets: shapes, classes, default scaling, errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bpstudio.data import BUILTINS, DataError, default_scaling, load_dataset, missing_dataset
from bpstudio.model.settings import DatasetSpec

# name → (samples, features, classes or 0, per-class counts or None)
TABLES = {
    "iris": (150, 4, 3, [50, 50, 50]),
    "wine": (178, 13, 3, [59, 71, 48]),
    "breast_cancer": (569, 30, 2, [212, 357]),
    "diabetes": (442, 10, 0, None),
}


@pytest.mark.parametrize("name", list(TABLES))
def test_shipped_tables_load_with_their_known_shapes(name: str) -> None:
    samples, features, classes, counts = TABLES[name]
    info = BUILTINS[name]
    data = load_dataset(DatasetSpec(name, test_ratio=0.2))
    assert data.n_train + data.n_test == samples and data.n_features == features
    assert info.n_features == features and info.is_table
    assert len(data.feature_names) == features and data.feature_names[0] != "x1"
    if classes:
        assert data.n_classes == classes and data.class_names == info.class_names
        assert np.bincount(data.y_all).tolist() == counts
    else:
        assert data.task == "regression" and data.y_all.shape == (samples, 1)
        assert data.y_all.min() >= 25 and data.y_all.max() <= 346   # progression, as published


def test_tables_default_to_z_score_and_images_and_points_to_none(tmp_path: Path) -> None:
    assert [default_scaling(DatasetSpec(name)) for name in ("iris", "diabetes", "wine")] == [
        "zscore"] * 3
    assert [default_scaling(DatasetSpec(name)) for name in ("digits", "fashion", "xor",
                                                             "drawn")] == ["none"] * 4
    (tmp_path / "d.csv").write_text("a,b\n1,2\n")
    (tmp_path / "pictures").mkdir()
    assert default_scaling(DatasetSpec("d.csv"), tmp_path) == "zscore"
    assert default_scaling(DatasetSpec("pictures"), tmp_path) == "none"


def test_z_score_is_fitted_on_the_training_split_only() -> None:
    raw = load_dataset(DatasetSpec("wine", test_ratio=0.3, seed=2))
    scaled = load_dataset(DatasetSpec("wine", test_ratio=0.3, seed=2, scale_inputs="zscore"))
    np.testing.assert_allclose(scaled.x_train.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(scaled.x_train.std(axis=0), 1.0, rtol=1e-12)
    assert np.abs(scaled.x_test.mean(axis=0)).max() > 1e-3    # the test split is not refitted
    np.testing.assert_allclose(scaled.scaling.offset, raw.x_train.mean(axis=0))
    np.testing.assert_allclose(scaled.scaling.invert(scaled.x_test), raw.x_test, rtol=1e-12)
    minmax = load_dataset(DatasetSpec("wine", test_ratio=0.3, seed=2, scale_inputs="minmax"))
    assert minmax.x_train.min() == 0.0 and minmax.x_train.max() == 1.0
    assert "inputs scaled by zscore" in scaled.describe()


def test_a_vanished_dataset_is_reported_without_loading(tmp_path: Path) -> None:
    assert missing_dataset(DatasetSpec("iris"), tmp_path) is None
    assert missing_dataset(DatasetSpec("drawn"), tmp_path) is None
    (tmp_path / "here.csv").write_text("x,y\n1,0\n2,1\n")
    assert missing_dataset(DatasetSpec("here.csv"), tmp_path) is None
    message = missing_dataset(DatasetSpec("photos/cats"), tmp_path)
    assert message == (f"the dataset 'photos/cats' is missing: no folder "
                       f"{(tmp_path / 'photos' / 'cats').resolve()} (moved or deleted since "
                       "the document was saved?); put it back or choose the dataset again")
    assert "no file" in (missing_dataset(DatasetSpec("gone.csv"), tmp_path) or "")
    with pytest.raises(DataError, match="gone.csv: file not found"):
        load_dataset(DatasetSpec("gone.csv"), tmp_path)
