"""Recurrent connections in the document: what may be drawn, validated, saved and read."""

from __future__ import annotations

import json

import pytest

from bpstudio.formats.bpnet import FORMAT_VERSION, BpnetError, dumps, loads
from bpstudio.model.builders import layered
from bpstudio.model.network import Network, NetworkError
from bpstudio.model.settings import DatasetSpec, SettingsError, TrainingSettings
from bpstudio.model.validate import errors, find_cycle, validate


def elman() -> Network:
    """x → h → y with h → h (self-loop) and y → h fed back, both recurrent."""
    net = layered([1, 1, 1])
    net.connect(3, 2, 0.3, recurrent=True)
    net.connect(2, 2, 0.5, recurrent=True)
    return net


def test_a_recurrent_connection_may_close_a_loop_and_an_ordinary_one_may_not():
    net = layered([1, 1, 1])
    assert net.closes_cycle(3, 2) and net.closes_cycle(2, 2)
    assert not net.closes_cycle(1, 3)
    assert "would make a cycle" in net.connection_problem(3, 2)
    assert "recurrent connection may close a loop" in net.connection_problem(3, 2)
    assert "cannot connect to itself" in net.connection_problem(2, 2)
    assert net.connection_problem(3, 2, recurrent=True) is None
    assert net.connection_problem(2, 2, recurrent=True) is None
    with pytest.raises(NetworkError, match="would make a cycle"):
        net.connect(3, 2)
    net.connect(3, 2, recurrent=True)
    assert net.has_recurrent and net.is_acyclic()
    assert net.topological_order() == [1, 2, 3]
    assert errors(net) == []


def test_a_recurrent_edge_into_an_input_is_refused_with_its_own_message():
    net = layered([1, 1, 1])
    problem = net.connection_problem(3, 1, recurrent=True)
    assert problem == ("y → x1 is a recurrent connection into an input neuron; inputs take "
                       "data at every time step, so feed it back into a hidden or output "
                       "neuron instead")
    with pytest.raises(NetworkError, match="into an input neuron"):
        net.connect(3, 1, recurrent=True)
    # a file may hold one: the problems list names it, training is refused
    net.add_connections([net.connections[1].__class__(99, 3, 1, 0.1, recurrent=True)],
                        check=False)
    assert [p.message for p in errors(net)] == [problem]


def test_a_cycle_of_ordinary_connections_is_still_an_error_with_recurrent_ones_about():
    net = elman()
    net.add_neuron("hidden", id=10)
    net.connect(2, 10)
    net.connect(10, 3)
    net.add_connections([net.connections[1].__class__(50, 3, 10, 0.0)], check=False)
    assert sorted(find_cycle(net)) == [3, 10]
    messages = [p.message for p in errors(net)]
    assert messages == ["the connections form a cycle: y → h10 → y; mark one of them "
                        "recurrent to feed its value back one time step later"]


def test_batches_check_their_recurrent_flags():
    net = layered([1, 1, 1])
    assert net.connections_problem([(3, 2), (2, 2)], [True, True]) is None
    assert "would make a cycle" in net.connections_problem([(3, 2), (2, 2)], [False, True])
    assert "cannot connect to itself" in net.connections_problem([(2, 2)])


def test_the_flag_toggles_only_where_no_ordinary_cycle_appears():
    net = elman()
    loop = net.find_connection(3, 2).id
    self_loop = net.find_connection(2, 2).id
    with pytest.raises(NetworkError, match="must stay recurrent"):
        net.update_connections({loop: {"recurrent": False}})
    with pytest.raises(NetworkError, match="connects a neuron to itself"):
        net.update_connections({self_loop: {"recurrent": False}})
    forward = net.find_connection(1, 2).id
    net.update_connections({forward: {"recurrent": True}})     # x(t−1) → h: allowed
    assert net.connections[forward].recurrent
    net.update_connections({forward: {"recurrent": False}})
    with pytest.raises(NetworkError, match="recurrent must be true or false"):
        net.update_connections({forward: {"recurrent": 1}})


def test_reaching_an_output_through_a_recurrent_edge_is_no_warning():
    net = layered([1, 1, 1])
    net.add_neuron("hidden", id=10)
    net.connect(2, 10)
    net.connect(10, 2, recurrent=True)      # h10 feeds the output one step later
    assert validate(net) == []


def test_save_load_save_is_identical_and_old_files_read_as_ordinary():
    net = elman()
    net.set_settings(TrainingSettings(truncation=5, clip_norm=1.0),
                     DatasetSpec(name="parity", sequence_targets="last", sequence_length=8))
    text = dumps(net)
    doc = json.loads(text)
    assert doc["version"] == FORMAT_VERSION
    flags = [c.get("recurrent") for c in doc["network"]["connections"]]
    assert flags == [None, None, True, True]     # written only when true
    again, _ = loads(text)
    assert dumps(again) == text
    assert again.snapshot() == net.snapshot()
    old = {"format": "bpstudio-network", "version": 3,
           "network": {"neurons": [{"id": 1, "role": "input"}, {"id": 2, "role": "output"}],
                       "connections": [{"id": 1, "source": 1, "target": 2}]}}
    read, _ = loads(json.dumps(old))
    assert not read.has_recurrent and read.settings.truncation is None


def test_a_file_cycle_through_ordinary_edges_is_refused_but_a_recurrent_loop_loads():
    doc = json.loads(dumps(elman()))
    doc["network"]["connections"][2]["recurrent"] = False
    with pytest.raises(BpnetError, match="form a cycle: h2 → y → h2"):
        loads(json.dumps(doc))
    doc["network"]["connections"][2]["recurrent"] = "yes"
    with pytest.raises(BpnetError, match=r"connections\[2\]\.recurrent must be true or false"):
        loads(json.dumps(doc))


@pytest.mark.parametrize("value", [0, -3])
def test_a_truncation_of_no_steps_is_refused_in_a_plain_sentence(value):
    with pytest.raises(SettingsError) as caught:
        TrainingSettings(truncation=value)
    assert str(caught.value) == (f"truncation must be at least 1 time step; got {value} "
                                 "(leave it out to backpropagate through whole sequences)")


def test_sequence_settings_are_checked():
    with pytest.raises(SettingsError, match="sequence_targets must be one of every, last"):
        DatasetSpec(sequence_targets="first")
    with pytest.raises(SettingsError, match="sequence_column must name a column"):
        DatasetSpec(sequence_column=" ")
    with pytest.raises(SettingsError, match="clip_norm must be ≥ 0"):
        TrainingSettings(clip_norm=-1.0)


def test_a_fully_connected_recurrent_layer_is_never_folded_into_a_dense_block():
    """Blocks hold ordinary connections only: a 10 × 10 hidden-to-hidden recurrent layer
    (100 connections with consecutive ids, the shape of a block) stays per-connection
    records and keeps its flag through save → load."""
    net = layered([8, 10, 1])
    hidden = [n.id for n in net.neurons.values() if n.role == "hidden"]
    for target in hidden:
        for source in hidden:
            net.connect(source, target, 0.01 * source - 0.02 * target, recurrent=True)
    doc = json.loads(dumps(net))
    assert [len(b["sources"]) * len(b["targets"]) for b in doc["network"]["blocks"]] == [80]
    again, _ = loads(dumps(net))
    assert again.snapshot() == net.snapshot()
    assert sum(c.recurrent for c in again.connections.values()) == 100
