"""EditController: turns the canvas's and panels' intents into undoable commands."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, QPointF, Signal
from PySide6.QtGui import QGuiApplication, QUndoStack
from PySide6.QtWidgets import QMessageBox, QWidget

from bpstudio.model.network import DEFAULT_ACTIVATION, Network, Neuron
from bpstudio.model.settings import DatasetSpec, TrainingSettings
from bpstudio.ui.canvas.scene import NetworkScene
from bpstudio.ui.document import layout, placement
from bpstudio.ui.document.clipboard import (
    copy_fragment,
    fragment_from_mime,
    fragment_mime,
    instantiate,
)
from bpstudio.ui.document.commands import (
    AddNeuronsCommand,
    Command,
    ConnectNeuronsCommand,
    DeleteItemsCommand,
    MacroCommand,
    MoveNeuronsCommand,
    SetConnectionPropertiesCommand,
    SetNeuronPropertiesCommand,
    SetSettingsCommand,
    apply_and_push,
)
from bpstudio.ui.i18n import translate
from bpstudio.ui.words import ROLE_WORDS, connection_count, neuron_count

#: the neuron and connection fields the properties panel edits, as the undo list names them
FIELD_WORDS = {"activation": QT_TRANSLATE_NOOP("EditController", "activation"),
               "bias": QT_TRANSLATE_NOOP("EditController", "bias"),
               "label": QT_TRANSLATE_NOOP("EditController", "label"),
               "role": QT_TRANSLATE_NOOP("EditController", "role"),
               "weight": QT_TRANSLATE_NOOP("EditController", "weight"),
               "frozen": QT_TRANSLATE_NOOP("EditController", "frozen")}


def _field_words(fields: list[str]) -> str:
    return translate("EditController", ", ").join(
        translate("EditController", FIELD_WORDS[f]) if f in FIELD_WORDS else f for f in fields)


class EditController(QObject):
    """The one place where edits become commands on the document's undo stack: the
    canvas's and panels' intents here, and commands built elsewhere through :meth:`push`."""

    #: a short report for the status bar ("Connected x1 → h3", "Cannot connect: …")
    message = Signal(str)
    #: an edit was refused; the text says why (the properties panel shows it too)
    refused = Signal(str)

    def __init__(self, stack: QUndoStack, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.stack = stack
        self.network: Network | None = None
        self.scene: NetworkScene | None = None
        #: neuron ids marked as "source (A)" for fully connecting A → a later selection
        self.marked_source: list[int] = []
        #: where the document's relative dataset path starts (new input layers follow
        #: the shape of its images); the window sets it
        self.base_dir: Callable[[], Path | None] = lambda: None
        #: how far apart auto-layout puts hidden neurons (more than the usual rows while
        #: their thumbnails are shown); the window sets it, 0 keeps the usual rows
        self.hidden_spacing: Callable[[], float] = lambda: 0.0

    def set_document(self, network: Network, scene: NetworkScene) -> None:
        self.network, self.scene = network, scene
        self.marked_source = []

    def push(self, command: Command) -> str | None:
        """Apply a command built elsewhere (training's results, the X-ray's steps) and push
        it as one undo step; the reason if the model refused it, for the caller to show."""
        return apply_and_push(self.stack, command)

    def _push(self, command: Command, done: str) -> bool:
        problem = self.push(command)
        if problem:
            self.refused.emit(problem)
            self.message.emit(self.tr("{action} refused: {problem}")
                              .format(action=command.text(), problem=problem))
            return False
        self.message.emit(done)
        return True

    # ------------------------------------------------------------ creating
    def add_neurons(self, role: str, count: int, pos: QPointF) -> list[int]:
        """One neuron of ``role`` at ``pos``, or a layer block of ``count`` centred there."""
        net = self.network
        first = net.new_neuron_id()
        if count == 1:
            spots = [(pos.x(), pos.y())]
        elif role == "input" and (grid := layout.input_grid(count, net.dataset,
                                                             self.base_dir())):
            spots = layout.input_grid_positions(grid, pos.x(), pos.y())   # as the image
        else:
            width = layout.block_width(count)
            spots = layout.block_positions(count, pos.x() - width / 2, pos.y())
        neurons = [Neuron(id=first + i, role=role, activation=DEFAULT_ACTIVATION[role],
                          x=x, y=y) for i, (x, y) in enumerate(spots)]
        role_word = translate("EditController", ROLE_WORDS.get(role, role))
        text = (self.tr("Add {role} neuron").format(role=role_word) if count == 1
                else self.tr("Add layer of {count}").format(count=count))
        if self._push(AddNeuronsCommand(net, neurons, text=text),
                      self.tr("Added %Ln {role} neuron(s)", "", count).format(role=role_word)):
            self.scene.select([n.id for n in neurons])
            return [n.id for n in neurons]
        return []

    def connect(self, source: int, target: int) -> bool:
        """Draw ``source → target``; where an ordinary edge would close a loop, offer to
        draw it as a recurrent connection instead (docs/recurrent.md)."""
        net = self.network
        problem = net.connection_problem(source, target)
        names = f"{net.neuron(source).name} → {net.neuron(target).name}"
        if problem and net.closes_cycle(source, target) and \
                net.connection_problem(source, target, recurrent=True) is None and \
                self.offer_recurrent(self._recurrent_offer_text(source, target, problem)):
            return self._push(ConnectNeuronsCommand(
                net, [(source, target)], recurrent=True,
                text=self.tr("Connect {0} (recurrent)").format(names)),
                self.tr("Connected {0} as a recurrent connection (t−1)").format(names))
        if problem:
            self.refused.emit(problem)
            self.message.emit(self.tr("Cannot connect: {problem}").format(problem=problem))
            return False
        return self._push(ConnectNeuronsCommand(net, [(source, target)],
                                                text=self.tr("Connect {names}").format(
                                                    names=names)),
                          self.tr("Connected {names}").format(names=names))

    def _recurrent_offer_text(self, source: int, target: int, problem: str) -> str:
        src, dst = self.network.neuron(source).name, self.network.neuron(target).name
        return self.tr(
            "{2}.\n\nMake it recurrent? A recurrent connection carries {0}'s value from the "
            "previous time step (t−1) into {1}, so it may close a loop; the network then "
            "trains on sequences.").format(src, dst, problem[:1].upper() + problem[1:])

    def offer_recurrent(self, text: str) -> bool:
        """Ask whether a loop-closing connection should be drawn as recurrent."""
        parent = self.parent() if isinstance(self.parent(), QWidget) else None
        answer = QMessageBox.question(
            parent, self.tr("Make It Recurrent?"), text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Yes)
        return answer == QMessageBox.StandardButton.Yes

    def move(self, old: Mapping[int, tuple[float, float]],
             new: Mapping[int, tuple[float, float]]) -> bool:
        count = len(new)
        return self._push(MoveNeuronsCommand(self.network, old, new,
                                             text=self.tr("Move %Ln neuron(s)", "", count)),
                          self.tr("Moved %Ln neuron(s)", "", count))

    # ------------------------------------------------------------ selection
    def delete_selection(self) -> bool:
        neurons = self.scene.selected_neuron_ids()
        connections = self.scene.selected_connection_ids()
        if not neurons and not connections:
            self.message.emit(self.tr("Nothing selected to delete"))
            return False
        parts = []
        if neurons:
            parts.append(neuron_count(len(neurons)))
        if connections:
            parts.append(connection_count(len(connections)))
        what = self.tr(" and ").join(parts)
        return self._push(DeleteItemsCommand(self.network, neurons, connections,
                                             text=self.tr("Delete {what}").format(what=what)),
                          self.tr("Deleted {what}").format(what=what))

    def copy(self) -> bool:
        ids = self.scene.selected_neuron_ids()
        if not ids:
            self.message.emit(self.tr("Select neurons to copy"))
            return False
        fragment = copy_fragment(self.network, ids)
        QGuiApplication.clipboard().setMimeData(fragment_mime(fragment))
        self.message.emit(self.tr("Copied {neurons} and {connections}").format(
            neurons=neuron_count(len(ids)),
            connections=connection_count(len(fragment["connections"]))))
        return True

    def paste(self, at: QPointF | None = None) -> bool:
        """Paste the clipboard's neurons centred at ``at`` (the cursor) when that spot is
        clear, else at the nearest clear spot down and right of it (or of the originals)."""
        fragment = fragment_from_mime(QGuiApplication.clipboard().mimeData())
        if fragment is None:
            self.message.emit(self.tr("The clipboard holds no neurons to paste"))
            return False
        return self._add_fragment(fragment, paste=True, at=at)

    def duplicate(self) -> bool:
        ids = self.scene.selected_neuron_ids()
        if not ids:
            self.message.emit(self.tr("Select neurons to duplicate"))
            return False
        return self._add_fragment(copy_fragment(self.network, ids), paste=False)

    def _free_offset(self, fragment: dict, at: QPointF | None) -> tuple[float, float]:
        try:
            spots = [(float(raw["x"]), float(raw["y"])) for raw in fragment["neurons"]]
        except (KeyError, TypeError, ValueError):
            return (placement.STEP, placement.STEP)     # instantiate() reports the damage
        if at is None or not spots:
            return placement.free_offset(self.network, spots)
        xs, ys = [x for x, _ in spots], [y for _, y in spots]
        start = (at.x() - (min(xs) + max(xs)) / 2, at.y() - (min(ys) + max(ys)) / 2)
        return placement.free_offset(self.network, spots, start, first_step=0)

    def _add_fragment(self, fragment: dict, paste: bool, at: QPointF | None = None) -> bool:
        offset = self._free_offset(fragment, at)
        try:
            neurons, connections = instantiate(self.network, fragment, offset)
        except ValueError as error:
            self.refused.emit(str(error))
            self.message.emit(str(error))
            return False
        if not neurons:
            return False
        what, links = neuron_count(len(neurons)), connection_count(len(connections))
        text = (self.tr("Paste {neurons}") if paste
                else self.tr("Duplicate {neurons}")).format(neurons=what)
        done = (self.tr("Pasted {neurons} with {connections}") if paste
                else self.tr("Duplicated {neurons} with {connections}"))
        if self._push(AddNeuronsCommand(self.network, neurons, connections, text=text),
                      done.format(neurons=what, connections=links)):
            self.scene.select([n.id for n in neurons])
            return True
        return False

    # ------------------------------------------------------------- macros
    def _selected_columns(self) -> list[list[int]] | None:
        ids = self.scene.selected_neuron_ids()
        net = self.network
        columns = layout.split_columns({n: (net.neurons[n].x, net.neurons[n].y) for n in ids})
        if len(columns) < 2:
            self.message.emit(self.tr("Select two or more columns of neurons (left → right) "
                                      "first"))
            return None
        return columns

    def fully_connect_selection(self) -> bool:
        """Connect every neuron of each selected column to every neuron of the next."""
        columns = self._selected_columns()
        if columns is None:
            return False
        return self._connect_all([(a, b) for a, b in zip(columns, columns[1:], strict=False)],
                                 " → ".join(str(len(c)) for c in columns))

    def _connect_all(self, groups: list[tuple[list[int], list[int]]], sizes: str) -> bool:
        """Connect every source to every target of each (sources, targets) group that is
        not connected yet: one undo step named after ``sizes`` ("784 → 128")."""
        net = self.network
        pairs = [(s, t) for sources, targets in groups
                 for t in targets for s in sources if net.find_connection(s, t) is None]
        if not pairs:
            self.message.emit(self.tr("{sizes}: already fully connected").format(sizes=sizes))
            return False
        return self._push(ConnectNeuronsCommand(
            net, pairs, text=self.tr("Fully connect {sizes}").format(sizes=sizes)),
            self.tr("Fully connected {sizes}: %Ln new connection(s)", "", len(pairs))
            .format(sizes=sizes))

    def mark_source(self) -> bool:
        """Remember the selected neurons as A for :meth:`fully_connect_from_source`; the
        explicit alternative to splitting one selection into columns by position."""
        ids = self.scene.selected_neuron_ids()
        if not ids:
            self.message.emit(self.tr("Select the neurons to connect from, then mark them as "
                                      "source (A)"))
            return False
        self.marked_source = ids
        self.message.emit(self.tr("Marked %Ln neuron(s) as source (A): now select the targets "
                                  "and choose Fully Connect Source (A) → Selection", "",
                                  len(ids)))
        return True

    def fully_connect_from_source(self) -> bool:
        """Connect every marked source neuron to every selected neuron (one undo step)."""
        net = self.network
        sources = [n for n in self.marked_source if n in net.neurons]
        if not sources:
            self.message.emit(self.tr("Mark the source neurons first (Mark Selection as Source "
                                      "(A))"))
            return False
        marked = set(sources)
        targets = [n for n in self.scene.selected_neuron_ids() if n not in marked]
        if not targets:
            self.message.emit(self.tr("Select the neurons to connect the %Ln marked neuron(s) "
                                      "to", "", len(sources)))
            return False
        sizes = f"{len(sources)} → {len(targets)}"
        problem = self._fully_connect_problem(sources, targets)
        if problem:
            self.refused.emit(problem)
            self.message.emit(self.tr("Cannot fully connect {sizes}: {problem}")
                              .format(sizes=sizes, problem=problem))
            return False
        return self._connect_all([(sources, targets)], sizes)

    def _fully_connect_problem(self, sources: list[int], targets: list[int]) -> str | None:
        """Why A → B may not be drawn, naming the neurons (a cycle, or an input target)."""
        net = self.network
        inputs = [net.neurons[t].name for t in targets if net.neurons[t].role == "input"]
        if inputs:
            return (self.tr("{names} is an input: inputs take data, not connections")
                    if len(inputs) == 1
                    else self.tr("{names} are inputs: inputs take data, not connections")
                    ).format(names=", ".join(inputs[:4]))
        fed = net.downstream(targets) & set(sources)
        if fed:
            a = min(fed)
            b = next(t for t in targets if net.reaches([t], [a]))
            return self.tr("{b} already feeds {a}, so {a} → {b} would make a cycle").format(
                a=net.neurons[a].name, b=net.neurons[b].name)
        return None

    def insert_layer(self, count: int, activation: str = "sigmoid") -> bool:
        """Put a layer of ``count`` between two selected columns, replacing their edges."""
        columns = self._selected_columns()
        if columns is None:
            return False
        if len(columns) != 2:
            self.message.emit(self.tr("Select exactly two columns of neurons to insert a layer "
                                      "between"))
            return False
        net = self.network
        left, right = columns
        between = [c.id for s in left for c in net.outgoing(s) if c.target in set(right)]
        right_x = min(net.neurons[n].x for n in right)
        left_x = max(net.neurons[n].x for n in left)
        # Make room: everything from the right column on moves right by one layer.
        shift = layout.block_width(count) + layout.LAYER_GAP
        movers = {nid: (n.x, n.y) for nid, n in net.neurons.items() if n.x >= right_x - 1}
        center_y = sum(net.neurons[n].y for n in left + right) / len(left + right)
        new_x = max(left_x + layout.LAYER_GAP, right_x)
        first = net.new_neuron_id()
        spots = layout.block_positions(count, new_x, center_y)
        neurons = [Neuron(id=first + i, role="hidden", activation=activation, x=x, y=y)
                   for i, (x, y) in enumerate(spots)]
        new_ids = [n.id for n in neurons]
        pairs = [(s, t) for t in new_ids for s in left] + [(s, t) for t in right for s in new_ids]
        parts: list[Command] = [
            DeleteItemsCommand(net, [], between),
            MoveNeuronsCommand(net, movers, {n: (x + shift, y) for n, (x, y) in movers.items()}),
            AddNeuronsCommand(net, neurons),
            ConnectNeuronsCommand(net, pairs),
        ]
        text = self.tr("Insert layer of {count}").format(count=count)
        if self._push(MacroCommand(net, parts, text),
                      self.tr("Inserted a layer of {count} between {left} and {right} neurons "
                              "({connections})").format(
                          count=count, left=len(left), right=len(right),
                          connections=connection_count(len(pairs)))):
            self.scene.select(new_ids)
            return True
        return False

    def auto_layout(self) -> bool:
        net = self.network
        new = layout.auto_layout(net, self.hidden_spacing())
        old = {nid: (net.neurons[nid].x, net.neurons[nid].y) for nid in new}
        if old == new:
            self.message.emit(self.tr("Already laid out"))
            return False
        return self._push(MoveNeuronsCommand(net, old, new, text=self.tr("Auto-layout")),
                          self.tr("Laid out left to right by depth"))

    # ----------------------------------------------------------- properties
    def set_neuron_properties(self, changes: Mapping[int, Mapping[str, Any]]) -> bool:
        changes = {nid: {f: v for f, v in props.items()
                         if getattr(self.network.neurons[nid], f) != v}
                   for nid, props in changes.items() if nid in self.network.neurons}
        changes = {nid: props for nid, props in changes.items() if props}
        if not changes:
            return False
        fields = sorted({f for props in changes.values() for f in props})
        text = self.tr("Set {fields} of {what}").format(fields=_field_words(fields),
                                                         what=neuron_count(len(changes)))
        return self._push(SetNeuronPropertiesCommand(self.network, changes, text=text), text)

    def set_connection_properties(self, changes: Mapping[int, Mapping[str, Any]]) -> bool:
        changes = {cid: {f: v for f, v in props.items()
                         if getattr(self.network.connections[cid], f) != v}
                   for cid, props in changes.items() if cid in self.network.connections}
        changes = {cid: props for cid, props in changes.items() if props}
        if not changes:
            return False
        fields = sorted({f for props in changes.values() for f in props})
        text = self.tr("Set {fields} of {what}").format(fields=_field_words(fields),
                                                         what=connection_count(len(changes)))
        return self._push(SetConnectionPropertiesCommand(self.network, changes, text=text),
                          text)

    # -------------------------------------------------------------- training
    def set_training_settings(self, settings: TrainingSettings, label: str, field: str) -> bool:
        """A training-panel edit; consecutive edits of one field merge into one undo step."""
        if settings == self.network.settings:
            return False
        text = self.tr("Set {setting}").format(setting=translate("TrainingFields", label))
        return self._push(SetSettingsCommand(self.network, settings=settings, text=text,
                                             merge_key=field), text)

    def set_dataset(self, dataset: DatasetSpec, label: str, field: str) -> bool:
        if dataset == self.network.dataset:
            return False
        text = (self.tr("Train on {dataset}").format(dataset=dataset.name)
                if field == "dataset.name"
                else self.tr("Set {setting}").format(setting=translate("TrainingFields", label)))
        return self._push(SetSettingsCommand(self.network, dataset=dataset, text=text,
                                             merge_key=field), text)
