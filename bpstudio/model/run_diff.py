"""What differs between two runs, in words: ``η 0.5 → 0.01, tanh → relu on h3``.

Used by the Runs dock's "what differs" column and by ``bpstudio runs --compare``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import fields
from typing import Any

from bpstudio.model.runs import Run
from bpstudio.model.settings import DatasetSpec, TrainingSettings
from bpstudio.words import QT_TRANSLATE_NOOP, translate

#: short names of the settings people know by a symbol (or a word, translated where shown)
SYMBOLS = {"learning_rate": "η", "dataset.name": QT_TRANSLATE_NOOP("RunDiff", "dataset")}
#: activation changes on more neurons than this are counted, not named one by one
NAMED_NEURONS = 3

NeuronName = Callable[[int], str]


def _default_name(neuron_id: int) -> str:
    return translate("RunDiff", "neuron {id}").format(id=neuron_id)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return translate("RunDiff", "on") if value else translate("RunDiff", "off")
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def setting_changes(old: Run, new: Run) -> list[tuple[str, str, str]]:
    """(setting, old value, new value) for every training or dataset setting that differs."""
    changes = []
    for cls, prefix, a, b in ((TrainingSettings, "", old.settings, new.settings),
                              (DatasetSpec, "dataset.", old.dataset, new.dataset)):
        for f in fields(cls):
            before, after = getattr(a, f.name), getattr(b, f.name)
            if before != after:
                changes.append((prefix + f.name, _value(before), _value(after)))
    return changes


def activation_changes(old: Run, new: Run,
                       name: NeuronName = _default_name) -> list[str]:
    """``tanh → relu on h3`` (or ``on 128 neurons``) per kind of activation change."""
    before = _by_neuron(old.activations)
    after = _by_neuron(new.activations)
    moved: dict[tuple[str, str], list[int]] = {}
    for neuron_id, activation in after.items():
        previous = before.get(neuron_id)
        if previous is not None and previous != activation:
            moved.setdefault((previous, activation), []).append(neuron_id)
    texts = []
    for (a, b), ids in sorted(moved.items()):
        where = (", ".join(name(i) for i in ids) if len(ids) <= NAMED_NEURONS
                 else translate("RunDiff", "{count} neurons").format(count=len(ids)))
        texts.append(translate("RunDiff", "{old} → {new} on {where}").format(
            old=a, new=b, where=where))
    return texts


def _label(key: str) -> str:
    """How a setting is named in the differences: its symbol, or its key (a dataset
    setting's key after the translated word "dataset": ``dataset.samples``)."""
    symbol = SYMBOLS.get(key)
    if symbol is not None:
        return translate("RunDiff", symbol)
    prefix, dot, field = key.partition(".")
    return f"{translate('RunDiff', 'dataset')}.{field}" if dot else key


def _by_neuron(groups: Mapping[str, tuple[int, ...]]) -> dict[int, str]:
    return {neuron_id: activation for activation, ids in groups.items() for neuron_id in ids}


def differences(old: Run, new: Run, name: NeuronName = _default_name) -> list[str]:
    """Every difference of ``new`` from ``old``, most telling first."""
    texts = []
    if old.fingerprint != new.fingerprint:
        texts.append(translate("RunDiff", "drawing {old} → {new}").format(
            old=old.shape, new=new.shape) if old.shape != new.shape
            else translate("RunDiff", "another drawing"))
    texts += [f"{_label(key)} {a} → {b}" for key, a, b in setting_changes(old, new)]
    texts += activation_changes(old, new, name)
    return texts


def describe_differences(old: Run | None, new: Run, name: NeuronName = _default_name) -> str:
    """One line for the table: the differences, "first run" or "same settings"."""
    if old is None:
        return translate("RunDiff", "first run")
    texts = differences(old, new, name)
    return ", ".join(texts) if texts else translate("RunDiff", "same settings")
