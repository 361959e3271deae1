"""Each built-in example trains to a good result with the settings saved in it."""

from __future__ import annotations

import pytest

from bpstudio.engine.training import Trainer
from bpstudio.examples import example_path, list_examples
from bpstudio.formats.bpnet import load
from bpstudio.workflow import prepare_training


def trained(name: str) -> tuple[Trainer, object]:
    network, _ = load(example_path(name))
    prepared = prepare_training(network)
    trainer = Trainer(prepared.plan, prepared.data, network.settings)
    return trainer, trainer.run()


def test_every_required_example_ships():
    assert {info.name for info in list_examples()} >= {"xor", "spiral", "digits", "skip",
                                                       "fashion", "iris", "parity", "echo"}
    assert list_examples()[0].name == "xor"


def test_xor_is_the_tutorial_network_and_learns():
    network, _ = load(example_path("xor"))
    assert [len(network.inputs()), len(network.outputs()), len(network.neurons)] == [2, 1, 5]
    assert {n.activation for n in network.neurons.values() if n.role != "input"} == {"sigmoid"}
    assert network.settings.loss == "l2"
    trainer, final = trained("xor")
    assert final.train_loss < 0.01
    assert trainer.training_metric() == 1.0


@pytest.mark.parametrize("name", ["digits", "spiral", "skip"])
def test_example_reaches_95_percent_test_accuracy(name: str):
    _, final = trained(name)
    assert final.test_metric >= 0.95, final


def test_skip_example_really_has_skip_connections():
    network, _ = load(example_path("skip"))
    prepared = prepare_training(network)
    last = prepared.plan.levels[-1]
    assert last.span.start == 0            # the output level reads from the inputs block
    assert len(prepared.plan.levels) == 3


def test_fashion_reaches_80_percent_with_its_saved_settings():
    network, _ = load(example_path("fashion"))
    assert network.dataset.name == "fashion" and network.settings.epochs <= 20
    _, final = trained("fashion")
    assert final.test_metric >= 0.80, final


def test_fashion_inputs_are_the_28_by_28_image():
    network, _ = load(example_path("fashion"))
    inputs = network.inputs()                # id order = data column order = row by row
    assert len(inputs) == 784
    xs = sorted({n.x for n in inputs})
    ys = sorted({n.y for n in inputs})
    assert len(xs) == len(ys) == 28
    assert [(xs.index(n.x), ys.index(n.y)) for n in inputs[:3]] == [(0, 0), (1, 0), (2, 0)]
    assert (xs.index(inputs[28].x), ys.index(inputs[28].y)) == (0, 1)
    assert [n.label for n in network.outputs()][:2] == ["T-shirt/top", "Trouser"]


def test_iris_reaches_90_percent_on_z_scored_inputs_and_stores_the_scaling():
    network, _ = load(example_path("iris"))
    assert network.dataset.scale_inputs == "zscore"
    assert network.input_scaling.method == "zscore" and len(network.input_scaling.offset) == 4
    _, final = trained("iris")
    assert final.test_metric >= 0.90, final


@pytest.mark.slow
@pytest.mark.parametrize(("name", "goal"), [("parity", 0.95), ("echo", 0.99)])
def test_the_recurrent_examples_reach_their_stated_goals(name: str, goal: float):
    network, info = load(example_path(name))
    assert network.has_recurrent and any(c.source == c.target
                                         for c in network.connections.values())
    assert f"{goal:.0%}".replace("%", " %") in info.description
    trainer, final = trained(name)
    assert trainer.data.is_sequences
    assert final.test_metric >= goal, final
