"""Glue shared by the command line and the GUI: a document plus its data, ready to train.

Sits above the engine and the data package (which never import each other) and below
the user interfaces; imports no Qt.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bpstudio.data import DataError, Dataset, load_dataset
from bpstudio.engine.init import all_weights_zero, initialize
from bpstudio.engine.plan import CompileError, Plan, compile_network
from bpstudio.engine.targets import ShapeMismatch, TrainingData, prepare
from bpstudio.model.network import Network
from bpstudio.model.settings import DatasetSpec

if TYPE_CHECKING:
    from bpstudio.formats.export_source import InputScaling

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


def initialize_if_blank(network: Network) -> bool:
    """Give a fresh drawing (every weight 0) random weights; True if it did.

    With all weights equal, hidden units receive identical gradients and never differ:
    training could not break that symmetry.
    """
    if network.connections and all_weights_zero(network):
        initialize(network)
        return True
    return False


def export_document(network: Network, path: str | os.PathLike[str], *,
                    base_dir: Path | None = None, format_key: str | None = None,
                    title: str = "", input_scaling: InputScaling | None = None) -> list[Path]:
    """Export ``network`` (see :func:`bpstudio.formats.exports.export_network`), loading its
    training data first when the format writes it (PyTorch's train script trains on it).
    Every problem, the data's included, is an ExportError; returns the files written."""
    from bpstudio.formats.exports import ExportError, export_network, format_for

    chosen = format_for(path, format_key)
    data = None
    if chosen.needs_data:
        try:
            data = prepare_training(network, base_dir, "float64").data
        except CompileError as error:
            raise ExportError(f"cannot export: {error}") from None
        except USER_ERRORS as error:
            raise ExportError(f"cannot export {chosen.name}: it writes the training data "
                              f"too, and {error}") from None
    return export_network(network, path, format_key=format_key, title=title, data=data,
                          input_scaling=input_scaling)
