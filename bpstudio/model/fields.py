"""The editable fields of neurons and connections, and what a change of each one means.

One vocabulary for every follower of the document (the training controller, the X-ray,
the problems list, the canvas), so they cannot disagree about a field. Each field has
exactly one kind:

* ``STRUCTURE`` (role, activation; a connection's recurrent flag): what the network
  computes. The forward and backward passes, the validator's problems and any compiled
  plan change.
* ``TRAINABILITY`` (frozen): whether training may change a parameter. A compiled plan's
  trainable mask changes; the passes do not.
* ``VALUE`` (bias, weight): a parameter's value.
* ``NAME`` (label): how messages, tooltips and cards name a neuron.
* ``POSITION`` (x, y): where it is drawn.

In the three classes of DESIGN.md: STRUCTURE and TRAINABILITY are *structural* for a
compiled plan (:data:`PLAN_KINDS`: recompile), VALUE is *value-only*, NAME and POSITION
are *cosmetic* (:data:`COSMETIC_KINDS`: nothing computes or trains differently).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import Enum
from types import MappingProxyType


class FieldKind(Enum):
    STRUCTURE = "structure"
    TRAINABILITY = "trainability"
    VALUE = "value"
    NAME = "name"
    POSITION = "position"


STRUCTURE, TRAINABILITY, VALUE, NAME, POSITION = FieldKind

#: every editable neuron field (all of Neuron's but its id) and its kind
NEURON_FIELD_KINDS: Mapping[str, FieldKind] = MappingProxyType({
    "role": STRUCTURE, "activation": STRUCTURE, "frozen": TRAINABILITY, "bias": VALUE,
    "label": NAME, "x": POSITION, "y": POSITION,
})
#: every editable connection field (its ends are fixed: a new end is a new connection)
CONNECTION_FIELD_KINDS: Mapping[str, FieldKind] = MappingProxyType({
    "weight": VALUE, "frozen": TRAINABILITY, "recurrent": STRUCTURE,
})
NEURON_FIELDS = frozenset(NEURON_FIELD_KINDS)
CONNECTION_FIELDS = frozenset(CONNECTION_FIELD_KINDS)

#: a compiled plan no longer matches the document: recompile
PLAN_KINDS = frozenset({STRUCTURE, TRAINABILITY})
#: nothing computes or trains differently
COSMETIC_KINDS = frozenset({NAME, POSITION})
#: what ``validate()`` reads: the graph and roles decide problems, labels name neurons
VALIDATED_KINDS = frozenset({STRUCTURE, NAME})


def neuron_kinds(fields: Iterable[str]) -> frozenset[FieldKind]:
    """The kinds of change a ``neurons_changed`` event with these fields carries."""
    return frozenset(NEURON_FIELD_KINDS[f] for f in fields)


def connection_kinds(fields: Iterable[str]) -> frozenset[FieldKind]:
    """The kinds of change a ``connections_changed`` event with these fields carries."""
    return frozenset(CONNECTION_FIELD_KINDS[f] for f in fields)
