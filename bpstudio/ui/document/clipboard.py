"""Copy and paste of neurons with the connections among them, as JSON mime data."""

from __future__ import annotations

import json
from dataclasses import asdict

from PySide6.QtCore import QMimeData

from bpstudio.model.network import Connection, Network, NetworkError, Neuron
from bpstudio.ui.i18n import translate

NEURONS_MIME = "application/x-bpstudio-neurons"


def copy_fragment(network: Network, neuron_ids: list[int]) -> dict:
    """The neurons and the connections among them, as plain data."""
    chosen = set(neuron_ids)
    neurons = [asdict(network.neurons[n]) for n in sorted(chosen)]
    connections = [asdict(c) for c in network.connections.values()
                   if c.source in chosen and c.target in chosen]
    return {"format": "bpstudio-fragment", "version": 1, "neurons": neurons,
            "connections": sorted(connections, key=lambda c: c["id"])}


def fragment_mime(fragment: dict) -> QMimeData:
    data = QMimeData()
    data.setData(NEURONS_MIME, json.dumps(fragment).encode())
    data.setText(f"{len(fragment['neurons'])} BP Studio neuron(s)")
    return data


def fragment_from_mime(data: QMimeData | None) -> dict | None:
    if data is None or not data.hasFormat(NEURONS_MIME):
        return None
    try:
        fragment = json.loads(bytes(data.data(NEURONS_MIME).data()).decode())
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(fragment, dict) or fragment.get("format") != "bpstudio-fragment":
        return None
    return fragment


def instantiate(network: Network, fragment: dict, offset: tuple[float, float]
                ) -> tuple[list[Neuron], list[Connection]]:
    """Fresh neurons and connections (new ids) for ``fragment``, shifted by ``offset``."""
    try:
        first = network.new_neuron_id()
        id_map: dict[int, int] = {}
        neurons = []
        for i, raw in enumerate(fragment["neurons"]):
            values = {k: raw[k] for k in ("role", "activation", "bias", "label", "frozen")}
            id_map[int(raw["id"])] = first + i
            neurons.append(Neuron(id=first + i, x=float(raw["x"]) + offset[0],
                                  y=float(raw["y"]) + offset[1], **values))
        next_cid = network.new_connection_id()
        connections = [Connection(id=next_cid + i, source=id_map[int(raw["source"])],
                                  target=id_map[int(raw["target"])],
                                  weight=float(raw["weight"]), frozen=bool(raw["frozen"]),
                                  recurrent=raw.get("recurrent") is True)
                       for i, raw in enumerate(fragment["connections"])]
    except (KeyError, TypeError, ValueError) as error:
        raise NetworkError(translate("Clipboard", "the clipboard holds damaged neurons "
                                     "({error})").format(error=error)) from None
    return neurons, connections
