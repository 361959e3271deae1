"""Timeline: dense early, thinned later, bounded in bytes, and read back by id after
edits."""

from __future__ import annotations

import numpy as np

from bpstudio.engine.init import fresh_parameters
from bpstudio.engine.plan import compile_network
from bpstudio.engine.timeline import MAX_BYTES, Timeline
from bpstudio.model.builders import layered


def plan_of(sizes: list[int]):
    network = layered(sizes)
    weights, biases = fresh_parameters(network, "xavier", 0)
    network.set_parameters(weights, biases)
    return network, compile_network(network)


def offer(timeline: Timeline, plan, epochs: range, score=lambda e: float("nan")) -> None:
    for epoch in epochs:
        if timeline.wants(epoch):
            params = np.full(plan.n_params, float(epoch))
            timeline.record(plan, epoch, epoch * 3, params, np.abs(params), score(epoch))


def test_early_epochs_are_all_kept_and_later_ones_thinned() -> None:
    _, plan = plan_of([2, 3, 1])
    timeline = Timeline(max_snapshots=100)
    offer(timeline, plan, range(10_000))
    epochs = [s.epoch for s in timeline.snapshots()]
    assert len(epochs) <= 100
    assert epochs[:20] == list(range(20))           # dense at the start
    gaps = np.diff(epochs)
    assert gaps[-1] > 50                            # sparse at the end
    assert epochs[-1] > 9000                        # the whole run is covered
    snapshot = timeline.nearest(epochs[10])
    assert snapshot is not None and snapshot.step == 30
    assert snapshot.params.dtype == np.float32


def test_the_tail_and_the_best_are_kept() -> None:
    _, plan = plan_of([2, 3, 1])
    timeline = Timeline(max_snapshots=16)
    offer(timeline, plan, range(1000), score=lambda e: abs(e - 768) + 1.0)
    best = timeline.best()
    assert best is not None and best.epoch == 768       # among those offered and kept
    assert timeline.nearest(768) is best
    timeline.record(plan, 1001, 0, np.zeros(plan.n_params), tail=True)
    assert timeline.snapshots()[-1].epoch == 1001


def test_memory_stays_bounded_on_a_784_256_128_10_network() -> None:
    _, plan = plan_of([784, 256, 128, 10])
    per_snapshot = plan.n_params * 4 * 2             # float32 parameters and gradients
    timeline = Timeline()
    assert MAX_BYTES == 256 * 2 ** 20
    for epoch in range(3_000):
        if timeline.wants(epoch):
            params = np.full(plan.n_params, epoch, dtype=np.float64)
            timeline.record(plan, epoch, epoch, params, params, tail=epoch % 7 == 0)
    assert timeline.nbytes <= MAX_BYTES
    assert timeline.nbytes >= timeline.capacity // 2 * per_snapshot   # and it is used
    epochs = [s.epoch for s in timeline.snapshots()]
    assert epochs[:10] == list(range(10)) and epochs[-1] > 2900


def test_snapshots_follow_the_parameters_by_id_after_an_edit() -> None:
    network, plan = plan_of([2, 3, 1])
    timeline = Timeline()
    timeline.record(plan, 0, 0, plan.params.copy())
    snapshot = timeline.snapshots()[0]
    hidden = [n.id for n in network.neurons.values() if n.role == "hidden"]
    kept_connection = next(c for c in network.connections.values()
                           if c.source != hidden[0] and c.target != hidden[0])
    network.remove_neurons([hidden[0]])
    new = network.connect_many([(network.inputs()[0].id, network.outputs()[0].id)],
                               [0.5])[0]
    edited = compile_network(network)
    params = timeline.params_for(snapshot, edited)
    assert params.dtype == edited.dtype and len(params) == edited.n_params
    pos = edited.weight_position(kept_connection.id)
    assert params[pos] == np.float32(kept_connection.weight)
    assert params[edited.weight_position(new.id)] == 0.0     # no history: starts at 0
    same = timeline.params_for(snapshot, plan)
    np.testing.assert_array_equal(same, plan.params.astype(np.float32))
