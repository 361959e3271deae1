"""Trained weights as readable JSON: every neuron and connection with its number.

The document describes the computation, not the drawing: no positions, no training state.
Neurons are listed in an evaluation order (inputs first, in data-column order), so a reader
may evaluate them top to bottom; connections are listed by id.
"""

from __future__ import annotations

import json
from typing import Any

from bpstudio.engine.activations import LEAKY_SLOPE
from bpstudio.engine.plan import Plan
from bpstudio.model.network import Network

FORMAT_NAME = "bpstudio-weights"
#: 2 added input_scaling; 3 added recurrent connections. A network without them is still
#: written as version 2, which every reader of version 2 runs as it should.
FORMAT_VERSION = 3
FEED_FORWARD_VERSION = 2

NOTE = ("Each input neuron's value is (x - offset) / scale of its raw data column, with the "
        "offset and scale of 'input_scaling' (0 and 1 when its method is none), inputs in the "
        "order of 'inputs'. Each non-input neuron's value is activation(bias + sum of weight "
        "* source value over its incoming connections), neurons in the listed order; the "
        "outputs are read in the order of 'outputs'.")
RECURRENT_NOTE = (
    "The network runs on sequences, one time step at a time. A connection marked "
    "\"recurrent\": true carries its source's value from the previous time step instead of "
    "the current one (0 before the first step); every other connection carries the current "
    "step's value, so the neurons in the listed order can be evaluated step by step.")

# Written out for readers; softmax is the one activation that looks at more than one neuron.
FORMULAS = {
    "identity": "z",
    "sigmoid": "1 / (1 + exp(-z))",
    "tanh": "tanh(z)",
    "relu": "max(z, 0)",
    "leaky_relu": f"max(z, {LEAKY_SLOPE!r} * z)",
    "softplus": "log(1 + exp(z))",
    "sine": "sin(z)",
    "softmax": "exp(z_i) / sum over all output neurons j of exp(z_j)",
}

_COMPACT = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(", ", ": "))


def json_document(plan: Plan, network: Network) -> dict[str, Any]:
    """The exported document as plain dicts and lists (weights and biases from ``plan``)."""
    weights, biases = plan.parameters()
    neurons: list[dict[str, Any]] = []
    for nid in plan.neuron_ids:
        neuron = network.neurons[nid]
        is_input = neuron.role == "input"
        neurons.append({
            "id": nid, "label": neuron.name, "role": neuron.role,
            # The engine copies data straight into input neurons, whatever they are drawn as.
            "activation": "identity" if is_input else neuron.activation,
            "bias": None if is_input else biases[nid],
        })
    connections = []
    for cid in plan.connection_ids:
        c = network.connections[cid]
        connections.append({
            "id": cid, "source": c.source, "target": c.target,
            "source_label": network.neurons[c.source].name,
            "target_label": network.neurons[c.target].name,
            "weight": weights[cid],
        } | ({"recurrent": True} if c.recurrent else {}))
    used = sorted({n["activation"] for n in neurons})
    offset, scale = network.input_scaling.arrays(plan.n_inputs)
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION if plan.has_recurrent else FEED_FORWARD_VERSION,
        "inputs": list(plan.input_ids),
        "outputs": list(plan.output_ids),
        "input_scaling": {"method": network.input_scaling.method,
                          "offset": [float(v) for v in offset],
                          "scale": [float(v) for v in scale],
                          "note": "x_scaled = (x - offset) / scale for each input, in the "
                                  "order of 'inputs'; " + network.input_scaling.describe()},
        "neurons": neurons,
        "connections": connections,
        "loss": plan.loss_name,
        "activations": {name: FORMULAS[name] for name in used},
        "note": NOTE + (" " + RECURRENT_NOTE if plan.has_recurrent else ""),
    }


def json_text(plan: Plan, network: Network) -> str:
    """The file's text: one key per line at the top, one neuron or connection per line."""
    doc = json_document(plan, network)
    lines = []
    for key, value in doc.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            text = f"[\n{_rows(value)}\n  ]"
        elif isinstance(value, dict) and value:
            rows = ",\n".join(f"    {_COMPACT.encode(k)}: {_COMPACT.encode(v)}"
                              for k, v in value.items())
            text = f"{{\n{rows}\n  }}"
        else:
            text = _COMPACT.encode(value)
        lines.append(f"  {_COMPACT.encode(key)}: {text}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


def _rows(items: list[dict[str, Any]]) -> str:
    """One object per line. Encoding the list in one call is several times faster than one
    call per object; splitting at "}, {" is exact when the count proves it occurs only
    between objects (a label containing it adds more, and then we encode one by one)."""
    parts = _COMPACT.encode(items)[2:-2].split("}, {")
    if len(parts) != len(items):
        return ",\n".join("    " + _COMPACT.encode(item) for item in items)
    return ",\n".join(f"    {{{part}}}" for part in parts)


def json_bytes(plan: Plan, network: Network) -> bytes:
    return json_text(plan, network).encode("utf-8")
