"""Points drawn in the document: as a Dataset, as CSV that loads back, and the bad cases."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bpstudio.data import DataError, drawn_points_csv, load_csv_dataset, load_dataset
from bpstudio.model.points import DrawnPoint, DrawnPoints
from bpstudio.model.settings import DatasetSpec, SettingsError


def two_blobs(n: int = 40) -> DrawnPoints:
    rng = np.random.default_rng(0)
    points = [DrawnPoint(float(rng.normal(-0.5 + k, 0.1)), float(rng.normal(0.5 - k, 0.1)), k)
              for i in range(n) for k in (i % 2,)]
    return DrawnPoints("classification", 2, tuple(points))


def test_drawn_points_are_the_dataset_when_the_spec_says_drawn() -> None:
    drawn = two_blobs()
    data = load_dataset(DatasetSpec("drawn", test_ratio=0.25), points=drawn, n_inputs=2,
                        n_outputs=1)
    assert data.n_train == 30 and data.n_test == 10 and data.n_classes == 2
    assert sorted(map(tuple, data.x_all.tolist())) == sorted((p.x1, p.x2) for p in drawn.points)


def test_regression_points_and_the_csv_round_trip(tmp_path: Path) -> None:
    drawn = DrawnPoints("regression", 0, (DrawnPoint(0.1, 0.2, 0.5), DrawnPoint(-1.0, 0.3, 2.25),
                                          DrawnPoint(0.7, -0.7, -1 / 3)))
    text = drawn_points_csv(drawn)
    assert text.splitlines()[0] == "x1,x2,target"
    assert text.splitlines()[3] == f"0.7,-0.7,{-1 / 3!r}"
    (tmp_path / "points.csv").write_text(text)
    back = load_csv_dataset(tmp_path / "points.csv", n_inputs=2, n_outputs=1, test_ratio=0)
    assert back.task == "regression"
    np.testing.assert_array_equal(np.sort(back.y_train[:, 0]), [-1 / 3, 0.5, 2.25])
    classes = two_blobs(6)
    (tmp_path / "classes.csv").write_text(drawn_points_csv(classes))
    again = load_csv_dataset(tmp_path / "classes.csv", n_inputs=2, n_outputs=2, test_ratio=0)
    assert sorted(again.y_train.tolist()) == sorted(int(p.value) for p in classes.points)


def test_too_few_points_say_what_to_do() -> None:
    one = DrawnPoints(points=(DrawnPoint(0, 0, 1),))
    with pytest.raises(DataError, match=r"the drawing has 1 point; draw at least 2 on the "
                                        r"decision-boundary plane"):
        load_dataset(DatasetSpec("drawn"), points=one)


def test_edits_make_new_values_and_bad_points_are_refused() -> None:
    drawn = DrawnPoints(n_classes=3)
    more = drawn.added([DrawnPoint(0, 0, 2), DrawnPoint(1, 1, 0), DrawnPoint(0.1, 0, 1)])
    assert len(drawn) == 0 and len(more) == 3
    assert more.within(0, 0, 0.2) == [0, 2]
    assert more.removed([0, 2]).points == (DrawnPoint(1, 1, 0),)
    assert more.cleared() == drawn
    with pytest.raises(SettingsError, match=r"points\[0\]: label 3 is not a class 0..2"):
        drawn.added([DrawnPoint(0, 0, 3)])
    with pytest.raises(SettingsError, match=r"points\[0\]\.x1 must be a finite number"):
        DrawnPoints(points=(DrawnPoint(float("nan"), 0, 0),))
    with pytest.raises(SettingsError, match="n_classes must be 2 to 10"):
        DrawnPoints(n_classes=1)
