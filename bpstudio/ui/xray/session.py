"""What every X-ray view looks at: the document's network, the chosen samples, the pass.

The session follows the window's document (and its scene's selection), loads and encodes
the document's dataset once per structure or settings change, and traces the pass over
the chosen sample (or minibatch) lazily, when a visible view asks for it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import shiboken6
from PySide6.QtCore import QObject, Signal

from bpstudio.engine.plan import CompileError
from bpstudio.model.fields import POSITION, STRUCTURE, connection_kinds, neuron_kinds
from bpstudio.model.network import Network
from bpstudio.workflow import USER_ERRORS, Prepared, prepare_training
from bpstudio.xray.steps import PassValues
from bpstudio.xray.text import fmt, neuron_name

if TYPE_CHECKING:
    from bpstudio.ui.canvas.scene import NetworkScene
    from bpstudio.ui.host import PluginHost

BIG_NEURONS = 60        # beyond these, the canvas labels only the selection's neighbourhood
BIG_EDGES = 300
_STRUCTURE = ("neurons_added", "neurons_removed", "connections_added", "connections_removed")


class XRaySession(QObject):
    """The document, data and selection shared by step mode, the panels and the tour."""

    #: a different document (and scene) is shown
    document_changed = Signal()
    #: the pass changed: True when the network's structure, settings or samples changed
    values_changed = Signal(bool)
    #: neurons moved: labels must follow
    layout_changed = Signal()
    #: the canvas selection changed
    selection_changed = Signal()
    #: training started (True) or stopped running (False)
    training_changed = Signal(bool)

    def __init__(self, window: PluginHost) -> None:
        super().__init__(window)   # the host is a QMainWindow
        self.window = window
        self.sample = 0          # first training row of the pass
        self.batch_size = 1      # 1: one sample; more: a minibatch of consecutive rows
        self._network: Network | None = None
        self._scene: NetworkScene | None = None
        self._prepared: Prepared | None = None
        self._error = ""
        self._values: PassValues | None = None
        self._built_for = (-1, -1)   # (neurons, connections) counted when they were built
        self._training_state = window.training.state    # as the controller last announced
        window.training.state_changed.connect(self._on_training_state)
        # Looking back at the timeline: the X-ray's numbers are the viewed snapshot's.
        self._viewing = window.training.viewing
        window.training.timeline_changed.connect(self._on_timeline)
        self._handlers = [
            *[(name, self._on_structure) for name in _STRUCTURE],
            ("neurons_changed", self._on_neurons_changed),
            ("connections_changed", self._on_connections_changed),
            ("parameters_changed", self._on_values),
            ("settings_changed", self._on_structure),
        ]

    # ----------------------------------------------------------------- document
    @property
    def network(self) -> Network | None:
        document = self.window.document
        return document.network if document is not None else None

    @property
    def scene(self) -> NetworkScene | None:
        return self.window.scene

    def follow_document(self) -> None:
        """Start following the window's current document (call after every switch)."""
        if self._network is not None:
            for name, handler in self._handlers:
                getattr(self._network.events, name).disconnect(handler)
        if self._scene is not None and shiboken6.isValid(self._scene):
            self._scene.selection_changed.disconnect(self._on_selection)
        self._network, self._scene = self.network, self.scene
        if self._network is not None:
            for name, handler in self._handlers:
                getattr(self._network.events, name).connect(handler)
        if self._scene is not None:
            self._scene.selection_changed.connect(self._on_selection)
        self.sample = 0
        self._invalidate(structure=True)
        self.document_changed.emit()
        self.values_changed.emit(True)

    def _invalidate(self, structure: bool) -> None:
        if structure:
            self._prepared, self._error = None, ""
        self._values = None

    def _on_structure(self, *args: object) -> None:
        self._invalidate(structure=True)
        self.values_changed.emit(True)

    def _on_values(self, *args: object) -> None:
        self._invalidate(structure=False)
        self.values_changed.emit(False)

    def _on_neurons_changed(self, ids: list[int], fields: frozenset[str]) -> None:
        """A new pass shape (structure) restarts step mode; any other non-position change
        (a value, freezing, a name on the cards) re-traces the pass; moves re-place."""
        kinds = neuron_kinds(fields)
        if STRUCTURE in kinds:
            self._on_structure()
        elif kinds - {POSITION}:
            self._on_values()
        if POSITION in kinds:
            self.layout_changed.emit()

    def _on_connections_changed(self, ids: list[int], fields: frozenset[str]) -> None:
        """A connection made recurrent or ordinary is a new pass shape; a weight or
        freezing re-traces the pass."""
        if STRUCTURE in connection_kinds(fields):
            self._on_structure()
        else:
            self._on_values()

    def _on_selection(self) -> None:
        self.selection_changed.emit()

    # --------------------------------------------------------------------- data
    def prepared(self) -> Prepared | None:
        """The compiled network and its encoded data, or None (see :meth:`error`)."""
        network = self.network
        if network is None:
            return None
        # A view that other handlers of a structural event (the scene's, before ours) make
        # draw must not be served a pass of the network as it was: every structural
        # event changes a count.
        shape = (len(network.neurons), len(network.connections))
        if shape != self._built_for:
            self._invalidate(structure=True)
            self._built_for = shape
        if self._prepared is None and not self._error:
            try:
                self._prepared = prepare_training(network, self._base_dir(), dtype="float64")
            except USER_ERRORS as error:
                self._error = str(error)
        return self._prepared

    def _base_dir(self) -> Path | None:
        """Where the document's relative dataset paths start (the window knows best)."""
        return self.window.document_dir()

    def error(self) -> str:
        """Why the X-ray cannot run on this network ("" when it can)."""
        self.prepared()
        if self.network is None:
            return self.tr("no document")
        return self._error

    def n_samples(self) -> int:
        prepared = self.prepared()
        return prepared.data.n_train if prepared is not None else 0

    def rows(self) -> np.ndarray:
        """Training rows of the pass: the sample, or the minibatch starting there."""
        n = max(self.n_samples(), 1)
        return (self.sample + np.arange(min(self.batch_size, n))) % n

    def batch(self) -> tuple[np.ndarray, np.ndarray] | None:
        """(inputs, encoded targets) of the chosen sample(s), float64; of sequences, their
        first step (the state before it is 0, so recurrent connections add nothing)."""
        prepared = self.prepared()
        if prepared is None:
            return None
        rows = self.rows()
        return _first_step(prepared.data.x_train[rows], prepared.data.y_train[rows])

    def all_data(self) -> tuple[np.ndarray, np.ndarray] | None:
        prepared = self.prepared()
        if prepared is None:
            return None
        return _first_step(prepared.data.x_train, prepared.data.y_train)

    def values(self) -> PassValues | None:
        """The traced pass over :meth:`batch` with the document's current weights (the
        viewed snapshot's while the user looks back at the timeline)."""
        self.prepared()          # drops a pass of an older structure
        if self._values is None:
            batch, network = self.batch(), self.shown_network()
            if batch is not None and network is not None:
                self._values = PassValues(network, *batch)
        return self._values

    def shown_network(self) -> Network | None:
        """The document, or a copy holding the viewed snapshot's parameters."""
        network, training = self.network, self.window.training
        snapshot = training.viewing
        if network is None or snapshot is None:
            return network
        try:
            weights, biases = training.snapshot_parameters(snapshot)
        except CompileError:
            return network
        copy = network.copy()
        copy.set_parameters(weights, biases)
        return copy

    def _on_timeline(self) -> None:
        viewing = self.window.training.viewing
        if viewing is not self._viewing:
            self._viewing = viewing
            self._on_values()

    def set_samples(self, sample: int, batch_size: int) -> None:
        n = max(self.n_samples(), 1)
        sample, batch_size = sample % n, max(1, min(batch_size, n))
        if (sample, batch_size) != (self.sample, self.batch_size):
            self.sample, self.batch_size = sample, batch_size
            self._values = None
            self.values_changed.emit(True)

    def describe_samples(self, limit: int = 4) -> str:
        """"sample 2 of 4: x1 = 0, x2 = 1 → target y = 1" (or the minibatch's range)."""
        prepared, network = self.prepared(), self.network
        if prepared is None or network is None:
            return self.error()
        n = prepared.data.n_train
        if self.batch_size > 1:
            return self.tr("minibatch of {batch}: samples {first}–{last} of {n} (values are "
                           "means)").format(batch=self.batch_size, first=self.sample + 1,
                                            last=(self.sample + self.batch_size - 1) % n + 1,
                                            n=n)
        x, y = prepared.data.x_train[self.sample], prepared.data.y_train[self.sample]
        sequences = prepared.data.is_sequences
        if sequences:
            x, y = x[0], y[0]
        names = [neuron_name(network, n.id) for n in network.inputs()]
        xs = ", ".join(f"{name} = {fmt(float(v))}" for name, v in zip(names[:limit], x,
                                                                        strict=False))
        if len(names) > limit:
            xs += self.tr(", … ({count} inputs)").format(count=len(names))
        labels = prepared.data.labels_train
        if labels is not None and len(network.outputs()) > 1:
            label = int(labels[self.sample][0] if sequences else labels[self.sample])
            target = self.tr("class {name}").format(
                name=prepared.dataset.class_names[label] if prepared.dataset.class_names
                else label)
        else:
            target = ", ".join(f"{neuron_name(network, o.id)} = {fmt(float(t))}"
                               for o, t in zip(network.outputs(), y, strict=False))
        if sequences:
            return self.tr("sequence {k} of {n}, its first step: {xs} → target "
                           "{target}").format(k=self.sample + 1, n=n, xs=xs, target=target)
        return self.tr("sample {index} of {n}: {inputs} → target {target}").format(
            index=self.sample + 1, n=n, inputs=xs, target=target)

    # ---------------------------------------------------------------- selection
    def selected_parameter(self) -> tuple[str, int] | None:
        """("weight", connection id) for a selected edge, else ("bias", neuron id)."""
        scene, network = self.scene, self.network
        if scene is None or network is None:
            return None
        for cid in scene.selected_connection_ids():
            if cid in network.connections:
                return "weight", cid
        for nid in scene.selected_neuron_ids():
            if nid in network.neurons and network.neurons[nid].role != "input":
                return "bias", nid
        return None

    def select_parameter(self, kind: str, param_id: int) -> None:
        """Select the edge (weight) or neuron (bias) on the canvas and bring it into view."""
        scene, network = self.scene, self.network
        if scene is None or network is None:
            return
        if kind == "weight" and param_id in network.connections:
            c = network.connections[param_id]
            scene.select((), [param_id])
            self.window.view.center_on_neurons([c.source, c.target])
        elif param_id in network.neurons:
            scene.select([param_id])
            self.window.view.center_on_neurons([param_id])

    def is_big(self) -> bool:
        network = self.network
        return network is not None and (len(network.neurons) > BIG_NEURONS
                                        or len(network.connections) > BIG_EDGES)

    # ----------------------------------------------------------------- training
    def training_running(self) -> bool:
        """Whether the window's training controller is running right now."""
        return self._training_state == "running"

    def _on_training_state(self, state: str) -> None:
        self._training_state = state
        self.training_changed.emit(state == "running")


def _first_step(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Samples as they are; sequences ``(n, T, …)`` → their first step ``(n, …)``, the
    one-step pass the X-ray traces."""
    return (x[:, 0], y[:, 0]) if x.ndim == 3 else (x, y)
