"""What the user changed in the document since the last event-loop turn, for training.

Model events arrive inside undo commands (one gesture may send several), so the handlers
here only take notes; :class:`PendingEdits` calls back once per event-loop turn with all
of them, and the training controller decides there what the running session needs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QTimer

from bpstudio.model.fields import (
    COSMETIC_KINDS,
    PLAN_KINDS,
    VALUE,
    connection_kinds,
    neuron_kinds,
)
from bpstudio.model.network import Network


@dataclass
class Edits:
    """One event-loop turn's worth of document changes."""

    structure: bool = False        # the compiled plan no longer matches (fields.PLAN_KINDS)
    settings: bool = False         # training settings or the dataset reference
    history: bool = False          # the stored loss history
    points: bool = False           # the drawn points (the data of the "drawn" dataset)
    weights: set[int] = field(default_factory=set)   # connections whose weight was set
    biases: set[int] = field(default_factory=set)    # neurons whose bias was set

    @property
    def parameters(self) -> bool:
        return bool(self.weights or self.biases)


class PendingEdits(QObject):
    """Follows one network's events and hands ``on_edits`` the batch once per turn.

    While :attr:`quiet` is set (the controller is applying its own command), weight and
    bias changes are not the user's and are left out of the batch.
    """

    def __init__(self, on_edits: Callable[[Edits], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._on_edits = on_edits
        self._edits = Edits()
        self._subscriptions: list = []
        self.quiet = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._deliver)

    def follow(self, network: Network | None) -> None:
        """Stop following the previous network (dropping its notes); follow ``network``."""
        for event, handler in self._subscriptions:
            event.disconnect(handler)
        self._subscriptions = []
        self._edits = Edits()
        self._timer.stop()
        if network is None:
            return
        events = network.events
        self._subscriptions = [
            (events.neurons_added, self._on_structure_changed),
            (events.neurons_removed, self._on_structure_changed),
            (events.connections_added, self._on_structure_changed),
            (events.connections_removed, self._on_structure_changed),
            (events.neurons_changed, self._on_neurons_changed),
            (events.connections_changed, self._on_connections_changed),
            (events.parameters_changed, self._on_parameters_changed),
            (events.settings_changed, self._on_settings_changed),
            (events.history_changed, self._on_history_changed),
            (events.points_changed, self._on_points_changed),
        ]
        for event, handler in self._subscriptions:
            event.connect(handler)

    def _deliver(self) -> None:
        edits, self._edits = self._edits, Edits()
        self._on_edits(edits)

    # Handlers run inside undo commands: take a note, nothing that could raise.
    def _on_structure_changed(self, *_: object) -> None:
        self._edits.structure = True
        self._timer.start()

    def _on_neurons_changed(self, ids: list[int], fields: frozenset[str]) -> None:
        kinds = neuron_kinds(fields)
        if kinds & PLAN_KINDS:
            self._edits.structure = True
        if VALUE in kinds and not self.quiet:
            self._edits.biases.update(ids)
        if kinds - COSMETIC_KINDS:
            self._timer.start()

    def _on_connections_changed(self, ids: list[int], fields: frozenset[str]) -> None:
        kinds = connection_kinds(fields)
        if kinds & PLAN_KINDS:
            self._edits.structure = True
        if VALUE in kinds and not self.quiet:
            self._edits.weights.update(ids)
        if kinds - COSMETIC_KINDS:
            self._timer.start()

    def _on_parameters_changed(self, connection_ids: list[int], neuron_ids: list[int]) -> None:
        if not self.quiet:
            self._edits.weights.update(connection_ids)
            self._edits.biases.update(neuron_ids)
        self._timer.start()

    def _on_settings_changed(self) -> None:
        self._edits.settings = True
        self._timer.start()

    def _on_points_changed(self) -> None:
        self._edits.points = True
        self._timer.start()

    def _on_history_changed(self) -> None:
        if not self.quiet:
            self._edits.history = True
            self._timer.start()
