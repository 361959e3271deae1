"""Glue shared by the command line and the GUI: a document plus its data, ready to train.

Sits above the engine and the data package (which never import each other) and below
the user interfaces; imports no Qt.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from bpstudio.data import DataError, Dataset, load_dataset, missing_dataset
from bpstudio.data.loading import dataset_kind, resolve_path
from bpstudio.engine.init import all_weights_zero, fresh_parameters
from bpstudio.engine.plan import CompileError, Plan, compile_network
from bpstudio.engine.targets import ShapeMismatch, TrainingData, prepare, prepare_sequences
from bpstudio.model.builders import DataShape, for_data
from bpstudio.model.network import Connection, Network
from bpstudio.model.points import NO_POINTS, DrawnPoints
from bpstudio.model.scaling import DESCRIPTIONS, InputScaling
from bpstudio.model.settings import DatasetSpec
from bpstudio.progress import Report, ShouldStop
from bpstudio.words import translate

#: Everything that means "the user's network, settings or data are not usable as asked".
USER_ERRORS = (CompileError, DataError, ShapeMismatch)


@dataclass
class Prepared:
    """A compiled network and the data it trains on."""

    plan: Plan
    dataset: Dataset
    data: TrainingData


def load_data_for(network: Network, base_dir: Path | None,
                  spec: DatasetSpec | None = None, *, report: Report | None = None,
                  should_stop: ShouldStop | None = None) -> Dataset:
    """The network's dataset (or ``spec``), checked against its input/output counts.

    Its inputs come scaled as the spec asks (``dataset.scaling`` says how); ``report`` and
    ``should_stop`` drive a progress bar and Cancel while an image folder decodes (see
    ``bpstudio.progress``; LoadCancelled is raised when stopped).
    """
    return load_data_sized(spec or network.dataset, base_dir, len(network.inputs()),
                           len(network.outputs()), network.drawn_points, report=report,
                           should_stop=should_stop, sequences=network.has_recurrent)


def load_data_sized(spec: DatasetSpec, base_dir: Path | None, n_inputs: int, n_outputs: int,
                    points: DrawnPoints = NO_POINTS, *, report: Report | None = None,
                    should_stop: ShouldStop | None = None, sequences: bool = False) -> Dataset:
    """:func:`load_data_for` on what it reads of the network, taken beforehand: a loading
    thread must not read a document the GUI thread goes on editing. ``sequences``: the
    network has recurrent connections (a CSV must then hold sequences)."""
    return load_dataset(spec, base_dir, n_inputs=n_inputs, n_outputs=n_outputs,
                        points=points, report=report, should_stop=should_stop,
                        sequences=sequences)


def prepare_training(network: Network, base_dir: Path | None = None,
                     dtype: str | None = None, dataset: Dataset | None = None, *,
                     report: Report | None = None) -> Prepared:
    """Compile ``network`` and load + encode its data. Raises one of :data:`USER_ERRORS`."""
    plan = compile_network(network, dtype)
    if dataset is None:
        dataset = load_data_for(network, base_dir, report=report)
    data = training_data(plan, dataset)
    return Prepared(plan, dataset, data)


def training_data(plan: Plan, dataset: Dataset) -> TrainingData:
    """Encode a loaded dataset for ``plan`` (targets one-hot, 0/1 or ±1 as the outputs need)."""
    if dataset.is_sequences:
        return prepare_sequences(plan, dataset.x_train, dataset.y_train, dataset.x_test,
                                 dataset.y_test, dataset.task, dataset.steps,
                                 dataset.n_classes, dataset.target_names)
    return prepare(plan, dataset.x_train, dataset.y_train, dataset.x_test, dataset.y_test,
                   dataset.task, dataset.n_classes, dataset.target_names)


def store_trained(network: Network, plan: Plan, dataset: Dataset) -> None:
    """Put ``plan``'s trained parameters into the document, with the input scaling they
    were trained with (exports and predict apply it, so the saved model takes raw inputs)."""
    store_results(network, plan.trained_parameters(), dataset.scaling)


def store_results(network: Network, parameters: tuple[dict[int, float], dict[int, float]],
                  scaling: InputScaling) -> None:
    """:func:`store_trained` with the values taken already (the GUI's undoable "Apply
    trained weights" keeps them, so redo stores exactly what the run ended with)."""
    network.set_parameters(*parameters)   # frozen ones are not among them: they keep theirs
    if network.input_scaling != scaling:
        network.set_input_scaling(scaling)


def data_problems(network: Network, base_dir: Path | None) -> list[str]:
    """What is wrong with the document's data without loading it, for the problems list:
    a dataset that vanished since the document was saved, stored input statistics that no
    longer fit the inputs. The document opens and edits as usual; only training waits."""
    problems = []
    missing = missing_dataset(network.dataset, base_dir)
    if missing:
        problems.append(missing[0].upper() + missing[1:])
    elif network.has_recurrent and not holds_sequences(network.dataset, base_dir):
        problems.append(translate(
            "Workflow", "The network has recurrent connections, so it trains on sequences, "
            "but the dataset {name!r} holds none: choose echo, parity, sine-next or adding, or "
            "a CSV file with a {column!r} column").format(
                name=network.dataset.name, column=network.dataset.sequence_column))
    scaling, n_inputs = network.input_scaling, len(network.inputs())
    if scaling.n_inputs is not None and scaling.n_inputs != n_inputs:
        problems.append(translate(
            "Workflow", "The stored input scaling ({scaling}) is for {stored} inputs but the "
            "network has {inputs}: train again to refit it before predicting or "
            "exporting").format(scaling=translate("Scaling", DESCRIPTIONS[scaling.method]),
                                stored=scaling.n_inputs, inputs=n_inputs))
    return problems


def holds_sequences(spec: DatasetSpec, base_dir: Path | None = None) -> bool:
    """Whether the dataset ``spec`` names is one of sequences, without loading it: a
    built-in sequence set, or a CSV file whose header has the sequence column."""
    if spec.is_sequence_builtin:
        return True
    if dataset_kind(spec, base_dir) != "csv":
        return False
    path = resolve_path(spec.name, base_dir)
    # The sequence reader loads with the CSV reader, on first use (start-up time)
    from bpstudio.data.sequences import has_sequence_column

    return path.is_file() and has_sequence_column(path, spec.sequence_column)


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


def data_shape(dataset: Dataset) -> DataShape:
    """What a network must fit to train on ``dataset`` (for ``builders.for_data``)."""
    names = dataset.class_names if dataset.is_classification else dataset.target_names
    return DataShape(n_inputs=dataset.n_features, task=dataset.task,
                     n_outputs_needed=dataset.n_targets, image_shape=dataset.image_shape,
                     image_channels=dataset.image_channels,
                     input_names=dataset.feature_names, output_names=names)


def network_for_dataset(spec: DatasetSpec, base_dir: Path | None = None,
                        hidden: Sequence[int] = (32,), activation: str = "relu", seed: int = 0,
                        *, points: DrawnPoints = NO_POINTS, report: Report | None = None,
                        should_stop: ShouldStop | None = None) -> tuple[Network, Dataset]:
    """A new, initialised network that fits the dataset ``spec`` names (``points``: the
    drawn points, for ``"drawn"``, kept in the new document): inputs and outputs matched,
    image inputs as a grid, a fitting loss, suggested settings, the input scaling fitted.
    On sequences each hidden layer becomes an Elman layer: every neuron also reads every
    neuron of its layer (itself included) at the step before, through recurrent
    connections. Raises DataError (or LoadCancelled) when the data cannot be loaded."""
    dataset = load_dataset(spec, base_dir, points=points, report=report,
                           should_stop=should_stop)
    network = for_data(data_shape(dataset), hidden, activation, seed)
    if dataset.is_sequences:
        _make_layers_recurrent(network)
    network.set_settings(dataset=spec)
    if points != NO_POINTS:
        network.set_drawn_points(points)
    network.set_input_scaling(dataset.scaling)
    initialize(network)
    return network, dataset


def _make_layers_recurrent(network: Network) -> None:
    """Connect every hidden neuron to every neuron of its layer (a level of the compiled
    plan), itself included, by recurrent connections: an Elman network."""
    plan = compile_network(network)
    pairs = [(source, target) for level in plan.levels
             for source in level.neuron_ids for target in level.neuron_ids
             if network.neurons[target].role == "hidden"
             and network.neurons[source].role == "hidden"]
    if pairs:
        network.add_connections(
            [Connection(network.new_connection_id() + i, s, t, recurrent=True)
             for i, (s, t) in enumerate(pairs)])


def export_document(network: Network, path: str | os.PathLike[str], *,
                    base_dir: Path | None = None, format_key: str | None = None,
                    title: str = "") -> list[Path]:
    """Export ``network`` (see :func:`bpstudio.formats.exports.export_network`), loading its
    training data first when the format writes it (PyTorch's train script trains on it).
    Every problem, the data's included, is an ExportError; returns the files written.

    The data go out raw, like every export's inputs: the exported model applies the
    document's stored input scaling itself."""
    from bpstudio.formats.exports import ExportError, export_network, format_for

    chosen = format_for(path, format_key)
    data = None
    if chosen.needs_data:
        raw = replace(network.dataset, scale_inputs="none")
        try:
            data = prepare_training(network, base_dir, "float64",
                                    load_data_for(network, base_dir, raw)).data
        except CompileError as error:
            raise ExportError(translate("Export", "cannot export: {error}").format(
                                  error=error)) from None
        except USER_ERRORS as error:
            raise ExportError(translate("Export", "cannot export {name}: it writes the "
                                                  "training data too, and {error}").format(
                                  name=chosen.name, error=error)) from None
    return export_network(network, path, format_key=format_key, title=title, data=data)
