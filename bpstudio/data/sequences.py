"""Datasets of sequences (docs/recurrent.md): the built-in generators and sequence CSVs.

Built-in (``DatasetSpec.samples`` sequences of ``sequence_length`` steps each, seeded by
``seed``; a target at every step, of which ``sequence_targets="last"`` keeps the last):

* ``echo``: a random bit per step; the target is the bit from ``ECHO_DELAY`` steps ago (0
  before that). Classification, 2 classes.
* ``parity``: a random bit per step; the target is the running XOR of the bits so far.
  Classification, 2 classes.
* ``sine-next``: a sine of random frequency and phase (plus ``noise``); the target is the
  next step's clean value. Regression.
* ``adding``: two inputs, a value in [0, 1] and a marker; two steps of a sequence are
  marked, and the target is the sum of the marked values seen so far (at the last step:
  the classic adding problem's sum). Regression.

A sequence CSV has a header; one column (``sequence_column``, default ``sequence``) names
the sequence each row belongs to, the other columns are inputs then targets as in any
training CSV (csv_loader.py). A sequence's rows are its time steps, in order, one after
another. All sequences must have the same length: sequences of different lengths are
refused with a message naming two of them (pad or cut them to one length). With targets
at the last step only, the target cells of the other rows may be left empty.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import numpy as np

from bpstudio.data.catalog import ECHO_DELAY
from bpstudio.data.csv_loader import (
    _delimiter,
    _label_column,
    _layout,
    _numbers,
    _open,
    _read_rows,
    _read_text,
    _Table,
    _target_block,
)
from bpstudio.data.dataset import DataError, Dataset, plural
from bpstudio.data.split import split_indices
from bpstudio.model.settings import DatasetSpec
from bpstudio.words import translate

Generator = Callable[[np.random.Generator, int, int, float], tuple[np.ndarray, np.ndarray]]


def _bits(rng: np.random.Generator, n: int, length: int) -> np.ndarray:
    return rng.integers(0, 2, (n, length))


def echo(rng: np.random.Generator, n: int, length: int, noise: float
         ) -> tuple[np.ndarray, np.ndarray]:
    bits = _bits(rng, n, length)
    labels = np.zeros_like(bits)
    labels[:, ECHO_DELAY:] = bits[:, :-ECHO_DELAY]
    return bits[..., None].astype(np.float64), labels.astype(np.int64)


def parity(rng: np.random.Generator, n: int, length: int, noise: float
           ) -> tuple[np.ndarray, np.ndarray]:
    bits = _bits(rng, n, length)
    return bits[..., None].astype(np.float64), (np.cumsum(bits, axis=1) % 2).astype(np.int64)


def sine_next(rng: np.random.Generator, n: int, length: int, noise: float
              ) -> tuple[np.ndarray, np.ndarray]:
    frequency = rng.uniform(0.15, 0.6, (n, 1))
    phase = rng.uniform(0.0, 2 * np.pi, (n, 1))
    clean = np.sin(frequency * np.arange(length + 1) + phase)
    x = clean[:, :-1] + noise * rng.normal(size=(n, length))
    return x[..., None], clean[:, 1:, None]


def adding(rng: np.random.Generator, n: int, length: int, noise: float
           ) -> tuple[np.ndarray, np.ndarray]:
    values = rng.uniform(0.0, 1.0, (n, length))
    markers = np.zeros((n, length))
    for row in range(n):   # two marked steps per sequence
        markers[row, rng.choice(length, 2, replace=False)] = 1.0
    sums = np.cumsum(values * markers, axis=1)
    return np.stack([values, markers], axis=2), sums[..., None]


_GENERATORS: dict[str, tuple[Generator, str, tuple[str, ...]]] = {
    "echo": (echo, "classification", ("x",)),
    "parity": (parity, "classification", ("bit",)),
    "sine-next": (sine_next, "regression", ("x",)),
    "adding": (adding, "regression", ("value", "marker")),
}


def make_sequences(spec: DatasetSpec) -> Dataset:
    """The built-in sequence dataset ``spec.name``, split by sequences."""
    generate, task, features = _GENERATORS[spec.name]
    rng = np.random.default_rng(spec.seed)
    x, y = generate(rng, spec.samples, spec.sequence_length, spec.noise)
    train, test = split_indices(len(x), spec.test_ratio, rng)
    return Dataset(name=spec.name, task=task, x_train=x[train], y_train=y[train],
                   x_test=x[test], y_test=y[test], n_classes=2 if task == "classification"
                   else 0, feature_names=features, steps=spec.sequence_targets)


# ---------------------------------------------------------------- CSV files
def header_names(path: Path, display: str) -> list[str] | None:
    """The cells of the first non-blank line of a CSV file (None if unreadable or empty)."""
    try:
        with _open(path, display) as stream:
            text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline=None)
            line = next((line for line in text if line.strip()), "")
    except (DataError, UnicodeDecodeError, OSError):
        return None
    if not line:
        return None
    try:
        return [cell.strip() for cell in next(csv.reader([line], delimiter=_delimiter(line)))]
    except (csv.Error, StopIteration):
        return None


def has_sequence_column(path: Path, column: str, display: str | None = None) -> bool:
    names = header_names(path, display or path.name)
    return names is not None and column in names


def missing_sequence_column(display: str, column: str) -> DataError:
    return DataError(
        translate("Data", "{display} has no column named {column!r}, so it holds no "
                          "sequences; a network with recurrent connections trains on "
                          "sequences: add a column {column!r} that names the sequence "
                          "each row belongs to (its rows in time order), or set the "
                          "dataset's sequence column to the one that does").format(
            display=display, column=column))


def _split_sequences(table: _Table, ids: list[str]) -> list[tuple[str, int, int]]:
    """(id, first row, end row) of each sequence; rows of a sequence must be together."""
    runs: list[tuple[str, int, int]] = []
    seen: set[str] = set()
    for row, name in enumerate(ids):
        if runs and runs[-1][0] == name:
            runs[-1] = (name, runs[-1][1], row + 1)
            continue
        if name in seen:
            raise DataError(translate("Data", "{display} line {line}: sequence "
                                              "{name!r} continues after sequence "
                                              "{previous!r} began; keep the rows of each "
                                              "sequence together, in time order").format(
                                display=table.display, line=table.lines[row],
                                name=name, previous=runs[-1][0]))
        if not name:
            raise DataError(translate("Data", "{display} line {line}: the sequence "
                                              "cell is empty").format(
                                display=table.display, line=table.lines[row]))
        seen.add(name)
        runs.append((name, row, row + 1))
    lengths = {stop - start for _, start, stop in runs}
    if len(lengths) > 1:
        first = runs[0]
        other = next(r for r in runs if r[2] - r[1] != first[2] - first[1])
        raise DataError(
            translate("Data", "{display}: the sequences have different lengths "
                              "(sequence {first!r} has {rows}, sequence {other!r} "
                              "{rows2}, from line {line}); BP Studio trains on "
                              "sequences of one length: pad or cut them to the same "
                              "number of rows").format(display=table.display,
                                                       first=first[0],
                                                       rows=plural(first[2] - first[1], 'row'),
                                                       other=other[0],
                                                       rows2=plural(other[2] - other[1], 'row'),
                                                       line=table.lines[other[1]]))
    return runs


def _sequence_table(path: Path, display: str, column: str
                    ) -> tuple[_Table, list[str]]:
    """The table without its sequence column, and each row's sequence id."""
    rows, lines = _read_rows(_read_text(path, display), display)
    names = [cell.strip() for cell in rows[0]]
    if column not in names:
        raise missing_sequence_column(display, column)
    where = names.index(column)
    body, body_lines = rows[1:], lines[1:]
    if len(body) < 2:
        raise DataError(translate("Data", "{display} has only {rows}; at least 2 are "
                                          "needed").format(display=display,
                                                           rows=plural(len(body), 'data row')))
    ids = [row[where].strip() for row in body]
    kept = [row[:where] + row[where + 1:] for row in body]
    table = _Table(display, tuple(names[:where] + names[where + 1:]), True, kept, body_lines)
    return table, ids


def _fill_unscored_targets(table: _Table, runs: list[tuple[str, int, int]],
                           first_target: int) -> None:
    """Targets at the last step only: the other rows' target cells may be empty; they take
    the last row's (never used, but the columns must parse)."""
    for _, start, stop in runs:
        last = table.rows[stop - 1]
        for row in table.rows[start:stop - 1]:
            for c in range(first_target, len(row)):
                if not row[c].strip():
                    row[c] = last[c]


def load_sequence_csv(path: Path | str, spec: DatasetSpec, *, n_inputs: int | None = None,
                      n_outputs: int | None = None, task: str | None = None,
                      display: str | None = None) -> Dataset:
    """Read a sequence CSV (module docstring) and split it by sequences into train and
    test (seeded by ``spec.seed``, ``spec.test_ratio``)."""
    path = Path(path)
    display = display or path.name
    table, ids = _sequence_table(path, display, spec.sequence_column)
    runs = _split_sequences(table, ids)
    inputs = _layout(table, n_inputs, n_outputs)
    if spec.sequence_targets == "last":
        _fill_unscored_targets(table, runs, inputs)
    x = _numbers(table, 0, inputs)
    target_columns = list(range(inputs, table.n_columns))
    targets = (_label_column(table, target_columns[0], n_outputs, task)
               if len(target_columns) == 1 else _target_block(table, target_columns, task))
    n, length = len(runs), runs[0][2] - runs[0][1]
    xs = x.reshape(n, length, inputs)
    ys = targets.y.reshape((n, length) + targets.y.shape[1:])
    train, test = split_indices(n, spec.test_ratio, np.random.default_rng(spec.seed))
    dataset = Dataset(name=display, task=targets.task, x_train=xs[train], y_train=ys[train],
                      x_test=xs[test], y_test=ys[test], n_classes=targets.n_classes,
                      class_names=targets.class_names, feature_names=table.names[:inputs],
                      target_names=targets.target_names, steps=spec.sequence_targets)
    dataset.check_fits(n_inputs, n_outputs)
    return dataset


def load_sequence_inputs(path: Path | str, n_inputs: int, column: str
                         ) -> tuple[list[str], list[np.ndarray]]:
    """Inputs for prediction: (sequence ids, one ``(T, n_inputs)`` array each, in file
    order). Sequences may differ in length here: each runs on its own."""
    path = Path(path)
    table, ids = _sequence_table(path, path.name, column)
    if table.n_columns != n_inputs:
        raise DataError(translate("Data", "{name} has {columns} besides {column!r} but "
                                          "the network has {inputs}: expected "
                                          "{n_inputs} input columns").format(
                            name=path.name, columns=plural(table.n_columns, 'column'),
                            column=column, inputs=plural(n_inputs, 'input'),
                            n_inputs=n_inputs))
    x = _numbers(table, 0, n_inputs)
    names: list[str] = []
    sequences: list[np.ndarray] = []
    seen: set[str] = set()
    for row, name in enumerate(ids):
        if names and names[-1] == name:
            continue
        if name in seen:
            raise DataError(translate("Data", "{name} line {line}: sequence {sequence!r} "
                                              "continues after sequence {previous!r} "
                                              "began; keep the rows of each sequence "
                                              "together, in time order").format(
                                name=path.name, line=table.lines[row], sequence=name,
                                previous=names[-1]))
        seen.add(name)
        names.append(name)
    bounds = [i for i in range(len(ids)) if i == 0 or ids[i] != ids[i - 1]] + [len(ids)]
    for start, stop in zip(bounds, bounds[1:], strict=False):
        sequences.append(x[start:stop])
    return names, sequences
