"""Checks the ``runs`` list of a ``.bpnet`` document and builds its :class:`Run` records.

Every problem is one :class:`~bpstudio.formats._checks.Invalid` naming its place
(``runs[2].curves.test_loss[7] must be a finite number, got "x"``).
"""

from __future__ import annotations

from typing import Any

from bpstudio.formats._checks import (
    Invalid,
    _choice,
    _finite,
    _list,
    _object,
    _optional_finite,
    _required,
    _settings,
    _text,
    _whole,
)
from bpstudio.model.runs import (
    BEST_KEYS,
    CURVE_COLUMNS,
    FINAL_KEYS,
    PARAMETER_DTYPES,
    STOP_REASONS,
    Best,
    Run,
    RunCurves,
    RunError,
    RunParameters,
    unpack,
)
from bpstudio.model.settings import ACTIVATIONS, DatasetSpec, SettingsError, TrainingSettings
from bpstudio.words import translate

RUN_KEYS = ("name", "started", "shape", "fingerprint", "activations", "settings", "dataset",
            "metric_name", "epochs", "steps", "seconds", "stop_reason", "stop_message",
            "final", "best", "curves", "parameters")
REQUIRED_KEYS = ("name", "settings", "dataset")
PARAMETER_KEYS = ("dtype", "weights", "biases")
BEST_FIELDS = ("value", "epoch")
MAX_RUNS = 10_000   # a file with more runs than this is not something BP Studio wrote


def read_runs(section: Any) -> tuple[Run, ...]:
    """The runs of the file, oldest first; () when the file has none."""
    if section is None:
        return ()
    items = _list(section, "runs")
    if len(items) > MAX_RUNS:
        raise Invalid(translate("Bpnet", "runs holds {count:,} runs; BP Studio keeps at "
                                         "most {max_runs:,}").format(
                          count=len(items), max_runs=MAX_RUNS))
    return tuple(_run(item, f"runs[{index}]") for index, item in enumerate(items))


def _run(item: Any, where: str) -> Run:
    data = _object(item, where, RUN_KEYS)
    for key in REQUIRED_KEYS:
        _required(data, key, where)
    try:
        return Run(
            name=_text(data["name"], f"{where}.name"),
            started=_text(data.get("started", ""), f"{where}.started"),
            shape=_text(data.get("shape", ""), f"{where}.shape"),
            fingerprint=_text(data.get("fingerprint", ""), f"{where}.fingerprint"),
            activations=_activations(data.get("activations", {}), f"{where}.activations"),
            settings=_settings(TrainingSettings, data["settings"], f"{where}.settings"),
            dataset=_settings(DatasetSpec, data["dataset"], f"{where}.dataset"),
            curves=_curves(data.get("curves", {}), f"{where}.curves"),
            metric_name=_text(data.get("metric_name", ""), f"{where}.metric_name"),
            epochs=_whole(data.get("epochs", 0), f"{where}.epochs", low=0),
            steps=_whole(data.get("steps", 0), f"{where}.steps", low=0),
            seconds=_seconds(data.get("seconds", 0.0), f"{where}.seconds"),
            stop_reason=_choice(data.get("stop_reason", "unknown"), f"{where}.stop_reason",
                                STOP_REASONS),
            stop_message=_text(data.get("stop_message", ""), f"{where}.stop_message"),
            final=_final(data.get("final", {}), f"{where}.final"),
            best=_best(data.get("best", {}), f"{where}.best"),
            parameters=_parameters(data.get("parameters"), f"{where}.parameters"),
        )
    except SettingsError as error:
        raise Invalid(f"{where}: {error}") from None


def _seconds(value: Any, where: str) -> float:
    number = _finite(value, where)
    if number < 0:
        raise Invalid(translate("Bpnet", "{where} must be ≥ 0, got {number!r}").format(
                          where=where, number=number))
    return number


def _activations(value: Any, where: str) -> dict[str, tuple[int, ...]]:
    data = _object(value, where, ACTIVATIONS)
    return {name: tuple(_whole(v, f"{where}.{name}[{i}]")
                        for i, v in enumerate(_list(ids, f"{where}.{name}")))
            for name, ids in data.items()}


def _curves(value: Any, where: str) -> RunCurves:
    data = _object(value, where, CURVE_COLUMNS)
    checks = {"epochs": lambda v, w: _whole(v, w, low=0), "train_loss": _finite,
              "learning_rate": _finite}
    columns: dict[str, Any] = {}
    for name in CURVE_COLUMNS:
        check = checks.get(name, _optional_finite)
        values = _list(data.get(name, []), f"{where}.{name}")
        columns[name] = tuple(check(v, f"{where}.{name}[{i}]") for i, v in enumerate(values))
    lengths = {len(c) for c in columns.values()}
    if len(lengths) != 1:
        raise Invalid(f"{where}: all columns must have the same length, got "
                      + ", ".join(f"{name} {len(c)}" for name, c in columns.items()))
    return RunCurves(epochs=columns["epochs"], train_loss=columns["train_loss"],
                     validation_loss=columns["validation_loss"], test_loss=columns["test_loss"],
                     test_metric=columns["test_metric"], learning_rate=columns["learning_rate"])


def _final(value: Any, where: str) -> dict[str, float]:
    data = _object(value, where, FINAL_KEYS)
    return {key: _finite(data[key], f"{where}.{key}") for key in FINAL_KEYS if key in data}


def _best(value: Any, where: str) -> dict[str, Best]:
    data = _object(value, where, BEST_KEYS)
    best = {}
    for key in BEST_KEYS:
        if key in data:
            item = _object(data[key], f"{where}.{key}", BEST_FIELDS)
            best[key] = Best(
                _finite(_required(item, "value", f"{where}.{key}"), f"{where}.{key}.value"),
                _whole(_required(item, "epoch", f"{where}.{key}"), f"{where}.{key}.epoch",
                       low=0))
    return best


def _parameters(value: Any, where: str) -> RunParameters | None:
    if value is None:
        return None
    data = _object(value, where, PARAMETER_KEYS)
    dtype = _choice(_required(data, "dtype", where), f"{where}.dtype", tuple(PARAMETER_DTYPES))
    arrays = []
    for key in ("weights", "biases"):
        text = _text(_required(data, key, where), f"{where}.{key}")
        try:
            arrays.append(unpack(text, dtype))
        except RunError as error:
            raise Invalid(f"{where}.{key} {error}") from None
    return RunParameters(dtype, arrays[0], arrays[1])
