"""``load_dataset``: the one entry point from a DatasetSpec to a Dataset."""

from __future__ import annotations

import difflib
from pathlib import Path

from bpstudio.data.catalog import BUILTINS, make_builtin
from bpstudio.data.csv_loader import load_csv_dataset
from bpstudio.data.dataset import TASKS, DataError, Dataset
from bpstudio.model.settings import DatasetSpec


def resolve_path(name: str, base_dir: Path | None = None) -> Path:
    """``name`` as a path; relative paths count from ``base_dir`` (the .bpnet's folder)."""
    path = Path(name).expanduser()
    if not path.is_absolute() and base_dir is not None:
        path = Path(base_dir) / path
    return path


def unknown_dataset(name: str, path: Path) -> DataError:
    """A bare word that is neither a built-in nor a file is most likely a typo."""
    guess = difflib.get_close_matches(name, list(BUILTINS), n=1)
    hint = f" Did you mean {guess[0]!r}?" if guess else ""
    return DataError(f"{name!r} is not a built-in dataset ({', '.join(BUILTINS)}) and no file "
                     f"{path.resolve()} exists.{hint}")


def load_dataset(spec: DatasetSpec, base_dir: Path | None = None, *,
                 n_inputs: int | None = None, n_outputs: int | None = None,
                 task: str | None = None) -> Dataset:
    """The built-in ``spec.name``, or else the CSV file it names, checked against the network.

    ``n_inputs``/``n_outputs`` are the network's sizes: they split a CSV's columns and must
    match the data; ``task`` overrides the CSV's guessed task and must agree with a built-in's.
    Raises DataError with a message fit to show as is.
    """
    if task is not None and task not in TASKS:
        raise DataError(f"task must be one of {', '.join(TASKS)}; got {task!r}")
    if spec.is_builtin:
        info = BUILTINS[spec.name]
        if task is not None and task != info.task:
            raise DataError(f"{spec.name} is a {info.task} dataset, not {task}")
        dataset = make_builtin(spec)
        dataset.check_fits(n_inputs, n_outputs)
        return dataset
    path = resolve_path(spec.name, base_dir)
    bare_word = Path(spec.name).suffix == "" and len(Path(spec.name).parts) == 1
    if bare_word and not path.exists():
        raise unknown_dataset(spec.name, path)
    return load_csv_dataset(path, n_inputs=n_inputs, n_outputs=n_outputs, task=task,
                            test_ratio=spec.test_ratio, seed=spec.seed)
