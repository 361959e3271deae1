"""The networks every export is verified on: the built-in examples, the hand-made cases of
the round-trip tests (skip connections, mixed activations, bias-only neurons, softmax) and
random DAGs with skip connections and frozen parameters; plus training data for each."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from bpstudio.engine.plan import compile_network
from bpstudio.engine.targets import TrainingData, prepare
from bpstudio.examples import example_path
from bpstudio.formats.bpnet import load
from bpstudio.model.network import Network
from tests.formats.test_exports_roundtrip import NETWORKS
from tests.networks import random_dag

EXAMPLES = ("xor", "spiral", "digits", "skip")


def _example(name: str) -> Callable[[], tuple[Network, str]]:
    def make() -> tuple[Network, str]:
        network, info = load(example_path(name))
        return network, info.title
    return make


def _made(build: Callable[[], Network], title: str = "") -> Callable[[], tuple[Network, str]]:
    return lambda: (build(), title)


def _dag(seed: int, **options: object) -> Callable[[], tuple[Network, str]]:
    return lambda: (random_dag(seed, **options), f"random DAG {seed}")  # type: ignore[arg-type]


CASES: dict[str, Callable[[], tuple[Network, str]]] = {
    **{f"example_{name}": _example(name) for name in EXAMPLES},
    **{name: _made(build, name) for name, build in NETWORKS.items()},
    "dag0": _dag(0),
    "dag1": _dag(1, n_hidden=12, output_activation="tanh"),
    "dag2": _dag(2, output_activation="sigmoid", loss="binary_cross_entropy"),
    "dag3": _dag(3, n_inputs=4, n_hidden=9, n_outputs=3, output_activation="identity"),
}


def inputs_for(network: Network, n: int = 40, seed: int = 99) -> np.ndarray:
    """Inputs spread like the built-in data (digits are 0..16, the rest around 0)."""
    plan = compile_network(network, "float64")
    rng = np.random.default_rng(seed)
    if plan.n_inputs == 64:
        return rng.uniform(0, 16, (n, plan.n_inputs))
    return rng.normal(0.0, 1.5, (n, plan.n_inputs))


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


def scaling_for(network: Network) -> tuple[np.ndarray, np.ndarray]:
    """An input scaling with offsets and scales far from 0 and 1."""
    n = compile_network(network, "float64").n_inputs
    rng = np.random.default_rng(n)
    return rng.uniform(-3.0, 3.0, n), rng.uniform(0.25, 4.0, n) * rng.choice([-1.0, 1.0], n)
