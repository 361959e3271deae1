"""The problems dock: what validate() finds, clickable to select the neurons involved,
and what is wrong with the document's data (a dataset moved away since it was saved)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QStyle, QVBoxLayout, QWidget

from bpstudio.model.network import Network
from bpstudio.model.validate import Problem, validate
from bpstudio.workflow import data_problems

IDS_ROLE = Qt.ItemDataRole.UserRole


class ProblemsPanel(QWidget):
    """A short list: errors stop training, warnings waste it."""

    #: (neuron ids, connection ids) the user clicked a problem about
    selection_requested = Signal(object, object)
    #: (errors, warnings) after every refresh
    counts_changed = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(False)
        self.list.itemClicked.connect(self._on_item_clicked)
        self.list.itemActivated.connect(self._on_item_clicked)
        layout.addWidget(self.list)
        self.problems: list[Problem] = []
        self.data_messages: list[str] = []   # what workflow.data_problems said last

    def refresh(self, network: Network, base_dir: Path | None = None) -> None:
        """Show ``network``'s problems; ``base_dir`` is where its relative dataset path
        starts (the .bpnet's folder)."""
        self.data_messages = data_problems(network, base_dir)
        self.problems = validate(network) + [Problem(m) for m in self.data_messages]
        self.list.clear()
        style = self.style()
        icons = {"error": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical),
                 "warning": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)}
        for problem in self.problems:
            item = QListWidgetItem(icons.get(problem.severity, icons["warning"]),
                                   shown_message(problem, network))
            item.setData(IDS_ROLE, (list(problem.neuron_ids), list(problem.connection_ids)))
            item.setToolTip(problem.message)
            self.list.addItem(item)
        if not self.problems:
            item = QListWidgetItem(style.standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton),
                                   self.tr("No problems: the network is ready to train"))
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.list.addItem(item)
        errors = sum(1 for p in self.problems if p.severity == "error")
        self.counts_changed.emit(errors, len(self.problems) - errors)

    def _on_item_clicked(self, item: QListWidgetItem) -> None:
        ids = item.data(IDS_ROLE)
        if ids:
            self.selection_requested.emit(list(ids[0]), list(ids[1]))


def shown_message(problem: Problem, network: Network) -> str:
    """The message as a sentence: a capital first letter, except where it starts with a
    neuron's label, which is shown as the user wrote it ("h6 does not …")."""
    message = problem.message
    names = (network.neurons[i].name for i in problem.neuron_ids[:8] if i in network.neurons)
    if any(message.startswith(name) for name in names):
        return message
    return message[:1].upper() + message[1:]
