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
    assert {info.name for info in list_examples()} >= {"xor", "spiral", "digits", "skip"}
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
