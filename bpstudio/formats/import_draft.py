"""What every importer builds first: neurons and weighted edges, then one Network from them.

Importers add neurons and edges to a :class:`Draft` (an edge added twice sums its weights);
:func:`build_network` gives every neuron an id (the file's own when it has them), lays the
neurons out by depth like the layered builder does, keeps the input scaling the file was
exported with, and checks the result as training would.
"""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass, field, replace

from bpstudio.model.builders import LAYER_SPACING, column_positions
from bpstudio.model.network import Connection, Network, Neuron
from bpstudio.model.scaling import NO_SCALING, InputScaling
from bpstudio.model.settings import LOSSES
from bpstudio.model.validate import errors
from bpstudio.words import translate

MAX_CONNECTIONS = 200_000   # what an import may draw: the canvas stays responsive up to here
MAX_NEURONS = 20_000


class ModelImportError(ValueError):
    """The file could not be imported; the message says why in plain words."""


@dataclass
class DraftNeuron:
    role: str                  # "input", "hidden" or "output"
    activation: str
    bias: float = 0.0
    label: str = ""
    id: int | None = None      # the id the file gives it, if any


@dataclass
class Draft:
    """Neurons by key (their index) and edges by (source key, target key)."""

    neurons: list[DraftNeuron] = field(default_factory=list)
    edges: dict[tuple[int, int], float] = field(default_factory=dict)
    inputs: list[int] = field(default_factory=list)     # keys, in data-column order
    outputs: list[int] = field(default_factory=list)    # keys, in output order
    loss: str | None = None
    connection_ids: dict[tuple[int, int], int] = field(default_factory=dict)
    # what the exported network did to raw inputs first (BP Studio's own exports)
    input_scaling: InputScaling = NO_SCALING
    #: edges that read the previous time step (BP Studio's own exports of recurrent networks)
    recurrent: set[tuple[int, int]] = field(default_factory=set)

    def add_neuron(self, role: str, activation: str, bias: float = 0.0) -> int:
        if len(self.neurons) >= MAX_NEURONS:
            raise ModelImportError(translate("Import", "the model has more than "
                                                       "{max_neurons:,} neurons; BP "
                                                       "Studio draws at most "
                                                       "{max_neurons:,}").format(
                                       max_neurons=MAX_NEURONS))
        self.neurons.append(DraftNeuron(role, activation, float(bias)))
        return len(self.neurons) - 1

    def add_edge(self, source: int, target: int, weight: float) -> None:
        key = (source, target)
        self.edges[key] = self.edges.get(key, 0.0) + float(weight)
        if len(self.edges) > MAX_CONNECTIONS:
            raise ModelImportError(translate("Import", "the model has more than "
                                                       "{max_connections:,} "
                                                       "connections; BP Studio draws at "
                                                       "most {max_connections:,}").format(
                                       max_connections=MAX_CONNECTIONS))


def _ids(draft: Draft) -> list[int]:
    """The file's ids when every neuron has a distinct one and they keep the inputs and
    outputs in order (BP Studio orders both by id); otherwise inputs first, then hidden
    neurons in the order they were added, outputs last."""
    wanted = [n.id for n in draft.neurons]
    if all(i is not None and i > 0 for i in wanted) and len(set(wanted)) == len(wanted):
        ids = [int(i) for i in wanted if i is not None]
        if all(ids[a] < ids[b] for keys in (draft.inputs, draft.outputs)
               for a, b in zip(keys, keys[1:], strict=False)):
            return ids
    order = (draft.inputs + [k for k, n in enumerate(draft.neurons) if n.role == "hidden"]
             + draft.outputs)
    ids = [0] * len(draft.neurons)
    for new_id, key in enumerate(order, start=1):
        ids[key] = new_id
    return ids


def _depths(draft: Draft) -> list[int]:
    """Inputs 0, others one more than their deepest source; outputs that feed nothing in
    the last column."""
    incoming: dict[int, list[int]] = defaultdict(list)
    outgoing: dict[int, list[int]] = defaultdict(list)
    for source, target in draft.edges:
        if (source, target) in draft.recurrent:   # previous step: no place in the order
            continue
        incoming[target].append(source)
        outgoing[source].append(target)
    waiting = {k: len(incoming[k]) for k in range(len(draft.neurons))}
    queue = deque(k for k, count in waiting.items() if count == 0)
    depth = [0] * len(draft.neurons)
    while queue:
        key = queue.popleft()
        if draft.neurons[key].role != "input":
            depth[key] = 1 + max((depth[s] for s in incoming[key]), default=0)
        for target in outgoing[key]:
            waiting[target] -= 1
            if waiting[target] == 0:
                queue.append(target)
    terminal = [k for k in draft.outputs if not outgoing[k]]
    if terminal:
        last = max(depth)
        if any(depth[k] == last for k in range(len(depth)) if k not in terminal):
            last += 1
        for k in terminal:
            depth[k] = last
    return depth


def build_network(draft: Draft) -> Network:
    """The Network the draft describes; ModelImportError if BP Studio could not train it."""
    for key in draft.inputs:
        draft.neurons[key].role = "input"
    for key in draft.outputs:
        draft.neurons[key].role = "output"
    ids, depth = _ids(draft), _depths(draft)
    columns: dict[int, list[int]] = defaultdict(list)
    for key in sorted(range(len(ids)), key=lambda k: ids[k]):
        columns[depth[key]].append(key)
    neurons = []
    for d, keys in columns.items():
        for key, (x, y) in zip(keys, column_positions(len(keys), d * LAYER_SPACING),
                               strict=True):
            n = draft.neurons[key]
            bias = 0.0 if n.role == "input" else n.bias
            # exports write the display name (h7) for unlabelled neurons: unlabelled again
            label = "" if n.label == f"{n.role[0]}{ids[key]}" else n.label
            neurons.append(Neuron(ids[key], n.role, n.activation, bias, label, x, y))
    network = Network()
    network.add_neurons(sorted(neurons, key=lambda n: n.id))
    pairs = sorted(draft.edges, key=lambda e: (ids[e[1]], ids[e[0]]))
    given = draft.connection_ids
    next_id = max(given.values(), default=0) + 1
    connections = []
    for pair in pairs:
        cid = given.get(pair)
        if cid is None:
            cid, next_id = next_id, next_id + 1
        connections.append(Connection(cid, ids[pair[0]], ids[pair[1]], draft.edges[pair],
                                      recurrent=pair in draft.recurrent))
    network.add_connections(connections, check=False)
    softmax = any(n.activation == "softmax" for n in network.outputs())
    loss = draft.loss if draft.loss in LOSSES else (
        "softmax_cross_entropy" if softmax else "l2")
    # the document keeps the file's scaling, and training again refits the same kind
    network.set_settings(network.settings.with_changes(loss=loss),
                         replace(network.dataset, scale_inputs=draft.input_scaling.method))
    network.set_input_scaling(draft.input_scaling)
    problems = errors(network)
    if problems:
        raise ModelImportError(translate("Import", "BP Studio cannot train this network: "
                                         "{problems}").format(
            problems="; ".join(p.message for p in problems[:5])))
    return network
