"""CSV loading: the column rules, header detection, labels, and one clear error per problem."""

from pathlib import Path

import numpy as np
import pytest

from bpstudio.data import DataError, csv_loader, load_csv_dataset, load_inputs_csv


def write(tmp_path: Path, text: str, name: str = "data.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load(tmp_path: Path, text: str, **options: object):
    options.setdefault("test_ratio", 0.0)
    return load_csv_dataset(write(tmp_path, text), **options)


def rows_of(data) -> dict[tuple[float, ...], object]:
    """Input row → label or target row, independent of the shuffled order."""
    y = data.y_all.tolist()
    return {tuple(x): label for x, label in zip(data.x_all.tolist(), y, strict=True)}


XOR_CSV = "x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n"


# --- the column rules ------------------------------------------------------------------------

def test_binary_label_column_with_one_output_is_classification(tmp_path: Path) -> None:
    data = load(tmp_path, XOR_CSV, n_inputs=2, n_outputs=1)
    assert data.task == "classification" and data.n_classes == 2
    assert data.name == "data.csv" and data.feature_names == ("x1", "x2")
    assert rows_of(data) == {(0, 0): 0, (0, 1): 1, (1, 0): 1, (1, 1): 0}
    np.testing.assert_array_equal(data.targets(n_outputs=1)[:, 0], data.y_train)


def test_other_numbers_with_one_output_are_regression(tmp_path: Path) -> None:
    data = load(tmp_path, "a,b,price\n1,2,0.5\n3,4,1.5\n5,6,-2\n", n_inputs=2, n_outputs=1)
    assert data.task == "regression" and data.n_classes == 0
    assert data.y_train.shape == (3, 1) and data.y_train.dtype == np.float64
    assert data.target_names == ("price",)
    assert rows_of(data) == {(1, 2): [0.5], (3, 4): [1.5], (5, 6): [-2.0]}


def test_integer_label_column_with_several_outputs(tmp_path: Path) -> None:
    data = load(tmp_path, "1,1,2\n2,2,0\n3,3,1\n", n_inputs=2, n_outputs=4)
    assert data.task == "classification" and data.n_classes == 4
    assert data.class_names == ("0", "1", "2", "3")
    assert rows_of(data) == {(1, 1): 2, (2, 2): 0, (3, 3): 1}


def test_word_labels_become_classes_in_sorted_order(tmp_path: Path) -> None:
    data = load(tmp_path, "w,h,species\n1,2,emu\n3,4,cat\n5,6,dog\n7,8,cat\n",
                n_inputs=2, n_outputs=3)
    assert data.class_names == ("cat", "dog", "emu")
    assert rows_of(data) == {(1, 2): 2, (3, 4): 0, (5, 6): 1, (7, 8): 0}
    assert data.feature_names == ("w", "h")


def test_two_words_with_one_output_are_binary_classes(tmp_path: Path) -> None:
    data = load(tmp_path, "1,2,yes\n3,4,no\n5,6,yes\n", n_inputs=2, n_outputs=1)
    assert data.task == "classification" and data.class_names == ("no", "yes")
    assert rows_of(data) == {(1, 2): 1, (3, 4): 0, (5, 6): 1}


def test_fewer_words_than_outputs_pads_the_class_names(tmp_path: Path) -> None:
    data = load(tmp_path, "1,b\n2,a\n", n_inputs=1, n_outputs=3)
    assert data.n_classes == 3 and data.class_names == ("a", "b", "class 2")


def test_one_hot_target_columns_are_classification(tmp_path: Path) -> None:
    data = load(tmp_path, "x1,x2,cat,dog,emu\n1,1,0,0,1\n2,2,1,0,0\n3,3,0,1,0\n",
                n_inputs=2, n_outputs=3)
    assert data.task == "classification" and data.class_names == ("cat", "dog", "emu")
    assert rows_of(data) == {(1, 1): 2, (2, 2): 0, (3, 3): 1}


def test_one_hot_columns_without_header_get_numbered_classes(tmp_path: Path) -> None:
    data = load(tmp_path, "1,0,1\n2,1,0\n", n_inputs=1, n_outputs=2)
    assert data.class_names == ("0", "1") and rows_of(data) == {(1,): 1, (2,): 0}


def test_probability_target_columns_are_regression(tmp_path: Path) -> None:
    data = load(tmp_path, "1,0.2,0.8\n2,1,0\n", n_inputs=1, n_outputs=2)
    assert data.task == "regression" and data.target_names == ("y1", "y2")
    assert rows_of(data) == {(1,): [0.2, 0.8], (2,): [1.0, 0.0]}


def test_task_overrides_the_guess(tmp_path: Path) -> None:
    as_values = load(tmp_path, XOR_CSV, n_inputs=2, n_outputs=1, task="regression")
    assert as_values.task == "regression" and as_values.y_train.shape == (4, 1)
    one_hot_values = load(tmp_path, "1,0,1\n2,1,0\n", n_inputs=1, n_outputs=2,
                          task="regression")
    assert one_hot_values.task == "regression"
    # Classifying probability rows labels each with its largest column.
    argmax = load(tmp_path, "1,0.2,0.8\n2,0.9,0.1\n", n_inputs=1, n_outputs=2,
                  task="classification")
    assert rows_of(argmax) == {(1,): 1, (2,): 0}
    counts = load(tmp_path, "1,0\n2,2\n3,1\n", n_inputs=1, task="classification")
    assert counts.n_classes == 3


def test_without_network_sizes_the_last_column_is_the_target(tmp_path: Path) -> None:
    binary = load(tmp_path, "1,2,1\n3,4,0\n")
    assert binary.task == "classification" and binary.n_features == 2
    values = load(tmp_path, "1,2,7\n3,4,0\n")
    assert values.task == "regression"
    words = load(tmp_path, "1,a\n2,b\n3,c\n")
    assert words.n_classes == 3 and words.n_features == 1


def test_without_n_outputs_several_target_columns_are_allowed(tmp_path: Path) -> None:
    data = load(tmp_path, "1,0.5,0.25\n2,0.5,0.75\n", n_inputs=1)
    assert data.task == "regression" and data.n_targets == 2


# --- format details --------------------------------------------------------------------------

def test_header_is_optional(tmp_path: Path) -> None:
    with_header = load(tmp_path, XOR_CSV, n_inputs=2, n_outputs=1)
    without = load(tmp_path, XOR_CSV.split("\n", 1)[1], n_inputs=2, n_outputs=1)
    assert rows_of(with_header) == rows_of(without)
    assert without.feature_names == ("x1", "x2")


def test_word_labels_in_the_first_row_do_not_make_it_a_header(tmp_path: Path) -> None:
    data = load(tmp_path, "0.5,1.5,cat\n2.5,3.5,dog\n", n_inputs=2, n_outputs=2)
    assert data.n_train == 2 and data.class_names == ("cat", "dog")


def test_an_empty_header_cell_keeps_the_default_name(tmp_path: Path) -> None:
    data = load(tmp_path, "height,,y\n1,2,3\n4,5,6\n", n_inputs=2, n_outputs=1)
    assert data.feature_names == ("height", "x2")


def test_quotes_spaces_blank_lines_and_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_bytes('\ufeff"x, first", x2 ,label\r\n\r\n"1", 2 , cat \r\n3,4,"dog"\r\n'
                     .encode())
    data = load_csv_dataset(path, n_inputs=2, n_outputs=2, test_ratio=0.0)
    assert data.feature_names == ("x, first", "x2")
    assert data.class_names == ("cat", "dog")
    assert rows_of(data) == {(1, 2): 0, (3, 4): 1}


@pytest.mark.parametrize("separator", [";", "\t"])
def test_semicolons_and_tabs_are_detected(tmp_path: Path, separator: str) -> None:
    text = XOR_CSV.replace(",", separator)
    data = load(tmp_path, text, n_inputs=2, n_outputs=1)
    assert rows_of(data) == {(0, 0): 0, (0, 1): 1, (1, 0): 1, (1, 1): 0}


def test_split_is_seeded_and_stratified(tmp_path: Path) -> None:
    text = "".join(f"{i},{i % 2}\n" for i in range(20))
    first = load(tmp_path, text, n_inputs=1, n_outputs=1, test_ratio=0.3, seed=5)
    again = load(tmp_path, text, n_inputs=1, n_outputs=1, test_ratio=0.3, seed=5)
    other = load(tmp_path, text, n_inputs=1, n_outputs=1, test_ratio=0.3, seed=6)
    assert first.n_test == 6 and np.bincount(first.y_test).tolist() == [3, 3]
    assert first.x_test.tobytes() == again.x_test.tobytes()
    assert not np.array_equal(first.x_test, other.x_test)


def test_many_rows_load(tmp_path: Path) -> None:
    # 30k rows keep the suite fast; 100k rows load in well under a second.
    rng = np.random.default_rng(0)
    x = rng.normal(size=(30_000, 2)).round(5)
    labels = rng.integers(0, 3, 30_000)
    lines = "\n".join(f"{a},{b},{c}" for (a, b), c in zip(x.tolist(), labels.tolist(),
                                                          strict=True))
    data = load(tmp_path, "a,b,c\n" + lines, n_inputs=2, n_outputs=3)
    assert data.n_train == 30_000
    np.testing.assert_array_equal(np.sort(data.x_all[:, 0]), np.sort(x[:, 0]))


# --- one clear error per problem -------------------------------------------------------------

@pytest.mark.parametrize("text, options, message", [
    ("x1,x2,y\n1,2,3\n4,5,6\n\n7,8\n", {},
     "data.csv line 5: expected 3 columns, found 2"),
    ("x1,x2,y\n1,2,3\n1,2,3\n1,abc,3\n", {},
     "data.csv line 4, column 2 ('x2'): 'abc' is not a number"),
    ("1,2,3\n4,5,6\n7,abc,9\n", {},
     "data.csv line 3, column 2 ('x2'): 'abc' is not a number"),
    ("a,b,y\n1,2,3\n1, ,3\n", {},
     "data.csv line 3, column 2 ('b'): the cell is empty"),
    ("1,2,3\n1,nan,3\n", {},
     "data.csv line 2, column 2 ('x2'): 'nan' is not a finite number"),
    ("1,2,3\n1,2,inf\n", {},
     "data.csv line 2, column 3 ('y'): 'inf' is not a finite number"),
    ("1,2,3,4,5\n1,2,3,4,5\n", {},
     "data.csv has 5 columns but the network has 2 inputs and 1 output: expected 3 columns"),
    ("1,2\n1,2\n", {},
     "data.csv has 2 columns but the network has 2 inputs and 1 output: expected 3 columns"),
    ("1,2,3,4\n1,2,3,4\n", {"n_outputs": 3},
     "data.csv has 4 columns but the network has 2 inputs and 3 outputs: expected 3 columns "
     "(inputs, then a class label) or 5 (inputs, then 3 targets)"),
    ("", {}, "data.csv is empty"),
    ("\n   \n,,\n", {}, "data.csv is empty"),
    ("x1,x2,y\n", {}, "data.csv has a header but no data rows"),
    ("x1,x2,y\n1,2,3\n", {}, "data.csv has only 1 data row; at least 2 are needed"),
    ("1,2,0.5\n1,2,0.7\n3,4,1..2\n", {},
     "data.csv line 3, column 3 ('y'): '1..2' is not a number"),
    ("1,2,a\n1,2,b\n1,2,c\n", {},
     "data.csv column 3 ('y') holds 3 different labels (a, b, c) but the network has 1 output"),
    ("1,2,0\n1,2,3\n", {"n_outputs": 3},
     "data.csv line 2, column 3 ('y'): '3' is out of the class range 0..2"),
    ("1,2,0\n1,2,-1\n", {"n_outputs": 3},
     "data.csv line 2, column 3 ('y'): '-1' is out of the class range 0..2"),
    ("1,2,0\n1,2,1.5\n", {"n_outputs": 3},
     "data.csv line 2, column 3 ('y'): '1.5' is not a class number"),
    ("1,2,a\n1,2,\n", {"n_outputs": 2},
     "data.csv line 2, column 3 ('y'): the cell is empty"),
    ("1,2,cat\n4,5,dog\n", {"task": "regression"},
     "data.csv line 1, column 3 ('y'): 'cat' is not a number; regression needs numbers"),
    ("1,2,0.5\n4,5,0.7\n", {"n_outputs": 3, "task": "regression"},
     "data.csv has 1 target per sample but the network has 3 output neurons"),
    ("1,2,0,nan\n1,2,1,0\n", {"n_outputs": 2},
     "data.csv line 1, column 4 ('y2'): 'nan' is not a finite number"),
    ('1,2,3\n1,2,"3\n4,5,6\n7,8,9\n', {}, "data.csv line 2: a quoted cell is never closed"),
    ('1,2,3\n4,"5"x,6\n', {}, "data.csv line 2: ',' expected after '\"'"),
    ("1,2,3\n4,5,x\x00\n", {}, "data.csv line 2, column 3 ('y')"),
])
def test_bad_files_raise_one_clear_message(tmp_path: Path, text: str, options: dict,
                                           message: str) -> None:
    options = {"n_inputs": 2, "n_outputs": 1} | options
    with pytest.raises(DataError) as caught:
        load(tmp_path, text, **options)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value) and "Traceback" not in str(caught.value)


def test_data_error_is_a_value_error() -> None:
    assert issubclass(DataError, ValueError)


def test_a_missing_file_names_where_it_looked(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"nope\.csv: file not found \(looked for .*nope\.csv\)"):
        load_csv_dataset(tmp_path / "nope.csv")


def test_a_folder_is_not_a_file(tmp_path: Path) -> None:
    (tmp_path / "data.csv").mkdir()
    with pytest.raises(DataError, match="data.csv is a folder"):
        load_csv_dataset(tmp_path / "data.csv")


def test_a_file_over_500_mb_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:
        handle.truncate(csv_loader.MAX_BYTES + 1)     # sparse: no 500 MB written to disk
    with pytest.raises(DataError, match="huge.csv is larger than 500 MB, the most a CSV file"):
        load_csv_dataset(path)


def test_non_utf8_bytes_name_their_line(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes("x,y,z\n1,2,3\n1,é,3\n".encode("latin-1"))
    with pytest.raises(DataError, match="latin.csv line 3: byte 0xE9 is not UTF-8 text"):
        load_csv_dataset(path, n_inputs=2, n_outputs=1)


def test_an_unknown_task_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="task must be one of classification, regression"):
        load(tmp_path, XOR_CSV, task="ranking")


# --- inputs for prediction -------------------------------------------------------------------

def test_inputs_csv_with_and_without_header(tmp_path: Path) -> None:
    expected = [[1.0, 2.0], [3.0, 4.5]]
    for text in ("a,b\n1,2\n3,4.5\n", "1,2\n3,4.5\n"):
        inputs = load_inputs_csv(write(tmp_path, text, "new.csv"), 2)
        assert inputs.dtype == np.float64
        np.testing.assert_array_equal(inputs, expected)


def test_inputs_csv_keeps_the_file_order_and_accepts_one_row(tmp_path: Path) -> None:
    np.testing.assert_array_equal(load_inputs_csv(write(tmp_path, "3\n1\n2\n", "n.csv"), 1),
                                  [[3], [1], [2]])
    assert load_inputs_csv(write(tmp_path, "0.5\n", "one.csv"), 1).shape == (1, 1)


@pytest.mark.parametrize("text, message", [
    ("1,2,3\n4,5,6\n", "new.csv has 3 columns but the network has 2 inputs: expected 2 columns"),
    ("a,b\n1,2\n1,x\n", "new.csv line 3, column 2 ('b'): 'x' is not a number"),
    ("1,2\n1,2,3\n", "new.csv line 2: expected 2 columns, found 3"),
    ("1,2\n-inf,2\n", "new.csv line 2, column 1 ('x1'): '-inf' is not a finite number"),
    ("a,b\n", "new.csv has a header but no data rows"),
    ("", "new.csv is empty"),
])
def test_inputs_csv_errors(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(DataError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_inputs_csv(write(tmp_path, text, "new.csv"), 2)
