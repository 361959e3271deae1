"""The document model: mutations, events, refusals, validation."""

from __future__ import annotations

import pytest

from bpstudio.model.builders import layered, parse_layer_sizes
from bpstudio.model.network import Connection, Network, NetworkError
from bpstudio.model.settings import DatasetSpec, SettingsError, TrainingSettings
from bpstudio.model.validate import find_cycle, validate


def recorder(net: Network) -> list[tuple]:
    log: list[tuple] = []
    for event in net.events.all():
        event.connect(lambda *args, name=event.name: log.append((name, *args)))
    return log


def test_every_mutation_is_announced_once():
    net = Network()
    log = recorder(net)
    a = net.add_neuron("input")
    b = net.add_neuron("output")
    c = net.connect(a.id, b.id, 0.5)
    net.update_neurons({b.id: {"bias": 1.0, "label": "y"}})
    net.update_connections({c.id: {"weight": -1.0}})
    net.set_parameters({c.id: 2.0}, {b.id: 3.0})
    net.set_settings(TrainingSettings(learning_rate=0.1))
    net.remove_neurons([a.id])
    names = [entry[0] for entry in log]
    assert names == ["neurons_added", "neurons_added", "connections_added", "neurons_changed",
                     "connections_changed", "parameters_changed", "settings_changed",
                     "connections_removed", "neurons_removed"]
    assert log[3][2] == frozenset({"bias", "label"})
    assert net.neurons[b.id].bias == 3.0 and not net.connections


def test_removing_a_neuron_removes_its_connections_and_returns_them():
    net = layered([2, 2, 1])
    removed, connections = net.remove_neurons([3])
    assert [n.id for n in removed] == [3]
    assert sorted((c.source, c.target) for c in connections) == [(1, 3), (2, 3), (3, 5)]
    assert all(3 not in (c.source, c.target) for c in net.connections.values())
    # undo: put them back with the same ids
    net.add_neurons(removed)
    net.add_connections(connections)
    assert net.snapshot() == layered([2, 2, 1]).snapshot()


@pytest.mark.parametrize(("source", "target", "reason"), [
    (5, 1, "is an input neuron"),
    (1, 3, "already connected"),
    (5, 3, "would make a cycle"),
    (3, 3, "cannot connect to itself"),
    (1, 99, "existing neurons"),
])
def test_refused_connections_say_why(source, target, reason):
    net = layered([2, 2, 1])
    assert reason in net.connection_problem(source, target)
    with pytest.raises(NetworkError, match=reason):
        net.connect(source, target)


def test_bulk_connect_detects_cycles_through_new_and_old_edges():
    net = layered([1, 1, 1, 1])                     # 1 → 2 → 3 → 4 (4 is the output)
    extra = net.add_neuron("hidden").id             # 5
    assert net.connections_problem([(3, extra), (extra, 2)]) is not None
    assert net.connections_problem([(2, extra), (extra, 4)]) is None
    # two independent new edges that do not form a cycle between them
    other = net.add_neuron("hidden").id
    assert net.connections_problem([(1, extra), (extra, other), (3, other)]) is None


def test_bad_values_are_refused_with_the_field_name():
    net = layered([2, 1])
    with pytest.raises(NetworkError, match="bias must be a finite number"):
        net.update_neurons({3: {"bias": float("nan")}})
    with pytest.raises(NetworkError, match="unknown activation 'swish'"):
        net.update_neurons({3: {"activation": "swish"}})
    with pytest.raises(NetworkError, match="role must be one of"):
        net.update_neurons({3: {"role": "boss"}})
    with pytest.raises(NetworkError, match="cannot become an input"):
        net.update_neurons({3: {"role": "input"}})
    with pytest.raises(NetworkError, match="no editable property"):
        net.update_connections({1: {"source": 2}})
    assert net.neurons[3].activation == "sigmoid"   # nothing half-applied


def test_inputs_and_outputs_are_in_id_order():
    net = Network()
    net.add_neuron("input", id=7)
    net.add_neuron("input", id=2)
    net.add_neuron("output", id=5)
    assert [n.id for n in net.inputs()] == [2, 7]
    assert net.add_neuron("hidden").id == 8


def test_copy_is_independent():
    net = layered([2, 2, 1])
    other = net.copy()
    other.update_neurons({3: {"bias": 9.0}})
    assert net.neurons[3].bias == 0.0 and other.snapshot() != net.snapshot()


def test_validate_names_the_neurons_on_a_cycle():
    net = layered([1, 2, 1])
    net.update_neurons({2: {"label": "a"}, 3: {"label": "b"}})
    net.add_connections([Connection(50, 2, 3), Connection(51, 3, 2)], check=False)
    cycle = find_cycle(net)
    assert set(cycle) == {2, 3}
    messages = [p.message for p in validate(net)]
    assert any("cycle" in m and "a → b → a" in m or "b → a → b" in m for m in messages)


def test_validate_lists_every_kind_of_problem():
    net = Network()
    assert {p.message for p in validate(net)} == {"the network has no input neurons",
                                                 "the network has no output neurons"}
    net = layered([2, 2, 1])
    net.add_connections([Connection(90, 5, 1), Connection(91, 1, 3)], check=False)
    text = "\n".join(p.message for p in validate(net))
    assert "ends at an input neuron" in text
    assert "connected more than once" in text
    net = layered([2, 2, 1])
    net.add_neuron("output", label="z")
    dead = net.add_neuron("hidden", label="d")
    net.connect(1, dead.id)
    problems = validate(net)
    assert {p.severity for p in problems} == {"warning"}
    text = "\n".join(p.message for p in problems)
    assert "output z is not reached from any input" in text
    assert "d does not feed any output, so training never changes it" in text
    net.neurons[3].activation = "bogus"   # as a hand-edited file might hold
    assert "unknown activation 'bogus'" in "\n".join(p.message for p in validate(net))


def test_softmax_rules():
    net = layered([2, 3, 2], output_activation="softmax")
    assert any("softmax outputs need the softmax cross-entropy loss" in p.message
               for p in validate(net))
    net.set_settings(net.settings.with_changes(loss="softmax_cross_entropy"))
    assert not validate(net)
    net.update_neurons({3: {"activation": "softmax"}})
    assert any("only output neurons" in p.message for p in validate(net))


def test_settings_are_checked_with_their_names():
    with pytest.raises(SettingsError, match="learning_rate must be > 0"):
        TrainingSettings(learning_rate=0)
    with pytest.raises(SettingsError, match="optimizer must be one of"):
        TrainingSettings(optimizer="lbfgs")
    with pytest.raises(SettingsError, match="batch_size must be a whole number"):
        TrainingSettings(batch_size=2.5)
    with pytest.raises(SettingsError, match="test_ratio must be ≤ 0.9"):
        DatasetSpec(test_ratio=0.95)


def test_layer_sizes_parse():
    assert parse_layer_sizes("2, 8,8,1") == [2, 8, 8, 1]
    for bad in ("2", "a,b", "2,0,1"):
        with pytest.raises(ValueError, match="layer sizes"):
            parse_layer_sizes(bad)


def test_big_layered_network_is_built_in_bulk():
    net = layered([784, 128, 10])
    assert len(net.connections) == 784 * 128 + 128 * 10
    assert not [p for p in validate(net) if p.severity == "error"]


def test_bulk_add_refuses_repeated_or_bad_connection_ids():
    net = layered([2, 1])
    before = net.snapshot()
    with pytest.raises(NetworkError, match="already exists"):
        net.add_connections([Connection(40, 1, 3), Connection(40, 2, 3)], check=False)
    with pytest.raises(NetworkError, match="positive whole numbers"):
        net.add_connections([Connection(0, 1, 3)], check=False)
    assert net.snapshot() == before


def test_huge_integers_are_a_settings_error_not_an_overflow():
    with pytest.raises(SettingsError, match="epochs must be ≤ 100000000; got a 401-digit number"):
        TrainingSettings(epochs=10**400)


@pytest.mark.parametrize("seed", range(8))
def test_edge_arrays_walk_the_graph_like_the_network(seed):
    from bpstudio.model.edge_arrays import EdgeArrays
    from tests.networks import random_dag

    net = random_dag(seed, n_hidden=12)
    edges = EdgeArrays.of(net)
    inputs = [n.id for n in net.inputs()]
    outputs = [n.id for n in net.outputs()]
    assert edges.looks_sound(inputs)
    levels = edges.levels()
    assert levels is not None and sum(len(level) for level in levels) == len(net.connections)
    assert edges.downstream(levels, inputs) == net.downstream(inputs)
    assert edges.upstream(levels, outputs) == net.upstream(outputs)
    hidden = [n.id for n in net.neurons.values() if n.role == "hidden"]
    assert edges.upstream(levels, hidden[-1:]) == net.upstream(hidden[-1:])
    a, b = hidden[0], hidden[-1]
    if net.reaches([a], [b]):
        net.add_connections([Connection(999, b, a)], check=False)   # closes a cycle
        assert EdgeArrays.of(net).levels() is None
