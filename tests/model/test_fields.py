"""One vocabulary of document changes: every editable field has exactly one kind."""

from __future__ import annotations

from dataclasses import fields

import pytest

from bpstudio.model.fields import (
    CONNECTION_FIELD_KINDS,
    COSMETIC_KINDS,
    NEURON_FIELD_KINDS,
    PLAN_KINDS,
    VALIDATED_KINDS,
    FieldKind,
    connection_kinds,
    neuron_kinds,
)
from bpstudio.model.network import Connection, Network, Neuron


def test_every_field_of_the_document_classes_has_a_kind():
    """A field added to Neuron or Connection fails here until it is classified."""
    assert set(NEURON_FIELD_KINDS) == {f.name for f in fields(Neuron)} - {"id"}
    assert set(CONNECTION_FIELD_KINDS) == {f.name for f in fields(Connection)} - {
        "id", "source", "target"}


def test_the_kinds_of_each_field():
    k = FieldKind
    assert dict(NEURON_FIELD_KINDS) == {
        "role": k.STRUCTURE, "activation": k.STRUCTURE, "frozen": k.TRAINABILITY,
        "bias": k.VALUE, "label": k.NAME, "x": k.POSITION, "y": k.POSITION}
    assert dict(CONNECTION_FIELD_KINDS) == {"weight": k.VALUE, "frozen": k.TRAINABILITY,
                                            "recurrent": k.STRUCTURE}
    # freezing recompiles a plan (its trainable mask) but is no structure of the passes
    assert {k.STRUCTURE, k.TRAINABILITY} == PLAN_KINDS
    assert {k.NAME, k.POSITION} == COSMETIC_KINDS
    assert {k.STRUCTURE, k.NAME} == VALIDATED_KINDS
    assert PLAN_KINDS.isdisjoint(COSMETIC_KINDS) and k.VALUE not in PLAN_KINDS | COSMETIC_KINDS


def test_events_carry_fields_the_vocabulary_knows():
    net = Network()
    a, b = net.add_neuron("input"), net.add_neuron("output")
    c = net.connect(a.id, b.id)
    seen: list[frozenset[FieldKind]] = []
    net.events.neurons_changed.connect(lambda ids, f: seen.append(neuron_kinds(f)))
    net.events.connections_changed.connect(lambda ids, f: seen.append(connection_kinds(f)))
    net.update_neurons({b.id: {"bias": 0.5, "x": 3.0, "label": "y"}})
    net.update_connections({c.id: {"frozen": True}})
    assert seen == [{FieldKind.VALUE, FieldKind.POSITION, FieldKind.NAME},
                    {FieldKind.TRAINABILITY}]


def test_an_unknown_field_is_no_kind():
    with pytest.raises(KeyError):
        neuron_kinds({"colour"})
    with pytest.raises(KeyError):
        connection_kinds({"bias"})
