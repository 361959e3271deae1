"""The editable document: neurons, the connections between them, and their parameters.

Pure Python (no NumPy, no Qt). Every mutation goes through a method that announces it on
:attr:`Network.events`, so views and undo commands never touch the dictionaries directly.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from bpstudio.model.events import NetworkEvents
from bpstudio.model.fields import CONNECTION_FIELDS, NEURON_FIELDS
from bpstudio.model.points import NO_POINTS, DrawnPoints
from bpstudio.model.runs import Run
from bpstudio.model.scaling import NO_SCALING, InputScaling
from bpstudio.model.settings import (
    ACTIVATIONS,
    EMPTY_HISTORY,
    DatasetSpec,
    LossHistory,
    TrainingSettings,
)
from bpstudio.words import translate

ROLES = ("input", "hidden", "output")
DEFAULT_ACTIVATION = {"input": "identity", "hidden": "sigmoid", "output": "sigmoid"}

#: Neuron positions lie within ±MAX_COORDINATE canvas units. Far enough for the tallest
#: column ``bpstudio new`` builds (MAX_NEURONS × 56 units), near enough that adding a grid
#: step still changes a coordinate (at 1e18 ``x += 20`` does not, and the canvas's grid
#: looped forever).
MAX_COORDINATE = 1e8
#: The most neurons a document may hold: each costs the editor about a kilobyte and a
#: canvas item; a file with more is refused when it is opened and when it is saved.
MAX_NEURONS = 1_000_000


class NetworkError(ValueError):
    """A mutation was refused; the message says why in plain words."""


@dataclass(slots=True)
class Neuron:
    """One unit: a = f(Σ w·a_source + bias). Input neurons just hold a data value."""

    id: int
    role: str = "hidden"
    activation: str = "sigmoid"
    bias: float = 0.0
    label: str = ""
    x: float = 0.0
    y: float = 0.0
    frozen: bool = False   # a frozen neuron's bias never changes in training

    @property
    def name(self) -> str:
        """What messages call this neuron: its label, or a role letter and id."""
        return self.label or f"{self.role[0]}{self.id}"


@dataclass(slots=True)
class Connection:
    """A weighted edge: source's activation times weight flows into target's sum."""

    id: int
    source: int
    target: int
    weight: float = 0.0
    frozen: bool = False   # a frozen weight never changes in training
    #: carries the source's activation from the previous time step (delay 1) instead of
    #: the current one; the only edges that may close a loop (docs/recurrent.md)
    recurrent: bool = False


def _check_neuron_value(field: str, value: Any) -> Any:
    """Return ``value`` normalised for ``field`` or raise NetworkError naming both."""
    if field == "role":
        if value not in ROLES:
            raise NetworkError(translate("Network", "role must be one of {roles}; got "
                                                    "{value!r}").format(
                                   roles=', '.join(ROLES), value=value))
    elif field == "activation":
        if value not in ACTIVATIONS:
            raise NetworkError(translate("Network", "unknown activation {value!r}; "
                                                    "choose one of {activations}").format(
                                   value=value, activations=', '.join(ACTIVATIONS)))
    elif field in ("bias", "x", "y", "weight"):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise NetworkError(translate("Network", "{field} must be a number; got "
                                                    "{value!r}").format(
                                   field=field, value=value))
        try:
            value = float(value)
        except OverflowError:   # a whole number beyond any float
            value = math.inf
        if not math.isfinite(value):
            raise NetworkError(translate("Network", "{field} must be a finite number; "
                                                    "got {value!r}").format(
                                   field=field, value=value))
        if field in ("x", "y") and abs(value) > MAX_COORDINATE:
            raise NetworkError(translate("Network", "{field} must be within "
                                                    "±{max_coordinate:,.0f}; got "
                                                    "{value:g}").format(
                                   field=field, max_coordinate=MAX_COORDINATE,
                                   value=value))
    elif field in ("frozen", "recurrent"):
        if not isinstance(value, bool):
            raise NetworkError(translate("Network", "{field} must be true or false; got "
                                                    "{value!r}").format(
                                   field=field, value=value))
    elif field == "label":
        if not isinstance(value, str):
            raise NetworkError(translate("Network", "label must be text; got {value!r}").format(
                                   value=value))
    else:
        raise NetworkError(f"unknown property {field!r}")
    return value


def recurrent_into_input_message(source: str, target: str) -> str:
    """The one message for a recurrent connection that ends at an input neuron."""
    return translate("Network", "{source} → {target} is a recurrent connection into an input "
                                "neuron; inputs take data at every time step, so feed it back "
                                "into a hidden or output neuron instead").format(
                                    source=source, target=target)


class Network:
    """Neurons and connections with stable ids, plus the settings they train with."""

    def __init__(self) -> None:
        self.events = NetworkEvents()
        self.neurons: dict[int, Neuron] = {}
        self.connections: dict[int, Connection] = {}
        self.settings = TrainingSettings()
        self.dataset = DatasetSpec()
        self.history: LossHistory = EMPTY_HISTORY
        #: the input statistics the current weights were trained with (see model/scaling.py)
        self.input_scaling: InputScaling = NO_SCALING
        #: the points drawn on the decision-boundary plane (the "drawn" dataset)
        self.drawn_points: DrawnPoints = NO_POINTS
        #: the trainings remembered with the document, oldest first (see model/runs.py)
        self.runs: tuple[Run, ...] = ()
        # neuron id -> ids of connections into / out of it; a neuron without any has no
        # entry (two empty sets per neuron cost 430 MB in a million-neuron document)
        self._incoming: dict[int, set[int]] = {}
        self._outgoing: dict[int, set[int]] = {}
        self._next_neuron_id = 1
        self._next_connection_id = 1

    # ----------------------------------------------------------------- queries
    def neuron(self, neuron_id: int) -> Neuron:
        try:
            return self.neurons[neuron_id]
        except KeyError:
            raise NetworkError(f"there is no neuron with id {neuron_id}") from None

    def connection(self, connection_id: int) -> Connection:
        try:
            return self.connections[connection_id]
        except KeyError:
            raise NetworkError(f"there is no connection with id {connection_id}") from None

    def inputs(self) -> list[Neuron]:
        """Input neurons in id order: column k of the data feeds the k-th."""
        return [self.neurons[i] for i in sorted(self.neurons) if self.neurons[i].role == "input"]

    def outputs(self) -> list[Neuron]:
        """Output neurons in id order: target column k belongs to the k-th."""
        return [self.neurons[i] for i in sorted(self.neurons)
                if self.neurons[i].role == "output"]

    def incoming(self, neuron_id: int) -> list[Connection]:
        return [self.connections[c] for c in sorted(self._incoming.get(neuron_id, ()))]

    def outgoing(self, neuron_id: int) -> list[Connection]:
        return [self.connections[c] for c in sorted(self._outgoing.get(neuron_id, ()))]

    def find_connection(self, source: int, target: int) -> Connection | None:
        for cid in self._outgoing.get(source, ()):
            if self.connections[cid].target == target:
                return self.connections[cid]
        return None

    def repeated_connection(self) -> tuple[Connection, Connection] | None:
        """Two connections joining the same source to the same target, or None. The
        mutators refuse such a pair; ``add_connections(check=False)`` (loaders) does not."""
        for links in self._outgoing.values():
            if len(links) < 2:
                continue
            seen: dict[int, Connection] = {}
            for cid in sorted(links):
                connection = self.connections[cid]
                earlier = seen.setdefault(connection.target, connection)
                if earlier is not connection:
                    return earlier, connection
        return None

    def reaches(self, start: Iterable[int], goal: Iterable[int]) -> bool:
        """Whether following ordinary (not recurrent) connections forward from ``start``
        arrives at any of ``goal``: the question a new ordinary edge's cycle check asks."""
        goal_set = set(goal)
        seen = set(start)
        queue = deque(seen)
        while queue:
            nid = queue.popleft()
            if nid in goal_set:
                return True
            for cid in self._outgoing.get(nid, ()):
                connection = self.connections[cid]
                if connection.recurrent:
                    continue
                nxt = connection.target
                if nxt not in seen:
                    seen.add(nxt)
                    queue.append(nxt)
        return False

    @property
    def has_recurrent(self) -> bool:
        """Whether any connection is recurrent (the network then runs on sequences)."""
        return any(c.recurrent for c in self.connections.values())

    def closes_cycle(self, source: int, target: int) -> bool:
        """Whether an *ordinary* ``source → target`` would close a loop (a self-loop
        included): the editor then offers to draw it as a recurrent connection."""
        return source == target or self.reaches([target], [source])

    def downstream(self, starts: Iterable[int]) -> set[int]:
        """``starts`` and every neuron their connections lead to, directly or not."""
        return self._closure(starts, forward=True)

    def upstream(self, starts: Iterable[int]) -> set[int]:
        """``starts`` and every neuron that feeds them, directly or not."""
        return self._closure(starts, forward=False)

    def _closure(self, starts: Iterable[int], forward: bool) -> set[int]:
        seen = set(starts)
        queue = deque(seen)
        links = self._outgoing if forward else self._incoming
        while queue:
            for cid in links.get(queue.popleft(), ()):
                c = self.connections[cid]
                nxt = c.target if forward else c.source
                if nxt not in seen:
                    seen.add(nxt)
                    queue.append(nxt)
        return seen

    def _pair_problem(self, source: int, target: int, pending: set[tuple[int, int]],
                      recurrent: bool = False) -> str | None:
        """What is wrong with ``source → target`` itself (cycles aside); ``pending`` holds
        edges about to be drawn with it."""
        if source not in self.neurons or target not in self.neurons:
            return translate("Network", "both ends must be existing neurons")
        src, dst = self.neurons[source], self.neurons[target]
        if source == target and not recurrent:
            return translate("Network", "{name} cannot connect to itself with an ordinary "
                                        "connection (that would be a cycle); a recurrent "
                                        "connection may").format(name=src.name)
        if dst.role == "input":
            if recurrent:
                return recurrent_into_input_message(src.name, dst.name)
            return translate("Network", "{name} is an input neuron: inputs take data, not "
                                        "connections").format(name=dst.name)
        if (source, target) in pending or self.find_connection(source, target) is not None:
            return translate("Network", "{source} → {target} is already connected").format(
                source=src.name, target=dst.name)
        return None

    def connection_problem(self, source: int, target: int, *,
                           recurrent: bool = False) -> str | None:
        """Why ``source → target`` may not be drawn, in plain words; ``None`` if it may.
        A recurrent edge may close a loop (it reads the previous time step)."""
        problem = self._pair_problem(source, target, set(), recurrent)
        if problem is None and not recurrent and self.reaches([target], [source]):
            src, dst = self.neurons[source].name, self.neurons[target].name
            problem = translate("Network", "{source} → {target} would make a cycle ({target} "
                                           "already feeds {source}); a recurrent connection "
                                           "may close a loop").format(source=src, target=dst)
        return problem

    def connections_problem(self, pairs: Iterable[tuple[int, int]],
                            recurrent: Iterable[bool] | None = None) -> str | None:
        """Like :meth:`connection_problem` for many new edges at once (one search, not n);
        ``recurrent`` flags each pair (all ordinary when None)."""
        pairs = list(pairs)
        flags = [False] * len(pairs) if recurrent is None else list(recurrent)
        pending: set[tuple[int, int]] = set()
        for (source, target), flag in zip(pairs, flags, strict=True):
            problem = self._pair_problem(source, target, pending, flag)
            if problem:
                return problem
            pending.add((source, target))
        ordinary = [pair for pair, flag in zip(pairs, flags, strict=True) if not flag]
        if ordinary and self._has_cycle_with(ordinary):
            return translate("Network", "these connections would make a cycle; a recurrent "
                                        "connection may close a loop")
        return None

    def _has_cycle_with(self, pairs: list[tuple[int, int]]) -> bool:
        """Whether adding ``pairs`` closes a cycle. Any such cycle uses a new edge, so it
        lies among the neurons reachable from the new edges' targets: run Kahn's
        algorithm on just that part of the graph."""
        new_out: dict[int, list[int]] = {}
        for source, target in pairs:
            new_out.setdefault(source, []).append(target)

        def successors(nid: int) -> list[int]:
            old = [self.connections[c].target for c in self._outgoing.get(nid, ())
                   if not self.connections[c].recurrent]
            return old + new_out.get(nid, [])

        reachable = {t for _, t in pairs}
        queue = deque(reachable)
        while queue:
            for nxt in successors(queue.popleft()):
                if nxt not in reachable:
                    reachable.add(nxt)
                    queue.append(nxt)
        indegree = dict.fromkeys(reachable, 0)
        for nid in reachable:
            for nxt in successors(nid):
                indegree[nxt] += 1
        queue = deque(nid for nid, d in indegree.items() if d == 0)
        visited = 0
        while queue:
            visited += 1
            for nxt in successors(queue.popleft()):
                indegree[nxt] -= 1
                if indegree[nxt] == 0:
                    queue.append(nxt)
        return visited != len(reachable)

    def _ordinary_indegree(self) -> dict[int, int]:
        """Per neuron with any, how many ordinary (not recurrent) connections end there."""
        connections = self.connections
        indegree = {}
        for nid, links in self._incoming.items():
            count = sum(1 for cid in links if not connections[cid].recurrent)
            if count:
                indegree[nid] = count
        return indegree

    def is_acyclic(self) -> bool:
        """Whether every ordinary connection points forward (recurrent ones read the
        previous time step and may close loops). Kahn's algorithm, no sorting: the quick
        check; :meth:`topological_order` and ``validate.find_cycle`` say more."""
        indegree = self._ordinary_indegree()
        ready = [nid for nid in self.neurons if nid not in indegree]
        finished = 0
        while ready:
            finished += 1
            for cid in self._outgoing.get(ready.pop(), ()):
                if self.connections[cid].recurrent:
                    continue
                target = self.connections[cid].target
                indegree[target] -= 1
                if not indegree[target]:
                    ready.append(target)
        return finished == len(self.neurons)

    def topological_order(self) -> list[int] | None:
        """Neuron ids so every ordinary connection points forward (recurrent ones are left
        out: they read the previous time step); ``None`` if there is a cycle."""
        ids = sorted(self.neurons)
        counted = self._ordinary_indegree()
        indegree = {nid: counted.get(nid, 0) for nid in ids}
        queue = deque(nid for nid in ids if indegree[nid] == 0)
        order: list[int] = []
        while queue:
            nid = queue.popleft()
            order.append(nid)
            for cid in sorted(self._outgoing.get(nid, ())):
                if self.connections[cid].recurrent:
                    continue
                nxt = self.connections[cid].target
                indegree[nxt] -= 1
                if indegree[nxt] == 0:
                    queue.append(nxt)
        return order if len(order) == len(self.neurons) else None

    def parameter_count(self) -> int:
        """Weights plus biases of non-input neurons."""
        return len(self.connections) + sum(1 for n in self.neurons.values()
                                           if n.role != "input")

    # --------------------------------------------------------------- mutators
    def new_neuron_id(self) -> int:
        return self._next_neuron_id

    def new_connection_id(self) -> int:
        """The id the next new connection gets (callers preparing connections use it)."""
        return self._next_connection_id

    def add_neuron(self, role: str = "hidden", *, activation: str | None = None,
                   bias: float = 0.0, label: str = "", x: float = 0.0, y: float = 0.0,
                   frozen: bool = False, id: int | None = None) -> Neuron:
        """Add one neuron; ``activation`` defaults by role (inputs are identity)."""
        neuron = Neuron(id=self._next_neuron_id if id is None else id, role=role,
                        activation=activation or DEFAULT_ACTIVATION.get(role, "sigmoid"),
                        bias=bias, label=label, x=x, y=y, frozen=frozen)
        self.add_neurons([neuron])
        return neuron

    def add_neurons(self, neurons: Iterable[Neuron], *, check: bool = True) -> list[Neuron]:
        """Add prepared neurons (their ids kept, as undo needs) in one event.

        Checked copies are added; ``check=False`` adopts the objects as they are, for the
        file reader, which has checked every field already (a million neurons load in
        half the time)."""
        added = [self._checked_neuron(n) for n in neurons] if check else list(neurons)
        ids = [n.id for n in added]
        if len(set(ids)) != len(ids) or any(i in self.neurons for i in ids):
            raise NetworkError("a neuron with that id already exists")
        for neuron in added:
            self.neurons[neuron.id] = neuron
        if ids:
            self._next_neuron_id = max(self._next_neuron_id, max(ids) + 1)
            self.events.neurons_added.emit(added)
        return added

    def _checked_neuron(self, neuron: Neuron) -> Neuron:
        if isinstance(neuron.id, bool) or not isinstance(neuron.id, int) or neuron.id < 1:
            raise NetworkError(f"neuron ids are positive whole numbers; got {neuron.id!r}")
        values = {name: _check_neuron_value(name, getattr(neuron, name))
                  for name in NEURON_FIELDS}
        return Neuron(id=neuron.id, **values)

    def remove_neurons(self, ids: Iterable[int]) -> tuple[list[Neuron], list[Connection]]:
        """Remove neurons and every connection touching them; returns both for undo."""
        ids = list(dict.fromkeys(ids))
        for nid in ids:
            self.neuron(nid)
        touching = sorted({cid for nid in ids
                           for links in (self._incoming, self._outgoing)
                           for cid in links.get(nid, ())})
        removed_connections = self.remove_connections(touching)
        removed = [self.neurons.pop(nid) for nid in ids]
        for nid in ids:
            self._incoming.pop(nid, None)
            self._outgoing.pop(nid, None)
        if removed:
            self.events.neurons_removed.emit(removed)
        return removed, removed_connections

    def connect(self, source: int, target: int, weight: float = 0.0, *,
                frozen: bool = False, id: int | None = None,
                recurrent: bool = False) -> Connection:
        """Draw ``source → target``; raises NetworkError with the reason if it may not be."""
        problem = self.connection_problem(source, target, recurrent=recurrent)
        if problem:
            raise NetworkError(problem)
        connection = Connection(id=self._next_connection_id if id is None else id,
                                source=source, target=target, weight=weight, frozen=frozen,
                                recurrent=recurrent)
        self.add_connections([connection], check=False)
        return connection

    def connect_many(self, pairs: Iterable[tuple[int, int]],
                     weights: Iterable[float] | None = None) -> list[Connection]:
        """Draw many edges at once (fully connect, layers), checked in one search."""
        pairs = list(pairs)
        problem = self.connections_problem(pairs)
        if problem:
            raise NetworkError(problem)
        weight_list = list(weights) if weights is not None else [0.0] * len(pairs)
        first = self._next_connection_id
        connections = [Connection(id=first + i, source=s, target=t, weight=w)
                       for i, ((s, t), w) in enumerate(zip(pairs, weight_list, strict=True))]
        return self.add_connections(connections, check=False)

    def add_connections(self, connections: Iterable[Connection], *,
                        check: bool = True) -> list[Connection]:
        """Add prepared connections (ids kept). ``check=False`` trusts the caller (undo,
        loaders that run :func:`validate` afterwards) and only checks that both ends exist."""
        added = list(connections)
        if check:
            problem = self.connections_problem([(c.source, c.target) for c in added],
                                               [c.recurrent for c in added])
            if problem:
                raise NetworkError(problem)
        batch_ids: set[int] = set()
        neurons, existing = self.neurons, self.connections
        for c in added:
            cid, weight = c.id, c.weight
            if (type(cid) is not int and (isinstance(cid, bool) or not isinstance(cid, int))
                    or cid < 1):
                raise NetworkError(f"connection ids are positive whole numbers; got {cid!r}")
            if cid in existing or cid in batch_ids:
                raise NetworkError(f"a connection with id {cid} already exists")
            batch_ids.add(cid)
            if c.source not in neurons or c.target not in neurons:
                raise NetworkError(f"connection {cid} joins a neuron that does not exist")
            # The usual case (a finite float, a bool) is checked inline: a loaded file
            # passes here once per connection, 100,000 times for a 784-128-10 drawing.
            if type(weight) is not float or weight - weight != 0.0:
                c.weight = _check_neuron_value("weight", weight)
            if type(c.frozen) is not bool:
                _check_neuron_value("frozen", c.frozen)
            if type(c.recurrent) is not bool:
                _check_neuron_value("recurrent", c.recurrent)
        outgoing, incoming = self._outgoing, self._incoming
        for c in added:
            existing[c.id] = c
            links = outgoing.get(c.source)
            if links is None:
                links = outgoing[c.source] = set()
            links.add(c.id)
            links = incoming.get(c.target)
            if links is None:
                links = incoming[c.target] = set()
            links.add(c.id)
        if batch_ids:
            self._next_connection_id = max(self._next_connection_id, max(batch_ids) + 1)
        if added:
            self.events.connections_added.emit(added)
        return added

    def remove_connections(self, ids: Iterable[int]) -> list[Connection]:
        ids = list(dict.fromkeys(ids))
        for cid in ids:
            self.connection(cid)
        removed = [self.connections.pop(cid) for cid in ids]
        for c in removed:
            self._outgoing.get(c.source, set()).discard(c.id)
            self._incoming.get(c.target, set()).discard(c.id)
        if removed:
            self.events.connections_removed.emit(removed)
        return removed

    def update_neurons(self, changes: Mapping[int, Mapping[str, Any]]) -> None:
        """Set properties of several neurons in one event: ``{id: {field: value}}``."""
        checked = {nid: {f: _check_neuron_value(f, v) for f, v in props.items()}
                   for nid, props in changes.items()}
        for nid, props in checked.items():
            neuron = self.neuron(nid)
            if "role" in props and props["role"] == "input" and self._incoming.get(nid):
                raise NetworkError(translate("Network", "{name} has incoming connections, so "
                                                        "it cannot become an input").format(
                                                            name=neuron.name))
        touched: set[str] = set()
        for nid, props in checked.items():
            neuron = self.neurons[nid]
            for field, value in props.items():
                setattr(neuron, field, value)
                touched.add(field)
        if checked:
            self.events.neurons_changed.emit(list(checked), frozenset(touched))

    def update_connections(self, changes: Mapping[int, Mapping[str, Any]]) -> None:
        """Set weight/frozen of several connections in one event."""
        checked: dict[int, dict[str, Any]] = {}
        for cid, props in changes.items():
            self.connection(cid)
            for field in props:
                if field not in CONNECTION_FIELDS:
                    raise NetworkError(f"a connection has no editable property {field!r}")
            checked[cid] = {f: _check_neuron_value(f, v) for f, v in props.items()}
        problem = self._recurrence_change_problem(
            {cid: props["recurrent"] for cid, props in checked.items() if "recurrent" in props})
        if problem:
            raise NetworkError(problem)
        touched: set[str] = set()
        for cid, props in checked.items():
            for field, value in props.items():
                setattr(self.connections[cid], field, value)
                touched.add(field)
        if checked:
            self.events.connections_changed.emit(list(checked), frozenset(touched))

    def _recurrence_change_problem(self, flags: Mapping[int, bool]) -> str | None:
        """Why connections may not become recurrent or ordinary as ``flags`` says."""
        made_ordinary = []
        for cid, flag in flags.items():
            c = self.connections[cid]
            if flag == c.recurrent:
                continue
            if not flag:
                if c.source == c.target:
                    name = self.neurons[c.source].name
                    return translate("Network", "{name} → {name} connects a neuron to itself, "
                                                "so it must stay recurrent").format(name=name)
                made_ordinary.append((c.source, c.target))
        if made_ordinary and self._has_cycle_with(made_ordinary):
            return (translate("Network", "that connection must stay recurrent: as an ordinary "
                                         "connection it would make a cycle")
                    if len(made_ordinary) == 1 else
                    translate("Network", "those connections must stay recurrent: as ordinary "
                                         "connections they would make a cycle"))
        return None

    def set_parameters(self, weights: Mapping[int, float],
                       biases: Mapping[int, float]) -> None:
        """Bulk weight/bias update (trained weights, reset): one event for all of them."""
        for cid, w in weights.items():
            self.connection(cid)
            if not math.isfinite(w):
                raise NetworkError(translate("Network", "weight of connection {cid} is "
                                                        "not finite").format(
                                       cid=cid))
        for nid, b in biases.items():
            self.neuron(nid)
            if not math.isfinite(b):
                raise NetworkError(translate("Network", "bias of neuron {nid} is not "
                                                        "finite").format(
                                       nid=nid))
        for cid, w in weights.items():
            self.connections[cid].weight = float(w)
        for nid, b in biases.items():
            self.neurons[nid].bias = float(b)
        self.events.parameters_changed.emit(list(weights), list(biases))

    def parameters(self) -> tuple[dict[int, float], dict[int, float]]:
        """(weights by connection id, biases by neuron id) — what set_parameters takes."""
        weights = {cid: c.weight for cid, c in self.connections.items()}
        biases = {nid: n.bias for nid, n in self.neurons.items() if n.role != "input"}
        return weights, biases

    def set_settings(self, settings: TrainingSettings | None = None,
                     dataset: DatasetSpec | None = None) -> None:
        if settings is not None:
            self.settings = settings
        if dataset is not None:
            self.dataset = dataset
        self.events.settings_changed.emit()

    def set_history(self, history: LossHistory) -> None:
        self.history = history
        self.events.history_changed.emit()

    def set_runs(self, runs: Iterable[Run]) -> None:
        self.runs = tuple(runs)
        self.events.runs_changed.emit()

    def set_input_scaling(self, scaling: InputScaling) -> None:
        """Store the input statistics the weights go with (set together with trained weights)."""
        self.input_scaling = scaling
        self.events.scaling_changed.emit()

    def set_drawn_points(self, points: DrawnPoints) -> None:
        self.drawn_points = points
        self.events.points_changed.emit()

    # --------------------------------------------------------------- copying
    def copy(self) -> Network:
        """An independent deep copy without any subscribers (for snapshots and tests)."""
        other = Network()
        other.add_neurons(replace(self.neurons[i]) for i in sorted(self.neurons))
        other.add_connections((replace(c) for c in self.connections.values()), check=False)
        other.settings, other.dataset, other.history = self.settings, self.dataset, self.history
        other.input_scaling, other.drawn_points = self.input_scaling, self.drawn_points
        other.runs = self.runs
        other._next_neuron_id = self._next_neuron_id
        other._next_connection_id = self._next_connection_id
        return other

    def snapshot(self) -> dict[str, Any]:
        """Plain data describing everything in the document (equality in tests, hashing)."""
        return {
            "neurons": [(n.id, n.role, n.activation, n.bias, n.label, n.x, n.y, n.frozen)
                        for n in sorted(self.neurons.values(), key=lambda n: n.id)],
            "connections": sorted((c.id, c.source, c.target, c.weight, c.frozen, c.recurrent)
                                  for c in self.connections.values()),
            "settings": self.settings, "dataset": self.dataset, "history": self.history,
            "input_scaling": self.input_scaling, "drawn_points": self.drawn_points,
            "runs": self.runs,
        }
