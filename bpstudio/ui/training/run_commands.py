"""The undo steps of the Runs dock: record, rename, delete, trim, restore settings/weights.

Each builder returns a command for ``EditController.push`` (or raises RunError with the
message to show when it cannot apply); every one is a single undo step.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from bpstudio.model.network import Network
from bpstudio.model.runs import Run, keep_parameters, weights_by_id
from bpstudio.ui.document.commands import Command, MacroCommand, SetSettingsCommand
from bpstudio.ui.i18n import translate
from bpstudio.ui.training.commands import parameters_command


class SetRunsCommand(Command):
    """Replace the document's runs (all of them: a run list is small beside its arrays,
    which the tuples share)."""

    def __init__(self, network: Network, runs: Iterable[Run], text: str) -> None:
        super().__init__(network, text)
        self.old = network.runs
        self.new = tuple(runs)

    def _redo(self) -> None:
        self.network.set_runs(self.new)

    def _undo(self) -> None:
        self.network.set_runs(self.old)


def append_run_command(network: Network, run: Run, keep: int) -> SetRunsCommand:
    """Add ``run`` as the newest; only the ``keep`` newest keep their weights."""
    return SetRunsCommand(network, keep_parameters((*network.runs, run), keep),
                          translate("RunCommands", "Record {name}").format(name=run.name))


def rename_command(network: Network, index: int, name: str) -> SetRunsCommand:
    runs = list(network.runs)
    old = runs[index].name
    runs[index] = runs[index].renamed(name)
    text = translate("RunCommands", "Rename run “{old}” to “{name}”").format(old=old, name=name)
    return SetRunsCommand(network, runs, text)


def delete_command(network: Network, indices: Sequence[int]) -> SetRunsCommand:
    gone = set(indices)
    runs = [run for i, run in enumerate(network.runs) if i not in gone]
    names = [network.runs[i].name for i in sorted(gone)]
    text = (translate("RunCommands", "Delete run “{name}”").format(name=names[0])
            if len(names) == 1 else
            translate("RunCommands", "Delete {count} runs").format(count=len(names)))
    return SetRunsCommand(network, runs, text)


def keep_last_command(network: Network, count: int) -> SetRunsCommand:
    """Keep only the ``count`` newest runs."""
    kept = network.runs[-count:] if count else ()
    text = translate("RunCommands", "Keep only the last {count} runs").format(count=count)
    return SetRunsCommand(network, kept, text)


def restore_settings_command(network: Network, run: Run) -> Command:
    """The run's training settings and dataset, as one step."""
    return SetSettingsCommand(network, settings=run.settings, dataset=run.dataset,
                              text=translate("RunCommands", "Restore settings of {name}").format(
                                  name=run.name))


def restore_weights_command(network: Network, run: Run) -> Command:
    """The run's final weights and biases, as one step; RunError when they do not fit."""
    weights, biases = weights_by_id(run, network)
    return MacroCommand(network, [parameters_command(network, weights, biases)],
                        translate("RunCommands", "Restore weights of {name}").format(
                            name=run.name))
