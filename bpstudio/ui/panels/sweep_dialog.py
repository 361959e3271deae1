"""Train ▸ Sweep…: the same network over a small grid of one or two settings.

Each grid point trains a copy of the document from its current weights in a background
thread, one after another; a progress bar follows, Cancel keeps the finished runs, and a
summary table highlights the best. The runs join the document's runs as one undo step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QBrush, QCloseEvent, QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bpstudio.model.network import Network
from bpstudio.model.runs import Run, keep_parameters
from bpstudio.model.settings import TrainingSettings
from bpstudio.sweep import (
    SweepError,
    SweepProgress,
    best_index,
    count_points,
    describe_point,
    make_grid,
    parse_assignment,
    points,
    ranking_measure,
)
from bpstudio.ui.document.editor import EditController
from bpstudio.ui.panels.runs_panel import plural
from bpstudio.ui.panels.runs_table import duration
from bpstudio.ui.training.run_commands import SetRunsCommand
from bpstudio.ui.training.sweep_worker import SweepWorker

#: the settings offered first (the rest follow in the file's order)
COMMON = ("learning_rate", "optimizer", "batch_size", "epochs", "momentum", "l2", "init",
          "seed", "schedule")
SUGGESTED = {"learning_rate": "0.01, 0.1, 1", "optimizer": "sgd, adam",
             "batch_size": "0, 16", "momentum": "0, 0.9", "l2": "0, 0.001",
             "init": "xavier, he", "seed": "0, 1, 2", "schedule": "constant, cosine"}
NONE = "—"
BEST_BACKGROUND = "#dcfce7"


class SweepDialog(QDialog):
    """Choose the grid, run it, read the summary; ``recorded`` names the new runs."""

    #: document indices of the runs the sweep added
    recorded = Signal(list)

    def __init__(self, network: Network, editor: EditController,
                 base_dir: Callable[[], Path | None], kept_weights: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sweep Settings"))
        self.network, self.editor = network, editor
        self._base_dir, self._kept_weights = base_dir, kept_weights
        self.worker: SweepWorker | None = None
        self.runs: list[Run] = []
        self._grid_points: list[dict[str, object]] = []
        intro = QLabel(self.tr("Train the network once per combination of values, one run "
                               "after another, each from the current weights. The runs "
                               "join the Runs dock, where you can compare and restore "
                               "them."))
        intro.setWordWrap(True)
        keys = list(COMMON) + [f.name for f in fields(TrainingSettings) if f.name not in COMMON]
        self.setting_boxes: list[QComboBox] = []
        self.value_edits: list[QLineEdit] = []
        grid = QGridLayout()
        for row, (first, text) in enumerate((("learning_rate", SUGGESTED["learning_rate"]),
                                             (NONE, ""))):
            box = QComboBox()
            if row:
                box.addItem(NONE)
            box.addItems(keys)
            box.setCurrentText(first if row == 0 else NONE)
            edit = QLineEdit(text)
            edit.setPlaceholderText(self.tr("values separated by commas"))
            box.currentTextChanged.connect(lambda key, e=edit: self._suggest(key, e))
            edit.textChanged.connect(self._check_grid)
            grid.addWidget(QLabel(self.tr("Setting %1:").replace("%1", str(row + 1))), row, 0)
            grid.addWidget(box, row, 1)
            grid.addWidget(edit, row, 2)
            self.setting_boxes.append(box)
            self.value_edits.append(edit)
        grid.setColumnStretch(2, 1)
        self.grid_label = QLabel()
        self.grid_label.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.status = QLabel(" ")
        self.table = QTableWidget(0, 0)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.hide()
        buttons = QDialogButtonBox()
        self.start_button = QPushButton(self.tr("Start"))
        self.start_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Cancel Sweep"))
        self.cancel_button.setEnabled(False)
        self.close_button = QPushButton(self.tr("Close"))
        buttons.addButton(self.start_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.start_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addWidget(self.grid_label)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(620, 420)
        self._check_grid()

    # ------------------------------------------------------------ the grid
    def _suggest(self, key: str, edit: QLineEdit) -> None:
        if key == NONE:
            edit.clear()
        else:
            edit.setText(SUGGESTED.get(key, str(getattr(self.network.settings, key))))
        self._check_grid()

    def grid(self) -> dict[str, tuple[object, ...]]:
        """The grid the fields describe; SweepError with what is wrong."""
        assignments = []
        for box, edit in zip(self.setting_boxes, self.value_edits, strict=True):
            key = box.currentText()
            if key != NONE:
                assignments.append(parse_assignment(f"{key}={edit.text()}"))
        return make_grid(assignments)

    def _check_grid(self) -> bool:
        try:
            count = count_points(self.grid())
        except SweepError as error:
            self.grid_label.setText(str(error))
            self.grid_label.setStyleSheet("color: #b91c1c;")
            self.start_button.setEnabled(False)
            return False
        self.grid_label.setStyleSheet("")
        epochs = self.grid().get("epochs")
        each = (self.tr("%1 epochs each").replace("%1", f"{self.network.settings.epochs:,}")
                if epochs is None else self.tr("the epochs as set"))
        self.grid_label.setText(plural(self.tr("%n run(s) of %1", "", count), count)
                                .replace("%1", each))
        self.start_button.setEnabled(self.worker is None)
        return True

    # ------------------------------------------------------------- running
    def start(self) -> bool:
        if self.worker is not None or not self._check_grid():
            return False
        grid = self.grid()
        self._grid_points = points(grid)
        self.runs = []
        self.table.hide()
        self.worker = SweepWorker(self.network, grid, self._base_dir(), self)
        self.worker.progressed.connect(self._on_progress)
        self.worker.done.connect(self._on_done)
        self.worker.failed.connect(self._on_failed)
        self.worker.finished.connect(self._on_thread_finished)
        for widget in (*self.setting_boxes, *self.value_edits, self.start_button):
            widget.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.setValue(0)
        self.status.setText(self.tr("Starting…"))
        self.worker.start()
        return True

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel()
            self.cancel_button.setEnabled(False)
            self.status.setText(self.tr("Cancelling: the current step ends first…"))

    def _on_progress(self, progress: SweepProgress) -> None:
        done = progress.index + (1.0 if progress.finished is not None
                                 else progress.epoch / max(progress.epochs, 1))
        self.progress.setValue(round(1000 * done / max(progress.total, 1)))
        if self.worker is not None and not self.worker.cancelled:
            self.status.setText(self.tr("Run %1 of %2: %3 — epoch %4 of %5")
                                .replace("%1", str(progress.index + 1))
                                .replace("%2", str(progress.total))
                                .replace("%3", describe_point(progress.point))
                                .replace("%4", f"{progress.epoch:,}")
                                .replace("%5", f"{progress.epochs:,}"))

    def _on_done(self, runs: list[Run]) -> None:
        self.runs = runs
        cancelled = self.worker is not None and self.worker.cancelled
        if runs:
            self._record(runs)
        self._show_summary(runs)
        total = len(self._grid_points)
        self.status.setText(
            self.tr("Cancelled after %1 of %2 runs; they were added to the Runs dock")
            .replace("%1", str(len(runs))).replace("%2", str(total)) if cancelled
            else self.tr("Done: %1 runs added to the Runs dock (Undo removes them)")
            .replace("%1", str(len(runs))))
        if not cancelled:
            self.progress.setValue(1000)

    def _on_failed(self, message: str) -> None:
        self.status.setText(self.tr("Cannot sweep: %1").replace("%1", message))

    def _on_thread_finished(self) -> None:
        worker, self.worker = self.worker, None
        if worker is not None:
            worker.deleteLater()
        for widget in (*self.setting_boxes, *self.value_edits):
            widget.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self._check_grid()

    def _record(self, runs: list[Run]) -> None:
        network = self.network
        first = len(network.runs)
        command = SetRunsCommand(network, keep_parameters((*network.runs, *runs),
                                                          self._kept_weights),
                                 self.tr("Record a sweep of %1 runs")
                                 .replace("%1", str(len(runs))))
        if self.editor.push(command) is None:
            self.recorded.emit(list(range(first, first + len(runs))))

    def _show_summary(self, runs: list[Run]) -> None:
        if not runs:
            return
        keys = list(self._grid_points[0])
        measure = ranking_measure(runs)
        metric = runs[0].metric_name
        headers = (keys + [self.tr("best %1").replace("%1", (measure or "loss")
                                                         .replace("_", " ")),
                           self.tr("best R²") if metric == "r2" else self.tr("best accuracy"),
                           self.tr("epochs"), self.tr("time")])
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(runs))
        best = best_index(runs)
        for row, (run, point) in enumerate(zip(runs, self._grid_points, strict=False)):
            value = run.best_value(measure) if measure else None
            accuracy = run.best_value("test_metric")
            cells = [str(point[k]) for k in keys] + [
                "—" if value is None else f"{value:.4g}",
                "—" if accuracy is None else (f"{accuracy:.4f}" if metric == "r2"
                                              else f"{accuracy:.1%}"),
                f"{run.epochs:,}", duration(run.seconds)]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if row == best:
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
                    item.setBackground(QBrush(QColor(BEST_BACKGROUND)))
                    item.setToolTip(self.tr("The best run of the sweep"))
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.table.show()

    def best_row(self) -> int | None:
        return best_index(self.runs)

    # -------------------------------------------------------------- closing
    def reject(self) -> None:
        """Close; a running sweep is cancelled first (its finished runs are kept)."""
        self.end_sweep()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:   # the title bar's close button
        self.end_sweep()
        super().closeEvent(event)

    def end_sweep(self) -> None:
        """Cancel a running sweep and wait for its thread (at most one minibatch), then
        take in the runs it finished."""
        worker = self.worker
        if worker is None:
            return
        worker.cancel()
        worker.wait()
        QCoreApplication.sendPostedEvents(self)   # its queued done() records the runs
        QCoreApplication.sendPostedEvents(worker)
