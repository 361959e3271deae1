"""A tiny observer: the model announces what changed, views follow.

Events are batched (``neurons_added`` carries a list) because one gesture may create
100,000 connections; a view that repaints per event would otherwise stall.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Handler = Callable[..., Any]


class Event:
    """A list of handlers called, in order, with the event's arguments."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._handlers: list[Handler] = []

    def connect(self, handler: Handler) -> None:
        if handler not in self._handlers:
            self._handlers.append(handler)

    def disconnect(self, handler: Handler) -> None:
        self._handlers.remove(handler)

    def emit(self, *args: Any) -> None:
        # A handler may disconnect itself while we iterate: walk a copy.
        for handler in list(self._handlers):
            handler(*args)

    def __repr__(self) -> str:
        return f"Event({self.name!r}, {len(self._handlers)} handlers)"


class NetworkEvents:
    """Everything a :class:`~bpstudio.model.network.Network` announces, in the past tense."""

    def __init__(self) -> None:
        #: (neurons: list[Neuron]) after they were added
        self.neurons_added = Event("neurons_added")
        #: (neurons: list[Neuron]) after they were removed (their connections go first)
        self.neurons_removed = Event("neurons_removed")
        #: (connections: list[Connection]) after they were added
        self.connections_added = Event("connections_added")
        #: (connections: list[Connection]) after they were removed
        self.connections_removed = Event("connections_removed")
        #: (ids: list[int], fields: frozenset[str]) after neuron properties changed
        self.neurons_changed = Event("neurons_changed")
        #: (ids: list[int], fields: frozenset[str]) after connection properties changed
        self.connections_changed = Event("connections_changed")
        #: (connection_ids: list[int], neuron_ids: list[int]) after a bulk weight/bias update
        self.parameters_changed = Event("parameters_changed")
        #: () after the training settings or the dataset changed
        self.settings_changed = Event("settings_changed")
        #: () after the stored loss history changed
        self.history_changed = Event("history_changed")
        #: () after the stored input scaling changed (it goes with the weights)
        self.scaling_changed = Event("scaling_changed")
        #: () after the drawn points changed
        self.points_changed = Event("points_changed")
        #: () after the remembered runs changed (added, renamed, deleted, trimmed)
        self.runs_changed = Event("runs_changed")

    def all(self) -> list[Event]:
        return [value for value in vars(self).values() if isinstance(value, Event)]
