"""The Runs dock: every training of the document, compared side by side.

Tick runs to overlay their curves on the plots; rename in place; Delete, Restore settings,
Restore weights and "Keep only the last N" are undoable steps pushed through the editor.
The footer says how much of the file the runs take and how many keep their weights.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from bpstudio.formats.runs_table import run_bytes, write_runs_csv
from bpstudio.model.network import Network
from bpstudio.model.runs import Run, RunError, restore_problem
from bpstudio.ui.document.editor import EditController
from bpstudio.ui.panels.runs_table import NAME_COLUMN, RunsTableModel
from bpstudio.ui.training import run_commands

MAX_KEPT_WEIGHTS = 1000


def plural(text: str, n: int) -> str:
    """``text`` from ``tr(…%n run(s)…, "", n)``: without a translation loaded, Qt leaves
    the "(s)" of the source; English says "1 run", "2 runs"."""
    return text.replace("(s)", "" if n == 1 else "s")


def _size(size: int) -> str:
    for unit, scale in (("MB", 10 ** 6), ("KB", 10 ** 3)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} bytes"


class RunsPanel(QWidget):
    """Table, actions and footer; ``overlay_changed`` carries the ticked runs."""

    #: [(run, index in the document)] to draw over the live curves
    overlay_changed = Signal(list)
    #: a passing report for the status bar
    status_message = Signal(str)
    #: the "keep weights of the last N runs" preference changed
    kept_weights_changed = Signal(int)

    def __init__(self, editor: EditController, kept_weights: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.network: Network | None = None
        self._sizes: dict[int, tuple[Run, int]] = {}   # id(run) → (run, its bytes)
        self.model = RunsTableModel(self)
        self.model.rename_requested.connect(self._rename)
        self.model.ticks_changed.connect(self._emit_overlay)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.restore_settings_button = self._button(
            self.tr("Settings"), self.restore_settings,
            self.tr("Set the training settings and dataset to the selected run's (undoable)"))
        self.restore_weights_button = self._button(
            self.tr("Weights"), self.restore_weights,
            self.tr("Put the selected run's final weights into the network (undoable)"))
        self.delete_button = self._button(self.tr("Delete"), self.delete_selected,
                                          self.tr("Forget the selected runs (undoable)"))
        self.more_button = QToolButton()
        self.more_button.setText(self.tr("More"))
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        more = QMenu(self.more_button)
        self.export_action = more.addAction(self.tr("Export Table as CSV…"))
        self.export_action.triggered.connect(lambda checked=False: self.export_csv())
        self.keep_action = more.addAction(self.tr("Keep Only the Last Runs…"))
        self.keep_action.triggered.connect(lambda checked=False: self.ask_keep_last())
        self.weights_action = more.addAction("")
        self.weights_action.triggered.connect(lambda checked=False: self.ask_kept_weights())
        self.more_button.setMenu(more)
        actions = QHBoxLayout()
        actions.setSpacing(4)
        actions.addWidget(QLabel(self.tr("Restore:")))
        actions.addWidget(self.restore_settings_button)
        actions.addWidget(self.restore_weights_button)
        actions.addStretch(1)
        actions.addWidget(self.delete_button)
        actions.addWidget(self.more_button)
        self.size_label = QLabel()
        self.size_label.setStyleSheet("color: #4b5563;")
        self.size_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.kept_weights = kept_weights
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b91c1c;")
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(3)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.size_label)
        delete = QShortcut(QKeySequence.StandardKey.Delete, self.table)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.delete_selected)
        self._update_buttons()

    def _button(self, text: str, slot: object, tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.clicked.connect(lambda checked=False: slot())   # type: ignore[operator]
        return button

    # ------------------------------------------------------------ document
    def set_network(self, network: Network) -> None:
        events = self.network.events if self.network is not None else None
        if events is not None:
            for event in (events.runs_changed, events.neurons_added, events.neurons_removed,
                          events.connections_added, events.connections_removed):
                event.disconnect(self._on_runs_changed)
        self.network = network
        for event in (network.events.runs_changed, network.events.neurons_added,
                      network.events.neurons_removed, network.events.connections_added,
                      network.events.connections_removed):
            event.connect(self._on_runs_changed)
        self._sizes.clear()
        self._show_message("")
        self.model.set_network(network)
        self._after_change()
        self._emit_overlay()

    def _on_runs_changed(self, *args: object) -> None:
        self.model.refresh()
        self._after_change()

    def _after_change(self) -> None:
        runs = self.model.runs
        self._fit_columns()
        total = sum(self._bytes(run) for run in runs)
        kept = {id(run) for run in runs}
        self._sizes = {k: v for k, v in self._sizes.items() if k in kept}
        with_weights = sum(1 for run in runs if run.parameters is not None)
        self.size_label.setText(
            plural(self.tr("%n run(s), %1 of the file; %2 with weights", "", len(runs)),
                   len(runs)).replace("%1", _size(total)).replace("%2", str(with_weights)) if runs
            else self.tr("No runs yet: each training is remembered here"))
        self._update_buttons()

    def _fit_columns(self) -> None:
        """Columns as wide as their header and contents; names and differences capped
        (the whole text is in the tooltip and the CSV)."""
        self.table.resizeColumnsToContents()
        for column, widest in ((NAME_COLUMN, 190), (2, 230)):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), widest))

    def _bytes(self, run: Run) -> int:
        cached = self._sizes.get(id(run))
        if cached is None or cached[0] is not run:
            cached = (run, run_bytes(run))
            self._sizes[id(run)] = cached
        return cached[1]

    def _emit_overlay(self) -> None:
        self.overlay_changed.emit(self.model.ticked_runs())

    # ------------------------------------------------------------- actions
    def selected_indices(self) -> list[int]:
        """Document indices (oldest = 0) of the selected runs."""
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        return sorted(self.model.run_index(row) for row in rows)

    def select_run(self, index: int) -> None:
        self.table.selectRow(self.model.row_of(index))

    def _update_buttons(self, *args: object) -> None:
        chosen = self.selected_indices()
        one = len(chosen) == 1
        self.restore_settings_button.setEnabled(one)
        self.restore_weights_button.setEnabled(one)
        self.delete_button.setEnabled(bool(chosen))
        self.export_action.setEnabled(bool(self.model.runs))
        self.keep_action.setEnabled(bool(self.model.runs))
        self.weights_action.setText(self.tr("Keep Weights of the Last %1 Runs…")
                                    .replace("%1", str(self.kept_weights)))

    def _push(self, command: run_commands.Command, done: str) -> bool:
        problem = self.editor.push(command)
        if problem:
            self._show_message(problem)
            return False
        self._show_message("")
        self.status_message.emit(done)
        return True

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _rename(self, index: int, name: str) -> None:
        if self.network is not None:
            self._push(run_commands.rename_command(self.network, index, name),
                       self.tr("Renamed the run to “%1”").replace("%1", name))

    def delete_selected(self) -> bool:
        chosen = self.selected_indices()
        if self.network is None or not chosen:
            return False
        return self._push(run_commands.delete_command(self.network, chosen),
                          plural(self.tr("Deleted %n run(s); Undo brings them back", "",
                                         len(chosen)), len(chosen)))

    def ask_keep_last(self) -> bool:
        network = self.network
        if network is None or not network.runs:
            return False
        count, ok = QInputDialog.getInt(
            self, self.tr("Keep Only the Last Runs"),
            self.tr("Forget every run but the newest (undoable). Runs to keep:"),
            min(10, len(network.runs)), 0, len(network.runs))
        return ok and self.keep_last(count)

    def keep_last(self, count: int) -> bool:
        """Forget every run but the ``count`` newest, as one undoable step."""
        network = self.network
        if network is None or len(network.runs) <= count:
            have = len(network.runs) if network else 0
            self._show_message(plural(self.tr("Nothing to forget: the document has %n "
                                              "run(s)", "", have), have))
            return False
        return self._push(run_commands.keep_last_command(network, count),
                          plural(self.tr("Kept the last %n run(s); Undo brings the others "
                                         "back", "", count), count))

    def ask_kept_weights(self) -> None:
        count, ok = QInputDialog.getInt(
            self, self.tr("Weights Kept with Runs"),
            self.tr("Only this many of the newest runs keep their final weights in the "
                    "file, so it stays small (applies to the next runs):"),
            self.kept_weights, 0, MAX_KEPT_WEIGHTS)
        if ok:
            self.set_kept_weights(count)

    def set_kept_weights(self, count: int) -> None:
        if count != self.kept_weights:
            self.kept_weights = count
            self._update_buttons()
            self.kept_weights_changed.emit(count)

    def restore_settings(self) -> bool:
        chosen = self.selected_indices()
        if self.network is None or len(chosen) != 1:
            return False
        run = self.network.runs[chosen[0]]
        if run.settings == self.network.settings and run.dataset == self.network.dataset:
            self._show_message("")
            self.status_message.emit(self.tr("The settings already are those of %1")
                                     .replace("%1", run.name))
            return False
        return self._push(run_commands.restore_settings_command(self.network, run),
                          self.tr("Restored the settings of %1").replace("%1", run.name))

    def restore_weights(self) -> bool:
        chosen = self.selected_indices()
        if self.network is None or len(chosen) != 1:
            return False
        run = self.network.runs[chosen[0]]
        problem = restore_problem(run, self.network)
        if problem is not None:
            self._show_message(self.tr("Cannot restore the weights: %1").replace("%1", problem))
            return False
        try:
            command = run_commands.restore_weights_command(self.network, run)
        except RunError as error:   # (restore_problem said yes: not expected)
            self._show_message(str(error))
            return False
        return self._push(command, self.tr("Restored the weights of %1; Undo returns to the "
                                           "previous ones").replace("%1", run.name))

    def export_csv(self, path: str | None = None) -> bool:
        network = self.network
        if network is None or not network.runs:
            return False
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Export Runs as CSV"),
                                                  "runs.csv", self.tr("CSV files (*.csv)"))
            if not path:
                return False
        neurons = network.neurons
        try:
            write_runs_csv(path, network.runs,
                           lambda i: neurons[i].name if i in neurons else f"neuron {i}")
        except OSError as error:
            self._show_message(self.tr("Cannot write %1: %2").replace("%1", path)
                               .replace("%2", error.strerror or str(error)))
            return False
        count = len(network.runs)
        self.status_message.emit(plural(self.tr("Exported %n run(s) to %1", "", count), count)
                                 .replace("%1", Path(path).name))
        return True

    def tick(self, indices: list[int]) -> None:
        """Overlay exactly these runs (document indices), e.g. a sweep's."""
        for i in range(len(self.model.runs)):
            self.model.set_ticked(i, i in indices)

    def start_rename(self, index: int) -> None:
        """Open the name editor of a run (F2 does the same)."""
        self.table.edit(self.model.index(self.model.row_of(index), NAME_COLUMN))
