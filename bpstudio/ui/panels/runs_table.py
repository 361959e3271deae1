"""The table model of the Runs dock: the document's runs, newest first.

Column 0 holds the tick that overlays a run's curves (and its colour); the name is edited
in place. Ticks are kept by a run's identity (its start, counters and settings), so a
rename or the deletion of another run keeps them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from bpstudio.engine.training import STOP_TEMPLATES
from bpstudio.model.network import Network
from bpstudio.model.run_diff import describe_differences
from bpstudio.model.runs import Run, structure_fingerprint
from bpstudio.run_record import DRAWING_CHANGED, SHAPE_TEMPLATES
from bpstudio.ui.i18n import translate, translate_filled
from bpstudio.ui.plots.run_overlay import run_colour

COLUMNS = ("", QT_TRANSLATE_NOOP("RunsTable", "Name"),
           QT_TRANSLATE_NOOP("RunsTable", "What differs"),
           QT_TRANSLATE_NOOP("RunsTable", "Best test loss"),
           QT_TRANSLATE_NOOP("RunsTable", "Best accuracy"),
           QT_TRANSLATE_NOOP("RunsTable", "Epochs"), QT_TRANSLATE_NOOP("RunsTable", "Time"),
           QT_TRANSLATE_NOOP("RunsTable", "Started"))
COLUMN_TIPS = (
    QT_TRANSLATE_NOOP("RunsTable", "Tick to overlay the run's curves on the plots"),
    QT_TRANSLATE_NOOP("RunsTable", "Double-click to rename"),
    QT_TRANSLATE_NOOP("RunsTable", "What changed since the run before it"),
    QT_TRANSLATE_NOOP("RunsTable", "Lowest test loss of the run (training loss without a test "
                                   "set)"),
    QT_TRANSLATE_NOOP("RunsTable", "Highest test accuracy (R² for regression)"),
    QT_TRANSLATE_NOOP("RunsTable", "Epochs trained"),
    QT_TRANSLATE_NOOP("RunsTable", "Training time, pauses left out"),
    QT_TRANSLATE_NOOP("RunsTable", "When the run started"))
NAME_COLUMN = 1
_DEFAULT_NAME = re.compile(r"Run (\d+)(?= · |$)")      # model/runs.py's default_name
RunKey = tuple[Any, ...]


def shown_name(name: str) -> str:
    """A run's name as the table shows it: the default "Run 3 · …" (saved in English, the
    command line finds runs by it) in the interface's language."""
    match = _DEFAULT_NAME.match(name)
    if match is None:
        return name
    return translate("RunsTable", "Run {number}").format(number=match[1]) + name[match.end():]


def run_key(run: Run) -> RunKey:
    """What identifies a run across renames (runs are immutable values)."""
    return (run.started, run.steps, run.seconds, run.epochs, run.fingerprint, run.settings)


def duration(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(int(round(seconds)), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{rest:02d}" if hours else f"{minutes}:{rest:02d}"


class RunsTableModel(QAbstractTableModel):
    """Rows: the network's runs, newest first; ``rename_requested`` for an edited name."""

    #: (index of the run in the document, new name)
    rename_requested = Signal(int, str)
    #: the ticked runs changed
    ticks_changed = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.network: Network | None = None
        self.runs: tuple[Run, ...] = ()
        self.ticked: set[RunKey] = set()
        self._fingerprint = ""
        self._namer: Callable[[int], str] = lambda i: f"neuron {i}"
        self._differs: list[str] = []   # "what differs" of each run, oldest first

    # ------------------------------------------------------------ contents
    def set_network(self, network: Network | None) -> None:
        self.network = network
        self.ticked.clear()
        self.refresh()

    def refresh(self) -> None:
        """Re-read the document's runs (after runs_changed or a structural edit)."""
        network = self.network
        self.beginResetModel()
        self.runs = network.runs if network is not None else ()
        # (hashing a 100k-connection drawing takes ~30 ms: only when there are runs)
        self._fingerprint = (structure_fingerprint(network)
                             if network is not None and self.runs else "")
        if network is not None:
            neurons = network.neurons
            self._namer = lambda i: neurons[i].name if i in neurons else f"neuron {i}"
        self._differs = [describe_differences(self.runs[i - 1] if i else None, run,
                                              self._namer)
                         for i, run in enumerate(self.runs)]
        keys = {run_key(run) for run in self.runs}
        ticks_lost = bool(self.ticked - keys)
        self.ticked &= keys
        self.endResetModel()
        if ticks_lost:
            self.ticks_changed.emit()

    def run_index(self, row: int) -> int:
        """The document index (oldest = 0) of the run shown in ``row`` (newest first)."""
        return len(self.runs) - 1 - row

    def row_of(self, index: int) -> int:
        return len(self.runs) - 1 - index

    def ticked_runs(self) -> list[tuple[Run, int]]:
        """(run, document index) of every ticked run, oldest first."""
        return [(run, i) for i, run in enumerate(self.runs) if run_key(run) in self.ticked]

    def set_ticked(self, index: int, on: bool) -> None:
        key = run_key(self.runs[index])
        if (key in self.ticked) == on:
            return
        (self.ticked.add if on else self.ticked.discard)(key)
        cell = self.index(self.row_of(index), 0)
        self.dataChanged.emit(cell, cell, [Qt.ItemDataRole.CheckStateRole])
        self.ticks_changed.emit()

    # ------------------------------------------------------------ the model
    def rowCount(self, parent: QModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.runs)

    def columnCount(self, parent: QModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if section == 4 and self.runs and self.runs[-1].metric_name == "r2":
                return translate("RunsTable", "Best R²")
            return translate("RunsTable", COLUMNS[section]) if COLUMNS[section] else ""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return translate("RunsTable", COLUMN_TIPS[section])
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 0:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        if index.column() == NAME_COLUMN:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        i = self.run_index(index.row())
        run, column = self.runs[i], index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column == 0:
            return (Qt.CheckState.Checked if run_key(run) in self.ticked
                    else Qt.CheckState.Unchecked)
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return QColor(run_colour(i))
        if role == Qt.ItemDataRole.EditRole and column == NAME_COLUMN:
            return run.name            # renamed as it is saved
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(run, i, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(run, i)
        if role == Qt.ItemDataRole.ForegroundRole and run.fingerprint != self._fingerprint:
            return QColor("#6b7280")   # made on another drawing
        return None

    def _text(self, run: Run, i: int, column: int) -> str:
        if column == 0:
            return str(i + 1)
        if column == NAME_COLUMN:
            return shown_name(run.name)
        if column == 2:
            return self._differs[i]
        if column == 3:
            best = run.best.get("test_loss") or run.best.get("train_loss")
            return "—" if best is None else f"{best.value:.4g}"
        if column == 4:
            value = run.best_value("test_metric")
            if value is None:
                return "—"
            return f"{value:.4f}" if run.metric_name == "r2" else f"{value:.1%}"
        if column == 5:
            return f"{run.epochs:,}"
        if column == 6:
            return duration(run.seconds)
        return run.started.replace("T", " ").rstrip("Z")

    def _tooltip(self, run: Run, i: int) -> str:
        stopped = translate_filled("Training", run.stop_message,
                                   (*STOP_TEMPLATES, DRAWING_CHANGED))
        shape = translate_filled("RunsTable", run.shape, SHAPE_TEMPLATES)
        lines = [f"{shown_name(run.name)} — {shape}", stopped or run.stop_reason,
                 translate("RunsTable", "{steps} steps, {rate:.0f} steps/s").format(
                     steps=f"{run.steps:,}", rate=run.steps_per_second)]
        if run.fingerprint != self._fingerprint:
            lines.append(translate("RunsTable", "Made on another drawing: its weights do not "
                                                "fit this one"))
        elif run.parameters is None:
            lines.append(translate("RunsTable", "Its weights were not kept (only the last runs "
                                                "keep them)"))
        return "\n".join(lines)

    def setData(self, index: QModelIndex, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        i = self.run_index(index.row())
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == 0:
            self.set_ticked(i, Qt.CheckState(value) == Qt.CheckState.Checked)
            return True
        if role == Qt.ItemDataRole.EditRole and index.column() == NAME_COLUMN:
            name = str(value).strip()
            if name and name != self.runs[i].name:
                self.rename_requested.emit(i, name)
            return bool(name)
        return False
