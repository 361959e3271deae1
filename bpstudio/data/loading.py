"""``load_dataset``: the one entry point from a DatasetSpec to a Dataset.

What ``spec.name`` means, in this order: a built-in name; ``"drawn"`` (the document's own
points, passed as ``points``); else a path, relative to the .bpnet file's folder — a folder
is an image folder, an ``…idx3-ubyte[.gz]`` file an IDX images file, anything else CSV.
The inputs come back scaled as ``spec.scale_inputs`` asks, fitted on the training split.
"""

from __future__ import annotations

import difflib
from dataclasses import replace
from pathlib import Path

from bpstudio.data.catalog import BUILTINS, make_builtin
from bpstudio.data.dataset import TASKS, DataError, Dataset
from bpstudio.data.drawn import drawn_dataset
from bpstudio.model.points import NO_POINTS, DrawnPoints
from bpstudio.model.scaling import InputScaling
from bpstudio.model.settings import DatasetSpec
from bpstudio.progress import Progress, Report, ShouldStop
from bpstudio.words import translate

KINDS = ("builtin", "drawn", "image_folder", "idx", "csv")


def resolve_path(name: str, base_dir: Path | None = None) -> Path:
    """``name`` as a path; relative paths count from ``base_dir`` (the .bpnet's folder)."""
    path = Path(name).expanduser()
    if not path.is_absolute() and base_dir is not None:
        path = Path(base_dir) / path
    return path


def dataset_kind(spec: DatasetSpec, base_dir: Path | None = None) -> str:
    """One of :data:`KINDS`; a path that does not exist counts by its name."""
    if spec.is_builtin:
        return "builtin"
    if spec.is_drawn:
        return "drawn"
    path = resolve_path(spec.name, base_dir)
    if path.is_dir():
        return "image_folder"
    from bpstudio.data.idx import is_idx_images

    if is_idx_images(path):
        return "idx"
    return "csv"


def default_scaling(spec: DatasetSpec, base_dir: Path | None = None) -> str:
    """``scale_inputs`` a new document on this dataset starts with: z-score for tables
    (shipped tables and CSV files), none for images, generated 2-D sets and drawn points."""
    kind = dataset_kind(spec, base_dir)
    if kind == "builtin":
        return BUILTINS[spec.name].default_scaling
    return "zscore" if kind == "csv" else "none"


def unknown_dataset(name: str, path: Path) -> DataError:
    """A bare word that is neither a built-in nor a file is most likely a typo."""
    guess = difflib.get_close_matches(name, list(BUILTINS), n=1)
    hint = (translate("Data", " Did you mean {guess!r}?").format(guess=guess[0]) if guess
            else "")
    return DataError(translate("Data", "{name!r} is not a built-in dataset ({builtins}) "
                                       "and no file or folder {path} exists.{hint}").format(
                         name=name, builtins=', '.join(BUILTINS), path=path.resolve(),
                         hint=hint))


def missing_dataset(spec: DatasetSpec, base_dir: Path | None = None) -> str | None:
    """Why the document's dataset cannot be found (moved or deleted since it was saved),
    or None. Cheap: it only looks whether the path exists, so it can run on every check."""
    if spec.is_builtin or spec.is_drawn:
        return None
    path = resolve_path(spec.name, base_dir)
    if path.exists():
        return None
    template = (translate("Data", "the dataset {name!r} is missing: no folder {path} (moved "
                          "or deleted since the document was saved?); put it back or choose "
                          "the dataset again") if Path(spec.name).suffix == "" else
                translate("Data", "the dataset {name!r} is missing: no file {path} (moved or "
                          "deleted since the document was saved?); put it back or choose "
                          "the dataset again"))
    return template.format(name=spec.name, path=path.resolve())


def load_dataset(spec: DatasetSpec, base_dir: Path | None = None, *,
                 n_inputs: int | None = None, n_outputs: int | None = None,
                 task: str | None = None, points: DrawnPoints = NO_POINTS,
                 report: Report | None = None, should_stop: ShouldStop | None = None,
                 sequences: bool = False) -> Dataset:
    """The dataset ``spec`` names, checked against the network, inputs scaled.

    ``n_inputs``/``n_outputs`` are the network's sizes: they split a CSV's columns and must
    match the data; ``task`` overrides the CSV's guessed task and must agree with any
    other kind's. ``points`` are the document's drawn points (for ``"drawn"``). Image
    folders call ``report`` with progress and stop with LoadCancelled once ``should_stop``
    returns True (see ``bpstudio.progress``). ``sequences``: the network has recurrent
    connections, so the data must be sequences (a CSV without the sequence column is
    refused). A CSV whose header has ``spec.sequence_column`` is read as sequences
    either way. Raises DataError with a message fit to show as is.
    """
    if task is not None and task not in TASKS:
        raise DataError(translate("Data", "task must be one of {tasks}; got {task!r}").format(
                            tasks=', '.join(TASKS), task=task))
    dataset = _load_raw(spec, base_dir, n_inputs, n_outputs, task, points,
                        Progress(report, should_stop), sequences)
    if task is not None and task != dataset.task:
        raise DataError(translate("Data", "{name} is a {task} dataset, not {task2}").format(
                            name=dataset.name, task=dataset.task, task2=task))
    dataset.check_fits(n_inputs, n_outputs)
    return scale_dataset(dataset, spec.scale_inputs)


def scale_dataset(dataset: Dataset, method: str) -> Dataset:
    """``dataset`` with its inputs scaled by ``method``, fitted on its training split."""
    # sequences: every step of every sequence is one row of inputs
    scaling = InputScaling.fit(dataset.x_train.reshape(-1, dataset.n_features), method)
    if scaling.is_identity:
        return dataset
    return replace(dataset, x_train=scaling.apply(dataset.x_train),
                   x_test=scaling.apply(dataset.x_test), scaling=scaling)


def _load_raw(spec: DatasetSpec, base_dir: Path | None, n_inputs: int | None,
              n_outputs: int | None, task: str | None, points: DrawnPoints,
              progress: Progress, sequences: bool = False) -> Dataset:
    kind = dataset_kind(spec, base_dir)
    if kind == "builtin":
        return make_builtin(spec)
    if kind == "drawn":
        return drawn_dataset(points, spec)
    path = resolve_path(spec.name, base_dir)
    # Each loader is imported when its kind of file is first opened: a window that opens on
    # a built-in dataset never needs them (bench/bench_startup.py).
    if kind == "image_folder":
        from bpstudio.data.image_folder import load_image_folder

        return load_image_folder(path, spec, progress, display=spec.name)
    if kind == "idx":
        from bpstudio.data.idx import load_idx_dataset

        return load_idx_dataset(path, spec, display=path.name)
    from bpstudio.data.csv_loader import load_csv_dataset
    from bpstudio.data.sequences import (
        has_sequence_column,
        load_sequence_csv,
        missing_sequence_column,
    )

    bare_word = Path(spec.name).suffix == "" and len(Path(spec.name).parts) == 1
    if bare_word and not path.exists():
        raise unknown_dataset(spec.name, path)
    if path.is_file() and has_sequence_column(path, spec.sequence_column):
        return load_sequence_csv(path, spec, n_inputs=n_inputs, n_outputs=n_outputs,
                                 task=task, display=path.name)
    if sequences and path.is_file():
        raise missing_sequence_column(path.name, spec.sequence_column)
    return load_csv_dataset(path, n_inputs=n_inputs, n_outputs=n_outputs, task=task,
                            test_ratio=spec.test_ratio, seed=spec.seed)
