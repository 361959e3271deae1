"""CSV files a new user meets (issue 10): an empty first cell, CR line endings, paths that
are not files, and NumPy's reader agreeing with the cell-by-cell one."""

from __future__ import annotations

import os
import random
from pathlib import Path

import numpy as np
import pytest

from bpstudio.data import DataError, csv_loader, load_csv_dataset, load_inputs_csv
from bpstudio.data.loading import load_dataset
from bpstudio.model.settings import DatasetSpec


def write(tmp_path: Path, text: str | bytes, name: str = "data.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


# ---------------------------------------------------------------- the header rule
def test_an_empty_cell_in_a_headerless_first_row_is_data_not_a_header(tmp_path):
    """`0.5,` / `1,1` / `0,1` gave 2 predictions for 3 rows: the first was taken as a
    header and dropped. An empty cell is never a header name; it is reported."""
    path = write(tmp_path, "0.5,\n1,1\n0,1\n")
    with pytest.raises(DataError) as caught:
        load_inputs_csv(path, 2)
    assert str(caught.value) == "data.csv line 1, column 2 ('x2'): the cell is empty"
    path = write(tmp_path, ",1,0\n1,1,1\n0,1,0\n")
    with pytest.raises(DataError, match=r"line 1, column 1 \('x1'\): the cell is empty"):
        load_csv_dataset(path, n_inputs=2, n_outputs=1)


def test_a_header_with_an_empty_name_is_still_a_header(tmp_path):
    data = load_csv_dataset(write(tmp_path, "a,,y\n1,2,0\n3,4,1\n"), n_inputs=2,
                            n_outputs=1, test_ratio=0.0)
    assert data.feature_names == ("a", "x2") and data.n_train == 2


# ---------------------------------------------------------------- line endings
@pytest.mark.parametrize("ending", ["\r", "\r\n", "\n"])
def test_every_line_ending_reads_the_same(tmp_path, ending):
    """A CR-only file (old Mac, some exports) showed Python's csv-module message."""
    text = ending.join(["x1,x2,y", "0,0,0", "0,1,1", "1,0,1", "1,1,0"]) + ending
    data = load_csv_dataset(write(tmp_path, text), n_inputs=2, n_outputs=1, test_ratio=0.0)
    assert data.n_train == 4 and data.feature_names == ("x1", "x2")
    inputs = load_inputs_csv(write(tmp_path, ending.join(["1,2", "3,4", ""]), "in.csv"), 2)
    np.testing.assert_array_equal(inputs, [[1, 2], [3, 4]])


def test_cr_only_errors_name_the_right_line(tmp_path):
    path = write(tmp_path, "x1,x2,y\r0,0,0\r0,zero,1\r1,0,1\r")
    with pytest.raises(DataError, match=r"data\.csv line 3, column 2 \('x2'\): 'zero' is not"):
        load_csv_dataset(path, n_inputs=2, n_outputs=1)
    path = write(tmp_path, b"x1,x2,y\r0,0,0\r0,\xe9,1\r")
    with pytest.raises(DataError, match=r"data\.csv line 3: byte 0xE9 is not UTF-8"):
        load_csv_dataset(path, n_inputs=2, n_outputs=1)


# ---------------------------------------------------------------- what is not a file
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    pipe = tmp_path / "data.csv"
    os.mkfifo(pipe)
    for read in (lambda: load_csv_dataset(pipe), lambda: load_inputs_csv(pipe, 2),
                 lambda: load_dataset(DatasetSpec(name=str(pipe)))):
        with pytest.raises(DataError, match=r"data\.csv is a named pipe \(FIFO\), not a CSV "
                                            r"file$"):
            read()


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_dev_zero_is_refused_before_reading():
    """It read without end (the 500 MB limit held only for what stat reported)."""
    with pytest.raises(DataError, match=r"is a character device \(like /dev/zero\), which "
                                        r"never ends, not a CSV file"):
        load_dataset(DatasetSpec(name="/dev/zero"))


def test_a_folder_without_class_subfolders_says_what_it_is(tmp_path):
    folder = tmp_path / "tables"
    folder.mkdir()
    (folder / "data.csv").write_text("1,2,0\n")
    with pytest.raises(DataError) as caught:
        load_dataset(DatasetSpec(name=str(folder)))
    assert str(caught.value).startswith(f"{folder} is a folder with no class subfolders, so "
                                        "not an image folder")


def test_the_size_limit_holds_for_a_file_that_grows_while_read(tmp_path, monkeypatch):
    path = write(tmp_path, "1,2,0\n" * 100)
    monkeypatch.setattr(csv_loader, "MAX_BYTES", 300)
    monkeypatch.setattr("bpstudio.files.check_regular", lambda path: 10)   # stat said small
    with pytest.raises(DataError, match=r"data\.csv is larger than 0 MB, the most a CSV"):
        load_csv_dataset(path)


# ---------------------------------------------------------------- NumPy's reader
def _random_table(rng: random.Random) -> str:
    """Numbers as people and programs write them, with the odd header and blank line."""
    n_rows, n_columns = rng.randint(2, 30), rng.randint(2, 5)
    def cell() -> str:
        value = rng.choice([rng.uniform(-1e6, 1e6), rng.random(), float(rng.randint(-9, 9)),
                            rng.uniform(-1, 1) * 10.0 ** rng.randint(-300, 300)])
        text = rng.choice([repr(value), f"{value:.3f}", f"{value:g}", f" {value!r} "])
        return f'"{text}"' if rng.random() < 0.1 else text
    lines = [",".join(f"c{j}" for j in range(n_columns))] if rng.random() < 0.5 else []
    for _ in range(n_rows):
        lines.append(",".join(cell() for _ in range(n_columns - 1))
                     + f",{rng.randint(0, 1)}")
        if rng.random() < 0.05:
            lines.append("")
    return rng.choice(["\n", "\r\n", "\r"]).join(lines) + "\n"


@pytest.mark.parametrize("seed", range(40))
def test_numpys_reader_gives_what_the_cell_by_cell_reader_gives(tmp_path, seed, monkeypatch):
    path = write(tmp_path, _random_table(random.Random(seed)))
    fast = load_csv_dataset(path, test_ratio=0.25, seed=seed)
    assert csv_loader._numpy_table(path, "data.csv", None, 2) is not None
    monkeypatch.setattr(csv_loader, "_numpy_table", lambda *args: None)
    slow = load_csv_dataset(path, test_ratio=0.25, seed=seed)
    for name in ("x_train", "y_train", "x_test", "y_test"):
        np.testing.assert_array_equal(getattr(fast, name), getattr(slow, name))
    assert (fast.task, fast.n_classes, fast.class_names, fast.feature_names) == (
        slow.task, slow.n_classes, slow.class_names, slow.feature_names)


@pytest.mark.parametrize(("text", "message"), [
    ("1,2,0\n3,,1\n5,6,0\n", "line 2, column 2 ('x2'): the cell is empty"),
    ("1,2,0\n3,nan,1\n5,6,0\n", "line 2, column 2 ('x2'): 'nan' is not a finite number"),
    ("1,2,0\n3,4,0.5\n5,6,7\n", None),   # regression: fine
    ("a,b,y\n1,2,0\n3,4\n", "line 3: expected 3 columns, found 2"),
    ("1,2,0\n3,4,1.5\n", None),
])
def test_problems_numpy_meets_are_worded_by_line_and_column(tmp_path, text, message):
    path = write(tmp_path, text)
    if message is None:
        load_csv_dataset(path)
        return
    with pytest.raises(DataError) as caught:
        load_csv_dataset(path)
    assert str(caught.value) == f"data.csv {message}"


def test_a_big_numeric_file_never_makes_a_python_string_per_cell(tmp_path, monkeypatch):
    rows = "\n".join(f"{i * 0.001:.3f},{i % 7},{i % 2}" for i in range(20_000))
    path = write(tmp_path, "a,b,label\n" + rows + "\n")

    def no_cells(*args: object) -> None:
        raise AssertionError("read cell by cell")

    monkeypatch.setattr(csv_loader, "_read_rows", no_cells)
    data = load_csv_dataset(path, n_inputs=2, n_outputs=1, test_ratio=0.0)
    assert data.n_train == 20_000 and data.x_train.dtype == np.float64
    inputs = "\n".join(f"{i * 0.5},{i}" for i in range(20_000)) + "\n"
    assert load_inputs_csv(write(tmp_path, inputs, "in.csv"), 2).shape == (20_000, 2)
