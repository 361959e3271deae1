"""Operation counts follow the plan's sizes; trained values survive a recompile."""

from __future__ import annotations

import numpy as np

from bpstudio.engine.plan import compile_network
from bpstudio.engine.remap import transfer
from bpstudio.model.builders import layered
from bpstudio.xray.cost import cost_of


def test_counts_for_a_layered_network():
    cost = cost_of(compile_network(layered([64, 32, 10])))
    weights = 64 * 32 + 32 * 10
    assert (cost.weights, cost.biases) == (weights, 42)
    assert cost.forward == weights
    assert cost.backward == weights + 32 * 10      # δ is not handed down to the inputs
    assert cost.nudging == 2 * (weights + 42) * weights
    assert cost.executed_forward == weights
    assert cost.speedup > 1000


def test_skip_connection_costs_what_it_adds():
    net = layered([2, 3, 1])
    plain = cost_of(compile_network(net))
    net.connect(1, 6)
    skip = cost_of(compile_network(net))
    assert skip.forward == plain.forward + 1 and skip.backward == plain.backward + 1
    assert skip.executed_forward > skip.forward    # the dense block computes some zeros


def test_transfer_keeps_shared_parameters_after_an_edit():
    net = layered([2, 3, 1])
    old = compile_network(net)
    old.params[:] = np.arange(old.n_params, dtype=float) + 1
    trained = dict(zip(old.connection_ids, old.weights_of(old.params), strict=True))
    net.remove_neurons([3])            # a hidden neuron and its three connections go
    extra = net.add_neuron("hidden")
    net.connect(1, extra.id, 0.25)
    new = compile_network(net)
    carried = transfer(old, old.params, new, new.params)
    assert carried == len(new.connection_ids) - 1 + len(new.bias_ids) - 1
    weights, _ = new.parameters()
    for cid, value in weights.items():
        assert value == trained.get(cid, 0.25)
