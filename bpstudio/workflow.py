"""Glue shared by the command line and the GUI: a document plus its data, ready to train.

Sits above the engine and the data package (which never import each other) and below
the user interfaces; imports no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bpstudio.data import DataError, Dataset, load_dataset
from bpstudio.engine.init import all_weights_zero, fresh_parameters
from bpstudio.engine.plan import CompileError, Plan, compile_network
from bpstudio.engine.targets import ShapeMismatch, TrainingData, prepare
from bpstudio.model.network import Network
from bpstudio.model.settings import DatasetSpec

#: Everything that means "the user's network, settings or data are not usable as asked".
USER_ERRORS = (CompileError, DataError, ShapeMismatch)


@dataclass
class Prepared:
    """A compiled network and the data it trains on."""

    plan: Plan
    dataset: Dataset
    data: TrainingData


def load_data_for(network: Network, base_dir: Path | None,
                  spec: DatasetSpec | None = None) -> Dataset:
    """The network's dataset (or ``spec``), checked against its input/output counts."""
    return load_dataset(spec or network.dataset, base_dir,
                        n_inputs=len(network.inputs()), n_outputs=len(network.outputs()))


def prepare_training(network: Network, base_dir: Path | None = None,
                     dtype: str | None = None, dataset: Dataset | None = None) -> Prepared:
    """Compile ``network`` and load + encode its data. Raises one of :data:`USER_ERRORS`."""
    plan = compile_network(network, dtype)
    if dataset is None:
        dataset = load_data_for(network, base_dir)
    data = training_data(plan, dataset)
    return Prepared(plan, dataset, data)


def training_data(plan: Plan, dataset: Dataset) -> TrainingData:
    """Encode a loaded dataset for ``plan`` (targets one-hot, 0/1 or ±1 as the outputs need)."""
    return prepare(plan, dataset.x_train, dataset.y_train, dataset.x_test, dataset.y_test,
                   dataset.task, dataset.n_classes)


def initialize(network: Network, scheme: str | None = None, seed: int | None = None) -> None:
    """Re-initialise ``network`` in place from its own settings (or the given overrides);
    frozen weights and biases keep their values."""
    network.set_parameters(*fresh_parameters(network, scheme, seed))


def initialize_if_blank(network: Network) -> bool:
    """Give a fresh drawing (every weight 0) random weights; True if it did.

    With all weights equal, hidden units receive identical gradients and never differ:
    training could not break that symmetry.
    """
    if network.connections and all_weights_zero(network):
        initialize(network)
        return True
    return False
