"""Load a training CSV into a Dataset, or a CSV of inputs for prediction.

The file is UTF-8 (a byte-order mark is fine), at most 500 MB, separated by commas (or by
semicolons or tabs, when the first line has more of those than commas). Cells may be quoted
(an unclosed quote is an error); blank lines are skipped. Every row has the same number of
columns. A training file needs at least 2 data rows, a prediction file 1.

Header. The first row is a header when one of its input cells is not a number. Only the
input columns decide, because a class-label column may hold words in every row
("0.5,1.2,cat"). Header cells name the columns; without a header inputs are called x1, x2, …
and targets y (or y1, y2, …).

Columns, for a network with I inputs and O outputs. Inputs come first, targets last:

* I + 1 columns, O > 1: the last column is a class label, either whole numbers 0..O−1 or
  words; words become classes in sorted order and keep their text as class names.
* I + 1 columns, O = 1: classification when the last column holds only 0 and 1 (or at
  most two distinct words), else regression.
* I + O columns, O > 1: the last O columns are targets. When every target row is one-hot
  (0/1 with a single 1) it is classification with label = the column of the 1; otherwise
  regression (probability rows, for example, are regressed as given).
* Anything else is an error. Without I, the last column is the only target; without O,
  the I + O rule applies whenever there are more than I + 1 columns, and a single numeric
  target column is classification only when it holds 0 and 1.

A label column is all numbers or all words: a word among numbers is reported as a typo.

``task`` ("classification" or "regression") overrides the guess: a regression on one-hot
columns, or a classification of probability rows (label = the largest column).

Every problem raises :class:`DataError` with one message naming the file, and the line and
column when there is one: ``data.csv line 7: expected 3 columns, found 2``.
"""

from __future__ import annotations

import csv
import io
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bpstudio.data.dataset import TASKS, DataError, Dataset, plural
from bpstudio.data.split import split_indices
from bpstudio.files import NotARegularFile, TooLarge, open_regular_file
from bpstudio.words import translate

MAX_BYTES = 500 * 1024 * 1024
MIN_TRAINING_ROWS = 2      # with one example a network can only learn a constant
DELIMITERS = (",", ";", "\t")


@dataclass(frozen=True)
class _Table:
    """The cells of a CSV file after header detection, with the line each row came from;
    or, read by NumPy (every cell a number), just their values."""

    display: str                    # the file name, as messages show it
    names: tuple[str, ...]          # one per column, from the header or the defaults
    has_header: bool
    rows: list[list[str]]           # cells as read (unstripped), header excluded
    lines: list[int]                # 1-based line number of each row
    #: (n_rows, n_columns) float64 when NumPy read the file; then ``rows`` is empty and a
    #: problem with a cell is found again by the cell-by-cell reader (see _Reread)
    values: np.ndarray | None = None

    @property
    def n_columns(self) -> int:
        return len(self.names)

    def where(self, row: int, column: int) -> str:
        """'data.csv line 4, column 2 ('x2')' for a 0-based row and column."""
        return translate("Data", "{display} line {line}, column {column} ({name!r})").format(
            display=self.display, line=self.lines[row], column=column + 1,
            name=self.names[column])


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


class _Reread(Exception):
    """NumPy's reading met something the cell-by-cell reader words better: read again."""


def _open(path: Path, display: str) -> io.BufferedReader:
    """The file as a stream of at most MAX_BYTES, refusing what is not a regular file."""
    try:
        return open_regular_file(path, MAX_BYTES)
    except (OSError, NotARegularFile, TooLarge) as error:
        raise _reading_error(error, path, display) from None


def _reading_error(error: Exception, path: Path, display: str) -> DataError:
    if isinstance(error, FileNotFoundError):
        return DataError(translate("Data", "{display}: file not found (looked for "
                                           "{path})").format(
                             display=display, path=path.resolve()))
    if isinstance(error, NotARegularFile):
        return DataError(translate("Data", "{display} is {what}, not a CSV file").format(
                             display=display, what=error.what))
    if isinstance(error, TooLarge):
        return DataError(translate("Data", "{display} is larger than {max_bytes} MB, "
                                           "the most a CSV file may have").format(
                             display=display, max_bytes=MAX_BYTES // 2**20))
    strerror = error.strerror if isinstance(error, OSError) else None
    return DataError(translate("Data", "{display}: cannot read the file ({error})").format(
                         display=display, error=strerror or error))


def _read_text(path: Path, display: str) -> str:
    """The file's text with every line ending (\\r\\n, \\r) as \\n, refusing missing,
    huge, non-UTF-8 files and anything that is not a regular file."""
    with _open(path, display) as stream:
        try:
            raw = stream.read()
        except (OSError, TooLarge) as error:
            raise _reading_error(error, path, display) from None
    try:
        # utf-8-sig drops the byte-order mark that spreadsheet programs like to write.
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = raw[:error.start]
        line = before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n") + 1
        byte = raw[error.start]
        raise DataError(translate("Data", "{display} line {line}: byte 0x{byte:02X} is "
                                          "not UTF-8 text; save the file as UTF-8").format(
                            display=display, line=line, byte=byte)) from None
    if "\r" in text:   # old Mac (CR only) or Windows line endings
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _delimiter(text: str) -> str:
    # Iterating a StringIO is lazy: only the lines up to the first non-blank one are split.
    first = next((line for line in io.StringIO(text) if line.strip()), "")
    counts = [first.count(mark) for mark in DELIMITERS]
    # Ties (including no separator at all, a one-column file) go to the comma.
    return DELIMITERS[counts.index(max(counts))]


def _read_rows(text: str, display: str) -> tuple[list[list[str]], list[int]]:
    """Non-blank rows of cells and their line numbers; ragged rows are errors."""
    # strict: a stray or unclosed quote is an error at its line, not a silently merged row.
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(text), strict=True)
    rows: list[list[str]] = []
    lines: list[int] = []
    width = 0
    previous_end = 0
    try:
        for row in reader:
            # A quoted cell may span lines: the row starts just after the previous one ended.
            start, previous_end = previous_end + 1, reader.line_num
            # Cells are not stripped here (NumPy and float() skip the spaces themselves),
            # which keeps reading ~100k rows well under a second.
            if not any(cell.strip() for cell in row):
                continue
            if not rows:
                width = len(row)
            elif len(row) != width:
                raise DataError(translate("Data", "{display} line {start}: expected "
                                                  "{width} columns, found {count}").format(
                                    display=display, start=start, width=width,
                                    count=len(row)))
            rows.append(row)
            lines.append(start)
    except csv.Error as error:
        # Point at the row's first line: that is where an unclosed quote was opened.
        problem = (translate("Data", "a quoted cell is never closed")
                   if "end of data" in str(error)
                   else str(error))
        raise DataError(translate("Data", "{display} line {line}: {problem}").format(
                            display=display, line=previous_end + 1,
                            problem=problem)) from None
    if not rows:
        raise DataError(translate("Data", "{display} is empty").format(
                            display=display))
    return rows, lines


def _default_names(n_columns: int, n_inputs: int) -> list[str]:
    inputs = [f"x{i + 1}" for i in range(n_inputs)]
    n_targets = n_columns - n_inputs
    targets = ["y"] if n_targets == 1 else [f"y{i + 1}" for i in range(n_targets)]
    return inputs + targets


def _header(first_row: list[str], n_inputs: int | None) -> tuple[bool, list[str]]:
    """Whether the first row is a header, and the column names. It is one when one of its
    input cells is a word; an empty cell is no name, but a cell of data left empty."""
    n_columns = len(first_row)
    inputs = n_columns - 1 if n_inputs is None else n_inputs
    inputs = min(max(inputs, 1), n_columns)
    first = [cell.strip() for cell in first_row]
    has_header = any(cell and not _is_number(cell) for cell in first[:inputs])
    names = _default_names(n_columns, inputs)
    if has_header:
        names = [cell or default for cell, default in zip(first, names, strict=True)]
    return has_header, names


def _read_table(path: Path, display: str, n_inputs: int | None, min_rows: int) -> _Table:
    """Read ``path`` cell by cell; ``n_inputs`` (None: all but the last column) decides
    the header. Slower than :func:`_numpy_table`, and says where any problem is."""
    rows, lines = _read_rows(_read_text(path, display), display)
    has_header, names = _header(rows[0], n_inputs)
    if has_header:
        rows, lines = rows[1:], lines[1:]
    if not rows:
        raise DataError(translate("Data", "{display} has a header but no data rows").format(
                            display=display))
    if len(rows) < min_rows:
        raise DataError(translate("Data", "{display} has only {rows}; at least "
                                          "{min_rows} are needed").format(
                            display=display, rows=plural(len(rows), 'data row'),
                            min_rows=min_rows))
    return _Table(display, tuple(names), has_header, rows, lines)


def _numpy_table(path: Path, display: str, n_inputs: int | None,
                 min_rows: int) -> _Table | None:
    """The table when every cell is a number, read by NumPy into one float64 array (a
    Python string per cell took 19 times the file's size); None when the file needs the
    cell-by-cell reader: words, empty or quoted-across-lines cells, ragged rows, bad bytes."""
    with _open(path, display) as stream:
        text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline=None)
        try:
            header_lines, line = next(((number, line) for number, line
                                       in enumerate(text, start=1) if line.strip()),
                                      (0, ""))
            if not header_lines:
                return None   # empty: the cell-by-cell reader says so
            first = next(csv.reader([line], delimiter=_delimiter(line), strict=True))
        except (UnicodeDecodeError, csv.Error, TooLarge, StopIteration):
            return None
    has_header, names = _header(first, n_inputs)
    with _open(path, display) as stream:
        text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline=None)
        try:
            with warnings.catch_warnings():   # a header and no data: the other reader says so
                warnings.simplefilter("error", UserWarning)
                values = np.loadtxt(text, dtype=np.float64, delimiter=_delimiter(line),
                                    skiprows=header_lines if has_header else 0,
                                    comments=None, quotechar='"', ndmin=2)
        except (ValueError, UnicodeDecodeError, TooLarge, UserWarning):
            return None
    if values.shape[0] < min_rows or values.shape[1] != len(names):
        return None
    return _Table(display, tuple(names), has_header, [], [], values)


def _table(path: Path, display: str, n_inputs: int | None, min_rows: int,
           numpy_first: bool) -> _Table:
    table = _numpy_table(path, display, n_inputs, min_rows) if numpy_first else None
    return table or _read_table(path, display, n_inputs, min_rows)


def _cell_error(table: _Table, row: int, column: int, problem: str | None = None
                ) -> DataError:
    if table.values is not None:   # NumPy read the file: find the cell again, by line
        raise _Reread
    cell = table.rows[row][column].strip()
    problem = translate("Data", "is not a number") if problem is None else problem
    if not cell:
        return DataError(translate("Data", "{where}: the cell is empty").format(
                             where=table.where(row, column)))
    return DataError(translate("Data", "{where}: {cell!r} {problem}").format(
        where=table.where(row, column), cell=cell, problem=problem))


def _finite(table: _Table, block: np.ndarray, first_column: int) -> np.ndarray:
    """``block`` itself, unless it holds NaN or ±inf: then the first such cell is an error."""
    if np.isfinite(block).all():
        return block
    bad = ~np.isfinite(block)
    if bad.any():
        row, offset = np.argwhere(bad)[0]
        raise _cell_error(table, int(row), first_column + int(offset),
                          translate("Data", "is not a finite number"))
    return block


def _numbers(table: _Table, start: int, stop: int) -> np.ndarray:
    """(n_rows, stop − start) float64 of columns start..stop−1; a bad cell is an error."""
    if table.values is not None:
        return _finite(table, table.values[:, start:stop], start)
    cells = [row[start:stop] for row in table.rows]
    try:
        block = np.array(cells, dtype=np.float64).reshape(len(cells), stop - start)
    except ValueError:
        # Slow path, only on failure: find the first offending cell in reading order.
        for r, row in enumerate(cells):
            for k, cell in enumerate(row):
                if not _is_number(cell):
                    raise _cell_error(table, r, start + k) from None
        block = np.array([[float(cell) for cell in row] for row in cells])
    return _finite(table, block, start)


def _layout(table: _Table, n_inputs: int | None, n_outputs: int | None) -> int:
    """How many leading columns are inputs; the rest are targets."""
    n_columns = table.n_columns
    if n_inputs is None:
        if n_columns < 2:
            raise DataError(translate("Data", "{display} has 1 column: expected input "
                                              "columns followed by a target column").format(
                                display=table.display))
        return n_columns - 1
    if n_columns == n_inputs + 1:
        return n_inputs
    if n_columns > n_inputs + 1 and (n_outputs is None or n_columns == n_inputs + n_outputs):
        return n_inputs
    inputs = plural(n_inputs, 'input')
    if n_outputs is None:
        network = translate("Data", "the network has {inputs}").format(inputs=inputs)
        expected = translate("Data", "at least {n} columns").format(n=n_inputs + 1)
    else:
        network = translate("Data", "the network has {inputs} and {outputs}").format(
            inputs=inputs, outputs=plural(n_outputs, 'output'))
        expected = translate("Data", "{n} columns").format(n=n_inputs + 1)
        if n_outputs > 1:
            expected = translate("Data", "{n} columns (inputs, then a class label) or {wide} "
                                 "(inputs, then {targets} targets)").format(
                n=n_inputs + 1, wide=n_inputs + n_outputs, targets=n_outputs)
    raise DataError(translate("Data", "{display} has {columns} but {network}: expected "
                                      "{expected}").format(display=table.display,
                                                           columns=plural(n_columns, 'column'),
                                                           network=network,
                                                           expected=expected))


@dataclass(frozen=True)
class _Targets:
    """The target columns turned into labels (classification) or values (regression)."""

    task: str
    y: np.ndarray
    n_classes: int = 0
    class_names: tuple[str, ...] = ()
    target_names: tuple[str, ...] = ()


def _pad_names(names: list[str], n_classes: int) -> tuple[str, ...]:
    # Classes the file never mentions still need a name (the network has an output for each).
    return tuple(names + [f"class {i}" for i in range(len(names), n_classes)])


def _word_labels(table: _Table, column: int, cells: list[str],
                 n_outputs: int | None) -> _Targets:
    if "" in cells:
        raise _cell_error(table, cells.index(""), column)
    names = sorted(set(cells))
    n_classes = max(len(names), 2) if n_outputs is None else max(n_outputs, 2)
    if len(names) > n_classes:
        shown = ", ".join(names[:6]) + (", …" if len(names) > 6 else "")
        hint = (translate("Data", " (one output tells 2 classes apart)") if n_outputs == 1
                else "")
        raise DataError(translate("Data", "{display} column {column} ({name!r}) holds "
                                          "{count} different labels ({shown}) but the "
                                          "network has {outputs}{hint}").format(
                            display=table.display, column=column + 1,
                            name=table.names[column], count=len(names), shown=shown,
                            outputs=plural(n_outputs or 0, 'output'), hint=hint))
    index = {name: i for i, name in enumerate(names)}
    labels = np.array([index[cell] for cell in cells], dtype=np.int64)
    return _Targets("classification", labels, n_classes, _pad_names(names, n_classes))


def _number_labels(table: _Table, column: int, values: np.ndarray,
                   n_outputs: int | None) -> _Targets:
    with np.errstate(invalid="ignore"):   # beyond int64: caught as not whole just below
        labels = values.astype(np.int64)
    whole = labels == values   # (no rounded copy of the column: a million rows are 8 MB)
    if not whole.all():
        whole |= np.abs(values) >= 2.0**53   # every float this large is a whole number
    if not whole.all():
        raise _cell_error(table, int(np.argmin(whole)), column,
                          translate("Data", "is not a class number (whole numbers from 0)"))
    # One output still separates two classes; without a network, the largest label decides.
    n_classes = max(int(values.max()) + 1 if n_outputs is None else n_outputs, 2)
    inside = (values >= 0) & (values < n_classes)
    if not inside.all():
        problem = (translate("Data", "is out of the class range 0..{last}")
                   if n_outputs is None else
                   translate("Data", "is out of the class range 0..{last} (the network has "
                             "{outputs})")).format(last=n_classes - 1,
                                                   outputs=plural(n_outputs or 0, 'output'))
        raise _cell_error(table, int(np.argmin(inside)), column, problem)
    return _Targets("classification", labels, n_classes,
                    tuple(str(i) for i in range(n_classes)))


def _label_values(table: _Table, column: int, cells: list[str]) -> np.ndarray | None:
    """The column as numbers, or None when every cell is a word (class names)."""
    try:
        values = np.array(cells, dtype=np.float64)
    except ValueError:
        numeric = [_is_number(cell) for cell in cells]
        if not any(numeric):
            return None
        if not all(numeric):
            # Numbers mixed with words: the word is far likelier a typo than a class name.
            raise _cell_error(table, numeric.index(False), column) from None
        values = np.array([float(cell) for cell in cells])
    return _finite(table, values[:, None], column)[:, 0]


def _label_column(table: _Table, column: int, n_outputs: int | None,
                  task: str | None) -> _Targets:
    """Targets from the single last column: a class label or a regression value."""
    if table.values is not None:
        cells: list[str] = []
        values: np.ndarray | None = _finite(table, table.values[:, column:column + 1],
                                            column)[:, 0]
    else:
        cells = [row[column].strip() for row in table.rows]
        values = _label_values(table, column, cells)
    if values is None:
        if task == "regression":
            raise _cell_error(table, 0, column,
                              translate("Data", "is not a number; regression needs numbers"))
        return _word_labels(table, column, cells, n_outputs)
    if task is None:
        binary = bool(np.isin(values, (0.0, 1.0)).all())
        task = "classification" if binary or (n_outputs or 1) > 1 else "regression"
    if task == "classification":
        return _number_labels(table, column, values, n_outputs)
    return _Targets("regression", values[:, None], target_names=(table.names[column],))


def _target_block(table: _Table, columns: list[int], task: str | None) -> _Targets:
    """Targets from several columns: one-hot rows are classes, other rows regressed."""
    values = _numbers(table, columns[0], columns[-1] + 1)
    if task is None:
        one_hot_rows = np.isin(values, (0.0, 1.0)).all() and (values.sum(axis=1) == 1).all()
        task = "classification" if one_hot_rows else "regression"
    names = tuple(table.names[c] for c in columns)
    if task == "classification":
        class_names = names if table.has_header else tuple(str(i) for i in range(len(columns)))
        return _Targets("classification", values.argmax(axis=1).astype(np.int64),
                        len(columns), class_names)
    return _Targets("regression", values, target_names=names)


def load_csv_dataset(path: Path | str, *, n_inputs: int | None = None,
                     n_outputs: int | None = None, task: str | None = None,
                     test_ratio: float = 0.2, seed: int = 0,
                     display: str | None = None) -> Dataset:
    """Read a training CSV and split it (seeded, stratified by class) into train and test.

    ``n_inputs``/``n_outputs`` are the network's sizes (see the module docstring for how
    they split the columns); ``display`` is the name messages use (default: the file name).
    """
    path = Path(path)
    display = display or path.name
    if task is not None and task not in TASKS:
        raise DataError(translate("Data", "task must be one of {tasks}; got {task!r}").format(
                            tasks=', '.join(TASKS), task=task))
    try:
        return _dataset(_table(path, display, n_inputs, MIN_TRAINING_ROWS, True), n_inputs,
                        n_outputs, task, test_ratio, seed)
    except _Reread:
        return _dataset(_table(path, display, n_inputs, MIN_TRAINING_ROWS, False), n_inputs,
                        n_outputs, task, test_ratio, seed)


def _dataset(table: _Table, n_inputs: int | None, n_outputs: int | None, task: str | None,
             test_ratio: float, seed: int) -> Dataset:
    inputs = _layout(table, n_inputs, n_outputs)
    x = _numbers(table, 0, inputs)
    target_columns = list(range(inputs, table.n_columns))
    if len(target_columns) == 1:
        targets = _label_column(table, target_columns[0], n_outputs, task)
    else:
        targets = _target_block(table, target_columns, task)
    is_classification = targets.task == "classification"
    train, test = split_indices(len(x), test_ratio, np.random.default_rng(seed),
                                labels=targets.y if is_classification else None)
    dataset = Dataset(name=table.display, task=targets.task, x_train=_rows(x, train),
                      y_train=targets.y[train], x_test=_rows(x, test), y_test=targets.y[test],
                      n_classes=targets.n_classes, class_names=targets.class_names,
                      feature_names=table.names[:inputs], target_names=targets.target_names)
    dataset.check_fits(n_inputs, n_outputs)
    return dataset


def _rows(x: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """``x[rows]`` laid out column by column: training reads a sample's inputs as a column
    (``x.T``), which is then this very array instead of a copy the size of the data."""
    picked = np.empty((len(rows), x.shape[1]), order="F")
    for start in range(0, len(rows), 65_536):   # by blocks: no temporary the size of x
        picked[start:start + 65_536] = x[rows[start:start + 65_536]]
    return picked


def load_inputs_csv(path: Path | str, n_inputs: int) -> np.ndarray:
    """(n, n_inputs) float64 inputs for prediction: every column is an input, header optional."""
    path = Path(path)
    try:
        return _inputs(_table(path, path.name, n_inputs, 1, True), n_inputs)
    except _Reread:
        return _inputs(_table(path, path.name, n_inputs, 1, False), n_inputs)


def _inputs(table: _Table, n_inputs: int) -> np.ndarray:
    if table.n_columns != n_inputs:
        raise DataError(translate("Data", "{display} has {columns} but the network has "
                                          "{inputs}: expected {n_inputs} columns, all "
                                          "inputs").format(
                            display=table.display, columns=plural(table.n_columns, 'column'),
                            inputs=plural(n_inputs, 'input'), n_inputs=n_inputs))
    return _numbers(table, 0, n_inputs)
