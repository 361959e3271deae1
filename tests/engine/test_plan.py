"""The compiled plan: levels, slices, parameter views and compile errors."""

from __future__ import annotations

import numpy as np
import pytest

from bpstudio.engine.backprop import BackwardSchedule, Engine
from bpstudio.engine.plan import CompileError, compile_network
from bpstudio.model.builders import layered
from bpstudio.model.network import Connection, Network
from tests.networks import random_dag


def test_layered_network_reads_exactly_the_previous_block():
    plan = compile_network(layered([4, 8, 8, 3]))
    assert [lv.size for lv in plan.levels] == [8, 8, 3]
    # each span = [constant row of the previous block, end of that block): no skips, no gaps
    for previous, level in zip([None, *plan.levels], plan.levels, strict=False):
        start = 0 if previous is None else previous.rows.start - 1
        stop = 5 if previous is None else previous.rows.stop
        assert (level.span.start, level.span.stop) == (start, stop)
    assert plan.trainable_mask is None             # nothing frozen, no structural zeros
    assert plan.n_params == 8 * 5 + 8 * 9 + 3 * 9  # weights + biases, nothing else
    schedule = BackwardSchedule(plan)
    assert schedule.zero_ranges == []              # every ∂L/∂a row is written, not added


def test_skip_connection_widens_one_span_and_adds_structural_zeros():
    net = layered([2, 3, 1])
    net.connect(1, 6)
    plan = compile_network(net)
    last = plan.levels[-1]
    assert last.span.start == 0 and last.width == 1 + 2 + 1 + 3
    assert plan.trainable_mask is not None
    # the structural zeros are exactly the stored parameters that are not weights/biases
    real = {plan.weight_position(c) for c in plan.connection_ids} | {
        plan.bias_position(n) for n in plan.bias_ids}
    assert {i for i in range(plan.n_params) if plan.trainable_mask[i]} == real


def test_parameters_round_trip_through_the_flat_vector():
    net = random_dag(5)
    plan = compile_network(net)
    weights, biases = plan.parameters()
    assert weights == {c.id: c.weight for c in net.connections.values()}
    assert biases == {n.id: n.bias for n in net.neurons.values() if n.role != "input"}


def test_parameters_are_found_and_written_by_id():
    net = random_dag(6)
    plan = compile_network(net)
    for c in net.connections.values():
        assert plan.params[plan.weight_position(c.id)] == c.weight
    for n in net.neurons.values():
        if n.role == "input":
            with pytest.raises(KeyError):
                plan.bias_position(n.id)
        else:
            assert plan.params[plan.bias_position(n.id)] == n.bias
    with pytest.raises(KeyError):
        plan.weight_position(max(net.connections) + 1)
    positions = {plan.weight_position(c) for c in net.connections} | {
        plan.bias_position(n.id) for n in net.neurons.values() if n.role != "input"}
    assert len(positions) == plan.n_weights + plan.n_biases    # every one its own place
    assert (plan.n_weights, plan.n_biases) == (len(net.connections), len(net.neurons) - 3)
    np.testing.assert_array_equal(plan.weights_of(),
                                  [net.connections[c].weight for c in plan.connection_ids])
    np.testing.assert_array_equal(plan.biases_of(),
                                  [net.neurons[n].bias for n in plan.bias_ids])


def test_written_parameters_land_where_the_plan_reads_them():
    net = random_dag(7)
    plan = compile_network(net)
    cid, nid = min(net.connections), plan.bias_ids[0]
    gradient = np.zeros_like(plan.params)
    written = plan.write_parameters({cid: 2.5, 10_000: 1.0}, {nid: -4.0}, gradient)
    assert sorted(written.tolist()) == sorted([plan.weight_position(cid),
                                               plan.bias_position(nid)])  # 10000 skipped
    assert plan.parameters(gradient)[0][cid] == 2.5 and plan.biases_of(gradient)[0] == -4.0
    assert gradient.sum() == -1.5 and plan.params[plan.weight_position(cid)] != 2.5
    plan.write_parameters({cid: 2.5}, {})                 # default: the plan's own params
    net.set_parameters({cid: 2.5}, {})
    x = np.random.default_rng(2).normal(size=(5, plan.n_inputs))
    np.testing.assert_allclose(Engine(plan).predict(x), Engine(compile_network(net)).predict(x))


def test_forward_matches_a_neuron_by_neuron_evaluation():
    net = random_dag(9, n_hidden=10, output_activation="tanh")
    plan = compile_network(net)
    x = np.random.default_rng(0).normal(size=(6, plan.n_inputs))
    fns = {"identity": lambda z: z, "sigmoid": lambda z: 1 / (1 + np.exp(-z)),
           "tanh": np.tanh, "relu": lambda z: np.maximum(z, 0),
           "leaky_relu": lambda z: np.where(z > 0, z, 0.01 * z),
           "softplus": lambda z: np.log1p(np.exp(z)), "sine": np.sin}
    values = {n.id: x[:, i] for i, n in enumerate(net.inputs())}
    for nid in net.topological_order():
        neuron = net.neurons[nid]
        if neuron.role == "input":
            continue
        z = neuron.bias + sum(c.weight * values[c.source] for c in net.incoming(nid))
        values[nid] = fns[neuron.activation](z)
    expected = np.stack([values[n.id] for n in net.outputs()], axis=1)
    np.testing.assert_allclose(Engine(plan).predict(x), expected, atol=1e-12)


def test_outputs_are_one_contiguous_last_level_even_at_different_depths():
    net = layered([2, 2, 1])
    extra = net.add_neuron("output", activation="sigmoid")
    net.connect(1, extra.id)          # depth 1, while the other output has depth 2
    plan = compile_network(net)
    assert plan.output_slice == plan.levels[-1].rows
    assert plan.levels[-1].neuron_ids == plan.output_ids


def test_mixed_activations_in_one_level_become_segments():
    net = layered([2, 4, 1], activation="tanh")
    net.update_neurons({4: {"activation": "relu"}, 5: {"activation": "relu"}})
    plan = compile_network(net)
    assert [(s.activation, s.start, s.stop) for s in plan.levels[0].segments] == [
        ("tanh", 0, 1), ("relu", 1, 3), ("tanh", 3, 4)]


def test_compile_refuses_invalid_networks_with_reasons():
    net = layered([2, 2, 1])
    net.add_connections([Connection(99, 5, 3)], check=False)   # a cycle
    with pytest.raises(CompileError, match="cycle"):
        compile_network(net)
    with pytest.raises(CompileError, match="no input"):
        empty = Network()
        empty.add_neuron("output")
        compile_network(empty)


def test_float32_plan_computes_in_float32():
    plan = compile_network(layered([2, 3, 1]), "float32")
    out = Engine(plan).predict(np.ones((4, 2)))
    assert plan.params.dtype == np.float32 and out.dtype == np.float32


def test_neuron_activations_cover_every_neuron_and_match_the_outputs():
    net = random_dag(12)
    plan = compile_network(net)
    x = np.random.default_rng(1).normal(size=(30, plan.n_inputs))
    engine = Engine(plan)
    everything = engine.neuron_activations(x, chunk=7)
    assert everything.shape == (30, len(net.neurons))
    columns = [plan.neuron_ids.index(o) for o in plan.output_ids]
    np.testing.assert_allclose(everything[:, columns], engine.predict(x))
    inputs = [plan.neuron_ids.index(i) for i in plan.input_ids]
    np.testing.assert_allclose(everything[:, inputs], x)
