"""Runs as plain data: names, lookup, thinning, differences, restoring onto a drawing."""

from __future__ import annotations

import pytest

from bpstudio.model.builders import layered
from bpstudio.model.run_diff import describe_differences, differences
from bpstudio.model.runs import (
    RunError,
    find_run,
    next_number,
    restore_problem,
    thin_rows,
    weights_by_id,
)
from bpstudio.model.settings import TrainingSettings
from tests.formats.test_bpnet_runs import make_run


def _network():
    network = layered([2, 2, 1], "tanh", "sigmoid")
    network.set_parameters({c: 0.1 * c for c in network.connections}, {3: 0.5, 4: -0.5, 5: 1.0})
    return network


def test_thinning_keeps_the_first_and_last_and_bounds_the_count():
    rows = list(range(1000))
    thinned = thin_rows(rows, 50)
    assert len(thinned) == 50 and thinned[0] == 0 and thinned[-1] == 999
    assert thin_rows(rows[:10], 50) == rows[:10]


def test_default_names_count_on_from_the_highest_number():
    network = _network()
    network.set_settings(TrainingSettings(optimizer="adam", learning_rate=0.01))
    first = make_run(network, 1)
    assert first.name == "Run 1 · Adam η 0.01"
    assert next_number([first, make_run(network, 7)]) == 8
    assert next_number([first.renamed("mine")]) == 2


def test_find_run_by_number_negative_number_and_name():
    network = _network()
    runs = [make_run(network, 1), make_run(network, 2).renamed("wide"), make_run(network, 3)]
    assert find_run(runs, "1") == 0 and find_run(runs, "-1") == 2 and find_run(runs, "wide") == 1
    with pytest.raises(RunError, match="no run 4: the file has 3 runs"):
        find_run(runs, "4")
    with pytest.raises(RunError, match="no run is named 'narrow'"):
        find_run(runs, "narrow")
    with pytest.raises(RunError, match="the file has no runs yet"):
        find_run([], "1")


def test_differences_name_settings_and_activations():
    network = _network()
    old = make_run(network, 1)
    network.set_settings(network.settings.with_changes(learning_rate=0.01))
    network.update_neurons({3: {"activation": "relu"}})
    new = make_run(network, 2)
    assert differences(old, new, lambda i: f"h{i}") == ["η 0.5 → 0.01", "tanh → relu on h3"]
    assert describe_differences(None, new) == "first run"
    assert describe_differences(new, new) == "same settings"


def test_a_structural_change_is_named_and_blocks_restoring_weights():
    network = _network()
    run = make_run(network, 1)
    assert restore_problem(run, network) is None
    weights, biases = weights_by_id(run, network)
    assert weights == {c: network.connections[c].weight for c in network.connections}
    assert biases == {3: 0.5, 4: -0.5, 5: 1.0}
    network.add_neuron("hidden")
    network.connect(1, 6)
    problem = restore_problem(run, network)
    assert problem is not None and "trained on a different drawing" in problem
    with pytest.raises(RunError, match="different drawing"):
        weights_by_id(run, network)
    assert "another drawing" in differences(run, make_run(network, 2))


def test_a_run_without_parameters_cannot_restore_weights():
    network = _network()
    run = make_run(network, 1, with_parameters=False)
    assert "kept no weights" in (restore_problem(run, network) or "")


def test_packed_parameters_refuse_non_finite_values_but_keep_huge_finite_ones():
    from bpstudio.model.runs import pack, unpack

    huge = (1.7976931348623157e308, 1.7976931348623157e308, -0.0, 5e-324)
    assert unpack(pack(huge, "float64"), "float64") == huge
    with pytest.raises(RunError, match="not finite"):
        unpack(pack((1.0, float("nan")), "float64"), "float64")
    with pytest.raises(RunError, match="not finite"):
        unpack(pack((float("inf"),), "float32"), "float32")
