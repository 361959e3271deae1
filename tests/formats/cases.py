"""The networks every export is verified on: every built-in example (iris with its stored
input scaling, fashion with 784 inputs), the hand-made cases of the round-trip tests (skip
connections, mixed activations, bias-only neurons, softmax) and random DAGs with skip
connections and frozen parameters; plus raw inputs, expected outputs and training data."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from bpstudio.engine.backprop import Engine
from bpstudio.engine.plan import compile_network
from bpstudio.engine.targets import TrainingData, prepare
from bpstudio.examples import example_path, list_examples
from bpstudio.formats.bpnet import load
from bpstudio.model.network import Network
from bpstudio.model.scaling import InputScaling
from bpstudio.workflow import initialize
from tests.formats.test_exports_roundtrip import NETWORKS
from tests.networks import random_dag

#: the feed-forward examples; the recurrent ones (parity, echo) run on sequences and are
#: checked by tests/formats/test_export_recurrent.py in the formats that carry them
EXAMPLES = tuple(info.name for info in list_examples()
                 if not load(info.path)[0].has_recurrent)
RECURRENT_EXAMPLES = tuple(info.name for info in list_examples() if info.name not in EXAMPLES)


def _example(name: str) -> Callable[[], tuple[Network, str]]:
    def make() -> tuple[Network, str]:
        network, info = load(example_path(name))
        return network, info.title
    return make


def _made(build: Callable[[], Network], title: str = "") -> Callable[[], tuple[Network, str]]:
    return lambda: (build(), title)


def _dag(seed: int, **options: object) -> Callable[[], tuple[Network, str]]:
    return lambda: (random_dag(seed, **options), f"random DAG {seed}")  # type: ignore[arg-type]


def outputs_that_feed_on() -> Network:
    """Sigmoid outputs under binary cross-entropy in two levels: o1 feeds o2 and a hidden
    neuron that feeds o2 too, so the loss's δ = a − y reaches o1 plus what o2 sends back."""
    network = Network()
    x1, x2 = (network.add_neuron("input", label=f"x{i}").id for i in (1, 2))
    h1 = network.add_neuron("hidden", activation="tanh", label="h1").id
    o1 = network.add_neuron("output", activation="sigmoid", label="o1").id
    h2 = network.add_neuron("hidden", activation="relu", label="h2").id
    o2 = network.add_neuron("output", activation="sigmoid", label="o2").id
    network.connect_many([(x1, h1), (x2, h1), (x1, o1), (h1, o1), (o1, h2), (x2, h2),
                          (o1, o2), (h2, o2), (h1, o2)])
    network.set_settings(network.settings.with_changes(loss="binary_cross_entropy"))
    initialize(network, "xavier", 8)
    return network


CASES: dict[str, Callable[[], tuple[Network, str]]] = {
    **{f"example_{name}": _example(name) for name in EXAMPLES},
    **{name: _made(build, name) for name, build in NETWORKS.items()},
    "bce_feeding": _made(outputs_that_feed_on, "outputs that feed on"),
    "dag0": _dag(0),
    "dag1": _dag(1, n_hidden=12, output_activation="tanh"),
    "dag2": _dag(2, output_activation="sigmoid", loss="binary_cross_entropy"),
    "dag3": _dag(3, n_inputs=4, n_hidden=9, n_outputs=3, output_activation="identity"),
}


#: Cases whose every test takes seconds (fashion: 784-64-10, ~50,000 connections): marked
#: slow, so ``pytest -m "not slow"`` leaves them out while working; ``make test`` runs them.
SLOW_CASES = frozenset({"example_fashion"})

#: Every case, for ``@pytest.mark.parametrize("case", CASE_PARAMS)``.
CASE_PARAMS = [pytest.param(name, marks=pytest.mark.slow) if name in SLOW_CASES else name
               for name in sorted(CASES)]


def inputs_for(network: Network, n: int = 40, seed: int = 99) -> np.ndarray:
    """Raw inputs spread like the built-in data: digits are 0..16, fashion's pixels 0..1,
    the rest around 0 — or, for a network trained on scaled inputs, raw values that its
    stored scaling brings around 0 (iris: lengths in centimetres)."""
    plan = compile_network(network, "float64")
    rng = np.random.default_rng(seed)
    if plan.n_inputs == 64:
        return rng.uniform(0, 16, (n, plan.n_inputs))
    if plan.n_inputs == 784:
        return rng.uniform(0, 1, (n, plan.n_inputs))
    return network.input_scaling.invert(rng.normal(0.0, 1.5, (n, plan.n_inputs)))


def expected_outputs(network: Network, x: np.ndarray) -> np.ndarray:
    """What the engine computes for raw inputs ``x``: the network's stored input scaling
    first, as in training and ``bpstudio predict`` (what every export must give)."""
    plan = compile_network(network, "float64")
    return Engine(plan).predict(network.input_scaling.apply(x))


def training_data(network: Network, n_train: int = 30, n_test: int = 10,
                  seed: int = 5) -> TrainingData:
    """Random data fitting the network: classes for softmax/BCE outputs, numbers otherwise."""
    plan = compile_network(network, "float64")
    x = inputs_for(network, n_train + n_test, seed)
    rng = np.random.default_rng(seed)
    if plan.loss_name == "softmax_cross_entropy":
        labels = rng.integers(0, plan.n_outputs, n_train + n_test)
        return prepare(plan, x[:n_train], labels[:n_train], x[n_train:], labels[n_train:],
                       "classification", plan.n_outputs)
    if plan.loss_name == "binary_cross_entropy":
        y = rng.integers(0, 2, (n_train + n_test, plan.n_outputs)).astype(float)
    else:
        y = rng.normal(0.0, 0.5, (n_train + n_test, plan.n_outputs))
    return prepare(plan, x[:n_train], y[:n_train], x[n_train:], y[n_train:], "regression")


def scale_inputs(network: Network) -> InputScaling:
    """Store an input scaling with offsets and scales far from 0 and 1 in ``network`` (as
    training on scaled data does) and return it."""
    n = compile_network(network, "float64").n_inputs
    rng = np.random.default_rng(n)
    scaling = InputScaling("zscore", tuple(rng.uniform(-3.0, 3.0, n).tolist()),
                           tuple(rng.uniform(0.25, 4.0, n).tolist()))
    network.set_input_scaling(scaling)
    return scaling
