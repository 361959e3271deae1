"""The connection graph as NumPy arrays, for whole-graph checks on 100k connections.

:func:`~bpstudio.model.validate.validate` runs on the GUI thread after every structural
edit; a Python step per connection costs a quarter of a second on a 784-128-10 drawing,
so the walks here touch each connection only from C (NumPy), once per topological level.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter

import numpy as np

from bpstudio.model.network import Network

_SOURCE = attrgetter("source")
_TARGET = attrgetter("target")


@dataclass(frozen=True)
class EdgeArrays:
    """Connections as positions into ``ids`` (sorted neuron ids); -1 marks a dangling end."""

    ids: np.ndarray        # (n_neurons,) neuron ids, ascending
    source: np.ndarray     # (n_connections,) position of each connection's source in ids
    target: np.ndarray     # (n_connections,) position of each connection's target in ids

    @classmethod
    def of(cls, network: Network) -> EdgeArrays:
        ids = np.fromiter(sorted(network.neurons), np.int64, len(network.neurons))
        count = len(network.connections)
        sources = np.fromiter(map(_SOURCE, network.connections.values()), np.int64, count)
        targets = np.fromiter(map(_TARGET, network.connections.values()), np.int64, count)
        return cls(ids, _positions(ids, sources), _positions(ids, targets))

    def positions(self, neuron_ids: list[int]) -> np.ndarray:
        return _positions(self.ids, np.asarray(neuron_ids, dtype=np.int64))

    def looks_sound(self, input_ids: list[int]) -> bool:
        """No dangling end, no edge into an input and no pair drawn twice."""
        if (self.source < 0).any() or (self.target < 0).any():
            return False
        is_input = np.zeros(self.ids.size, bool)
        is_input[self.positions(input_ids)] = True
        if is_input[self.target].any():
            return False
        # np.unique hashes on NumPy 2 and is 50x slower here than sorting the pair keys.
        keys = np.sort(self.source * self.ids.size + self.target)
        return not (keys[1:] == keys[:-1]).any()

    def levels(self) -> list[np.ndarray] | None:
        """Connection indices grouped by the topological level of their source (Kahn's
        algorithm a level at a time); ``None`` if a cycle is left over. Call only when
        :meth:`looks_sound` holds."""
        alive = np.ones(self.ids.size, bool)
        edges = np.arange(self.source.size)
        source, target = self.source, self.target
        levels: list[np.ndarray] = []
        while edges.size:
            fed = np.zeros(self.ids.size, bool)
            fed[target] = True
            free = alive & ~fed                  # nothing left feeds these neurons
            if not free.any():
                return None                      # every neuron left is on or after a cycle
            leaving = free[source]
            levels.append(edges[leaving])
            staying = ~leaving
            edges, source, target = edges[staying], source[staying], target[staying]
            alive &= ~free
        return levels

    def downstream(self, levels: list[np.ndarray], starts: list[int]) -> set[int]:
        """Ids of ``starts`` and every neuron they feed (``levels`` from :meth:`levels`)."""
        on = np.zeros(self.ids.size, bool)
        on[self.positions(starts)] = True
        for edges in levels:                     # each source is decided before its level
            on[self.target[edges][on[self.source[edges]]]] = True
        return set(self.ids[on].tolist())

    def upstream(self, levels: list[np.ndarray], starts: list[int]) -> set[int]:
        """Ids of ``starts`` and every neuron that feeds them."""
        on = np.zeros(self.ids.size, bool)
        on[self.positions(starts)] = True
        for edges in reversed(levels):           # each target is decided after its level
            on[self.source[edges][on[self.target[edges]]]] = True
        return set(self.ids[on].tolist())


def _positions(ids: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Index of each value in sorted ``ids``, or -1 where it is not there."""
    if not ids.size:
        return np.full(values.shape, -1, np.int64)
    found = np.searchsorted(ids, values)
    clipped = np.minimum(found, ids.size - 1)
    return np.where(ids[clipped] == values, clipped, -1)
