"""Undoable edits. Each command calls only Network methods; the scene follows events.

Commands are applied once by :func:`apply_and_push` *before* they enter the stack, so a
refused edit (``NetworkError``) never reaches the history: the first ``redo`` that
``QUndoStack.push`` triggers is skipped.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtGui import QUndoCommand, QUndoStack

from bpstudio.model.network import Connection, Network, NetworkError, Neuron
from bpstudio.model.settings import DatasetSpec, LossHistory, TrainingSettings
from bpstudio.ui.i18n import translate

Position = tuple[float, float]


class Command(QUndoCommand):
    """Base: ``_redo``/``_undo`` do the work; the first push-triggered redo is skipped."""

    def __init__(self, network: Network, text: str) -> None:
        # The defaults below are marked words; callers' own texts come translated already.
        super().__init__(translate("Commands", text))
        self.network = network
        self._skip_next_redo = False

    def apply(self) -> None:
        """Do the edit now (may raise NetworkError, leaving the model unchanged)."""
        self._redo()
        self._skip_next_redo = True

    def redo(self) -> None:
        if self._skip_next_redo:
            self._skip_next_redo = False
            return
        _guarded(self._redo)

    def undo(self) -> None:
        _guarded(self._undo)

    def _redo(self) -> None:
        raise NotImplementedError

    def _undo(self) -> None:
        raise NotImplementedError


def _guarded(step) -> None:
    """Run an undo/redo step; an exception escaping into Qt's C++ caller would abort the
    whole process, so report it instead (the user keeps the window and can save)."""
    try:
        step()
    except Exception:    # noqa: BLE001 - anything at all beats a crash of the app
        traceback.print_exc()


def apply_and_push(stack: QUndoStack, command: Command) -> str | None:
    """Apply ``command``; on success push it and return None, else return the reason."""
    try:
        command.apply()
    except NetworkError as error:
        return str(error)
    stack.push(command)
    return None


class AddNeuronsCommand(Command):
    """Add prepared neurons (ids chosen by the caller) and connections among them."""

    def __init__(self, network: Network, neurons: Iterable[Neuron],
                 connections: Iterable[Connection] = (),
                 text: str = QT_TRANSLATE_NOOP("Commands", "Add neurons")) -> None:
        super().__init__(network, text)
        self.neurons = [replace(n) for n in neurons]
        self.connections = [replace(c) for c in connections]

    def _redo(self) -> None:
        self.network.add_neurons(replace(n) for n in self.neurons)
        try:
            self.network.add_connections((replace(c) for c in self.connections), check=True)
        except NetworkError:
            self.network.remove_neurons(n.id for n in self.neurons)
            raise

    def _undo(self) -> None:
        self.network.remove_neurons(n.id for n in self.neurons)


class DeleteItemsCommand(Command):
    """Delete neurons (with every connection touching them) and single connections."""

    def __init__(self, network: Network, neuron_ids: Iterable[int],
                 connection_ids: Iterable[int] = (),
                 text: str = QT_TRANSLATE_NOOP("Commands", "Delete")) -> None:
        super().__init__(network, text)
        self.neuron_ids = list(dict.fromkeys(neuron_ids))
        self.connection_ids = list(dict.fromkeys(connection_ids))
        self._neurons: list[Neuron] = []
        self._connections: list[Connection] = []

    def _redo(self) -> None:
        doomed = set(self.neuron_ids)
        for nid in doomed:
            self.network.neuron(nid)      # refuse before changing anything
        loose = [cid for cid in self.connection_ids
                 if self.network.connection(cid).source not in doomed
                 and self.network.connection(cid).target not in doomed]
        removed = self.network.remove_connections(loose)
        neurons, touching = self.network.remove_neurons(self.neuron_ids)
        self._neurons = [replace(n) for n in neurons]
        self._connections = [replace(c) for c in removed + touching]

    def _undo(self) -> None:
        # The same ids and properties come back, so later commands still find them.
        self.network.add_neurons(replace(n) for n in self._neurons)
        self.network.add_connections((replace(c) for c in self._connections), check=False)


class ConnectNeuronsCommand(Command):
    """Draw edges (one or a fully-connected block); ids are fixed on first apply.
    ``recurrent``: the edges carry their source's previous time step (they may close loops)."""

    def __init__(self, network: Network, pairs: Iterable[tuple[int, int]],
                 weights: Iterable[float] | None = None,
                 text: str = QT_TRANSLATE_NOOP("Commands", "Connect"),
                 recurrent: bool = False) -> None:
        super().__init__(network, text)
        self.pairs = list(pairs)
        self.weights = list(weights) if weights is not None else None
        self.recurrent = recurrent
        self.connections: list[Connection] = []

    def _redo(self) -> None:
        if not self.connections and self.recurrent:
            weights = self.weights or [0.0] * len(self.pairs)
            made = [self.network.connect(s, t, w, recurrent=True)
                    for (s, t), w in zip(self.pairs, weights, strict=True)]
            self.connections = [replace(c) for c in made]
        elif not self.connections:
            made = self.network.connect_many(self.pairs, self.weights)
            self.connections = [replace(c) for c in made]
        else:
            self.network.add_connections((replace(c) for c in self.connections), check=False)

    def _undo(self) -> None:
        self.network.remove_connections(c.id for c in self.connections)


class MoveNeuronsCommand(Command):
    """Move neurons to new positions: a whole drag, nudge or auto-layout is one step."""

    def __init__(self, network: Network, old: Mapping[int, Position],
                 new: Mapping[int, Position],
                 text: str = QT_TRANSLATE_NOOP("Commands", "Move")) -> None:
        super().__init__(network, text)
        self.old = dict(old)
        self.new = dict(new)

    def _redo(self) -> None:
        self.network.update_neurons({n: {"x": x, "y": y} for n, (x, y) in self.new.items()})

    def _undo(self) -> None:
        self.network.update_neurons({n: {"x": x, "y": y} for n, (x, y) in self.old.items()})


class SetNeuronPropertiesCommand(Command):
    """Set label, role, activation, bias or frozen of one or many neurons."""

    def __init__(self, network: Network, changes: Mapping[int, Mapping[str, Any]],
                 text: str = QT_TRANSLATE_NOOP("Commands", "Edit neuron")) -> None:
        super().__init__(network, text)
        self.new = {nid: dict(props) for nid, props in changes.items()}
        self.old = {nid: {f: getattr(network.neuron(nid), f) for f in props}
                    for nid, props in self.new.items()}

    def _redo(self) -> None:
        self.network.update_neurons(self.new)

    def _undo(self) -> None:
        self.network.update_neurons(self.old)


class SetConnectionPropertiesCommand(Command):
    """Set weight or frozen of one or many connections."""

    def __init__(self, network: Network, changes: Mapping[int, Mapping[str, Any]],
                 text: str = QT_TRANSLATE_NOOP("Commands", "Edit connection")) -> None:
        super().__init__(network, text)
        self.new = {cid: dict(props) for cid, props in changes.items()}
        self.old = {cid: {f: getattr(network.connection(cid), f) for f in props}
                    for cid, props in self.new.items()}

    def _redo(self) -> None:
        self.network.update_connections(self.new)

    def _undo(self) -> None:
        self.network.update_connections(self.old)


Parameters = tuple[Mapping[int, float], Mapping[int, float]]   # (weights, biases)


class SetParametersCommand(Command):
    """Replace weights and biases in bulk (trained weights, re-initialise)."""

    def __init__(self, network: Network, old_params: Parameters, new_params: Parameters,
                 text: str = QT_TRANSLATE_NOOP("Commands", "Set parameters")) -> None:
        super().__init__(network, text)
        self.old = (dict(old_params[0]), dict(old_params[1]))
        self.new = (dict(new_params[0]), dict(new_params[1]))

    def _redo(self) -> None:
        self.network.set_parameters(*self.new)

    def _undo(self) -> None:
        self.network.set_parameters(*self.old)


SETTINGS_COMMAND_ID = 0x5E77   # QUndoStack merges only commands that share an id
MERGE_WINDOW_S = 2.0           # edits of one field closer than this are one undo step


class SetSettingsCommand(Command):
    """Replace the training settings and/or the dataset reference.

    With a ``merge_key`` (the field's name), consecutive edits of the same field within
    :data:`MERGE_WINDOW_S` seconds merge into one undo step, as typing does in a text
    editor; an edit back to the original value leaves no step at all.
    """

    def __init__(self, network: Network, settings: TrainingSettings | None = None,
                 dataset: DatasetSpec | None = None,
                 text: str = QT_TRANSLATE_NOOP("Commands", "Change settings"),
                 merge_key: str = "") -> None:
        super().__init__(network, text)
        self.new = (settings, dataset)
        self.old = (network.settings if settings is not None else None,
                    network.dataset if dataset is not None else None)
        self.merge_key = merge_key
        self._time = time.monotonic()

    def _redo(self) -> None:
        self.network.set_settings(*self.new)

    def _undo(self) -> None:
        self.network.set_settings(*self.old)

    def id(self) -> int:
        return SETTINGS_COMMAND_ID if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (isinstance(other, SetSettingsCommand) and other.merge_key == self.merge_key
                and other.network is self.network
                and other._time - self._time <= MERGE_WINDOW_S):
            return False
        self.new = other.new
        self._time = other._time
        self.setObsolete(self.new == self.old)   # back where it started: drop the step
        return True


class SetHistoryCommand(Command):
    """Replace the stored loss history (part of applying trained weights, or a reset)."""

    def __init__(self, network: Network, history: LossHistory,
                 text: str = QT_TRANSLATE_NOOP("Commands", "Set history")) -> None:
        super().__init__(network, text)
        self.new = history
        self.old = network.history

    def _redo(self) -> None:
        self.network.set_history(self.new)

    def _undo(self) -> None:
        self.network.set_history(self.old)


class MacroCommand(Command):
    """Several commands as one undo step (insert layer, paste with a move, …)."""

    def __init__(self, network: Network, parts: list[Command], text: str) -> None:
        super().__init__(network, text)
        self.parts = parts

    def _redo(self) -> None:
        done: list[Command] = []
        try:
            for part in self.parts:
                part._redo()
                done.append(part)
        except NetworkError:
            for part in reversed(done):     # leave the model as it was
                part._undo()
            raise

    def _undo(self) -> None:
        for part in reversed(self.parts):
            part._undo()
