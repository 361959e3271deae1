"""load_dataset: built-in names first, otherwise a CSV path relative to the .bpnet file."""

from pathlib import Path

import numpy as np
import pytest

from bpstudio.data import DataError, load_dataset, resolve_path
from bpstudio.model.settings import DatasetSpec

CSV = "x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n0.5,0.5,1\n"


def test_a_relative_csv_path_counts_from_base_dir(tmp_path: Path) -> None:
    (tmp_path / "sets").mkdir()
    (tmp_path / "sets" / "mine.csv").write_text(CSV)
    data = load_dataset(DatasetSpec(name="sets/mine.csv", test_ratio=0.2), tmp_path,
                        n_inputs=2, n_outputs=1)
    assert data.name == "mine.csv" and data.task == "classification"
    assert (data.n_train, data.n_test) == (4, 1)


def test_an_absolute_csv_path_ignores_base_dir(tmp_path: Path) -> None:
    path = tmp_path / "abs.csv"
    path.write_text(CSV)
    data = load_dataset(DatasetSpec(name=str(path)), Path("/nonexistent"), n_inputs=2)
    assert data.n_train + data.n_test == 5


def test_the_spec_seed_and_ratio_drive_the_csv_split(tmp_path: Path) -> None:
    (tmp_path / "d.csv").write_text("".join(f"{i},{i * 0.1}\n" for i in range(30)))

    def load(seed: int) -> np.ndarray:
        spec = DatasetSpec(name="d.csv", test_ratio=0.5, seed=seed)
        return load_dataset(spec, tmp_path, n_inputs=1, n_outputs=1).x_test

    assert load(1).shape == (15, 1)
    assert np.array_equal(load(1), load(1)) and not np.array_equal(load(1), load(2))


def test_task_and_sizes_reach_the_csv_loader(tmp_path: Path) -> None:
    (tmp_path / "d.csv").write_text(CSV)
    spec = DatasetSpec(name="d.csv")
    assert load_dataset(spec, tmp_path, n_inputs=2, task="regression").task == "regression"
    with pytest.raises(DataError, match="d.csv has 3 columns but the network has 3 inputs"):
        load_dataset(spec, tmp_path, n_inputs=3, n_outputs=1)


def test_a_missing_csv_names_the_full_path(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"gone\.csv: file not found \(looked for "
                                        + str(tmp_path / "gone.csv")):
        load_dataset(DatasetSpec(name="gone.csv"), tmp_path)


def test_a_mistyped_builtin_name_gets_a_suggestion(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"'spirl' is not a built-in dataset \(xor, circle, "
                                        r".*adding\) and no file .* exists\. Did you mean "
                                        r"'spiral'\?"):
        load_dataset(DatasetSpec(name="spirl"), tmp_path)


def test_a_file_without_suffix_still_loads(tmp_path: Path) -> None:
    (tmp_path / "table").write_text(CSV)
    assert load_dataset(DatasetSpec(name="table"), tmp_path, n_inputs=2).n_features == 2


def test_builtin_names_win_over_files(tmp_path: Path) -> None:
    (tmp_path / "xor").write_text("this is not a csv")
    assert load_dataset(DatasetSpec(name="xor"), tmp_path).describe().startswith("xor: ")


def test_an_unknown_task_is_refused_for_builtins_too() -> None:
    with pytest.raises(DataError, match="task must be one of"):
        load_dataset(DatasetSpec(name="xor"), task="clustering")


def test_resolve_path(tmp_path: Path) -> None:
    assert resolve_path("a/b.csv", tmp_path) == tmp_path / "a" / "b.csv"
    assert resolve_path("a.csv") == Path("a.csv")
    assert resolve_path(str(tmp_path / "x.csv"), Path("/elsewhere")) == tmp_path / "x.csv"
