"""The runs of a document as a table: the Runs dock's CSV export, and their size in the file."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Sequence

from bpstudio.formats._writer import _COMPACT
from bpstudio.formats.atomic import write_atomically
from bpstudio.model.run_diff import describe_differences
from bpstudio.model.runs import Run

HEADER = ("number", "name", "started", "shape", "differs", "epochs", "steps", "seconds",
          "steps_per_second", "stop_reason", "metric_name", "best_train_loss",
          "best_validation_loss", "best_test_loss", "best_test_metric", "final_train_loss",
          "final_test_loss", "final_test_metric", "loss", "optimizer", "learning_rate",
          "batch_size", "dataset", "has_weights")


def _number(value: float | None) -> str:
    return "" if value is None else repr(value)


def table_rows(runs: Sequence[Run], name: Callable[[int], str]) -> list[list[str]]:
    """One row per run, oldest first (``name``: a neuron's name by id, for the
    differences)."""
    rows = []
    for i, run in enumerate(runs):
        s = run.settings
        rows.append([
            str(i + 1), run.name, run.started, run.shape,
            describe_differences(runs[i - 1] if i else None, run, name),
            str(run.epochs), str(run.steps), repr(run.seconds),
            f"{run.steps_per_second:.1f}", run.stop_reason, run.metric_name,
            _number(run.best_value("train_loss")), _number(run.best_value("validation_loss")),
            _number(run.best_value("test_loss")), _number(run.best_value("test_metric")),
            _number(run.final.get("train_loss")), _number(run.final.get("test_loss")),
            _number(run.final.get("test_metric")), s.loss, s.optimizer, repr(s.learning_rate),
            str(s.batch_size), run.dataset.name, "yes" if run.parameters else "no"])
    return rows


def write_runs_csv(path: str | os.PathLike[str], runs: Sequence[Run],
                   name: Callable[[int], str]) -> None:
    """The table as CSV (UTF-8, a header row), written atomically; OSError on failure."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(table_rows(runs, name))
    write_atomically(path, out.getvalue().encode("utf-8"))


def run_bytes(run: Run) -> int:
    """Bytes the run takes in the .bpnet file: its line, with indentation and separator."""
    return len(_COMPACT.encode(run.to_dict()).encode("utf-8")) + len(",\n    ")
