"""The undo steps training adds: initialise a blank drawing, apply trained weights, reset.

Each builder returns a command ready for ``apply_and_push`` (or None when there is nothing
to do); the training controller pushes them.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from bpstudio.data import Dataset
from bpstudio.engine.init import fresh_parameters, initial_parameters
from bpstudio.engine.plan import Plan
from bpstudio.engine.training import Trainer
from bpstudio.model.network import Network
from bpstudio.model.runs import Run
from bpstudio.model.scaling import InputScaling
from bpstudio.model.settings import EMPTY_HISTORY
from bpstudio.ui.document.commands import (
    Command,
    MacroCommand,
    Parameters,
    SetHistoryCommand,
    SetParametersCommand,
)
from bpstudio.ui.i18n import translate
from bpstudio.workflow import store_results

APPLY_TEXT = QT_TRANSLATE_NOOP("Commands", "Apply trained weights")


def parameters_command(network: Network, weights: dict[int, float],
                       biases: dict[int, float],
                       text: str = QT_TRANSLATE_NOOP("Commands", "Set parameters")
                       ) -> SetParametersCommand:
    """Set these weights and biases; undo restores exactly the values they replace."""
    old = ({c: network.connections[c].weight for c in weights},
           {n: network.neurons[n].bias for n in biases})
    return SetParametersCommand(network, old, (weights, biases), text)


def initialise_command(network: Network) -> Command:
    """Random weights for a blank drawing (every weight 0)."""
    weights, biases = fresh_parameters(network)
    return parameters_command(network, weights, biases,
                              translate("Commands", "Initialise weights ({init})")
                              .format(init=network.settings.init))


def reset_command(network: Network) -> Command | None:
    """Fresh weights and an empty loss history, as one step; None without parameters."""
    weights, biases = fresh_parameters(network)
    if not weights and not biases:
        return None
    parts: list[Command] = [parameters_command(network, weights, biases),
                            SetHistoryCommand(network, EMPTY_HISTORY)]
    return MacroCommand(network, parts, translate("Commands", "Reset weights ({init})")
                        .format(init=network.settings.init))


class StoreTrainedCommand(Command):
    """The run's weights and the input scaling they were trained with, stored the way the
    command line stores them (:func:`bpstudio.workflow.store_results`); undo restores the
    weights and the scaling they replaced."""

    def __init__(self, network: Network, parameters: Parameters, scaling: InputScaling,
                 text: str = "Store trained weights") -> None:
        super().__init__(network, text)
        weights, biases = parameters
        self.new = (dict(weights), dict(biases))
        self.old = ({c: network.connections[c].weight for c in weights},
                    {n: network.neurons[n].bias for n in biases})
        self.scaling = (network.input_scaling, scaling)

    def _redo(self) -> None:
        store_results(self.network, self.new, self.scaling[1])

    def _undo(self) -> None:
        store_results(self.network, self.old, self.scaling[0])


def apply_command(network: Network, trainer: Trainer, dataset: Dataset,
                  runs: tuple[Run, ...] | None = None) -> Command | None:
    """The trained weights, the input scaling of ``dataset`` (what the run trained on) and
    the run's loss history as one step ("Undo" returns to the weights before training),
    with ``runs`` (the document's runs, this one recorded) when given; None if the run
    took no step."""
    if trainer.steps == 0:
        return None
    weights, biases = trainer.plan.trained_parameters()   # frozen ones keep the file's
    weights = {c: w for c, w in weights.items() if c in network.connections}
    biases = {n: b for n, b in biases.items() if n in network.neurons}
    parts: list[Command] = [StoreTrainedCommand(network, (weights, biases), dataset.scaling),
                            SetHistoryCommand(network, trainer.loss_history())]
    if runs is not None:
        from bpstudio.ui.training.run_commands import SetRunsCommand

        parts.append(SetRunsCommand(network, runs, "Record the run"))
    return MacroCommand(network, parts, APPLY_TEXT)


def seed_new_connections(network: Network, old: Plan, new: Plan) -> None:
    """Give connections new to a run that were drawn with weight 0 the initialiser's
    values in ``new.params`` (the document keeps its 0 until the result is applied): a
    whole new layer of zeros could never break its symmetry."""
    known = set(old.connection_ids)
    fresh = [c for c in new.connection_ids
             if c not in known and network.connections[c].weight == 0.0
             and not network.connections[c].frozen]
    if not fresh:
        return
    s = network.settings
    values, _ = initial_parameters(network, s.init, s.seed, s.init_scale)
    new.write_parameters({c: values[c] for c in fresh}, {})
